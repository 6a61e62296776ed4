"""Input serializers (query parameters) and output serializers (representations) of /api/v1/.

Inputs only validate syntax (no queries), so a conditional request can be answered before any
look-up; the views check that named chapters, series and speakers exist afterwards. Outputs
read domain objects (events.reads.occurrences.Occurrence, pages, speakers) and the related records
fetched once per page of results (events.api.queries.Related).
"""

import datetime as dt
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from events.api import examples
from events.api.queries import last_modified_of
from events.domain.choices import Audience, SpeakerPart, Status
from events.models import EventSeriesPage, Speaker
from events.reads import hosts
from home.i18n import language_codes

DEFAULT_WINDOW = dt.timedelta(days=365)
MAX_WINDOW = dt.timedelta(days=2 * 366)
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 100_000
EVENT_IMAGE_SPECS = {"card": "fill-800x450", "large": "max-1600x1600"}
PHOTO_SPECS = {"small": "fill-160x160", "large": "fill-480x480"}
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The schedule has nothing outside these years; bounding them keeps expansion and date
# arithmetic away from datetime's limits.
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


# --- Query parameters ----------------------------------------------------------------------


# No example here: each parameter has its own (events.api.schema), and one shared by `start`
# and `end` would be a window that ends where it starts.
@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([T ].+)?$"})
class DateOrDateTimeField(serializers.Field):
    """An ISO date (midnight UTC) or date-time (UTC when it has no offset)."""

    default_error_messages = {
        "invalid": _("Enter an ISO 8601 date (2026-05-01) or date-time (2026-05-01T09:00-04:00)."),
        "range": _("Enter a date between 1900 and 2199."),
    }

    def __init__(self, *, end_of_day=False, **kwargs):
        # A date as an end bound includes that whole day: end=2026-05-31 covers May 31.
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 40:
            self.fail("invalid")
        try:
            if DATE_ONLY.match(data):
                day = dt.date.fromisoformat(data)
                if self.end_of_day:
                    day += dt.timedelta(days=1)
                value = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)
            else:
                value = parse_datetime(data)
        except (ValueError, OverflowError):
            self.fail("invalid")
        if value is None:
            self.fail("invalid")
        if timezone.is_naive(value):
            value = value.replace(tzinfo=dt.UTC)
        try:
            # Instants beyond datetime's range (year 1 at +05:00) fail here, not later.
            in_range = EARLIEST <= value.astimezone(dt.UTC) < LATEST
        except OverflowError:
            in_range = False
        if not in_range:
            self.fail("range")
        return value

    def to_representation(self, value):
        return value.isoformat()


class LanguageParams(serializers.Serializer):
    """`lang`: the language of the text returned; without it, the Accept-Language header.

    The base of every set of query parameters. A parameter sent empty (`lang=`) is validated
    like any other value, so it is a 400 naming it: DRF reads a QueryDict as an HTML form,
    where an empty value means "not sent", and would answer as if it were absent.
    """

    lang = serializers.ChoiceField(
        choices=(),
        required=False,
        help_text=_(
            "Language of the text returned (en or fr). Without it, the Accept-Language header "
            "decides. Where a page is not translated, the other language's text is returned, "
            "and `language` says which."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lang"].choices = language_codes()

    def to_internal_value(self, data):
        # A plain dict (the last value of a repeated parameter, as QueryDict gives it) is read
        # as JSON is: present means present, empty or not.
        if hasattr(data, "dict"):
            data = data.dict()
        return super().to_internal_value(data)


class PageParams(LanguageParams):
    limit = serializers.IntegerField(
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        default=PAGE_SIZE,
        help_text=_("Results per page, 1 to 100."),
    )
    offset = serializers.IntegerField(
        min_value=0,
        max_value=MAX_OFFSET,
        default=0,
        help_text=_("Number of results to skip."),
    )


class EventListParams(PageParams):
    start = DateOrDateTimeField(
        required=False,
        help_text=_(
            "Start of the window: events ending after it are listed. An ISO date (midnight "
            "UTC) or date-time with offset. Default: now."
        ),
    )
    end = DateOrDateTimeField(
        required=False,
        end_of_day=True,
        help_text=_(
            "End of the window: events starting before it are listed. A date includes that "
            "whole day (UTC). Default: one year after the start. At most two years after it."
        ),
    )
    chapter = serializers.UUIDField(
        required=False, help_text=_("Only events hosted by this chapter (its `id`).")
    )
    working_group = serializers.UUIDField(
        required=False, help_text=_("Only events hosted by this working group (its `id`).")
    )
    series = serializers.UUIDField(
        required=False, help_text=_("Only the occurrences of this series (its `id`).")
    )
    speaker = serializers.UUIDField(
        required=False, help_text=_("Only events where this speaker (its `id`) takes part.")
    )
    audience = serializers.ChoiceField(
        choices=Audience.choices, required=False, help_text=_("Only events for this audience.")
    )
    status = serializers.ChoiceField(
        choices=Status.choices, required=False, help_text=_("Only events with this status.")
    )
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text=_(
            "Words to find in the title or introduction (case and accents ignored), "
            "in the language returned."
        ),
    )
    updated_since = serializers.DateTimeField(
        required=False,
        help_text=_(
            "Only events changed after this instant, plus `removed`: the ids of events "
            "unpublished, deleted or hidden since then, or changed so that this query no longer "
            "lists them (moved out of the window, a series' new time or rule, a filter no "
            "longer matched). Poll with the time of your last sync; ignore removed ids you do "
            "not hold."
        ),
    )

    def validate(self, attrs):
        now = timezone.now().replace(second=0, microsecond=0)
        start = attrs.get("start") or now
        end = attrs.get("end") or start + DEFAULT_WINDOW
        if end <= start:
            raise serializers.ValidationError({"end": [_("The end must be after the start.")]})
        if end - start > MAX_WINDOW:
            raise serializers.ValidationError(
                {"end": [_("The window may not exceed two years; ask for it in parts.")]}
            )
        attrs["start"], attrs["end"] = start, end
        return attrs


# --- Output: shared parts ------------------------------------------------------------------


class RenditionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("Size name, e.g. card, small, large."))
    url = serializers.URLField(help_text=_("Where the resized image is served."))
    width = serializers.IntegerField(help_text=_("Its width, in pixels."))
    height = serializers.IntegerField(help_text=_("Its height, in pixels."))

    class Meta:
        fields = ("name", "url", "width", "height")


