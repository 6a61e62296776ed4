"""Settings for benchmarks: production-like (no debug), a throwaway SQLite file, no throttle."""

import os

from portal.settings.base import *  # noqa: F403
from portal.settings.base import LOGGING

SECRET_KEY = "bench-only-secret-key"  # noqa: S105 - a throwaway database on localhost
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["BENCH_DB"],
    }
}
ROOT_URLCONF = "bench.urls"
# Thousands of requests from one address: measure the API, not its throttle.
API_ANON_RATE = "100000000/minute"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
# No collectstatic for a benchmark: whitenoise serves from the finders.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
