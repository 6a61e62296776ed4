"""/api/v1/chapters/ and /api/v1/working-groups/: the EventHost page types, by kind."""

from django.utils.translation import gettext_lazy as _

from events.api import examples, queries, serializers
from events.api.views.base import (
    PageDetailView,
    PageListView,
    detail_schema,
    list_schema,
)
from events.reads import hosts


class ChapterListView(PageListView):
    serializer_class = serializers.ChapterSerializer

    @list_schema(_("chapters"), serializers.ChapterPageSerializer, "chapters")
    def get(self, request):
        return super().get(request)

    def items(self, language):
        return queries.hosts_in(hosts.host_type("chapter"), language)


class ChapterDetailView(PageDetailView):
    model = hosts.host_type("chapter")
    serializer_class = serializers.ChapterSerializer

    @detail_schema(_("chapters"), serializers.ChapterSerializer, "chapters", examples.CHAPTER_ID)
    def get(self, request, id):  # noqa: A002 - the URL's name for it
        return super().get(request, id)


class WorkingGroupListView(PageListView):
    serializer_class = serializers.WorkingGroupSerializer

    @list_schema(_("working groups"), serializers.WorkingGroupPageSerializer, "working_groups")
    def get(self, request):
        return super().get(request)

    def items(self, language):
        return queries.hosts_in(hosts.host_type("working_group"), language)


class WorkingGroupDetailView(PageDetailView):
    model = hosts.host_type("working_group")
    serializer_class = serializers.WorkingGroupSerializer

    @detail_schema(
        _("working groups"),
        serializers.WorkingGroupSerializer,
        "working_groups",
        examples.WORKING_GROUP_ID,
    )
    def get(self, request, id):  # noqa: A002 - the URL's name for it
        return super().get(request, id)
