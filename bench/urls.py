"""The portal's URLs plus the baseline the API is measured against."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from events.models import EventPage
from portal.urls import urlpatterns as portal_urlpatterns

FIELDS = ("translation_key", "title", "starts_at", "ends_at", "timezone", "status", "audience")


def bare_events(request):
    """20 upcoming events as JSON straight from .values(): no visibility rules, no series
    expansion, no languages, no DRF. The floor any real answer is compared with."""
    rows = (
        EventPage.objects.filter(live=True, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .values(*FIELDS)[:20]
    )
    body = json.dumps({"results": list(rows)}, cls=DjangoJSONEncoder)
    return HttpResponse(body, content_type="application/json")


urlpatterns = [path("bench/bare-events/", bare_events), *portal_urlpatterns]
