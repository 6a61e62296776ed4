"""`/healthz`: is this process able to reach its database and its cache?

For load balancers and orchestrators: 200 with every part "ok", or 503 naming the part that
failed. Never cached, outside the language prefix, and exempt from the https redirect.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def check_cache():
    # A key of its own per call: two probes at once must not read each other's value.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("value written to the cache was not read back")
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@require_safe
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            # Any failure (driver, network, timeout) is an unhealthy part, not a 500.
            logger.exception("health check failed: %s", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    response = JsonResponse(results, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
