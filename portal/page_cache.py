"""Whole-page cache for anonymous readers of the public pages, shared by every worker.

Rendering an event listing runs dozens of queries and formats every time in three zones; the
same bytes go to every anonymous reader. This middleware stores such a response in the cache
under the content version (home.freshness): a publish anywhere bumps the version, so every
worker's next request renders afresh, with nothing to find and delete. The timeout
(PAGE_CACHE_SECONDS, 0 = off) bounds how long "upcoming" stays upcoming as the clock moves.

Never cached: anything outside the /en/ and /fr/ page prefixes (admin, previews, API, health),
anything but a plain 200, responses that set a cookie, used the CSRF token (so a cached page
never holds one, whatever CSRF cookie the next reader has), or say private / no-store /
no-cache, and any page rendered for a request that carried a session or messages cookie.

Served the cached page: every reader whose page cannot be their own. A session cookie or a
messages cookie alone proves nothing — anyone can send a made-up one to force an uncached
render — so on a cache hit the cookie is checked: a session that exists and holds data
(signed-in members and editors, messages kept in the session) or a messages cookie signed by
this site gets its own render; anything else the cached page. The check costs one read of the
session store (a cache read with the cache or cached_db engines), made only when a session
cookie is present and the page is cached, and none for a value that is not a session key.

What is stored and how it is sent (gzip-compressed; large bodies as files) is portal.page_store's.
A conditional request costs a few bytes: its ETag is compared with the one kept beside the page
(home.freshness.get_unless_matching), and the page itself is read only when they differ.

After a publish, every reader is served the page cached under the version before
(`X-Page-Cache: stale`, its own ETag, `max-age=0` so that no client or proxy keeps it) while the
new one renders, for PAGE_CACHE_MAX_STALE_SECONDS at most (home.freshness says which changes
allow it, and how): stale-while-revalidate (RFC 5861). The first reader takes the render lock and
is answered at once like the others; its worker then renders the page on a thread of its own
(one per worker, `home.revalidation`) from a copy of the request with no cookies and no
validators, and stores it. No reader waits for a render while the page before may be served:
a render after a version change, cold per-version values and all, took up to seconds under
load, and the reader who took it waited that long (the publish check of bench/run.py). Only
when the page before is gone (never cached, expired, or withdrawn) does a reader render it
itself, as on any miss. A request that sent a session or messages cookie never takes the render
on itself (its render would not be stored); it gets the stale page only where it would get a
cached one. Each background render is logged (INFO), with the page's ETag.

The page a publish changed is rendered by the publishing process itself (`publish_warms`,
registered with home.freshness.warm_on_publish): the bump that follows the commit takes the
page's render lock for the new version in the same step, so readers are served the page before
until that process has stored the new one (on its render thread, after the editor's answer),
and no reader's worker, busy with readers, renders it. It is rendered at the page's public
address (the Site's, SITE_URL), as an anonymous reader gets it, through the whole middleware
stack and every policy a reader's request meets.
"""

import hashlib
import logging
from functools import partial
from importlib import import_module

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from home import freshness
from home.revalidation import anonymous_copy, request_for, revalidations
from portal import page_store