class ImageSerializer(serializers.Serializer):
    alt = serializers.CharField(help_text=_("Text alternative for people who cannot see it."))
    width = serializers.IntegerField(help_text=_("Width of the original, in pixels."))
    height = serializers.IntegerField(help_text=_("Height of the original, in pixels."))
    renditions = RenditionSerializer(
        many=True, help_text=_("Resized copies to show, one per size name.")
    )

    class Meta:
        fields = ("alt", "width", "height", "renditions")


def page_url(page, context):
    """A page's absolute URL, computed once per answer: an event's page URL appears in its
    `url`, `ics_url` and `translations`, a host's in every event it holds."""
    urls = context.setdefault("urls", {})
    if page.pk not in urls:
        urls[page.pk] = page.get_full_url(context["request"])
    return urls[page.pk]


def image_data(image, alt, specs, request):
    if image is None:
        return None
    renditions = image.get_renditions(*specs.values())
    return {
        "alt": alt,
        "width": image.width,
        "height": image.height,
        "renditions": [
            {
                "name": name,
                "url": request.build_absolute_uri(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in specs.items()
        ],
    }


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "format": "uri"},
        "description": "Page URL in each language the page is published in.",
        "example": examples.EVENT["translations"],
    }
)
class TranslationsField(serializers.Field):
    """{language: URL} of the visible translations of a page (from the Related look-ups)."""

    def __init__(self, **kwargs):
        kwargs["source"] = kwargs.get("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        related = self.context.get("translations", {})
        pages = related.get(page.translation_key) or {page.locale.language_code: page}
        return {code: page_url(pages[code], self.context) for code in sorted(pages)}


class HostSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=("chapter", "working_group", "network"),
        help_text=_("A chapter, a working group, or the whole network (the event index)."),
    )
    id = serializers.CharField(help_text=_("Stable id, the same in every language."))
    name = serializers.CharField(help_text=_("Its name, in the language returned."))
    url = serializers.URLField(help_text=_("Its page, in the language returned."))

    class Meta:
        fields = ("type", "id", "name", "url")


def host_data(host, context):
    if host is None:
        return None
    return {
        "type": hosts.host_kind(host),
        "id": str(host.translation_key),
        "name": host.title,
        "url": page_url(host, context),
    }


class SeriesSummarySerializer(serializers.Serializer):
    id = serializers.CharField(help_text=_("The series' stable id: the `uid` of its occurrences."))
    title = serializers.CharField(help_text=_("The series' title, in the language returned."))
    url = serializers.URLField(help_text=_("The series' page."))
    rrule = serializers.CharField(help_text=_("The RFC 5545 recurrence rule, e.g. FREQ=WEEKLY."))

    class Meta:
        fields = ("id", "title", "url", "rrule")


class EventSpeakerSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=_("The speaker's stable id (see /api/v1/speakers/)."))
    name = serializers.CharField(help_text=_("Their name."))
    role = serializers.ChoiceField(
        choices=SpeakerPart.choices, help_text=_("Their part in this event.")
    )
    role_label = serializers.CharField(help_text=_("The part, in the language returned."))
    title = serializers.CharField(
        allow_blank=True, help_text=_("Their title or position, e.g. City Councillor.")
    )
    organisation = serializers.CharField(
        allow_blank=True, help_text=_("The municipality or organisation they represent.")
    )
    language = serializers.CharField(help_text=_("Language of the title and organisation."))
    photo = ImageSerializer(allow_null=True, help_text=_("Their portrait, if any."))

    class Meta:
        fields = ("id", "name", "role", "role_label", "title", "organisation", "language", "photo")


def speaker_link_data(link, request):
    speaker = link.speaker
    return {
        "id": str(speaker.translation_key),
        "name": speaker.name,
        "role": link.part,
        "role_label": str(link.part_label),
        "title": speaker.role,
        "organisation": speaker.organisation,
        "language": speaker.locale.language_code,
        "photo": image_data(speaker.photo, speaker.photo_alt, PHOTO_SPECS, request),
    }


def local_iso(value, zone):
    from zoneinfo import ZoneInfo

    if value is None:
        return None
    return value.astimezone(ZoneInfo(zone)).isoformat() if zone else value.isoformat()


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
        stamp = last_modified_of(occ, self.related.latest)
        return stamp.isoformat() if stamp else None

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


# --- Output: series, hosts, speakers -------------------------------------------------------


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}$", "nullable": True, "example": "11:00:00"}
)
class WallClockTimeField(serializers.TimeField):
    """A local time without offset: OpenAPI's "time" format would demand one (RFC 3339)."""


class PageFieldsMixin(serializers.Serializer):
    """Fields every page representation shares: id, language, URLs."""

    id = serializers.CharField(
        source="translation_key", help_text=_("Stable id, the same in every language.")
    )
    language = serializers.CharField(
        source="locale.language_code", help_text=_("The language of the text returned.")
    )
    url = serializers.SerializerMethodField(help_text=_("Its page, in the language returned."))
    translations = TranslationsField()
    ics_url = serializers.SerializerMethodField(
        help_text=_("iCalendar feed of the events of this page.")
    )
    events = serializers.SerializerMethodField(help_text=_("Its events in this API."))

    events_filter = None  # the /api/v1/events/ parameter naming this page

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page):
        return page_url(page, self.context)

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, page):
        return page_url(page, self.context) + "calendar.ics"

    @extend_schema_field(OpenApiTypes.URI)
    def get_events(self, page):
        from django.urls import reverse

        path = reverse("api-v1:event-list")
        return self.context["request"].build_absolute_uri(
            f"{path}?{self.events_filter}={page.translation_key}"
        )


class SeriesSerializer(PageFieldsMixin, serializers.ModelSerializer):
    summary = serializers.CharField(source="intro", help_text=_("A sentence or two."))
    host = serializers.SerializerMethodField(
        help_text=_("The chapter, working group or network that holds the series.")
    )
    start_time = WallClockTimeField(
        allow_null=True, help_text=_("Local start time of each call, in `timezone`.")
    )
    end_time = WallClockTimeField(allow_null=True, help_text=_("Local end time, in `timezone`."))
    events_filter = "series"

    class Meta:
        model = EventSeriesPage
        fields = (
            "id",
            "title",
            "summary",
            "language",
            "url",
            "translations",
            "ics_url",
            "events",
            "host",
            "rrule",
            "first_date",
            "until",
            "count",
            "start_time",
            "end_time",
            "timezone",
            "audience",
            "status",
            "status_reason",
            "last_published_at",
        )
        extra_kwargs = {
            "title": {"help_text": _("The title, in the language of `language`.")},
            "rrule": {
                "help_text": _(
                    "The RFC 5545 recurrence rule, e.g. FREQ=MONTHLY;BYDAY=3MO for every third "
                    "Monday; the occurrences are listed by /api/v1/events/."
                )
            },
            "first_date": {"help_text": _("The date of the first call, in `timezone`.")},
            "timezone": {"help_text": _("IANA zone the times are announced in.")},
            "audience": {"help_text": _("Who may take part; the listing itself is public.")},
            "status": {
                "help_text": _("Whether the calls take place as announced (every occurrence).")
            },
            "last_published_at": {
                "help_text": _("When this page was last published, in this language.")
            },
        }

    @extend_schema_field(HostSerializer(allow_null=True))
    def get_host(self, page):
        return host_data(self.context["hosts"].get(page.pk), self.context)


