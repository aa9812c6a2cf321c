"""``/healthz`` for load balancers, answered ahead of every other middleware.

A load balancer polls each app server by its address (``Host: 10.0.0.5``), which
``ALLOWED_HOSTS`` rightly refuses with a 400, and often over plain HTTP, which
``SECURE_SSL_REDIRECT`` would answer with a redirect; neither says whether the server
is healthy. The answer holds no host, URL or data of the site.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import add_never_cache_headers

from . import cacheguard

PATH = "/healthz"


def health_check_middleware(get_response):
    """First in ``MIDDLEWARE``: ``/healthz`` is answered here, whatever the host."""

    def middleware(request):
        if request.path_info == PATH:
            return healthz(request)
        return get_response(request)

    return middleware


def healthz(request):
    """200 when the database answers, 503 when it does not.

    The cache is reported on its own: without it pages are slower but served, so it
    makes the status "degraded", not 503. Each check is bounded by its timeout.
    """
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError:
        database = "unreachable"
    cache_state = "ok" if cacheguard.probe(cache) else "unreachable"
    if database != "ok":
        status = "error"
    else:
        status = "ok" if cache_state == "ok" else "degraded"
    response = JsonResponse(
        {"status": status, "database": database, "cache": cache_state},
        status=200 if database == "ok" else 503,
    )
    add_never_cache_headers(response)
    return response