logger = logging.getLogger(__name__)
UNCACHEABLE = ("private", "no-store", "no-cache")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        warm = getattr(request, "page_cache_warm", None)
        if warm is not None:
            # A publish's own render (publish_warms): its lock came with the version's bump.
            self.revalidate(request, *warm, why="for the version its publish made")
            return HttpResponse(status=204)
        etag = self.requested_etag(request)
        try:
            digest = self.digest(request)
            # The version and the page (or only the ETag's match) in one round trip to Redis.
            found = freshness.get_unless_matching(
                "page:",
                f":{digest}",
                etag,
                stale=True,
                lock=not self.carries_state(request),
                revalidate=True,
                parts=page_store.parts,
            )
        except Exception:
            # The cache is down: serve from the database, as if there were no cache at all.
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if (found.matched or found.value is not None) and not self.personal(request):
            response = self.hit(request, etag if found.matched else None, found.value, found.stale)
            if response is not None:
                if found.revalidate:
                    revalidations.submit(self.revalidate, request, found.version, digest)
                return response
        response = self.get_response(request)
        if not self.carries_state(request) and self.storable(request, response):
            stored = self.store(request, response, found.version, digest)
            if stored is not None:
                # The reader who caused the render gets what every later reader will.
                response = page_store.respond(request, stored) or response
            response["X-Page-Cache"] = "miss"
        return response

    def store(self, request, response, version, digest):
        """Keep `response` as the page of `version`: what page_store stored, or None (the cache
        is down; the response then carries its ETag, as a stored one would)."""
        content_hash = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        etag = f'"{content_hash}"'
        timeout = settings.PAGE_CACHE_SECONDS
        try:
            stored = page_store.payload(response, etag, timeout)
            freshness.set_versioned("page:", version, f":{digest}", etag, stored, timeout)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            response["ETag"] = etag
            return None
        return stored

    def revalidate(self, request, version, digest, why="after its reader was answered"):
        """Render and store the page of `version` for `request`, whose reader was already
        answered with the page before: an anonymous copy of it (no cookies, no validators, no
        body, no client socket) goes through the rest of the stack as a request of its own."""
        anonymous = anonymous_copy(request)
        try:
            response = self.get_response(anonymous)
            if not self.storable(anonymous, response):
                logger.warning(
                    "page cache: %s answered %s to its revalidation; not stored",
                    anonymous.path,
                    response.status_code,
                )
                return
            stored = self.store(anonymous, response, version, digest)  # None: logged there
            if stored is not None:
                logger.info(
                    "page cache: %s rendered %s, ETag %s",
                    anonymous.get_full_path(),
                    why,
                    dict(stored["headers"])["ETag"],
                )
        finally:
            translation.deactivate()

    def requested_etag(self, request):
        """The one ETag of If-None-Match, strong, or None (absent, a list, or "*")."""
        etags = parse_etags(request.headers.get("If-None-Match", ""))
        if len(etags) != 1 or etags[0] == "*":
            return None
        return etags[0].removeprefix("W/")

    def applies_to(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and request.path.startswith(self.prefixes)
        )

    def carries_state(self, request):
        """Whether the request sent a cookie that might make its page its own: its render is
        never stored, whether or not the cookie turns out to be real."""
        return (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or CookieStorage.cookie_name in request.COOKIES
        )

    def personal(self, request):
        """Whether the request's page may be its own: its session exists and holds data, or it
        carries messages this site signed. Made-up cookies are not."""
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key:
            session = self.session_store(key)
            # The store refuses a value that is not a session key's shape: nothing to read.
            if session.session_key is not None:
                try:
                    # Empty when the session is unknown or expired (the key is then dropped).
                    if session.load():
                        return True
                except Exception:
                    # The session store is down: the cached page holds nothing personal.
                    logger.warning("session store unavailable", exc_info=True)
        messages = request.COOKIES.get(CookieStorage.cookie_name)
        return bool(messages) and CookieStorage(request)._decode(messages) is not None

    def key(self, request):
        return f"page:{freshness.current_version()}:{self.digest(request)}"

    def digest(self, request):
        return digest(request)

    def storable(self, request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # The page holds this visitor's CSRF token: it is theirs alone.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not any(word in cache_control for word in UNCACHEABLE)
        )

    def hit(self, request, etag, cached, stale=False):
        """The cached answer: 304 when the request's ETag matched the stored one, else the
        page (304 too when one of a list of ETags matches); None when it cannot be sent.
        `stale`: the answer is the version before's, sent while another request renders."""
        if cached is not None:
            etag = dict(cached["headers"])["ETag"]
            held = parse_etags(request.headers.get("If-None-Match", ""))
            if etag not in {tag.removeprefix("W/") for tag in held}:
                etag = None
        if etag is not None:
            response = page_store.not_modified(request, etag)
        else:
            response = page_store.respond(request, cached)
            if response is None:
                return None
        if stale:
            patch_cache_control(response, max_age=0)
        response["X-Page-Cache"] = "stale" if stale else "hit"
        return response


def digest(request):
    """The page's key in the cache: its host and full path."""
    url = f"{request.get_host()}{request.get_full_path()}"
    return hashlib.sha256(url.encode()).hexdigest()


def publish_warms(page):
    """home.freshness.warm_on_publish: the cached page of `page` at its public address, which
    the process that published it renders for the new version (module docstring). None ([])
    when pages are not cached, the page is not live, or it has no public URL at an allowed
    host."""
    if settings.PAGE_CACHE_SECONDS <= 0 or not page.live:
        return []
    url = page.get_full_url()
    request = request_for(url) if url else None
    if request is None:
        return []
    try:
        key = digest(request)
    except DisallowedHost:
        logger.warning("page cache: %s is not an allowed host; its publish renders nothing", url)
        return []
    return [freshness.Warm("page:", f":{key}", partial(_warm, request, key))]


def _warm(request, key, version):
    revalidations.submit(_render, request, key, version)


_handlers = []


def _render(request, key, version):
    """`request` through the whole stack, where the page cache renders and stores its page for
    `version` (AnonymousPageCacheMiddleware.__call__), in this process's own handler."""
    if not _handlers:
        _handlers.append(WSGIHandler())
    request.page_cache_warm = (version, key)
    with translation.override(None):
        _handlers[0].get_response(request)
