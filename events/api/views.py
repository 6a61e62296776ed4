"""Views of /api/v1/: they parse parameters, call the domain modules, and set HTTP headers.

Every view is read-only, with its own authentication and AllowAny permission: DRF's global
defaults would also govern wagtail-localize's editor API. Most are anonymous only; the event
views also accept a member's personal API token (members.authentication), and then add the
access details events.reads.access allows to the events.

Each answer follows the same steps: validate the parameters' syntax (no query), read the
schedule state (two queries), answer 304 if the client's copy is current, then check that named
records exist and build the answer, or reuse one built for the same state and URL.

A token holder's answer skips all of that sharing: it is built for them alone, never read from
or written to the answer cache, has no validators, and is `private, no-store`.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from events.api import examples, queries, serializers
from events.api.throttling import AnonymousThrottle, MemberOrAnonymousThrottle
from events.models import EventIndexPage, EventSeriesPage, Speaker
from events.reads import access, hosts
from home import visibility
from home.i18n import accepted_language
from home.visibility import visible

# Answers built for one schedule state stay valid until the state changes (the key holds it);
# the timeout only bounds memory.
ANSWER_CACHE_SECONDS = 600

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


class PublicAPIView(APIView):
    """Cookieless anonymous reads: no session or CSRF, the same bytes for every caller."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonymousThrottle,)
    params_class = serializers.LanguageParams

    def get_params(self, request):
        params = self.params_class(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        self.negotiated = "lang" not in data
        data["lang"] = data.get("lang") or accepted_language(request.headers.get("Accept-Language"))
        return data

    def conditional_get(self, request, params, build):
        """The answer for `params`: 304 when current, else from the cache or from build()."""
        if request.user.is_authenticated:
            return self.private_get(request, params, build)
        state = queries.schedule_state()
        selector = sorted((k, str(v)) for k, v in params.items())
        etag = state.etag(request.path, selector)
        # Whole seconds, as HTTP dates have them: If-Modified-Since compares against these.
        last_modified = int(state.last_modified.timestamp()) if state.last_modified else None
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
                    visibility.content_version(state.fingerprint),
                ):
                    data = build()
                cache.set(key, data, ANSWER_CACHE_SECONDS)
            response = Response(data)
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.API_MAX_AGE)
        response["Content-Language"] = params["lang"]
        # Read by events.api.middleware: only a header-chosen language varies by the header.
        response.language_negotiated = self.negotiated
        return response

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


class RootView(PublicAPIView):
    @extend_schema(
        summary=_("Index of the API"),
        description=_(
            "Links to every endpoint, the OpenAPI schema, the documentation, the content API "
            "and the iCalendar feed of every public event in each language."
        ),
        parameters=[ACCEPT_LANGUAGE],
        responses={200: serializers.RootSerializer, **ERROR_RESPONSES},
    )
    def get(self, request):
        params = self.get_params(request)
        return self.conditional_get(request, params, lambda: self.build(request))

    def build(self, request):
        def url(name):
            return request.build_absolute_uri(reverse(name))

        indexes = visible(EventIndexPage.objects.select_related("locale"))
        calendars = {
            page.locale.language_code: page.get_full_url(request) + "calendar.ics"
            for page in indexes
        }
        data = {
            "events": url("api-v1:event-list"),
            "series": url("api-v1:series-list"),
            "chapters": url("api-v1:chapter-list"),
            "working_groups": url("api-v1:working-group-list"),
            "speakers": url("api-v1:speaker-list"),
            "schema": url("api-v1:schema"),
            "docs": url("api-v1:docs"),
            "content_api": url("wagtailapi:pages:listing"),
            "calendars": dict(sorted(calendars.items())),
        }
        return serializers.RootSerializer(data).data


class EventListView(MemberAwareAPIView):
    params_class = serializers.EventListParams

    @extend_schema(
        operation_id="events_list",
        summary=_("Events in a date window"),
        description=_(
            "Every public event and every occurrence of a recurring series that overlaps the "
            "window [start, end), ordered by start. To mirror the schedule, poll with "
            "`updated_since` (the time of your previous sync) and `If-None-Match` (its ETag): "
            "you get only what changed, `removed` ids, or 304 Not Modified."
        ),
        parameters=[serializers.EventListParams, ACCEPT_LANGUAGE],
        responses={
            200: serializers.EventPageSerializer,
            304: None,
            **ERROR_RESPONSES,
            **UNAUTHORIZED,
        },
    )
    def get(self, request):
        params = self.get_params(request)
        return self.conditional_get(request, params, lambda: self.build(request, params))

    def resolve_names(self, params):
        """Check that the chapter, group, series and speaker named exist and are public."""
        language = params["lang"]
        for name, model, message in (
            ("chapter", hosts.host_type("chapter"), _("No public chapter has this id.")),
            (
                "working_group",
                hosts.host_type("working_group"),
                _("No public working group has this id."),
            ),
            ("series", EventSeriesPage, _("No public series has this id.")),
        ):
            if params.get(name):
                page = queries.find_page(model, params[name], language)
                if page is None:
                    raise ValidationError({name: [message]})
                params[f"{name}_page"] = page
                params[name] = str(params[name])
        if params.get("speaker"):
            if params["speaker"] not in queries.public_speaker_keys():
                raise ValidationError({"speaker": [_("No public speaker has this id.")]})
            params["speaker"] = str(params["speaker"])

    def build(self, request, params):
        params = dict(params)
        self.resolve_names(params)
        language = params["lang"]
        occs = queries.scoped_occurrences(params["start"], params["end"], language, params)
        latest, removed = None, []
        since = params.get("updated_since")
        if since is not None:
            listed = {o.id for o in occs}
            latest = queries.group_last_modified(occs)
            keys, uids = queries.changed_since(since)
            occs = [
                o
                for o in occs
                if o.id in keys
                or o.uid in {str(u) for u in uids}
                or (queries.last_modified_of(o, latest) or since) > since
            ]
            removed = queries.removals_since(since, keys, uids)
            # Still shown but no longer here (another time, host, audience...): removed from
            # this query, with the id the client holds.
            gone = {r["id"] for r in removed}
            removed += [
                r
                for r in queries.left_since(since, params["start"], params["end"], listed)
                if r["id"] not in gone
            ]
        count, following, previous, page = self.paginate(request, occs, params)
        related = queries.related_for(page, language, latest)
        context = {
            "request": request,
            "related": related,
            "translations": related.translations,
            "access_details": access.access_details_for(request.user, page),
        }
        return {
            "count": count,
            "next": following,
            "previous": previous,
            "results": serializers.EventSerializer(page, many=True, context=context).data,
            "removed": serializers.RemovalSerializer(removed, many=True).data,
        }


