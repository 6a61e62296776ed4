"""Answer 503 (not 500) when the database cannot be reached, so clients and CDNs retry."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection in a view into 503 with Retry-After, never cached.

    Programming errors (a bad query) stay 500: only OperationalError / InterfaceError — the
    database is down, refusing connections, or the connection broke — mean "try again later".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: %s", exception, extra={"path": request.path})
        response = HttpResponse(
            "Service temporarily unavailable.", status=503, content_type="text/plain"
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
