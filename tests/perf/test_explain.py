"""Every list, filter and lookup a page does on a large table uses an index.

PostgreSQL's planner, with sequential scans priced out (``enable_seqscan = off``),
still picks a ``Seq Scan`` on a table only when no index can serve the query. So on a
modest generated data set (statistics gathered) a ``Seq Scan`` on a large table in the
plan of a page's real queryset is a missing index, whatever the data size.
"""

import datetime
import io
import re

import pytest
from django.db import connection

from articles.models import Article
from bench.scale import ScaleGenerator, Sizes
from catalog.models import Episode, Season, Show
from livefacts.staleness import needs_update
from showsite.search import search_articles
from showsite.sitemaps import ArticleSitemap

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="EXPLAIN plans are PostgreSQL's; SQLite's planner is not the one we "
        "tune for (CI runs this file on PostgreSQL)",
    ),
]

NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
# Tables that grow with the newsroom: one row per article, credit, comment, fact
# change, reference or snapshot (and the subject links between them).
LARGE_TABLES = {
    "articles_article",
    "articles_article_subject_shows",
    "articles_article_subject_seasons",
    "livefacts_articlereference",
    "livefacts_factsnapshot",
    "catalog_credit",
    "catalog_episode",
    "catalog_factchange",
    "catalog_season",
    "comments_comment",
}
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


@pytest.fixture
def data(time_machine):
    time_machine.move_to(NOW + datetime.timedelta(hours=9))
    ScaleGenerator(
        Sizes(articles=400, shows=40, people=300, comments=600, authors=4),
        now=NOW,
        stream=io.StringIO(),
    ).run()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET enable_seqscan = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_seqscan")


def _seq_scans_on_large_tables(queryset) -> set[str]:
    plan = queryset.explain()
    return {table for table in SEQ_SCAN.findall(plan) if table in LARGE_TABLES}


def _queries():
    show = Show.objects.order_by("pk").first()
    public = Article.objects.public()
    piece = (
        Article.objects.with_subjects()
        .filter(subject_seasons__isnull=False)
        .order_by("pk")
        .first()
    )
    return {
        "home": public.for_cards().latest_first()[:12],
        # WindowPaginator's count: a prefix of the list, not all of it.
        "home count": public.latest_first().order_by().values("pk")[:61],
        "show articles": public.about_show(show).latest_first()[:12],
        "related": public.related_to(piece).for_cards().latest_first()[:4],
        "upcoming": Season.objects.upcoming_premieres(today=NOW.date())[:50],
        "upcoming episodes": Episode.objects.upcoming_airings(today=NOW.date())[:50],
        "needs update": needs_update(Article.objects.all())[:50],
        "search": search_articles("season renewal")[:20],
        "sitemap lastmod": ArticleSitemap()
        .items()
        .order_by("-modified_at")
        .values_list("modified_at", flat=True)[:1],
    }


QUERIES = [
    "home",
    "home count",
    "show articles",
    "related",
    "upcoming",
    "upcoming episodes",
    "needs update",
    "search",
    "sitemap lastmod",
]


@pytest.mark.parametrize("name", QUERIES)
def test_page_queries_use_an_index_on_every_large_table(data, name):
    assert _seq_scans_on_large_tables(_queries()[name]) == set()
