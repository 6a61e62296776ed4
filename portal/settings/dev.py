"""Local development: debug pages, console e-mail, a fixed key that is only ever used locally."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - never used outside dev
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# No collectstatic in development: whitenoise serves from the static folders directly.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
