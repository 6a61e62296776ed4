"""gunicorn configuration: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

Every value can be overridden from the environment (documented in `.env.example`).
"""

import gc
import multiprocessing
import os

# Every interface by default: in a container the proxy reaches the app from outside.
_host = os.environ.get("HOST", "0.0.0.0")  # noqa: S104
bind = os.environ.get("GUNICORN_BIND", f"{_host}:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threaded workers: a request waiting on the database holds one thread, not its whole worker,
# so cached pages and feeds (answered from Redis) keep answering on the other threads during a
# database outage (docs/deploy.md, "Database outages", says what is not bounded yet). Each
# thread has its own database connection, and so has the thread that renders pages and API
# answers after a publish (home/revalidation.py): WEB_CONCURRENCY × (GUNICORN_THREADS + 1) per
# host at most.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A web request's query may run this long (portal/settings/production.py), and any call to
# the database may wait this long for an answer before the backend gives up on it (a frozen
# server, which enforces no statement timeout): a little longer, so that a server that is alive
# cancels first; both keep an outage's answers within 2 s. Migrations and the task worker,
# started without gunicorn, keep no limit. gunicorn puts raw_env in the workers' environment.
_statement_ms = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS") or 1500)
_deadline = os.environ.get("DATABASE_CLIENT_DEADLINE_SECONDS") or _statement_ms / 1000 + 0.25
raw_env = [
    f"DATABASE_STATEMENT_TIMEOUT_MS={_statement_ms}",
    f"DATABASE_CLIENT_DEADLINE_SECONDS={_deadline}",
]
# A worker whose main loop has not reported for this long is stuck: kill it and start another.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deploy), finish in-flight requests for this long before stopping.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that slow memory growth never adds up; jitter avoids every
# worker restarting at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Heartbeat files in memory: a slow disk must not make the arbiter think workers are hung.
_shm = "/dev/shm"  # noqa: S108 - gunicorn only writes its own heartbeat files there
worker_tmp_dir = _shm if os.path.isdir(_shm) else None
# Each worker opens its own database connections: never share them across a fork.
preload_app = False
# Empty turns the access log off (the benchmark measures the app, not log writing).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
# No control socket (gunicorn 25.1+): systemd's signals manage the process (docs/deploy.md),
# and every instance on a host would otherwise share one ~/.gunicorn/gunicorn.ctl.
control_socket_disable = True
# Personal feed URLs carry a member's token: the access log writes them redacted.
logger_class = "portal.gunicorn_logging.RedactingLogger"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The proxy in front sets X-Forwarded-*; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def gc_thresholds(text):
    """GC_THRESHOLDS, the garbage collector's thresholds in each worker (generations 0, 1 and 2;
    Python's own are 700,10,10; see post_worker_init), as gc.set_threshold takes them."""
    try:
        values = tuple(int(part) for part in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 3 or min(values) < 1:
        raise ValueError(
            f"GC_THRESHOLDS must be three positive integers, e.g. 20000,50,100: {text!r}"
        )
    return values


# Read when gunicorn reads this file: a bad value stops the server starting, not every worker.
_gc_thresholds = gc_thresholds(os.environ.get("GC_THRESHOLDS") or "20000,50,100")


def post_worker_init(worker):
    """Once a worker has loaded the app: load the URL configuration (every view module, as the
    first request would), then move everything loaded so far out of the garbage collector's
    reach (gc.freeze). Those objects live as long as the worker; left in the oldest generation,
    every full collection walked them again, holding all the worker's threads for 100-290 ms
    on the benchmark machine (docs/architecture.md#caching-and-freshness).

    Then the collector's thresholds (GC_THRESHOLDS): at Python's 700 allocations, a render in
    flight (the network feed's: half a second) saw its young objects promoted until full
    collections, which walk every request in flight, took 15 % of the workers' CPU under load."""

    from django.apps import apps

    if apps.ready:  # the portal; another WSGI app run with this file (tests) has no URLconf
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - loads the URLconf and the views it imports
    gc.collect()
    gc.freeze()
    gc.set_threshold(*_gc_thresholds)
