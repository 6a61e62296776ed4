"""/api/v1/ itself: every endpoint and the calendars."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema

from events.api import serializers
from events.api.views.base import (
    ACCEPT_LANGUAGE,
    ERROR_RESPONSES,
    PublicAPIView,
)
from events.models import EventIndexPage
from home.visibility import visible


class RootView(PublicAPIView):
    @extend_schema(
        summary=_("Index of the API"),
        description=_(
            "Links to every endpoint, the OpenAPI schema, the documentation, the content API "
            "and the iCalendar feed of every public event in each language."
        ),
        parameters=[ACCEPT_LANGUAGE],
        responses={200: serializers.RootSerializer, **ERROR_RESPONSES},
    )
    def get(self, request):
        params = self.get_params(request)
        return self.conditional_get(request, params, lambda: self.build(request))

    def build(self, request):
        def url(name):
            return request.build_absolute_uri(reverse(name))

        indexes = visible(EventIndexPage.objects.select_related("locale"))
        calendars = {
            page.locale.language_code: page.get_full_url(request) + "calendar.ics"
            for page in indexes
        }
        data = {
            "events": url("api-v1:event-list"),
            "series": url("api-v1:series-list"),
            "chapters": url("api-v1:chapter-list"),
            "working_groups": url("api-v1:working-group-list"),
            "speakers": url("api-v1:speaker-list"),
            "changes": url("api-v1:change-list"),
            "schema": url("api-v1:schema"),
            "docs": url("api-v1:docs"),
            "content_api": url("wagtailapi:pages:listing"),
            "calendars": dict(sorted(calendars.items())),
        }
        return serializers.RootSerializer(data).data
