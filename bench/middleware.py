"""X-Queries on every response of the benchmark server (bench.settings puts it first)."""

from django.db import connection


class QueryCountMiddleware:
    """Adds X-Queries: the number of database queries the request ran."""

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
