"""Baselines every benchmark surface is judged against, served beside the portal (bench.urls).

H ("ok") is the cost of the full middleware stack with no work; R ("redis") adds one read of
the shared cache, the least any cached or 304 answer does; J adds serializing 20 events'
worth of JSON built once at import; "bare events" reads 20 upcoming events with one `.values()`
query. A real surface is judged by its ratio to these. "bump" is no baseline: it starts a new
content version, as a publish does, so that bench/growth.py can time answers no cache holds.
"""

import datetime as dt
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from events.models import EventPage
from home import freshness

_START = dt.datetime(2026, 5, 18, 18, 0, tzinfo=dt.UTC)
EVENTS = [
    {
        "id": n,
        "title": f"Climate caucus meeting {n}",
        "url": f"/en/events/meeting-{n}/",
        "ics_url": f"/en/events/meeting-{n}/calendar.ics",
        "start": (_START + dt.timedelta(days=n)).isoformat(),
        "end": (_START + dt.timedelta(days=n, hours=1)).isoformat(),
        "timezone": "America/Vancouver",
        "audience": "public",
        "chapter": "B.C. Chapter",
        "series": None,
        "speakers": [{"name": "Councillor Example", "role": "Councillor"}],
    }
    for n in range(20)
]
REDIS_KEY = "bench-redis-read"
BARE_FIELDS = ("translation_key", "title", "starts_at", "ends_at", "timezone", "status", "audience")


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def redis_read(request):
    """H plus one round trip to the shared cache (Redis in production's settings): a two-byte
    value read through Django's cache, as every cached answer reads at least its entry."""
    value = cache.get(REDIS_KEY)
    if value is None:
        cache.set(REDIS_KEY, "ok", timeout=None)
        value = "ok"
    return HttpResponse(value, content_type="text/plain")


def prebuilt_json(request):
    return JsonResponse({"count": len(EVENTS), "results": EVENTS})


def bare_events(request):
    """20 upcoming events as JSON straight from .values(): no visibility rules, no series
    expansion, no languages, no DRF. The floor any real answer is compared with."""
    rows = (
        EventPage.objects.filter(live=True, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .values(*BARE_FIELDS)[:20]
    )
    body = json.dumps({"results": list(rows)}, cls=DjangoJSONEncoder)
    return HttpResponse(body, content_type="application/json")


def bump(request):
    """A new content version, as every publish makes: the next answer of every cached surface
    (pages, feeds, the API's answers, whatever is kept per version) is built afresh. Served
    by the benchmark's server only (bench.urls), never by the portal's."""
    return HttpResponse(str(freshness.bump()), content_type="text/plain")
