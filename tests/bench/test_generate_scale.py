"""``generate_scale`` at a small size: deterministic, refuses to fill twice, stores what
``Article.save()`` and the live-facts services would, and the public pages render."""

import datetime
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from articles.models import Article
from bench.scale import SLUG_PREFIX, ScaleGenerator, Sizes
from catalog.models import Credit, FactChange, Season
from comments.models import Comment
from core.models import PageList
from livefacts.body import compile_body_lenient
from livefacts.models import ArticleReference
from livefacts.services import _wanted_references

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


def test_every_page_version_moves_with_the_bulk_load():
    """Bulk writes send no signals: the load bumps every page itself."""
    lists = PageList.objects.create(key="articles")
    _generate(Sizes(articles=10, shows=2, people=10, comments=0, authors=1))
    lists.refresh_from_db()
    assert lists.render_version > 0
    # Inserted at version 0 without signals: the closing bump moved each one.
    assert 0 not in set(Article.objects.values_list("render_version", flat=True))


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


def test_plain_inserts_store_what_bulk_create_would_and_refuse_a_missing_column():
    from bench.scale import _article_tables
    from bench.scale_insert import Table, next_pk, reset_sequences

    article = Article.objects.create(title="Host", slug="host", state="draft")
    at = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    table = _article_tables()["comments"]  # the very Table generate_scale writes with
    row = (article.pk, "Ann", "a@example.com", "Hi", "approved", "192.0.2.1", at)
    assert table.insert([(*row, at, "k1"), (*row, None, "k2")]) == 2
    first, second = Comment.objects.filter(article=article).order_by("dedupe_key")
    assert (first.created_at, first.moderated_at, second.moderated_at) == (at, at, None)
    assert first.ip_address == "192.0.2.1"
    # Columns left out get the model's defaults, as bulk_create gives them.
    assert (first.hidden_by_reports, first.user_agent, first.parent_id) == (
        False,
        "",
        None,
    )
    with pytest.raises(ValueError, match="Comment.article must be given"):
        Table(Comment, ("name", "email", "body", "created_at"))
    with pytest.raises(ValueError, match="Comment.created_at must be given"):
        Table(Comment, ("article_id", "name", "email", "body", "dedupe_key"))
    # Explicit keys, then the sequence moves past them: the next save gets a new one.
    pk = next_pk(Article)
    Table(Article, ("id", "title", "slug", "created_at", "modified_at")).insert(
        [(pk, "Raw", "raw", at, at)]
    )
    reset_sequences(Article)
    assert Article.objects.create(title="After", slug="after").pk > pk


def test_on_postgresql_every_piece_is_searchable_and_the_index_is_left_as_it_was():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the search vector and its GIN index are PostgreSQL's")
    _generate(Sizes(articles=60, shows=4, people=30, comments=40, authors=2))
    generated = Article.objects.filter(slug__startswith=SLUG_PREFIX)
    assert not generated.filter(search_vector__isnull=True).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = %s",
            ["articles_article_search_gin"],
        )
        assert cursor.fetchone()[0] == ["fastupdate=off"]
        cursor.execute(
            "SELECT count(*) FROM articles_article "
            "WHERE search_vector @@ plainto_tsquery('english', 'season')"
        )
        assert cursor.fetchone()[0] == generated.count()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_load_leaves_planner_statistics_and_a_visibility_map():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("statistics and the visibility map are PostgreSQL's")
    _generate(Sizes(articles=60, shows=4, people=30, comments=40, authors=2))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples, relallvisible FROM pg_class WHERE relname = %s",
            ["articles_article"],
        )
        tuples, all_visible = cursor.fetchone()
    assert tuples >= 60  # -1 when a table was never analysed
    assert all_visible > 0  # VACUUM ran: index-only scans skip the heap


def test_generated_pieces_are_searchable_and_later_writes_stay_indexed():
    """On SQLite the load pauses the FTS5 triggers and rebuilds the index once;
    both databases must end with every piece found and the triggers back."""
    from showsite.search import search

    _generate()
    generated = Article.objects.public().filter(slug__startswith=SLUG_PREFIX)
    title_word = generated.order_by("pk").first().title.split()[0]
    assert len(search(title_word).articles) > 0
    Article.objects.create(
        title="Zephyrine written after the load",
        slug="after-load",
        state="published",
        published_at=NOW,
    )
    assert [a.slug for a in search("zephyrine").articles] == ["after-load"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_a_failed_load_leaves_the_search_triggers_in_place():
    from core import fts

    def triggers():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return {name for (name,) in cursor.fetchall()}

    before = triggers()
    with pytest.raises(RuntimeError), transaction.atomic():
        with fts.paused(connection, [fts.ARTICLES.table]):
            assert not set(fts.ARTICLES.triggers()) & triggers()
            raise RuntimeError("the load failed")
    assert triggers() == before
