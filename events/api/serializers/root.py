"""The API's root: every endpoint and the calendars."""

from django.utils.translation import gettext_lazy as _

from rest_framework import serializers


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
