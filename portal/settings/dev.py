"""Local development: debug pages, console e-mail, a fixed key that is only ever used locally."""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - never used outside dev
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# No collectstatic in development: whitenoise serves from the static folders directly.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
