"""Answer 503 (not 500) when the database cannot be reached, so clients and CDNs retry."""

from home.outage import UNAVAILABLE, unavailable


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection in a view into 503 with Retry-After, never cached
    (home.outage).

    Programming errors (a bad query) stay 500: only OperationalError / InterfaceError — the
    database is down, refusing connections, or the connection broke — mean "try again later".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        return unavailable(request, exception)
