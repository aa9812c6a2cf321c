"""``manage.py articles_recompile_bodies``: pieces compiled by older code get what the
current code compiles without a save, their cached pages show it at the next request,
up-to-date pieces are not written, and ``--check`` tells a release pipeline."""

import io

import pytest
import reversion
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article
from articles.pages import ARTICLE_LISTS
from catalog.models import Show
from core.models import PageList
from livefacts.models import ArticleReference
from newsroom.models import Notification
from tests.factories import ArticleFactory, ShowFactory

pytestmark = pytest.mark.django_db

OLD_HTML = "<p>Compiled by last year's code.</p>"
BODY = "Some **Markdown** text."
NEW_HTML = "<p>Some <strong>Markdown</strong> text.</p>"


def recompile(*args) -> str:
    out = io.StringIO()
    call_command("articles_recompile_bodies", *args, stdout=out, stderr=out)
    return out.getvalue()


def compiled_by_old_code(*articles, **columns) -> None:
    """What a release leaves behind: columns compiled by the code before it."""
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(
        **(columns or {"body_html": OLD_HTML})
    )


def fresh(article) -> Article:
    return Article._base_manager.get(pk=article.pk)


def list_version() -> int:
    return PageList.objects.get_or_create(key=ARTICLE_LISTS)[0].render_version


def test_stale_piece_is_rebuilt_and_its_cached_page_shows_it_at_the_next_request(
    client, page_cache, fragments
):
    article = ArticleFactory(body=BODY)
    with reversion.create_revision():
        article.save()
    compiled_by_old_code(article)
    url = article.get_absolute_url()
    assert OLD_HTML in client.get(url).text  # now stored in the page cache
    assert OLD_HTML in client.get(url).text
    before = fresh(article)
    revisions = Version.objects.get_for_object(article).count()

    assert recompile() == "1 of 1 articles rebuilt\n"

    page = client.get(url).text
    assert NEW_HTML in page and OLD_HTML not in page
    after = fresh(article)
    assert after.body_html == NEW_HTML
    assert after.render_version != before.render_version
    assert (after.version, after.modified_at, after.updated_at) == (
        before.version,
        before.modified_at,
        before.updated_at,
    )
    assert Version.objects.get_for_object(article).count() == revisions == 1
    assert not Notification.objects.exists()


def test_up_to_date_piece_is_not_written_and_its_pages_do_not_move():
    article = ArticleFactory(body=BODY)
    before, lists = fresh(article), list_version()
    with CaptureQueriesContext(connection) as queries:
        assert recompile() == "0 of 1 articles rebuilt\n"
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert fresh(article).render_version == before.render_version
    assert list_version() == lists


def test_draft_is_rebuilt_without_moving_any_page_version():
    draft = ArticleFactory(body=BODY, state="draft", published_at=None)
    compiled_by_old_code(draft, body_html=OLD_HTML, search_body="old text")
    before, lists = fresh(draft), list_version()

    assert recompile() == "1 of 1 articles rebuilt\n"

    after = fresh(draft)
    assert (after.body_html, after.search_body) == (NEW_HTML, BODY)
    assert (after.render_version, after.version) == (
        before.render_version,
        before.version,
    )
    assert list_version() == lists


def test_new_search_text_of_a_public_piece_moves_the_lists_search_results_are_on():
    article = ArticleFactory(body=BODY)
    compiled_by_old_code(article, search_body="old text")
    lists = list_version()

    recompile()

    assert fresh(article).search_body == BODY
    assert list_version() != lists


def test_new_html_alone_leaves_the_lists_of_cards_where_they_were():
    article = ArticleFactory(body=BODY)
    compiled_by_old_code(article)
    lists = list_version()

    recompile()

    assert list_version() == lists  # cards show no body


def test_check_writes_nothing_and_fails_only_while_a_piece_is_stale():
    article = ArticleFactory(body=BODY)
    assert recompile("--check") == "0 of 1 articles would be rebuilt\n"
    compiled_by_old_code(article)

    with pytest.raises(SystemExit) as stale:
        recompile("--check")

    assert stale.value.code == 1
    assert fresh(article).body_html == OLD_HTML
    recompile()
    assert recompile("--check") == "0 of 1 articles would be rebuilt\n"


@pytest.mark.parametrize("pieces", [2, 20])
def test_queries_do_not_grow_with_the_pieces_rebuilt(
    django_assert_max_num_queries, pieces
):
    ShowFactory(slug="heartstopper", title="Heartstopper")
    articles = ArticleFactory.create_batch(
        pieces, body="On {{show:heartstopper.title}}: **more** soon."
    )
    expected = fresh(articles[0]).body_html
    assert "<!--lf:fact:show:" in expected
    old_html = expected.replace("strong>", "b>")  # the same embed, other markup
    compiled_by_old_code(*articles, body_html=old_html, search_body="old text")

    # One batch: its savepoint and release, the locked read, one lookup per embedded
    # target type, one UPDATE per column, the pieces' versions, the lists' version.
    with django_assert_max_num_queries(8):
        assert recompile() == f"{pieces} of {pieces} articles rebuilt\n"

    assert set(Article._base_manager.values_list("body_html", flat=True)) == {expected}


def test_batches_cover_every_piece():
    articles = ArticleFactory.create_batch(7, body=BODY)
    compiled_by_old_code(*articles[::2])

    assert recompile("--batch-size", "3") == "4 of 7 articles rebuilt\n"

    assert set(Article._base_manager.values_list("body_html", flat=True)) == {NEW_HTML}


def test_piece_that_would_lose_an_embedded_object_is_left_for_an_editor():
    show = ShowFactory(slug="heartstopper", title="Heartstopper")
    article = ArticleFactory(body="On {{show:heartstopper.title}}.", slug="on-it")
    stored = fresh(article).body_html
    # Renamed without a save of the piece: its stored HTML names the show by key.
    Show.objects.filter(pk=show.pk).update(slug="heartstopper-series")

    output = recompile()

    assert output.startswith("0 of 1 articles rebuilt\n")
    assert "on-it" in output
    assert fresh(article).body_html == stored
    with pytest.raises(SystemExit):
        recompile("--check")


def test_piece_that_now_shows_another_catalog_object_is_indexed_for_its_changes():
    show = ShowFactory(slug="heartstopper", title="Heartstopper")
    article = ArticleFactory(body="On {{show:heartstopper.title}}.")
    # As compiled by code that did not know the embed: no placeholder, no index row.
    compiled_by_old_code(article, body_html="<p>On {{show:heartstopper.title}}.</p>")
    ArticleReference.objects.filter(article=article).delete()

    assert recompile() == "1 of 1 articles rebuilt\n"

    assert ArticleReference.objects.to_object(show).filter(article=article).exists()
