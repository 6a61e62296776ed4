"""Settings shared by every environment; the environment-specific modules override little.

Every value that differs between machines comes from an environment variable, listed in
`.env.example`.
"""

import os
import zoneinfo
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url

from portal import address

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list of non-empty strings; set but empty
    (`ALLOWED_HOSTS=` copied from .env.example) is unset, so the default applies."""
    value = os.environ.get(name, "").strip() or default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def site_address(url):
    """SITE_URL read by portal.address; a malformed one stops the start with what is wrong."""
    try:
        return address.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(str(error)) from None


# The address the portal is served at: every absolute URL it prints derives from it (the Wagtail
# Site that setup_site and seed_demo set, the admin's links; see portal/address.py). Here the
# development server's, from HOST and PORT as `make run` serves; production requires SITE_URL.
SITE_URL = site_address(
    os.environ.get("SITE_URL")
    or address.local(os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000"))
).url

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", f"localhost,127.0.0.1,[::1],{site_address(SITE_URL).hostname}"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "events",
    "chapters",
    "search",
    "members",
    # Follows, the public change log, change notices and their deliveries (docs/notices.md).
    "notices",
    # The project package itself: health check, content version and its signal wiring.
    "portal",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    # Purges a CDN on publish; does nothing until WAGTAILFRONTENDCACHE names a backend.
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "wagtail.api.v2",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # Wagtail's background tasks (search index, reference index, purges) queued in the
    # database when TASKS_BACKEND=database; a `manage.py db_worker` process runs them.
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost: static files, cached pages and 304s carry the header too.
    "portal.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, so CORS headers are also on its redirects and on 304s.
    "corsheaders.middleware.CorsMiddleware",
    # Around LocaleMiddleware (inside CORS): keeps its Vary and 404 redirect off API answers.
    "events.api.middleware.api_responses",
    # Before sessions, locale and the view: a kept anonymous API answer, or its 304, costs one
    # Redis call (events.api.caching); it is kept with the headers the middleware below adds.
    "events.api.caching.kept_answers",
    # Before sessions and auth: a cached page for an anonymous reader costs one cache read.
    "portal.page_cache.AnonymousPageCacheMiddleware",
    # Behind the page cache: a rendered page reads the hidden branches once (home.visibility).
    "home.visibility.request_memo",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware reads the /en/ or /fr/ prefix (and Accept-Language at "/").
    "django.middleware.locale.LocaleMiddleware",
    "events.api.middleware.keep_api_not_found",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A database outage in a view answers 503 + Retry-After instead of 500.
    "portal.outage.DatabaseUnavailableMiddleware",
    # A page request's Wagtail Site, found once per content version (home.visibility's memo,
    # set above); a database outage there is left for the view to meet (portal.outage).
    "home.routing.known_site",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Seconds a call to PostgreSQL may wait for the server before the portal.postgresql backend
# (production's) gives up on it and fails the request with 503; 0 (the default, as for migrate
# and db_worker) waits as long as the server takes. gunicorn's web workers set it
# (portal/gunicorn.conf.py): a server that freezes answers nothing, not even an error.
DATABASE_CLIENT_DEADLINE_SECONDS = float(os.environ.get("DATABASE_CLIENT_DEADLINE_SECONDS") or 0)

# Local memory by default; REDIS_URL switches every process to one shared Redis.
# Renditions get their own alias (Wagtail looks it up by that name) and key prefix, so that
# clearing the page/API caches never throws away the image renditions' lookups.
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "portal")
if os.environ.get("REDIS_URL"):
    _redis_options = {
        # A Redis that stops answering must fail a request fast, not hang a worker.
        "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "1")),
        "SOCKET_TIMEOUT": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "1")),
        # A Redis outage degrades to cache misses (pages rendered uncached), never to 500s:
        # Wagtail itself reads the cache on every request (site root paths, renditions).
        "IGNORE_EXCEPTIONS": True,
    }
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": _redis_options,
        },
        "renditions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-renditions",
            "TIMEOUT": int(os.environ.get("RENDITIONS_CACHE_TIMEOUT", str(7 * 24 * 3600))),
            "OPTIONS": _redis_options,
        },
    }
    # Sessions read from the shared cache, written through to the database: a signed-in
    # member's page (never served from the page cache) reads no session row, and a request
    # with a session cookie does not wait on the database before its cached page is sent.
    # Only with a shared cache: with one local-memory cache per process, a sign-out in one
    # worker would leave the session alive in another's.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
        },
    }

# Every sign-in (admin and members) goes through the throttled backend (members.throttle).
AUTHENTICATION_BACKENDS = ["members.throttle.ThrottledModelBackend"]
LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "members:account"
LOGOUT_REDIRECT_URL = "/"
# Throttles (members/throttle.py), each counted before the attempt is acted on.
# Failed sign-ins allowed per account from one client address, and per client address across
# all accounts, within the window (seconds). None per account alone: anyone could lock a member
# out by name.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
LOGIN_FAILURE_WINDOW = 15 * 60
# Password reset requests allowed per e-mail address and per client address per hour.
PASSWORD_RESET_EMAIL_LIMIT = int(os.environ.get("PASSWORD_RESET_EMAIL_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_LIMIT = int(os.environ.get("PASSWORD_RESET_ADDRESS_LIMIT", "10"))
PASSWORD_RESET_WINDOW = 60 * 60
# "Request access" submissions allowed per client address per hour.
REQUEST_ACCESS_LIMIT = int(os.environ.get("REQUEST_ACCESS_LIMIT", "5"))
REQUEST_ACCESS_WINDOW = 60 * 60
# Proxies (load balancer, CDN) in front of the app that append to X-Forwarded-For; 0 = none (the
# peer is the client). Unset is undeclared: treated as 0, and `check --deploy` warns
# (portal.W001), because behind an undeclared proxy every visitor shares the proxy's address.
# The API's throttle (REST_FRAMEWORK below) reads the same count.
TRUSTED_PROXY_COUNT = (
    int(os.environ["TRUSTED_PROXY_COUNT"])
    if os.environ.get("TRUSTED_PROXY_COUNT", "").strip()
    else None
)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "events@localhost")
# The SMTP server production sends through (approvals, password resets, editors' notices).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A mail server that stops answering must not hold the request that sends (seconds).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The sender of error reports (Wagtail's notices come from DEFAULT_FROM_EMAIL).
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -----------------------------------------------------------------------------
# Adding a locale is a settings change: add it here and in WAGTAIL_CONTENT_LANGUAGES, then
# create the Locale in the admin (Settings → Locales) and sync its tree.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# The server's zone never reinterprets an event's time: events carry their own IANA zone.
TIME_ZONE = "UTC"
# Zone rules come from the tzdata package (the newest IANA release, pinned in pyproject.toml),
# never from the operating system's copy, which lags: Debian 12 ships 2025b, where British
# Columbia, Alberta and Manitoba still change clocks in November 2026. An event's UTC instant,
# its VTIMEZONE and the reader's browser must all follow the same, current rules.
zoneinfo.reset_tzpath(to=())
zoneinfo.ZoneInfo.clear_cache()

# An untranslated draft must not go live in French because its English source was published.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
# Where collectstatic writes (whitenoise serves from there in production).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Cached pages too large for the cache (portal/page_store.py): local files, one set per host.
    "page_cache": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("PAGE_CACHE_ROOT") or BASE_DIR / "page-cache"},
    },
}
# Media on S3-compatible object storage when a bucket is named. django-storages imports boto3
# only when the storage is first used, so a machine without S3 settings starts without it.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Two uploads called "report.pdf" must not replace each other's file.
            "file_overwrite": False,
            # Public media behind a CDN: plain URLs, not signed ones that change per request.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        },
    }
    # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3 from the
    # environment (or an instance role), never copied into settings.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail -------------------------------------------------------------------------------
# The portal's name in each language: the home pages' titles that setup_site writes (its
# --name option overrides them) and the admin's.
SITE_NAMES = {"en": "Climate Caucus Events", "fr": "Événements du Caucus climat"}
WAGTAIL_SITE_NAME = SITE_NAMES["en"]
# Links in the admin's notification e-mails.
WAGTAILADMIN_BASE_URL = SITE_URL
# The admin makes no request to the internet either: no check for new Wagtail releases
# (releases.wagtail.org) and no Gravatar pictures; editors upload an avatar if they want one.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The database backend (PostgreSQL full-text on PostgreSQL) by default; an OpenSearch or
# Elasticsearch cluster when WAGTAILSEARCH_URLS names one (`manage.py update_index` fills it).
if os.environ.get("WAGTAILSEARCH_URLS"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends."
            + os.environ.get("WAGTAILSEARCH_ENGINE", "opensearch2"),
            "URLS": env_list("WAGTAILSEARCH_URLS"),
            "INDEX": os.environ.get("WAGTAILSEARCH_INDEX", "portal"),
            "TIMEOUT": 5,
        }
    }
else:
    # Wagtail's database backend; on PostgreSQL each language is stemmed with its own
    # text-search configuration (search/backends.py), so French words are found by stem.
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
WAGTAILSEARCH_LANGUAGE_CONFIGS = {"en": "english", "fr": "french"}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "xlsx", "csv", "txt"]
# Wagtail stores shared page passwords in plain text: only sign-in restrictions are offered.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORDS": False}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]

# Frontend cache (CDN) purging on publish: an HTTP purge URL (Varnish, nginx) or Cloudflare or
# CloudFront; none when unset. portal.purge adds the listings and feeds a publish changes.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }

# Background tasks: run inline ("immediate") unless TASKS_BACKEND=database queues them for a
# `manage.py db_worker` process (production's default), so a publish never waits on them.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
# Seconds between attempts to send a notice while SMTP fails (the last repeats; notices.services).
NOTICES_RETRY_DELAYS = tuple(
    int(s) for s in os.environ.get("NOTICES_RETRY_DELAYS", "60,300,900,3600").split(",")
)
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Seconds a rendered public page is kept for anonymous readers (portal/page_cache.py); 0 is off.
# A publish invalidates at once through the content version; the timeout only bounds how long
# time-relative listings ("upcoming") go unrendered.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# After a publish, how long (seconds) a cached page, feed or API answer of the version before may
# still be served while one request renders the new one (home/freshness.py; 0 = never: every
# reader renders until the first render is stored).
PAGE_CACHE_MAX_STALE_SECONDS = float(os.environ.get("PAGE_CACHE_MAX_STALE_SECONDS", "5"))
# The new page's render after a publish runs on a thread of each worker after its reader was
# answered with the page before (portal/page_cache.py); the test settings run it inline.
PAGE_CACHE_REVALIDATE_INLINE = False
# A cached page this large or larger (the network feed) is kept as files in the `page_cache`
# storage and sent as a static file is, not through the cache (portal/page_store.py).
PAGE_CACHE_FILE_BYTES = int(os.environ.get("PAGE_CACHE_FILE_BYTES", str(256 * 1024)))
# Bytes of cached pages and API answers each process keeps for the current content version, sent
# again without asking Redis while it follows the version's changes (home/near.py; Redis only;
# 0 = off: every hit asks Redis).
NEAR_CACHE_BYTES = int(os.environ.get("NEAR_CACHE_BYTES", str(32 * 1024 * 1024)))

# --- Django REST framework -------------------------------------------------------------------
# Authentication and permission classes are set per view: global defaults would also apply to
# wagtail-localize's admin API views and break the translation editor.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["events.api.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Client addresses come from REMOTE_ADDR unless proxies are declared: a client-supplied
    # X-Forwarded-For must not let it escape throttling. (DRF's None would trust the header.)
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or 0,
}
# An anonymous API answer is kept from the second miss of its URL within ten minutes, not the
# first (events.api.caching): a window asked for once (most, from a crawler) fills no memory.
API_KEEP_FROM_SECOND_MISS = env_bool("API_KEEP_FROM_SECOND_MISS", True)
# An anonymous API list that misses the answer cache is built without DRF or the middleware
# below the cache when its parameters are plain (events.api.caching: lean answers), with the
# headers the whole stack gave the same kind of answer: the same answer, a third cheaper.
API_LEAN_MISSES = env_bool("API_LEAN_MISSES", True)
# Requests per anonymous client address to the public API (events.api.throttling).
API_ANON_RATE = os.environ.get("API_ANON_RATE", "300/minute")
# Seconds a client or CDN may reuse an API answer without asking again.
API_MAX_AGE = int(os.environ.get("API_MAX_AGE", "60"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Climate Caucus Events API",
    "DESCRIPTION": (
        "The public schedule of the network: events and the occurrences of recurring series, "
        "in English and French, with stable ids, conditional requests and incremental sync."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads its JavaScript and CSS from the portal, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Only /api/v1/ is described; Wagtail's content API (/api/v2/) documents itself.
    "SCHEMA_PATH_PREFIX": r"/api/v1/",
    "PREPROCESSING_HOOKS": ["events.api.schema.only_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "events.api.schema.parameter_examples",
        "events.api.schema.property_examples",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
}

# Anyone may read the public API from a browser on another site; nothing else is cross-origin.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# --- Events --------------------------------------------------------------------------------
# The network itself: the organizer of every event in search engines' data (JSON-LD), and
# whom a signed-in reader who may not join a call writes to.
NETWORK_NAME = os.environ.get("NETWORK_NAME", "Climate Caucus")
NETWORK_URL = os.environ.get("NETWORK_URL", "https://www.climatecaucus.ca/")
NETWORK_CONTACT_EMAIL = os.environ.get("NETWORK_CONTACT_EMAIL") or DEFAULT_FROM_EMAIL
# Zones every time is also shown in, after the event's own (docs/architecture.md#time-and-identity).
EVENTS_REFERENCE_TIMEZONES = env_list(
    "EVENTS_REFERENCE_TIMEZONES", "America/Vancouver,America/Toronto"
)

# Every handler redacts personal feed tokens (portal.logging.RedactSecrets): request paths reach
# the logs in Django's 404 lines, the dev server's request lines and tracebacks.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "portal.logging.RedactSecrets"}},
    "formatters": {
        # The development server's request lines, in Django's own format.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default handlers for these (a DEBUG-only console, the ADMINS e-mail, which
        # is unset) would write without redaction: "django" logs through the root's instead.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # Wagtail's background tasks log every run at INFO: noise, not news.
        "django_tasks": {"level": "WARNING"},
        # redis-py gives this logger a console handler of its own (no redaction) when a
        # subscription starts (home.near), unless it is configured already: it logs through
        # the root's, and only what goes wrong (it logs every pushed message at DEBUG).
        "push_response": {"level": "WARNING"},
    },
}

# --- Feeds ------------------------------------------------------------------------------
# The window an iCalendar feed covers, in days before and after today
# (docs/architecture.md#surfaces).
EVENTS_FEED_PAST_DAYS = 90
EVENTS_FEED_FUTURE_DAYS = 730
# How the events API (events.api) recognises a member: members' personal API tokens. A setting,
# so that events imports no app above it (docs/architecture.md#layers-and-import-contracts).
EVENTS_API_MEMBER_AUTHENTICATION = ["members.authentication.PersonalTokenAuthentication"]
# --- Security hardening (docs/architecture.md#visibility-and-access-policy) ---------------
# No inline scripts or styles on public pages: injected markup cannot run. Media may come
# from the S3/CDN origin, hence https: for images. The admin is excluded (inline scripts,
# framed previews).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CONTENT_SECURITY_POLICY_EXCLUDE = ["/admin/"]
# Browser features turned off on every response, the admin included: neither the site
# (static/js/localtime.js reads only Intl's time zone) nor Wagtail's admin uses any of them.
# Left on: clipboard (the admin's copy buttons), fullscreen, autoplay and the like. Only names
# Chromium knows, as it reports any other as an error (tests/browser/test_permissions_policy.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), gamepad=(), "
    "geolocation=(), gyroscope=(), hid=(), idle-detection=(), local-fonts=(), magnetometer=(), "
    "microphone=(), midi=(), otp-credentials=(), payment=(), publickey-credentials-create=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
    "window-management=(), xr-spatial-tracking=()"
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Upload limits: size and type. Request bodies without files (forms, the page editor's
# StreamField JSON) stay under 5 MB; files over 2.5 MB stream to disk rather than memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.uploads.SizeLimitedDocumentForm"
