"""Recurring series."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api.serializers.common import (
    HostSerializer,
    PageFieldsMixin,
    WallClockTimeField,
    host_data,
    page_envelope,
)
from events.models import EventSeriesPage


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


SeriesPageSerializer = page_envelope(SeriesSerializer, "SeriesPageSerializer")
