"""Events and occurrences, and what the event list adds (removals, the envelope)."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from events.api import examples
from events.api.serializers.common import (
    EVENT_IMAGE_SPECS,
    EventSpeakerSerializer,
    HostSerializer,
    ImageSerializer,
    SeriesSummarySerializer,
    TranslationsField,
    host_data,
    image_data,
    local_iso,
    page_url,
    speaker_link_data,
)
from events.domain.choices import Audience, Status
from events.reads import modified

# --- Output: events ------------------------------------------------------------------------


class AccessDetailsSerializer(serializers.Serializer):
    """How to join, for a member entitled to it (events.reads.access decides; see
    EventSerializer)."""

    join_url = serializers.CharField(allow_blank=True, help_text=_("The video call's link."))
    dial_in = serializers.CharField(
        allow_blank=True, help_text=_("Telephone numbers to join by phone, one a line.")
    )
    passcode = serializers.CharField(allow_blank=True, help_text=_("The meeting's passcode."))
    notes = serializers.CharField(
        source="registration_notes",
        allow_blank=True,
        help_text=_("Registration or other notes on joining."),
    )

    class Meta:
        fields = ("join_url", "dial_in", "passcode", "notes")


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            _("A session of a recurring call, with its own page"),
            value=examples.EVENT,
            response_only=True,
        )
    ]
)
class EventSerializer(serializers.Serializer):
    """One event on the calendar: a one-off event or one occurrence of a series."""

    id = serializers.CharField(
        help_text=_(
            "Stable id, the same in every language and after edits, reschedules and the "
            "creation of a page for this occurrence: the event's id, or for a series' "
            "occurrence the series id and its original local start."
        )
    )
    uid = serializers.CharField(
        help_text=_("The iCalendar UID: the event's or series' id, shared by its occurrences.")
    )
    recurrence_id = serializers.SerializerMethodField(
        help_text=_("The iCalendar RECURRENCE-ID: the original local start; null for one-offs.")
    )
    title = serializers.CharField(help_text=_("The title, in the language of `language`."))
    summary = serializers.CharField(source="page.intro", help_text=_("A sentence or two."))
    language = serializers.CharField(help_text=_("The language of the text actually returned."))
    translations = TranslationsField(source="page")
    url = serializers.SerializerMethodField(help_text=_("The event's page."))
    ics_url = serializers.SerializerMethodField(help_text=_("An iCalendar file of the event."))
    start = serializers.SerializerMethodField(
        help_text=_("ISO 8601 with the offset of the event's zone; null when to be announced.")
    )
    end = serializers.SerializerMethodField(help_text=_("Like start; the end is exclusive."))
    month = serializers.SerializerMethodField(
        help_text=_("YYYY-MM of an event whose date is to be announced; null otherwise.")
    )
    timezone = serializers.CharField(help_text=_("IANA zone the time is announced in."))
    all_day = serializers.BooleanField(help_text=_("Takes whole days; times are midnights."))
    date_tba = serializers.BooleanField(help_text=_("Only the month is known yet."))
    status = serializers.ChoiceField(
        choices=Status.choices, help_text=_("Whether it takes place as announced.")
    )
    status_label = serializers.CharField(help_text=_("The status, in the language returned."))
    status_reason = serializers.CharField(
        allow_blank=True, help_text=_("Why it is cancelled or postponed.")
    )
    audience = serializers.ChoiceField(
        choices=Audience.choices,
        help_text=_("Who may take part; the listing itself is public."),
    )
    audience_label = serializers.CharField(help_text=_("The audience, in the language returned."))
    sequence = serializers.IntegerField(
        help_text=_("The iCalendar SEQUENCE: rises when the time or status changes.")
    )
    host = serializers.SerializerMethodField(
        help_text=_("The chapter, working group or network that holds the event.")
    )
    series = serializers.SerializerMethodField(
        help_text=_("The recurring series this is an occurrence of; null for a one-off.")
    )
    speakers = serializers.SerializerMethodField(
        help_text=_("Who speaks, in order, in the language returned where translated.")
    )
    image = serializers.SerializerMethodField(help_text=_("The event's picture, if any."))
    last_modified = serializers.SerializerMethodField(
        help_text=_("When the event or its series was last published, in any language.")
    )
    join_url = serializers.SerializerMethodField(
        help_text=_(
            "The join or registration link, for anyone: only for an event open to all whose "
            "editor published it openly; null otherwise (restricted events never have one)."
        )
    )
    access_details = serializers.SerializerMethodField(
        help_text=_(
            "How to join: only with a member's personal API token (`Authorization: Token "
            "<token>`) and only for an event that member may join; null otherwise, and always "
            "null for anonymous calls. A series' details apply to its occurrences unless one "
            "has its own."
        )
    )

    class Meta:
        fields = (
            "id",
            "uid",
            "recurrence_id",
            "title",
            "summary",
            "language",
            "translations",
            "url",
            "ics_url",
            "start",
            "end",
            "month",
            "timezone",
            "all_day",
            "date_tba",
            "status",
            "status_label",
            "status_reason",
            "audience",
            "audience_label",
            "sequence",
            "host",
            "series",
            "speakers",
            "image",
            "last_modified",
            "join_url",
            "access_details",
        )

    @property
    def related(self):
        return self.context["related"]

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_recurrence_id(self, occ):
        return local_iso(occ.recurrence_id, occ.series.timezone if occ.series else None)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, occ):
        return page_url(occ.page, self.context)

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, occ):
        return page_url(occ.page, self.context) + "calendar.ics"

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_start(self, occ):
        return None if occ.date_tba else local_iso(occ.start, occ.timezone)

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_end(self, occ):
        return None if occ.date_tba else local_iso(occ.end, occ.timezone)

    @extend_schema_field({"type": "string", "nullable": True, "example": "2026-09"})
    def get_month(self, occ):
        if not occ.date_tba or occ.start is None:
            return None
        return local_iso(occ.start, occ.timezone)[:7]

    @extend_schema_field(HostSerializer(allow_null=True))
    def get_host(self, occ):
        return host_data(self.related.hosts.get(occ.page.pk), self.context)

    @extend_schema_field(SeriesSummarySerializer(allow_null=True))
    def get_series(self, occ):
        series = occ.series
        if series is None:
            return None
        return {
            "id": str(series.translation_key),
            "title": series.title,
            "url": page_url(series, self.context),
            "rrule": series.rrule,
        }

    @extend_schema_field(EventSpeakerSerializer(many=True))
    def get_speakers(self, occ):
        links = self.related.speakers.get(occ.page.pk, [])
        return [speaker_link_data(link, self.context["request"]) for link in links]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, occ):
        image = getattr(occ.page, "image", None)
        if image is None:
            return None
        return image_data(image, image.default_alt_text, EVENT_IMAGE_SPECS, self.context["request"])

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_last_modified(self, occ):
        stamp = modified.last_modified(occ, self.related.latest)
        return stamp.isoformat() if stamp else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_join_url(self, occ):
        # `public_join_links` in the context: events.reads.access.public_join_links, which
        # alone decides (an event open to all, its link published openly).
        return self.context.get("public_join_links", {}).get(occ.id)

    @extend_schema_field(AccessDetailsSerializer(allow_null=True))
    def get_access_details(self, occ):
        # The view fills `access_details` from events.reads.access.access_details_for, which alone
        # decides; an anonymous caller's context has none.
        details = self.context.get("access_details", {}).get(occ.id)
        return AccessDetailsSerializer(details).data if details is not None else None


class RemovalSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=_("The id of the event, occurrence or series removed."))
    uid = serializers.CharField(
        help_text=_("Its iCalendar UID: when a series is removed, drop every occurrence with it.")
    )
    removed = serializers.BooleanField(help_text=_("Always true."))

    class Meta:
        fields = ("id", "uid", "removed")


class EventPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Number of events matching, on every page."))
    next = serializers.URLField(allow_null=True, help_text=_("The next page, if any."))
    previous = serializers.URLField(allow_null=True, help_text=_("The previous page, if any."))
    results = EventSerializer(many=True, help_text=_("This page's events, ordered by start."))
    removed = RemovalSerializer(
        many=True,
        help_text=_(
            "With updated_since: what left the public schedule since then (on every page). "
            "Empty otherwise."
        ),
    )

    class Meta:
        fields = ("count", "next", "previous", "results", "removed")
