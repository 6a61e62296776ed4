"""/api/v1/changes/: the public change log, as the other /api/v1/ lists are built.

Parameters are validated for syntax first (a 400 naming the parameter), named hosts and series
are then checked to exist and be public, and the answer is shared through the same conditional
GET and answer cache as the events (`events.api.views.PublicAPIView`). Only changes whose page
is still public are listed; no join detail is ever part of a change.
"""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from chapters.models import ChapterPage, WorkingGroupPage
from events.api import queries
from events.api.params import PageParams
from events.api.views.base import ACCEPT_LANGUAGE, ERROR_RESPONSES, PublicAPIView
from events.domain.choices import Status
from events.models import EventSeriesPage
from notices import selectors, text
from notices.models import Change

# --- Parameters ------------------------------------------------------------------------------


class ChangeListParams(PageParams):
    updated_since = serializers.DateTimeField(
        required=False,
        help_text=_(
            "Only changes recorded at or after this instant: poll with the time of your last "
            "sync. Without it, every change, newest first."
        ),
    )
    series = serializers.UUIDField(
        required=False, help_text=_("Only changes of this series and its dates (its `id`).")
    )
    chapter = serializers.UUIDField(
        required=False, help_text=_("Only changes of events hosted by this chapter (its `id`).")
    )
    working_group = serializers.UUIDField(
        required=False,
        help_text=_("Only changes of events hosted by this working group (its `id`)."),
    )


# --- Output ----------------------------------------------------------------------------------


class ScheduleStateSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(
        allow_null=True, help_text=_("Start (UTC); for a series, its first start.")
    )
    ends_at = serializers.DateTimeField(
        allow_null=True, help_text=_("End (UTC); for a series, its last end, or null.")
    )
    timezone = serializers.CharField(help_text=_("The IANA zone the time is announced in."))
    status = serializers.ChoiceField(choices=Status.choices, help_text=_("The status."))

    class Meta:
        fields = ("starts_at", "ends_at", "timezone", "status")


class ChangeLineSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=_("What changed, in the language returned."))
    before = serializers.CharField(help_text=_("As it was, worded in the language returned."))
    after = serializers.CharField(help_text=_("As it is now, worded in the language returned."))

    class Meta:
        fields = ("label", "before", "after")


class ChangeSerializer(serializers.Serializer):
    id = serializers.CharField(
        help_text=_("The change's id: UID, RECURRENCE-ID (empty for none) and SEQUENCE.")
    )
    event = serializers.CharField(
        help_text=_(
            "The id of the event, occurrence or series changed, as /api/v1/events/ and "
            "/api/v1/series/ give it."
        )
    )
    uid = serializers.CharField(help_text=_("Its iCalendar UID, as in the feeds."))
    recurrence_id = serializers.DateTimeField(
        allow_null=True,
        help_text=_("Its iCalendar RECURRENCE-ID (the date's original start) or null."),
    )
    sequence = serializers.IntegerField(help_text=_("Its iCalendar SEQUENCE after the change."))
    series = serializers.CharField(
        allow_null=True, help_text=_("The series the change belongs to, or null.")
    )
    changed_at = serializers.DateTimeField(help_text=_("When the change was published."))
    what = serializers.ListField(
        child=serializers.ChoiceField(choices=Change.What.choices),
        help_text=_("What changed: date, time, zone, cancelled, postponed, reinstated."),
    )
    title = serializers.CharField(help_text=_("The event's title in the language returned."))
    reason = serializers.CharField(
        help_text=_("Why, in the language returned (empty when none was given).")
    )
    before = ScheduleStateSerializer(help_text=_("The schedule before the change."))
    after = ScheduleStateSerializer(help_text=_("The schedule after the change."))
    summary = ChangeLineSerializer(
        many=True, help_text=_("The change in words, times in the announced zones.")
    )

    class Meta:
        fields = (
            "id",
            "event",
            "uid",
            "recurrence_id",
            "sequence",
            "series",
            "changed_at",
            "what",
            "title",
            "reason",
            "before",
            "after",
            "summary",
        )


class ChangePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Number of changes matching, on every page."))
    next = serializers.URLField(allow_null=True, help_text=_("The next page, if any."))
    previous = serializers.URLField(allow_null=True, help_text=_("The previous page, if any."))
    results = ChangeSerializer(many=True, help_text=_("This page's changes, newest first."))

    class Meta:
        fields = ("count", "next", "previous", "results")


def state(values):
    return {
        "starts_at": values.get("starts_at"),
        "ends_at": values.get("ends_at"),
        "timezone": values.get("timezone") or "",
        "status": values.get("status") or Status.SCHEDULED,
    }


def represent(change, language):
    return {
        "id": change.key,
        "event": change.event_id,
        "uid": str(change.uid),
        "recurrence_id": change.recurrence_id,
        "sequence": change.sequence,
        "series": str(change.series_key) if change.series_key else None,
        "changed_at": change.changed_at,
        "what": change.what,
        "title": change.title(language),
        "reason": change.reason(language),
        "before": state(change.before),
        "after": state(change.after),
        "summary": [
            {"label": label, "before": before, "after": after}
            for label, before, after in text.lines(change, language)
        ],
    }


class ChangeListView(PublicAPIView):
    params_class = ChangeListParams

    @extend_schema(
        operation_id="changes_list",
        summary=_("The change log"),
        description=_(
            "Material changes of public events and series — a new date, time or zone, a "
            "cancellation or postponement — newest first, each with the iCalendar identity "
            "(UID, RECURRENCE-ID, SEQUENCE) of the calendar entry it updates. A typo fix is "
            "not a change. Poll with `updated_since`."
        ),
        parameters=[ChangeListParams, ACCEPT_LANGUAGE],
        responses={200: ChangePageSerializer, 304: None, **ERROR_RESPONSES},
    )
    def get(self, request):
        params = self.get_params(request)
        return self.conditional_get(request, params, lambda: self.build(request, params))

    def build(self, request, params):
        language = params["lang"]
        series, hosts = None, []
        for name, model, message in (
            ("chapter", ChapterPage, _("No public chapter has this id.")),
            ("working_group", WorkingGroupPage, _("No public working group has this id.")),
            ("series", EventSeriesPage, _("No public series has this id.")),
        ):
            if params.get(name):
                if queries.find_page(model, params[name], language) is None:
                    raise ValidationError({name: [message]})
                if name == "series":
                    series = params[name]
                else:
                    hosts.append(params[name])
        changes = selectors.changes_of(series, hosts, since=params.get("updated_since"))
        count, following, previous, page = self.paginate(request, changes, params)
        return {
            "count": count,
            "next": following,
            "previous": previous,
            "results": ChangeSerializer(
                [represent(change, language) for change in page], many=True
            ).data,
        }
