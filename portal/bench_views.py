"""Baselines for bench/run.py, mounted only when settings.BENCHMARK_VIEWS is true.

H ("ok") is the cost of the full middleware stack with no work; J adds serializing 20 events'
worth of JSON built once at import. A real surface is judged by its ratio to these.
"""

import datetime as dt

from django.db import connection
from django.http import HttpResponse, JsonResponse

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


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def prebuilt_json(request):
    return JsonResponse({"count": len(EVENTS), "results": EVENTS})


class QueryCountMiddleware:
    """Adds X-Queries: the number of database queries the request ran (benchmark mode only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        return response
