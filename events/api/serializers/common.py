"""Parts every representation of /api/v1/ shares: URLs, images, translations, hosts,
speaker links, the page fields and the paginated envelope."""

from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api import examples
from events.domain.choices import SpeakerPart
from events.reads import hosts

EVENT_IMAGE_SPECS = {"card": "fill-800x450", "large": "max-1600x1600"}
PHOTO_SPECS = {"small": "fill-160x160", "large": "fill-480x480"}


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
    if value is None:
        return None
    return value.astimezone(ZoneInfo(zone)).isoformat() if zone else value.isoformat()


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
        path = reverse("api-v1:event-list")
        return self.context["request"].build_absolute_uri(
            f"{path}?{self.events_filter}={page.translation_key}"
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
