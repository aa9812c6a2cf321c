"""The crawler mode's parts that run without gunicorn: the URLs it walks, the
moderator it runs beside, and how it reads the budget."""

import io

import pytest
from django.core.management import call_command

from bench.crawler import crawl_urls, table
from comments.models import Comment
from tests.factories import ArticleFactory, PersonFactory, ShowFactory

pytestmark = pytest.mark.django_db


def test_walks_public_articles_shows_and_people_only():
    live = ArticleFactory(slug="live")
    ArticleFactory(slug="draft", state="draft", published_at=None)
    show, person = ShowFactory(slug="a-show"), PersonFactory(slug="a-person")
    assert crawl_urls(100) == [
        live.get_absolute_url(),
        show.get_absolute_url(),
        person.get_absolute_url(),
    ]


def test_the_limit_shares_urls_between_kinds():
    ArticleFactory.create_batch(5)
    ShowFactory.create_batch(5)
    PersonFactory.create_batch(5)
    urls = crawl_urls(6)
    assert len(urls) == 6
    assert sum(url.startswith("/shows/") for url in urls) == 2
    assert sum(url.startswith("/people/") for url in urls) == 2


def test_the_moderator_approves_a_new_readers_comment(roles):
    piece = ArticleFactory()
    out = io.StringIO()
    call_command("bench_moderate", every=0, count=2, seed=1, stdout=out)
    assert out.getvalue().count("approved ") == 2
    comments = Comment.objects.filter(article=piece)
    assert list(comments.values_list("state", flat=True)) == ["approved"] * 2
    assert comments.filter(moderated_at__isnull=False).count() == 2


@pytest.mark.parametrize(("rate", "verdict"), [(0.95, ": met."), (0.02, ": NOT met.")])
def test_the_table_judges_the_second_pass(rate, verdict):
    passes = [
        {
            "requests": 10,
            "hits": 0,
            "misses": 10,
            "hit_rate": 0.0,
            "cpu_ms": 40,
            "approvals": 1,
            "wall_s": 3.0,
        },
        {
            "requests": 10,
            "hits": 9,
            "misses": 1,
            "hit_rate": rate,
            "cpu_ms": 5,
            "approvals": 1,
            "wall_s": 1.0,
        },
    ]
    report = {
        "commit": "abc",
        "started": "now",
        "data": "demo",
        "database": "sqlite3",
        "cache": "RedisCache",
        "urls": 10,
        "connections": 4,
        "approval_every_s": 10,
        "passes": passes,
        "budget_hit_rate": 0.95,
    }
    text = table(report)
    assert text.endswith(verdict)
    assert f"| 2 | 10 | 9 | 1 | {rate * 100:.1f} % | 5 | 1 | 1.0 |" in text