class EventDetailView(MemberAwareAPIView):
    @extend_schema(
        operation_id="events_retrieve",
        summary=_("One event or occurrence"),
        description=_(
            "By its stable id: an event's id, or a series id and an original local start "
            "(`<series id>_YYYYMMDDTHHMMSS`) for one occurrence of a series."
        ),
        parameters=[
            serializers.LanguageParams,
            ACCEPT_LANGUAGE,
            OpenApiParameter(
                "id",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=_("The event's `id`."),
                examples=[
                    OpenApiExample(_("An occurrence of a series"), value=examples.OCCURRENCE_ID),
                    OpenApiExample(_("A one-off event"), value=examples.EVENT_ID),
                ],
            ),
        ],
        responses={
            200: serializers.EventSerializer,
            304: None,
            **ERROR_RESPONSES,
            **UNAUTHORIZED,
            **NOT_FOUND,
        },
    )
    def get(self, request, id):  # noqa: A002 - the URL's name for it
        params = self.get_params(request)
        return self.conditional_get(request, params, lambda: self.build(request, id, params))

    def build(self, request, event_id, params):
        occ = queries.find_occurrence(event_id, params["lang"])
        if occ is None:
            raise NotFound()
        related = queries.related_for([occ], params["lang"])
        context = {
            "request": request,
            "related": related,
            "translations": related.translations,
            "access_details": access.access_details_for(request.user, [occ]),
        }
        return serializers.EventSerializer(occ, context=context).data


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


class SeriesListView(PageListView):
    serializer_class = serializers.SeriesSerializer

    @list_schema(_("recurring series"), serializers.SeriesPageSerializer, "series")
    def get(self, request):
        return super().get(request)

    def items(self, language):
        return queries.series_in(language)


class SeriesDetailView(PageDetailView):
    model = EventSeriesPage
    serializer_class = serializers.SeriesSerializer

    @detail_schema(
        _("recurring series"), serializers.SeriesSerializer, "series", examples.SERIES_ID
    )
    def get(self, request, id):  # noqa: A002 - the URL's name for it
        return super().get(request, id)


class ChapterListView(PageListView):
    serializer_class = serializers.ChapterSerializer

    @list_schema(_("chapters"), serializers.ChapterPageSerializer, "chapters")
    def get(self, request):
        return super().get(request)

    def items(self, language):
        return queries.hosts_in(hosts.host_type("chapter"), language)


class ChapterDetailView(PageDetailView):
    model = hosts.host_type("chapter")
    serializer_class = serializers.ChapterSerializer

    @detail_schema(_("chapters"), serializers.ChapterSerializer, "chapters", examples.CHAPTER_ID)
    def get(self, request, id):  # noqa: A002 - the URL's name for it
        return super().get(request, id)


class WorkingGroupListView(PageListView):
    serializer_class = serializers.WorkingGroupSerializer

    @list_schema(_("working groups"), serializers.WorkingGroupPageSerializer, "working_groups")
    def get(self, request):
        return super().get(request)

    def items(self, language):
        return queries.hosts_in(hosts.host_type("working_group"), language)


class WorkingGroupDetailView(PageDetailView):
    model = hosts.host_type("working_group")
    serializer_class = serializers.WorkingGroupSerializer

    @detail_schema(
        _("working groups"),
        serializers.WorkingGroupSerializer,
        "working_groups",
        examples.WORKING_GROUP_ID,
    )
    def get(self, request, id):  # noqa: A002 - the URL's name for it
        return super().get(request, id)


class SpeakerListView(PageListView):
    serializer_class = serializers.SpeakerSerializer

    @list_schema(_("speakers"), serializers.SpeakerPageSerializer, "speakers")
    def get(self, request):
        return super().get(request)

    def items(self, language):
        return queries.speakers_in(language)

    def context(self, request, items, language):
        return {"request": request}


class SpeakerDetailView(PageDetailView):
    model = Speaker
    serializer_class = serializers.SpeakerSerializer

    @detail_schema(_("speakers"), serializers.SpeakerSerializer, "speakers", examples.SPEAKER_ID)
    def get(self, request, id):  # noqa: A002 - the URL's name for it
        return super().get(request, id)

    def find(self, key, language):
        if key not in queries.public_speaker_keys():
            return None
        found = queries.speakers_in(language, keys={key})
        return found[0] if found else None

    def build(self, request, key, params):
        item = self.find(key, params["lang"])
        if item is None:
            raise NotFound()
        return self.serializer_class(item, context={"request": request}).data
