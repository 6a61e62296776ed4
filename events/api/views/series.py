"""/api/v1/series/."""

from django.utils.translation import gettext_lazy as _

from events.api import examples, queries, serializers
from events.api.views.base import (
    PageDetailView,
    PageListView,
    detail_schema,
    list_schema,
)
from events.models import EventSeriesPage


class SeriesListView(PageListView):
    serializer_class = serializers.SeriesSerializer

    @list_schema(_("recurring series"), serializers.SeriesPageSerializer, "series")
    def get(self, request):
        return super().get(request)

    def items(self, language):
        return queries.series_in(language)


class SeriesDetailView(PageDetailView):
    model = EventSeriesPage
    serializer_class = serializers.SeriesSerializer

    @detail_schema(
        _("recurring series"), serializers.SeriesSerializer, "series", examples.SERIES_ID
    )
    def get(self, request, id):  # noqa: A002 - the URL's name for it
        return super().get(request, id)
