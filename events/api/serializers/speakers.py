"""Speakers of public events."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api.serializers.common import PHOTO_SPECS, ImageSerializer, image_data, page_envelope
from events.models import Speaker


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
        path = reverse("api-v1:event-list")
        return self.context["request"].build_absolute_uri(
            f"{path}?speaker={speaker.translation_key}"
        )


SpeakerPageSerializer = page_envelope(SpeakerSerializer, "SpeakerPageSerializer")
