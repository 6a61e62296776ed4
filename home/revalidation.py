"""Renders owed after an answer: stale-while-revalidate's second half (RFC 5861).

When a cached value (a page: portal.page_cache; an API answer: events.api.caching) is served
from the content version before while its new version is rendered (home.freshness, its
`revalidate` lookups), the request that took the render lock is answered at once, and its
worker renders the new value afterwards, here. See docs/architecture.md#caching-and-freshness.
"""

import io
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIRequest

logger = logging.getLogger(__name__)


class Revalidations:
    """The renders a worker owes after answering with the value before (a cached page, an API
    answer): one thread per process, so they run one after another beside the requests (a
    render is mostly CPU, which a second thread of the same process could not add). A render
    still queued after its lock expired (PAGE_CACHE_MAX_STALE_SECONDS) is dropped: by then the
    next reader has taken the lock.

    With PAGE_CACHE_REVALIDATE_INLINE (the test settings: a test's transaction is not seen from
    another thread), the render runs in the request's thread, after its answer was made."""

    def __init__(self):
        self._pool = None
        self._lock = threading.Lock()
        self._pending = 0

    def pending(self):
        """How many renders this worker owes: queued or running (0 once it is idle)."""
        return self._pending

    def submit(self, render, *args, lapses=True):
        """Run render(*args) on the worker's render thread. `lapses`: dropped if still queued
        past PAGE_CACHE_MAX_STALE_SECONDS (a render under a lock); else run however late (work
        nobody else will redo, such as occurrences.one_off_index's builds)."""
        if settings.PAGE_CACHE_REVALIDATE_INLINE:
            self._run(render, args, None)
            return None
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-render")
            self._pending += 1
        try:
            return self._pool.submit(self._run_owed, render, args, time.monotonic(), lapses)
        except RuntimeError:
            # The interpreter is exiting (a command that published pages, its renders still
            # running, one of them owing work of its own): the work is done here, now.
            with self._lock:
                self._pending -= 1
            self._run(render, args, None)
            return None

    def _run_owed(self, render, args, queued, lapses):
        try:
            self._run(render, args, queued, lapses)
        finally:
            with self._lock:
                self._pending -= 1

    def _run(self, render, args, queued, lapses=True):
        waited = time.monotonic() - queued if queued is not None else 0
        if lapses and waited > settings.PAGE_CACHE_MAX_STALE_SECONDS:
            logger.warning("revalidation waited past its lock; left to the next reader")
            return
        # On its own thread a render is a request of its own: database connections past their
        # age or broken are closed before and after, as the handler does around a request.
        # (Inline, the request around it does that.)
        if queued is not None:
            signals.request_started.send(sender=self.__class__)
        try:
            render(*args)
        except Exception:
            # The lock expires; the next reader after it renders the page.
            logger.exception("revalidation failed")
        finally:
            if queued is not None:
                signals.request_finished.send(sender=self.__class__)


revalidations = Revalidations()


# What the copy of a request that renders for every anonymous reader leaves out: cookies,
# credentials, validators and preconditions (it renders the value in full), and any body.
ANONYMOUS_DROPS = {
    "HTTP_COOKIE",
    "HTTP_AUTHORIZATION",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "CONTENT_LENGTH",
    "CONTENT_TYPE",
}


def anonymous_copy(request):
    """A request of its own for what `request` asked, as any anonymous reader asks it: no
    cookies, credentials, validators or body, and not the client's socket (gunicorn's keys),
    which the answer already went to."""
    environ = {
        key: value
        for key, value in request.environ.items()
        if key not in ANONYMOUS_DROPS and not key.startswith("gunicorn.")
    }
    environ["wsgi.input"] = io.BytesIO()
    return WSGIRequest(environ)


def request_for(url):
    """A GET for `url` (an absolute http or https URL) as an anonymous reader sends it: what a
    publish renders for the readers of its page (portal.page_cache.publish_warms). None for
    any other URL. Behind a proxy that says https in a header (SECURE_PROXY_SSL_HEADER), the
    header says so too."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    secure = parts.scheme == "https"
    environ = {
        "REQUEST_METHOD": "GET",
        # A WSGI string: the path's bytes, one character per byte (PEP 3333).
        "PATH_INFO": unquote_to_bytes(parts.path or "/").decode("iso-8859-1"),
        "QUERY_STRING": parts.query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": parts.hostname,
        "SERVER_PORT": str(parts.port or (443 if secure else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": parts.netloc,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": parts.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and secure:
        environ[proxy_header[0]] = proxy_header[1]
    return WSGIRequest(environ)
