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
"""

import hashlib
import logging
from importlib import import_module

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from home import freshness

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
        try:
            digest = self.digest(request)
            # The version and the page in one round trip to Redis (see get_versioned).
            version, cached = freshness.get_versioned("page:", f":{digest}")
            key = f"page:{version}:{digest}"
        except Exception:
            # The cache is down: serve from the database, as if there were no cache at all.
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if cached is not None and not self.personal(request):
            return self.hit(request, cached)
        response = self.get_response(request)
        if not self.carries_state(request) and self.storable(request, response):
            content_hash = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = f'"{content_hash}"'
            try:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

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
        url = f"{request.get_host()}{request.get_full_path()}"
        return hashlib.sha256(url.encode()).hexdigest()

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

    def hit(self, request, cached):
        if request.headers.get("If-None-Match") == cached["ETag"]:
            response = HttpResponseNotModified()
            response["ETag"] = cached["ETag"]
            patch_vary_headers(response, ["Accept-Language"])
        else:
            response = cached
        response["X-Page-Cache"] = "hit"
        return response
