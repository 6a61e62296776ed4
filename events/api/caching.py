"""The HTTP caching policy of /api/v1/ (docs/architecture.md#caching-and-freshness).

An anonymous answer is validated by the content version (home.freshness): a strong ETag from
the version and what selects the answer, a Last-Modified from when the version began, a 304
when the client's copy is current (no query at all), and otherwise the answer built once per
version and URL and kept in the shared cache.
A token holder's answer is built for them alone, never cached, with no validators.

What is kept is the answer as sent: its bytes and headers, under the content version and the
URL as the client sent it (plus the language Accept-Language chose when `lang` is absent, and
what else a view says selects it, `answer_selector`). It is kept, and answered, by a middleware
(`kept_answers`) that sits before sessions, locale, CSRF, authentication and the view: an
anonymous request the cache can answer is answered there, with one round trip to Redis that
also counts it for the rate limit (events.api.throttling) and, given an ETag, compares it with
the one kept beside the answer, so a 304 reads a few headers and never the answer. The answer is
kept with the headers the middleware below it added (the same on every request for the URL), so
a kept answer is the answer the whole stack gave. Only a 200 built for an anonymous caller is
kept; anything else (a 400, a 404, a 429, a token holder's answer) goes through DRF every
time, as before: its parameters are validated only when no answer is kept for its URL, and
only a valid request has one. So does a request whose Accept does not take the compact JSON
every kept answer is (`_takes_kept_json`).

A miss of a view with lean answers (the event list, plain parameters) is built there too,
without DRF or the middleware below, with the headers the whole stack gave an answer of the
same shape (`lean_answer`, `Shapes`): the same answer, for about half the work.

After a publish the answers of the version before may be served for a few seconds while one
request builds the new one (home.freshness: stale-while-revalidate, `max-age=0` on those);
a withdrawal (unpublish, restriction, access details) never lets them out.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.signals import setting_changed
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_etags

from rest_framework.response import Response

from home import freshness, responses, visibility
from home.i18n import accepted_language
from home.outage import UNAVAILABLE, unavailable
from home.revalidation import anonymous_copy, revalidations

logger = logging.getLogger(__name__)
# Answers built for one content version stay valid until the state changes (the key holds it);
# the timeout only bounds memory.
ANSWER_CACHE_SECONDS = 600
ANSWER_KEY = "api-v1:"
API_PREFIX = "/api/"
# What a 200's headers hold that its 304 does not (a 304 has no body, and Django's own 304
# for these answers never repeated Last-Modified).
NOT_MODIFIED_DROPS = {"content-type", "last-modified"}
UNCACHEABLE = ("private", "no-store", "no-cache")
JSON = "application/json"
# The Accept headers most clients send, known to take the kept JSON without parsing them.
PLAIN_ACCEPTS = {"", "*/*", JSON, "application/json, */*"}


# Headers that make a request conditional: its answer is the whole stack's (lean_answer).
PRECONDITIONS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def keepable(response):
    """Whether `response` may be kept for every anonymous caller: a 200 that sets no cookie
    and varies by none (a session read on its way), and that no cache is told not to keep."""
    cache_control = response.get("Cache-Control", "")
    return not (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or any(word in cache_control for word in UNCACHEABLE)
        or "cookie" in response.get("Vary", "").lower()
    )


# The headers a lean answer has of its own, in place of its shape's (Shapes).
OWN_HEADERS = ("ETag", "Last-Modified", "Content-Length")


class Shapes:
    """The headers of the whole stack's anonymous 200s, by view class, language and whether
    Accept-Language chose it: what the middleware below kept_answers and DRF add to an answer
    depends on nothing else (the request's headers they read are above: CORS, security). A
    lean answer (ConditionalAnswers.lean_answer) is sent with them, in their order, its own
    OWN_HEADERS in place of the learnt answer's. Learnt per process from the first answer of
    each shape, and forgotten when a setting changes (tests)."""

    def __init__(self):
        self.known = {}

    def learn(self, view, response):
        """Keep `response`'s headers if it is the first keepable answer of its shape from a view
        with a lean path (one that overrides lean_params)."""
        if type(view).lean_params is ConditionalAnswers.lean_params:
            return
        if getattr(response, "api_keep", None) is None or not keepable(response):
            return
        if not all(map(response.has_header, OWN_HEADERS)):
            return
        key = (type(view), response.get("Content-Language"), response.language_negotiated)
        if key not in self.known:
            self.known[key] = list(response.items())

    def of(self, view, language, negotiated):
        return self.known.get((type(view), language, negotiated))

    def forget(self, **kwargs):
        self.known.clear()


shapes = Shapes()
setting_changed.connect(shapes.forget)


def _parts(kept):
    """(ETag, head) of a kept answer, as `keep` stored them beside it (home.freshness)."""
    return kept["etag"], kept["head"]


def requested_etag(request):
    """The one ETag of If-None-Match, strong, or None (absent, a list, or "*")."""
    etags = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    if len(etags) != 1 or etags[0] == "*":
        return None
    return etags[0].removeprefix("W/")


def kept_answers(get_response):
    """Middleware, before sessions, locale and the view (after events.api.middleware's
    api_responses, which still adjusts what it sends): an anonymous GET of a ConditionalAnswers
    view is answered from the kept answer, or 304'd, with one Redis call; otherwise the stack
    below answers, and an anonymous 200 the view marked as keepable is kept as it comes back
    here. A request it looked up is not looked up again: the throttle reads its count."""

    def middleware(request):
        view = _conditional_view(request) if request.method == "GET" else None
        if view is None:
            return get_response(request)
        response = view.cached_answer(request)
        if response is not None:
            if getattr(request, "api_rebuild", False):
                # The answer before went to this caller, who holds the build lock: the worker
                # builds the new one once this answer is on its way.
                revalidations.submit(_rebuild, get_response, view, request)
            return response
        if getattr(request, "api_missed", False):
            response = view.lean_answer(request)
        if response is None:
            response = get_response(request)
            shapes.learn(view, response)
        keep = getattr(response, "api_keep", None)
        if keep is not None and getattr(request, "api_admit", True):
            view.keep(response, *keep)
        return response

    return middleware


def _rebuild(get_response, view, request):
    """Build and keep the current version's answer for `request`, whose caller was answered
    with the answer before: an anonymous copy of it (no validators, preconditions, cookies or
    credentials) goes through the rest of the stack, counted once (as the request it copies)."""
    copy = anonymous_copy(request)
    copy.api_answer_key = request.api_answer_key
    copy.api_counted = request.api_counted
    try:
        response = get_response(copy)
    finally:
        translation.deactivate()
    keep = getattr(response, "api_keep", None)
    if keep is None:
        logger.warning(
            "API answer cache: %s answered %s to its rebuild; not kept",
            copy.get_full_path(),
            response.status_code,
        )
        return
    view.keep(response, *keep)
    logger.info(
        "API answer cache: %s built after its caller was answered, ETag %s",
        copy.get_full_path(),
        keep[2],
    )


def _conditional_view(request):
    """The ConditionalAnswers view that will answer `request`, set up for it, if it may send a
    kept answer (answers_from_cache); else None."""
    if not request.path_info.startswith(API_PREFIX) or not _takes_kept_json(request):
        return None
    route = _route(get_urlconf() or settings.ROOT_URLCONF, request.path_info)
    if route is None:
        return None
    view_class, initkwargs, args, kwargs = route
    view = view_class(**initkwargs)
    view.setup(request, *args, **kwargs)
    return view if view.answers_from_cache(request) else None


@functools.lru_cache(maxsize=1024)
def _route(urlconf, path):
    """(view class, its arguments, the URL's args and kwargs) of the ConditionalAnswers view at
    `path`, else None. Resolving walks the URL patterns; a path resolves the same way until the
    URL configuration changes (part of the key), so each is resolved once per process."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ConditionalAnswers):
        return None
    return view_class, match.func.view_initkwargs, match.args, match.kwargs


def _takes_kept_json(request):
    """Whether DRF's content negotiation would answer `request` with what every kept answer is,
    compact JSON: no Accept, or one that takes application/json without asking for an indent.
    Any other (text/html alone: DRF's 406; `indent=4`: other bytes) is DRF's to answer, and its
    answer is not kept."""
    accept = request.META.get("HTTP_ACCEPT")
    if accept is None or accept in PLAIN_ACCEPTS:
        return True
    return "indent" not in accept and request.accepts(JSON)


class ConditionalAnswers:
    """For API views: answer GETs through the content version (see the module docstring).

    The view's one throttle must be an events.api.throttling.AnonymousThrottle: its counter is
    what the cached path counts.
    """

    def answers_from_cache(self, request):
        """Whether this request may get an answer kept for every anonymous caller."""
        return True

    def answer_selector(self, request):
        """What selects this view's answer besides the URL and the language (a string)."""
        return ""

    def answer_key(self, request):
        """The kept answer's key, from the request as sent (no parameter validated)."""
        language = (
            ""
            if "lang" in request.GET
            else accepted_language(request.META.get("HTTP_ACCEPT_LANGUAGE"))
        )
        # The host is validated (ALLOWED_HOSTS) by get_host: every URL in an answer is built
        # on it.
        text = "|".join(
            [
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                language,
                self.answer_selector(request),
            ]
        )
        return ":" + hashlib.sha256(text.encode()).hexdigest()

    def cached_answer(self, request):
        """The kept answer (or a 304) for an anonymous GET, else None: DRF answers it, and
        conditional_get marks a 200 for kept_answers to keep for the next."""
        (throttle,) = self.get_throttles()
        counter = throttle.anonymous_counter(request)
        key = self.answer_key(request)
        try:
            found = freshness.get_unless_matching(
                ANSWER_KEY,
                key,
                requested_etag(request),
                stale=True,
                count=counter,
                revalidate=True,
                with_state=True,
                parts=_parts,
                admit=ANSWER_CACHE_SECONDS if settings.API_KEEP_FROM_SECOND_MISS else None,
            )
        except Exception:
            # The cache is down: DRF answers (and its throttle finds out for itself).
            logger.warning("API answer cache unavailable", exc_info=True)
            return None
        # For the throttle (counted once) and for conditional_get (where to keep the answer).
        request.api_counted = (counter[0], found.counted)
        request.api_answer_key = key
        # The version the lookup missed under: the view builds for it without reading it again.
        request.api_state = found.state
        # A URL's first miss is not kept (kept_answers): most are asked for once.
        request.api_admit = found.seen
        if found.counted.hits > throttle.num_requests:
            return None  # DRF's throttle answers 429 with Retry-After
        if found.matched:
            if found.value is None:
                return None
            response = self.not_modified(found.value)
        elif found.value is None:
            # Nothing kept for this URL and version: it may be answered lean (lean_answer).
            request.api_missed = True
            return None
        else:
            kept = found.value
            conditional = get_conditional_response(
                request, etag=kept["etag"], last_modified=kept["last_modified"]
            )
            if conditional is not None and conditional.status_code != 304:
                return None  # a 412 (If-Match): DRF answers it, as always
            if conditional is not None:
                response = self.not_modified(kept["head"])
            else:
                response = HttpResponse(kept["body"])
                responses.restore(response, kept["headers"])
            response.language_negotiated = kept["head"]["negotiated"]
        if found.stale:
            # The version before's answer while the new one is built: no client or proxy
            # keeps it.
            patch_cache_control(response, max_age=0)
        # This request took the build lock: the new answer is built after this one is sent.
        request.api_rebuild = found.revalidate
        return response

    @staticmethod
    def not_modified(head):
        response = HttpResponseNotModified()
        responses.restore(response, head["headers"])
        response.language_negotiated = head["negotiated"]
        return response

    def conditional_get(self, request, params, build):
        """The answer for `params`: 304 when current, else built (and kept for the next)."""
        if request.user.is_authenticated:
            return self.private_get(request, params, build)
        state = getattr(request, "api_state", None) or freshness.state()
        etag, last_modified = self.validators(state, request, params)
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            with (
                translation.override(params["lang"]),
                visibility.content_version(state.version),
            ):
                data = build()
            response = Response(data)
            response["Last-Modified"] = http_date(last_modified)
            key = getattr(request, "api_answer_key", None)
            if key is not None:
                # Kept by kept_answers once the middleware below it has added its headers.
                response.api_keep = (state.version, key, etag, last_modified)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.API_MAX_AGE)
        response["Content-Language"] = params["lang"]
        # Read by events.api.middleware: only a header-chosen language varies by the header.
        response.language_negotiated = self.negotiated
        return response

    def keep(self, response, version, key, etag, last_modified):
        """Keep a rendered anonymous 200 (its bytes and headers) for the next requests: never
        one that sets a cookie or varies by one (a session read on its way)."""
        if not keepable(response):
            return
        headers = list(response.items())
        # Its 304 has no body: the Content-Length CommonMiddleware gives a 304 is 0.
        not_modified = [
            (k, "0" if k.lower() == "content-length" else v)
            for k, v in headers
            if k.lower() not in NOT_MODIFIED_DROPS
        ]
        head = {"headers": not_modified, "negotiated": response.language_negotiated}
        kept = {
            "headers": headers,
            "body": response.content,
            "etag": etag,
            "last_modified": last_modified,
            "head": head,
        }
        try:
            freshness.set_versioned(
                ANSWER_KEY, version, key, etag, kept, ANSWER_CACHE_SECONDS, etag_head=head
            )
        except Exception:
            logger.warning("API answer cache unavailable", exc_info=True)

    def validators(self, state, request, params):
        """(ETag, Last-Modified as a timestamp) of the anonymous answer for `params` in the
        content version `state`."""
        selector = sorted((k, str(v)) for k, v in params.items())
        return self.etag(state.version, request, selector), int(state.changed_at.timestamp())

    def lean_params(self, request):
        """The validated parameters of `request` (an anonymous GET) when `lean_build` can
        answer it, with `self.negotiated` set as get_params sets it; else None: DRF answers."""
        return None

    def lean_build(self, request, params):
        """The answer's data for `params` (from lean_params), as `conditional_get`'s `build`
        gives it for them."""
        raise NotImplementedError

    def lean_answer(self, request):
        """The answer to an anonymous GET that missed (cached_answer), built without DRF or
        the middleware below kept_answers, or None: the whole stack answers it.

        Only a request with no precondition header whose parameters `lean_params` reads is
        answered so, once the whole stack has answered one of the same shape (view, language,
        negotiated or not): the lean answer has that answer's headers (`shapes`), its own
        validators and length, and the body DRF's renderer gives for the same data. The same
        status, headers and bytes as the whole stack's answer (tests/events/api/test_lean.py);
        about half the CPU of a miss on the benchmark."""
        if not settings.API_LEAN_MISSES or any(name in request.META for name in PRECONDITIONS):
            return None
        params = self.lean_params(request)
        if params is None:
            return None
        headers = shapes.of(self, params["lang"], self.negotiated)
        if headers is None:
            return None
        # No credentials came with it (answers_from_cache): DRF's user would be anonymous.
        request.user = AnonymousUser()
        try:
            state = request.api_state or freshness.state()
            etag, last_modified = self.validators(state, request, params)
            with (
                translation.override(params["lang"]),
                visibility.content_version(state.version),
            ):
                data = self.lean_build(request, params)
        except UNAVAILABLE as error:
            return unavailable(request, error)
        # The view's own renderer, as DRF would choose it for a request that names no format.
        renderer = self.renderer_classes[0]()
        body = renderer.render(data, renderer.media_type, {"view": self, "request": request})
        own = {
            "etag": etag,
            "last-modified": http_date(last_modified),
            "content-length": str(len(body)),
        }
        response = HttpResponse(body)
        # In the order the whole stack's answer has them.
        responses.restore(response, [(name, own.get(name.lower(), v)) for name, v in headers])
        response.language_negotiated = self.negotiated
        response.api_keep = (state.version, request.api_answer_key, etag, last_modified)
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
