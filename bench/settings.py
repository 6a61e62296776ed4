"""The one settings module of every benchmark: production's, with what a benchmark needs.

Everything else (PostgreSQL or SQLite from DATABASE_URL, Redis from REDIS_URL, the page cache,
persistent connections, whitenoise's manifest storage) is production's, so the figures are.
"""

import gc
import logging
import os
import secrets
import time

# Production refuses to start without SECRET_KEY. A benchmark's database is thrown away, so a
# key made up here will do; scripts that start several processes (manage.py, gunicorn workers)
# put one in the environment first, so that all of them share it.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
# Production requires the public address too. Benchmarks call the servers they start on
# 127.0.0.1 (any port: only the host name is checked), so links point there.
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
# Page-created and request log lines would cost time and drown the report.
os.environ.setdefault("LOG_LEVEL", "WARNING")

from bench import gc_pauses
from portal.settings.production import *  # noqa: F403
from portal.settings.production import LOGGING, MIDDLEWARE

# The portal's URLs plus the baselines H, J and "bare events" (bench/views.py).
ROOT_URLCONF = "bench.urls"
# Each response says how many queries it ran (X-Queries), for the report.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# wrk and the other load generators send everything from one address: measure the API, not
# its anonymous rate limit (which would answer 429).
API_ANON_RATE = "100000000/minute"
# Plain http on localhost: no redirect to https.
SECURE_SSL_REDIRECT = False
# No `db_worker` runs beside a benchmark: an editor's publish does its follow-up work inline.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The publish check counts the renders the page cache makes after answering (one INFO line
# each, with the page's ETag): that logger keeps INFO whatever LOG_LEVEL is.
LOGGING = {
    **LOGGING,
    "loggers": {**LOGGING["loggers"], "portal.page_cache": {"level": "INFO"}},
}

# Every garbage collection that holds a worker (all its threads: it holds the GIL) for
# gc_pauses.LOGGED_MS or more is logged, for the publish check: a long pause around a publish
# is a reader's p99.
_gc_logger = logging.getLogger("bench.gc")
_gc_began = []


def _log_gc_pause(phase, info):
    if phase == "start":
        _gc_began[:] = [time.perf_counter(), time.thread_time()]
    elif _gc_began:
        began, cpu_began = _gc_began
        _gc_began.clear()
        ms = (time.perf_counter() - began) * 1000
        if ms >= gc_pauses.LOGGED_MS:
            _gc_logger.warning(
                gc_pauses.LINE,
                info["generation"], ms, (time.thread_time() - cpu_began) * 1000,
                info["collected"],
            )  # fmt: skip


gc.callbacks.append(_log_gc_pause)
