"""``generate_scale`` at a small size: deterministic, refuses to fill twice, stores what
``Article.save()`` and the live-facts services would, and the public pages render."""

import datetime
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from articles.embeds.body import compile_body_lenient
from articles.embeds.models import ArticleReference
from articles.embeds.services import _wanted_references
from articles.models import Article
from catalog.models import Credit, FactChange, Season
from comments.models import Comment
from showsite import pagecache
from showsite.scale import SLUG_PREFIX, ScaleGenerator, Sizes

pytestmark = pytest.mark.django_db(transaction=False)

NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
SMALL = Sizes(articles=200, shows=12, people=120, comments=400, authors=4, seed=7)


def _generate(sizes=SMALL, **kwargs):
    return ScaleGenerator(sizes, now=NOW, stream=io.StringIO(), **kwargs).run()


def _fingerprint() -> str:
    """A hash of the generated content, without primary keys (they differ per run)."""
    digest = hashlib.sha256()
    for row in Article.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"):
        digest.update(
            repr(
                (row.slug, row.title, row.state, row.published_at, row.body, row.kind)
            ).encode()
        )
    for values in (
        Season.objects.order_by("show__slug", "number").values_list(
            "show__slug", "number", "release_status", "premiere_date"
        ),
        Credit.objects.order_by("show__slug", "billing_order", "kind").values_list(
            "show__slug", "person__slug", "kind", "billing_order"
        ),
        Comment.objects.order_by("article__slug", "created_at").values_list(
            "article__slug", "name", "body", "state"
        ),
        FactChange.objects.order_by("object_repr", "field").values_list(
            "object_repr", "field", "old_display", "new_display", "changed_at"
        ),
    ):
        digest.update(repr(list(values)).encode())
    return digest.hexdigest()


class _Rollback(Exception):
    pass


def _fingerprint_of_a_run(sizes) -> str:
    try:
        with transaction.atomic():
            _generate(sizes)
            result = _fingerprint()
            raise _Rollback
    except _Rollback:
        return result


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    sizes = Sizes(articles=40, shows=5, people=40, comments=80, authors=2, seed=3)
    first = _fingerprint_of_a_run(sizes)
    assert not Article.objects.exists()  # rolled back
    assert _fingerprint_of_a_run(sizes) == first
    other = Sizes(**{**sizes.__dict__, "seed": 4})
    assert _fingerprint_of_a_run(other) != first


def test_it_refuses_to_fill_a_database_twice_and_says_why():
    call_command(
        "generate_scale",
        "--articles=20",
        "--shows=3",
        "--people=20",
        "--comments=10",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    count = Article.objects.count()
    with pytest.raises(CommandError, match="already holds 20 generated articles"):
        call_command("generate_scale", "--articles=20", stderr=io.StringIO())
    assert Article.objects.count() == count


def test_it_fills_every_kind_of_row_and_shows_progress():
    stream = io.StringIO()
    counts = ScaleGenerator(SMALL, now=NOW, stream=stream).run()
    assert counts["articles"] == Article.objects.count() == 200
    for key in ("people", "seasons", "episodes", "credits", "videos", "fact_changes"):
        assert counts[key] > 0, key
    assert "articles     [#########################] 100%" in stream.getvalue()
    states = set(Article.objects.values_list("state", flat=True))
    assert {"published", "draft"} <= states
    public = Article.objects.public(at=NOW).count()
    scheduled = Article.objects.scheduled(at=NOW).count()
    assert 0 < scheduled < public < 200
    assert Comment.objects.filter(state="approved").exists()
    assert Comment.objects.exclude(state="approved").exists()


def test_stored_html_and_reference_index_are_what_a_save_would_make():
    _generate()
    sample = Article.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk")[:40]
    with_embeds = 0
    for article in sample:
        assert compile_body_lenient(article.body).html == article.body_html
        stored = set(
            ArticleReference.objects.filter(article=article).values_list(
                "content_type_id", "object_id", "via"
            )
        )
        assert stored == _wanted_references(article)
        with_embeds += "<!--lf:" in article.body_html
    assert with_embeds > 10


def test_the_page_cache_version_moves_once_the_data_is_committed(
    django_capture_on_commit_callbacks,
):
    before = pagecache.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        _generate(Sizes(articles=10, shows=2, people=10, comments=0, authors=1))
    assert pagecache.current_version() != before


def test_public_pages_render_with_generated_data(client, time_machine):
    time_machine.move_to(NOW + datetime.timedelta(hours=9))
    _generate()
    showcase = Article.objects.get(slug__startswith=f"{SLUG_PREFIX}0-")
    html = client.get(showcase.get_absolute_url()).content.decode()
    assert "livefact--factbox" in html
    assert html.count('class="cast-entry') >= 11
    assert "livefact--trailers" in html and "livefact--volumes" in html
    assert showcase.comments.filter(state="approved").count() == 50
    season = Season.objects.filter(show__credits__isnull=False).first()
    for url in [
        "/",
        season.show.get_absolute_url(),
        season.get_absolute_url(),
        Credit.objects.first().person.get_absolute_url(),
        "/search/?q=season",
        "/feeds/latest.rss",
        "/sitemap.xml",
    ]:
        assert client.get(url).status_code == 200, url
