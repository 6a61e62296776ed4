"""Production: every secret from the environment; refuses to start without a strong SECRET_KEY
or without SITE_URL.

Everything else is chosen by environment variables (see `.env.example` and docs/deploy.md):
PostgreSQL from DATABASE_URL, Redis from REDIS_URL, S3 media from AWS_STORAGE_BUCKET_NAME,
OpenSearch from WAGTAILSEARCH_URLS and CDN purging from the FRONTEND_CACHE_* variables are read
in base.py, so that the same names work in every environment.
"""

import os

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, STORAGES, env_bool, env_list, site_address

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
# Django's own rule (check --deploy's security.W009), enforced: a weak key never starts.
if (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: it must be at least {SECRET_KEY_MIN_LENGTH} "
        f"characters long, hold at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different "
        f"characters and not start with '{SECRET_KEY_INSECURE_PREFIX}'. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

# The public address: no default, as a guessed one would put a wrong host in every link,
# feed and e-mail. The host names served and the origins trusted for CSRF follow from it.
if not os.environ.get("SITE_URL", "").strip():
    raise ImproperlyConfigured(
        "SITE_URL must be set in the environment for production: the address the portal is "
        "served at, such as SITE_URL=https://events.example.org (see docs/deploy.md)."
    )
_address = site_address(os.environ["SITE_URL"])
SITE_URL = _address.url
WAGTAILADMIN_BASE_URL = SITE_URL
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", _address.hostname)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

# Persistent connections: a new PostgreSQL connection per request costs more than most of our
# requests. The health check (base.py) replaces a connection that died while idle.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that is down or hung must fail a request in about two seconds (503 from
    # portal.outage), not hold a thread for minutes (docs/deploy.md, "Database outages"):
    # - connect_timeout: a server that does not answer the connection (2 s at least: psycopg,
    #   like libpq, raises anything lower to 2);
    # - statement_timeout: a query the server runs for too long (a lock, a stuck plan); set by
    #   portal/gunicorn.conf.py for the web workers only (0 = none: migrations, db_worker);
    # - tcp_user_timeout and keepalives: a connection whose server vanished mid-query, which
    #   neither of the others notices (the client would wait for the kernel's TCP timeout);
    # - DATABASE_CLIENT_DEADLINE_SECONDS (base.py), enforced by this backend: a server that is
    #   frozen but whose kernel still acknowledges, which none of the others notices.
    DATABASES["default"]["ENGINE"] = "portal.postgresql"
    _timeout = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
    _statement_ms = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS") or 0)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "connect_timeout": _timeout,
            "tcp_user_timeout": _timeout * 1000,
            "keepalives": 1,
            "keepalives_idle": _timeout,
            "keepalives_interval": 1,
            "keepalives_count": 1,
        }
    )
    if _statement_ms:
        DATABASES["default"]["OPTIONS"]["options"] = f"-c statement_timeout={_statement_ms}"

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Anonymous page cache on by default in production (see portal/page_cache.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Hashed static names never change content: let browsers and the CDN keep them for a year.
WHITENOISE_MAX_AGE = 365 * 24 * 3600

# Background work in the database queue, run by `manage.py db_worker`; a publish never waits on
# the search index or a CDN purge. TASKS_BACKEND=immediate runs them inline instead.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[os.environ.get("TASKS_BACKEND", "database")]
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preload by default so `check --deploy` is clean; the domain still needs submitting to
# hstspreload.org, and SECURE_HSTS_PRELOAD=false opts out before that.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# One JSON object per line (portal/logging.py) unless LOG_FORMAT=text, e.g. on a terminal.
if os.environ.get("LOG_FORMAT", "json") == "json":
    LOGGING = {
        **LOGGING,
        "formatters": {**LOGGING["formatters"], "json": {"()": "portal.logging.JsonFormatter"}},
        "handlers": {
            **LOGGING["handlers"],
            "console": {**LOGGING["handlers"]["console"], "formatter": "json"},
        },
    }
