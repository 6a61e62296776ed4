"""The query parameters of /api/v1/: syntax only, no query, so a conditional request can be
answered before any look-up (the views check afterwards that named records exist)."""

import copy
import datetime as dt
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from events.domain.choices import Audience, Status
from home.i18n import language_codes

DEFAULT_WINDOW = dt.timedelta(days=365)
MAX_WINDOW = dt.timedelta(days=2 * 366)
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 100_000
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

    def get_fields(self):
        # DRF deep-copies the declared fields for every instance, which runs each field's
        # __init__ again: half the cost of reading the parameters (the list's: 187 -> 94 µs),
        # paid by every request the view answers (a kept answer or its 304 is sent before
        # the parameters are read: events.api.caching). A shallow copy is enough: binding the
        # copy and setting `choices` above assign attributes of the copy, and nothing changes
        # the validators or messages it shares with the declared field.
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}

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
        return bounded_window(attrs)


def bounded_window(attrs):
    """`attrs` with the window's `start` (default: now, to the minute) and `end` (default: a
    year later) set, or a ValidationError naming `end`."""
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


# The parameters of a plain list: a window, a page of it and a language, no filter.
PLAIN_LIST = ("start", "end", "limit", "offset")


def plain_list_params(query):
    """The parameters of an event list request that sends no filter, validated (a QueryDict:
    the last value of each), exactly as EventListParams validates them, its `lang` if sent
    included; None for any other request, or one with an invalid value, which EventListParams
    validates (and whose 400 names the parameter). No serializer is made: the declared fields
    validate their own values (events.api.caching's lean answers)."""
    data = query.dict()
    if any(name in data for name in _FILTERS):
        return None
    fields = EventListParams._declared_fields
    attrs = {}
    if "lang" in data:
        if data["lang"] not in language_codes():
            return None
        attrs["lang"] = data["lang"]
    try:
        for name in PLAIN_LIST:
            if name in data:
                attrs[name] = fields[name].run_validation(data[name])
            elif fields[name].default is not empty:
                attrs[name] = fields[name].default
        return bounded_window(attrs)
    except serializers.ValidationError:
        return None


# Every other parameter of a list (unknown names are ignored, as by EventListParams).
_FILTERS = frozenset(EventListParams._declared_fields) - {*PLAIN_LIST, "lang"}
