"""gunicorn configuration: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

Every value can be overridden from the environment (documented in `.env.example`).
"""

import multiprocessing
import os

# Every interface by default: in a container the proxy reaches the app from outside.
_host = os.environ.get("HOST", "0.0.0.0")  # noqa: S104
bind = os.environ.get("GUNICORN_BIND", f"{_host}:{os.environ.get('PORT', '8000')}")
# Sync workers: the app is CPU- and database-bound, not waiting on slow clients (the proxy is).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is stuck: kill the worker and start a fresh one.
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
