"""/api/v1/events/: events and occurrences in a window, one event, and the sync delta."""

import json

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.utils.encoders import JSONEncoder

from events.api import examples, queries, serializers
from events.api.renderers import KeptItems
from events.api.views.base import (
    ACCEPT_LANGUAGE,
    ERROR_RESPONSES,
    NOT_FOUND,
    UNAUTHORIZED,
    MemberAwareAPIView,
)
from events.domain.choices import Audience
from events.models import EventSeriesPage
from events.reads import access, hosts, modified, occurrences
from home.visibility import per_version


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

    def answer_selector(self, request):
        # Without `start` the window starts now (to the minute): so does the answer.
        if "start" in request.GET:
            return ""
        return timezone.now().strftime("%Y-%m-%dT%H:%M")

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
        if not queries.reads_every_occurrence(params):
            if not request.user.is_authenticated:
                return self.lean_build(request, params)
            # A member's answer (access details) is built for them alone, every time.
            count, following, previous, page = self.listed_page(request, params)
            return self.answer(
                request, count, following, previous, occurrences.occurrences_for(page), language
            )
        occs = queries.scoped_occurrences(params["start"], params["end"], language, params)
        latest, removed = None, []
        since = params.get("updated_since")
        if since is not None:
            listed = {o.id for o in occs}
            latest = modified.group_latest(
                [o.page for o in occs] + [o.series for o in occs if o.series is not None]
            )
            keys, uids = queries.changed_since(since)
            details = queries.join_details_changed_since(since)
            occs = [
                o
                for o in occs
                if o.id in keys
                or o.uid in {str(u) for u in uids}
                or (modified.last_modified(o, latest) or since) > since
                or _details_changed(request.user, o, details)
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
        return self.answer(request, count, following, previous, page, language, latest, removed)

    def lean_params(self, request):
        # A plain window (no filter, no `q` or `updated_since`): a lean answer's.
        params = serializers.plain_list_params(request.GET)
        return None if params is None else self.negotiate(request, params)

    def lean_build(self, request, params):
        """An anonymous list whose names are resolved and which needs only the slice shown
        (queries.reads_every_occurrence false): only the slice is read and built
        (queries.listed_slots)."""
        count, following, previous, page = self.listed_page(request, params)
        return self.anonymous_answer(request, count, following, previous, page, params["lang"])

    def listed_page(self, request, params):
        """(count, next, previous, page of slots) of a list that needs only the slice shown:
        only the slice is read (queries.listed_slots)."""
        slots = queries.listed_slots(params["start"], params["end"], params["lang"], params)
        return self.paginate(request, slots, params)

    def anonymous_answer(self, request, count, following, previous, slots, language):
        """The list's body for one page of slots, for an anonymous caller: each event as kept
        for this content version (anonymous_events), the others read and built as `answer`
        builds them, and kept. Every event is sent as the compact JSON kept, never parsed again
        (events.api.renderers). With every event kept, nothing is read from the database once
        the slice is (occurrences.one_off_index); with none, the same queries as `answer`."""
        kept = anonymous_events(request, language)
        missing = [slot for slot in slots if slot.id not in kept]
        built = {}
        if missing:
            occs = occurrences.occurrences_for(missing)
            results = self.results(request, occs, language)
            # As compact JSON: a tenth of the memory of the serialized dicts.
            built = {occ.id: _compact(item) for occ, item in zip(occs, results, strict=True)}
            if len(kept) + len(built) <= ANONYMOUS_EVENTS_KEPT:
                kept.update(built)
        # A page unpublished between the slice and its pages is left out (occurrences_for).
        results = (built.get(slot.id) or kept.get(slot.id) for slot in slots)
        return {
            "count": count,
            "next": following,
            "previous": previous,
            "results": KeptItems(text for text in results if text is not None),
            "removed": [],
        }

    def results(self, request, page, language, latest=None):
        """The serialized events of `page` (occurrences) for the caller."""
        related = queries.related_for(page, language, latest)
        context = {
            "request": request,
            "related": related,
            "translations": related.translations,
            "access_details": access.access_details_for(request.user, page),
            "public_join_links": access.public_join_links(page),
        }
        return serializers.EventSerializer(page, many=True, context=context).data

    def answer(self, request, count, following, previous, page, language, latest=None, removed=()):
        """The list's body for one page of occurrences."""
        return {
            "count": count,
            "next": following,
            "previous": previous,
            "results": self.results(request, page, language, latest),
            "removed": serializers.RemovalSerializer(removed, many=True).data,
        }


# At most this many events are kept per worker, language and site address within a content
# version (~2 kB of JSON each: ~10 MB); past it, the others are built for each answer.
ANONYMOUS_EVENTS_KEPT = 5000


def _compact(item):
    return json.dumps(item, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":"))


def anonymous_events(request, language):
    """{occurrence id: its serialized event} as an anonymous answer shows it, kept by this
    worker for the current content version (visibility.per_version), for `language` and the
    address the request came by (every URL in an event is built on it). An event's fields
    depend on nothing else: not on the window, filters or the other events listed, and its
    join link, speakers, host and translations change only with a new content version (home.
    freshness), which drops them, as it does the kept answers (docs/architecture.md#caching-
    and-freshness). Never used for a token holder (access details)."""
    name = ("api-anonymous-events", language, request.scheme, request.get_host())
    return per_version(name, dict)


def _details_changed(user, occ, changed):
    """Whether `occ`'s access details changed (`changed`: join_details_changed_since) in a way
    this caller's answer shows: an event open to all (its published join link), or one whose
    details this member may see. Anyone else's answer is unchanged, and learns nothing."""
    keys = {str(occ.page.translation_key)}
    if occ.series is not None:
        keys.add(str(occ.series.translation_key))
    if not keys & changed:
        return False
    return occ.audience == Audience.PUBLIC or access.may_see_access_details(user, occ)


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
            "public_join_links": access.public_join_links([occ]),
        }
        return serializers.EventSerializer(occ, context=context).data
