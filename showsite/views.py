from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.pages import ARTICLE_LISTS
from catalog.pages import CATALOG_LISTS
from core import cacheguard
from core.pageversions import keyed_by, lists
from core.pagination import paginate

from . import search as site_search

SEARCH_PAGE_SIZE = 10


@require_safe
@never_cache
def healthz(request):
    """Load balancers poll this: 200 when the database answers, 503 when it does not.

    The cache is reported on its own: without it pages are slower but served, so it
    makes the status "degraded", not 503. Each check is bounded by its timeout.
    """
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
    return JsonResponse(
        {"status": status, "database": database, "cache": cache_state},
        status=200 if database == "ok" else 503,
    )


@require_safe
@keyed_by(lists(ARTICLE_LISTS, CATALOG_LISTS))
def search(request):
    """``/search/?q=``: matching pieces (paginated) and catalog entries (capped)."""
    results = site_search.search(request.GET.get("q"))
    page_obj = paginate(request, results.articles, SEARCH_PAGE_SIZE)
    return render(
        request,
        "search/results.html",
        {"results": results, "query": results.query, "page_obj": page_obj},
    )


@require_safe
def robots_txt(request):
    """Crawlers: stay out of the admin, previews and search results; here is the map."""
    return render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
