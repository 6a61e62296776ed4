"""The HTTP caching policy of /api/v1/ (docs/architecture.md#caching-and-freshness).

An anonymous answer is validated by the content version (home.freshness): a strong ETag from
the version and what selects the answer, a Last-Modified from when the version began, a 304
when the client's copy is current (no query at all), and otherwise the answer built once per
version and URL and kept in the shared cache.
A token holder's answer is built for them alone, never cached, with no validators.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from rest_framework.response import Response

from home import freshness, visibility

# Answers built for one content version stay valid until the state changes (the key holds it);
# the timeout only bounds memory.
ANSWER_CACHE_SECONDS = 600


class ConditionalAnswers:
    """For API views: answer GETs through the content version (see the module docstring)."""

    def conditional_get(self, request, params, build):
        """The answer for `params`: 304 when current, else from the cache or from build()."""
        if request.user.is_authenticated:
            return self.private_get(request, params, build)
        state = freshness.state()
        selector = sorted((k, str(v)) for k, v in params.items())
        etag = self.etag(state.version, request, selector)
        last_modified = int(state.changed_at.timestamp())
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            key = (
                "api-v1:"
                + hashlib.sha256(f"{etag}|{request.build_absolute_uri()}".encode()).hexdigest()
            )
            data = cache.get(key)
            if data is None:
                with (
                    translation.override(params["lang"]),
                    visibility.content_version(state.version),
                ):
                    data = build()
                cache.set(key, data, ANSWER_CACHE_SECONDS)
            response = Response(data)
            response["Last-Modified"] = http_date(last_modified)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.API_MAX_AGE)
        response["Content-Language"] = params["lang"]
        # Read by events.api.middleware: only a header-chosen language varies by the header.
        response.language_negotiated = self.negotiated
        return response

    @staticmethod
    def etag(version, request, selector):
        """A strong ETag for one answer: the content version, the site's address (every URL in
        an answer is built on it) and what selects the answer."""
        text = "|".join(map(str, [version, settings.SITE_URL, request.path, selector]))
        return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'

    def private_get(self, request, params, build):
        """A token holder's answer: built for them alone, never cached, no validators (so no
        304 from an anonymous ETag), stored by no client or proxy."""
        with translation.override(params["lang"]):
            data = build()
        response = Response(data)
        patch_cache_control(response, private=True, no_store=True)
        response["Content-Language"] = params["lang"]
        response.language_negotiated = self.negotiated
        return response
