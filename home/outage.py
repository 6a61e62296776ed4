"""The answer to a request the database cannot serve: 503 with Retry-After, never cached.

Made by portal.outage's middleware for any view, and by a surface that answers above that
middleware (events.api.caching's lean answers) for its own requests.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

logger = logging.getLogger("portal.outage")
RETRY_AFTER_SECONDS = 30
# The database is down, refusing connections, or the connection broke: "try again later".
# Programming errors (a bad query) are not among them, and stay 500.
UNAVAILABLE = (OperationalError, InterfaceError)


def unavailable(request, exception):
    """The 503 for `request`, which met `exception` (one of UNAVAILABLE), logged."""
    logger.error("database unavailable: %s", exception, extra={"path": request.path})
    response = HttpResponse(
        "Service temporarily unavailable.", status=503, content_type="text/plain"
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
