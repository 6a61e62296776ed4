"""Settings for the pytest suite."""

import os

from .base import *  # noqa: F403
from .base import STORAGES

# A fixed key: tests must not depend on the environment.
SECRET_KEY = "test-only-secret-key"  # noqa: S105
# Fast hashing: password hashing cost is irrelevant to what the tests check.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Captured e-mail: tests read mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Whitenoise's manifest is not built for tests; plain storage serves from the finders.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests are served on the test client's host name.
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The test client's address, whatever SITE_URL the shell running the tests has: exact URLs.
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
# No collectstatic in tests: whitenoise serves from the app and project static folders.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Page-created/published log lines on every fixture drown real failures.
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
# No page cache: the content version is bumped on commit, which a test's transaction never does.
PAGE_CACHE_SECONDS = 0
# A page's render after a publish runs in the request's own thread, after its answer was made:
# another thread's connection would not see the test's transaction.
PAGE_CACHE_REVALIDATE_INLINE = True
# A publish shows at once, to the first request after it (which would otherwise get the answer
# before, stale-while-revalidate): the tests of serving late ask for it (stale_ok, stale_cache).
PAGE_CACHE_MAX_STALE_SECONDS = 0
# Every anonymous API answer is kept at its first miss: the tests of the API's answer cache check
# what is kept; tests/events/api/test_caching.py checks the second-miss rule.
API_KEEP_FROM_SECOND_MISS = False
# No answers kept per process (home/near.py): its own tests turn it on, and wait until it follows
# the version; elsewhere a hit would depend on how fast its thread subscribed.
NEAR_CACHE_BYTES = 0
# Two pytest-xdist workers may share one Redis: each keeps its own keys, so clearing is local.
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = (
        f"{_cache.get('KEY_PREFIX', 'portal')}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    )
