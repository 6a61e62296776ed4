"""/api/v1/speakers/."""

from django.utils.translation import gettext_lazy as _

from rest_framework.exceptions import NotFound

from events.api import examples, queries, serializers
from events.api.views.base import (
    PageDetailView,
    PageListView,
    detail_schema,
    list_schema,
)
from events.models import Speaker


class SpeakerListView(PageListView):
    serializer_class = serializers.SpeakerSerializer

    @list_schema(_("speakers"), serializers.SpeakerPageSerializer, "speakers")
    def get(self, request):
        return super().get(request)

    def items(self, language):
        return queries.speakers_in(language)

    def context(self, request, items, language):
        return {"request": request}


class SpeakerDetailView(PageDetailView):
    model = Speaker
    serializer_class = serializers.SpeakerSerializer

    @detail_schema(_("speakers"), serializers.SpeakerSerializer, "speakers", examples.SPEAKER_ID)
    def get(self, request, id):  # noqa: A002 - the URL's name for it
        return super().get(request, id)

    def find(self, key, language):
        if key not in queries.public_speaker_keys():
            return None
        found = queries.speakers_in(language, keys={key})
        return found[0] if found else None

    def build(self, request, key, params):
        item = self.find(key, params["lang"])
        if item is None:
            raise NotFound()
        return self.serializer_class(item, context={"request": request}).data