class ChapterSerializer(PageFieldsMixin, serializers.ModelSerializer):
    name = serializers.CharField(source="title", help_text=_("Its name, in the language returned."))
    summary = serializers.CharField(source="intro", help_text=_("A sentence or two."))
    events_filter = "chapter"

    class Meta:
        model = hosts.host_type("chapter")
        fields = (
            "id",
            "name",
            "summary",
            "region",
            "language",
            "url",
            "translations",
            "ics_url",
            "events",
        )


class WorkingGroupSerializer(PageFieldsMixin, serializers.ModelSerializer):
    name = serializers.CharField(source="title", help_text=_("Its name, in the language returned."))
    summary = serializers.CharField(source="intro", help_text=_("A sentence or two."))
    events_filter = "working_group"

    class Meta:
        model = hosts.host_type("working_group")
        fields = ("id", "name", "summary", "language", "url", "translations", "ics_url", "events")


class SpeakerSerializer(serializers.ModelSerializer):
    id = serializers.CharField(
        source="translation_key", help_text=_("Stable id, the same in every language.")
    )
    title = serializers.CharField(source="role", help_text=_("Title or position."))
    language = serializers.CharField(
        source="locale.language_code", help_text=_("The language of the text returned.")
    )
    photo = serializers.SerializerMethodField(help_text=_("Their portrait, if any."))
    events = serializers.SerializerMethodField(help_text=_("Their events in this API."))

    class Meta:
        model = Speaker
        fields = ("id", "name", "title", "organisation", "bio", "language", "photo", "events")
        extra_kwargs = {
            "name": {"help_text": _("Their name.")},
            "organisation": {"help_text": _("The municipality or organisation they represent.")},
            "bio": {"help_text": _("A short biography, in the language returned.")},
        }

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_photo(self, speaker):
        return image_data(speaker.photo, speaker.photo_alt, PHOTO_SPECS, self.context["request"])

    @extend_schema_field(OpenApiTypes.URI)
    def get_events(self, speaker):
        from django.urls import reverse

        path = reverse("api-v1:event-list")
        return self.context["request"].build_absolute_uri(
            f"{path}?speaker={speaker.translation_key}"
        )


def page_envelope(item_serializer, name):
    """A paginated list serializer of `item_serializer`, named for the schema."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(help_text=_("Number of results, on every page.")),
            "next": serializers.URLField(allow_null=True, help_text=_("The next page, if any.")),
            "previous": serializers.URLField(
                allow_null=True, help_text=_("The previous page, if any.")
            ),
            "results": item_serializer(many=True, help_text=_("This page's results.")),
            "Meta": type("Meta", (), {"fields": ("count", "next", "previous", "results")}),
        },
    )


SeriesPageSerializer = page_envelope(SeriesSerializer, "SeriesPageSerializer")
ChapterPageSerializer = page_envelope(ChapterSerializer, "ChapterPageSerializer")
WorkingGroupPageSerializer = page_envelope(WorkingGroupSerializer, "WorkingGroupPageSerializer")
SpeakerPageSerializer = page_envelope(SpeakerSerializer, "SpeakerPageSerializer")


class RootSerializer(serializers.Serializer):
    events = serializers.URLField(help_text=_("Events and occurrences in a date window."))
    series = serializers.URLField(help_text=_("Recurring series."))
    chapters = serializers.URLField(help_text=_("Regional chapters."))
    working_groups = serializers.URLField(help_text=_("Working groups."))
    speakers = serializers.URLField(help_text=_("Speakers of public events."))
    changes = serializers.URLField(help_text=_("The change log: new times, cancellations."))
    schema = serializers.URLField(help_text=_("This API's OpenAPI 3 schema."))
    docs = serializers.URLField(help_text=_("Interactive documentation."))
    content_api = serializers.URLField(help_text=_("Wagtail's page content API (v2)."))
    calendars = serializers.DictField(
        child=serializers.URLField(),
        help_text=_("iCalendar feed of every public event, per language (en, fr)."),
    )

    class Meta:
        fields = (
            "events",
            "series",
            "chapters",
            "working_groups",
            "speakers",
            "changes",
            "schema",
            "docs",
            "content_api",
            "calendars",
        )
