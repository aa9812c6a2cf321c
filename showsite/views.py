from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.pages import ARTICLE_LISTS
from catalog.pages import CATALOG_LISTS
from core.pageversions import keyed_by, lists
from core.pagination import paginate

from . import search as site_search

SEARCH_PAGE_SIZE = 10


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
