"""Query budgets for every page ``make bench`` measures, at two data sizes.

The same generated data set (``generate_scale``) at a small size and at ten times it:
each page runs the same number of SQL queries on both, and that number is written
down here, so a change that adds a query (or one per row) fails. The page cache is
off (the test settings' default): these are the uncached costs. The article page's
own variations (embeds, comments, cast) are in the live-facts and comments tests.
"""

import datetime
import io

import pytest
from django.db.models import Count
from django.urls import reverse

from articles.models import Article
from bench.scale import SLUG_PREFIX, ScaleGenerator, Sizes
from catalog.models import Person, Season, Show

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
SIZES = {
    "small": Sizes(articles=24, shows=4, people=40, comments=48, authors=2, seed=5),
    "10x": Sizes(articles=240, shows=40, people=400, comments=480, authors=20, seed=5),
}

# page -> queries without the page cache. Keep in step with bench/pages.py.
BUDGETS = {
    "home": 4,  # the page of articles (with its count), hero renditions, authors…
    "article": 4,  # the piece, its live facts, related pieces, comments
    "show": 12,  # the show and each capped list it shows (seasons, cast, pieces…)
    "season": 15,  # … its releases, its offers and its show's, its episodes'
    # releases in the reader's country (one query for the whole list)
    "person": 5,
    "search": 7,  # ranked ids, their cards; each catalog kind's first few with a count
    "upcoming": 3,  # the capped list of seasons (with shows), its count, releases
    "feed": 3,
    "sitemap": 6,  # the index: one lastmod aggregate per section
}


def _urls() -> dict[str, str]:
    showcase = Article.objects.get(slug__startswith=f"{SLUG_PREFIX}0-")
    show = Show.objects.annotate(n=Count("credits")).order_by("-n", "pk").first()
    season = Season.objects.annotate(n=Count("episodes")).order_by("-n", "pk").first()
    person = Person.objects.annotate(n=Count("credits")).order_by("-n", "pk").first()
    return {
        "home": reverse("articles:home"),
        "article": showcase.get_absolute_url(),
        "show": show.get_absolute_url(),
        "season": season.get_absolute_url(),
        "person": person.get_absolute_url(),
        "search": reverse("search") + "?q=season",
        "upcoming": reverse("upcoming"),
        "feed": reverse("articles:feed_rss"),
        "sitemap": reverse("sitemap"),
    }


@pytest.fixture(params=list(SIZES))
def generated(request, time_machine):
    time_machine.move_to(NOW + datetime.timedelta(hours=9))
    ScaleGenerator(SIZES[request.param], now=NOW, stream=io.StringIO()).run()
    return _urls()


@pytest.mark.parametrize("page", list(BUDGETS))
def test_page_query_count_does_not_grow_with_the_data(
    client, django_assert_num_queries, generated, page
):
    url = generated[page]
    assert client.get(url).status_code == 200  # warm per-process caches
    with django_assert_num_queries(BUDGETS[page]):
        assert client.get(url).status_code == 200


def test_the_article_page_meets_the_issue_budget(
    client, django_assert_max_num_queries, time_machine
):
    time_machine.move_to(NOW + datetime.timedelta(hours=9))
    ScaleGenerator(SIZES["small"], now=NOW, stream=io.StringIO()).run()
    url = _urls()["article"]
    client.get(url)
    with django_assert_max_num_queries(6):
        client.get(url)
