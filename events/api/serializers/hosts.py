"""Chapters and working groups: the EventHost page types the API lists by kind."""

from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from events.api.serializers.common import PageFieldsMixin, page_envelope
from events.reads import hosts


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


ChapterPageSerializer = page_envelope(ChapterSerializer, "ChapterPageSerializer")
WorkingGroupPageSerializer = page_envelope(WorkingGroupSerializer, "WorkingGroupPageSerializer")
