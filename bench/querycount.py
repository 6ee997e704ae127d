"""Count the SQL queries of each request into an X-Query-Count header, with
the time spent in them (X-Query-Ms) and in the whole request (X-Server-Ms),
so that a slow page shows whether the database or the Python side is slow."""

import time

from django.db import connection


class QueryCounter:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(counter.count)
        response["X-Query-Ms"] = f"{counter.seconds * 1000:.1f}"
        response["X-Server-Ms"] = f"{(time.perf_counter() - started) * 1000:.1f}"
        return response
