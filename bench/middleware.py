from django.db import connection


class QueryCountMiddleware:
    """Report the SQL queries a request ran in ``X-Bench-Queries`` (bench only).

    Outermost, so it also counts what the page cache itself asks of the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
