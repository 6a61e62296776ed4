"""Headers on every response of the benchmark server (bench.settings puts it first):
X-Queries, the number of database queries the request ran; X-Worker, the answering process;
X-Renders-Owed, the renders and builds that process still owes after it (home.revalidation),
read by bench/growth.py to time requests only once no build runs beside them."""

import os

from django.db import connection

from home.revalidation import revalidations


class QueryCountMiddleware:
    """Adds X-Queries, X-Worker and X-Renders-Owed."""

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
        response["X-Worker"] = str(os.getpid())
        response["X-Renders-Owed"] = str(revalidations.pending())
        return response
