"""The API views' shared parts: the anonymous and member-aware bases, paginated lists and
details of pages, error responses and schema helpers.

Views of /api/v1/: they parse parameters, call the domain modules, and set HTTP headers.

Every view is read-only, with its own authentication and AllowAny permission: DRF's global
defaults would also govern wagtail-localize's editor API. Most are anonymous only; the event
views also accept a member's personal API token (members.authentication), and then add the
access details events.reads.access allows to the events.

Each answer follows the same steps: send the answer kept for the same content version and
URL, or a 304, if there is one (events.api.caching.kept_answers, a middleware: no query, no
session, authentication or DRF); else validate the parameters' syntax (no query), read the
schedule state (from the cache), answer 304 if the client's copy is current, then check that
named records exist and build the answer, kept for the next request.

A token holder's answer skips all of that sharing: it is built for them alone, never read from
or written to the answer cache, has no validators, and is `private, no-store`.
"""

import uuid

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from events.api import queries, serializers
from events.api.caching import ConditionalAnswers
from events.api.throttling import AnonymousThrottle, MemberOrAnonymousThrottle
from events.reads import hosts
from home.i18n import accepted_language

ERROR_RESPONSES = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description=_("A parameter is invalid; the body maps its name to the reasons."),
        examples=[],
    ),
    429: OpenApiResponse(
        OpenApiTypes.OBJECT, description=_("Too many requests; retry after Retry-After seconds.")
    ),
}
UNAUTHORIZED = {
    401: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description=_("The personal API token sent is wrong, revoked or no longer valid."),
    )
}
NOT_FOUND = {
    404: OpenApiResponse(OpenApiTypes.OBJECT, description=_("No public record has this id."))
}
ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_("Preferred language when `lang` is not given (en or fr)."),
    examples=[],
)


class PublicAPIView(ConditionalAnswers, APIView):
    """Cookieless anonymous reads: no session or CSRF, the same bytes for every caller."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonymousThrottle,)
    params_class = serializers.LanguageParams

    def get_params(self, request):
        params = self.params_class(data=request.query_params)
        params.is_valid(raise_exception=True)
        return self.negotiate(request, dict(params.validated_data))

    def negotiate(self, request, data):
        """`data` (validated parameters) with its language: `lang`, else the one the
        Accept-Language header chooses (and the answer then varies by the header)."""
        self.negotiated = "lang" not in data
        data["lang"] = data.get("lang") or accepted_language(request.headers.get("Accept-Language"))
        return data

    def paginate(self, request, items, params):
        """(count, next URL, previous URL, the page's items) for limit/offset parameters."""
        limit, offset = params["limit"], params["offset"]
        url = request.build_absolute_uri()
        following = None
        if offset + limit < len(items):
            following = replace_query_param(url, "offset", offset + limit)
        previous = None
        if offset > 0:
            previous = (
                remove_query_param(url, "offset")
                if offset - limit <= 0
                else replace_query_param(url, "offset", offset - limit)
            )
        return len(items), following, previous, items[offset : offset + limit]


class MemberAwareAPIView(PublicAPIView):
    """Anonymous like the others, or a member by their personal API token (never a session)."""

    # A member's credentials are another app's concern (members): the setting names the
    # classes, so events imports no app above it (docs/architecture.md#layers-and-import-contracts).
    authentication_classes = tuple(map(import_string, settings.EVENTS_API_MEMBER_AUTHENTICATION))
    throttle_classes = (MemberOrAnonymousThrottle,)

    def answers_from_cache(self, request):
        # A token (right or wrong) is DRF's to check, and its answer is never shared.
        return not request.META.get("HTTP_AUTHORIZATION")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A shared cache must never answer a token holder with an anonymous answer or the
        # reverse (a 401 included).
        patch_vary_headers(response, ["Authorization"])
        if request.META.get("HTTP_AUTHORIZATION"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def parse_key(value):
    """A translation key from a URL, or 404 (never a 500) when it is not a UUID."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound() from None


@extend_schema(exclude=True)
class NotFoundView(PublicAPIView):
    def get(self, request):
        raise NotFound()


class PageListView(PublicAPIView):
    """A paginated list of public pages of one kind (series, chapters, working groups)."""

    params_class = serializers.PageParams
    serializer_class = None

    def get(self, request):
        params = self.get_params(request)
        return self.conditional_get(request, params, lambda: self.build(request, params))

    def items(self, language):
        raise NotImplementedError

    def context(self, request, items, language):
        return {
            "request": request,
            "translations": queries.translations_for(items),
            "hosts": hosts.hosts_for(items, language),
        }

    def build(self, request, params):
        items = self.items(params["lang"])
        count, following, previous, page = self.paginate(request, items, params)
        context = self.context(request, page, params["lang"])
        return {
            "count": count,
            "next": following,
            "previous": previous,
            "results": self.serializer_class(page, many=True, context=context).data,
        }


class PageDetailView(PublicAPIView):
    model = None
    serializer_class = None

    def get(self, request, id):  # noqa: A002 - the URL's name for it
        params = self.get_params(request)
        key = parse_key(id)
        return self.conditional_get(request, params, lambda: self.build(request, key, params))

    def find(self, key, language):
        return queries.find_page(self.model, key, language)

    def build(self, request, key, params):
        item = self.find(key, params["lang"])
        if item is None:
            raise NotFound()
        context = PageListView.context(self, request, [item], params["lang"])
        return self.serializer_class(item, context=context).data


def list_schema(name, envelope, operation):
    return extend_schema(
        operation_id=f"{operation}_list",
        summary=_("List of %(name)s") % {"name": name},
        parameters=[serializers.PageParams, ACCEPT_LANGUAGE],
        responses={200: envelope, 304: None, **ERROR_RESPONSES},
    )


def detail_schema(name, serializer, operation, example):
    return extend_schema(
        operation_id=f"{operation}_retrieve",
        summary=_("One of the %(name)s, by id") % {"name": name},
        parameters=[
            serializers.LanguageParams,
            ACCEPT_LANGUAGE,
            OpenApiParameter(
                "id",
                OpenApiTypes.UUID,
                OpenApiParameter.PATH,
                description=_("Its stable `id`."),
                examples=[OpenApiExample(_("An id"), value=example)],
            ),
        ],
        responses={200: serializer, 304: None, **ERROR_RESPONSES, **NOT_FOUND},
    )
