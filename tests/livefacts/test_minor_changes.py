"""Minor catalog changes: from "Needs update" an editor hides a piece's current
changes from readers (logged, undoable), a later change shows the box again, and
the box folds to one line on phones."""

import datetime

import pytest
from django.utils import timezone

from catalog import services
from livefacts.models import MinorChangeMark
from livefacts.services import article_mark_changes_minor
from tests.factories import ArticleFactory, UserFactory
from tests.livefacts_helpers import AUG_3, make_catalog

pytestmark = pytest.mark.django_db
URL = "/admin/articles/article/needs-update/"
BOX = "changed since publication"


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.fixture
def catalog():
    return make_catalog()


@pytest.fixture
def piece(catalog, time_machine):
    """A published piece whose season got its date (two facts) after publication."""
    article = ArticleFactory(
        title="Season 2: when?", body="[[release season=heartstopper/2]]"
    )
    services.season_set_release(
        season=catalog.season, status="date_announced", premiere=AUG_3,
        source=None, at=later(1),
    )  # fmt: skip
    time_machine.move_to(later(2))
    return article


def _page(client, article) -> str:
    return client.get(article.get_absolute_url()).content.decode()


def test_the_box_is_a_one_line_summary_that_expands(client, piece):
    html = _page(client, piece)
    assert '<details class="whats-changed__details" data-open-from="48rem">' in html
    assert "2 facts changed since publication</h2></summary>" in html
    assert "What’s changed since this article was published" in html
    assert 'src="/static/js/whats-changed.js"' in html


def test_marking_minor_hides_the_box_and_a_later_change_shows_it_again(
    client, editor, piece, catalog, time_machine
):
    client.force_login(editor)
    response = client.post(URL, {"minor": piece.pk})
    assert response.status_code == 302
    mark = MinorChangeMark.objects.get(article=piece)
    assert mark.marked_by == editor and mark.undone_at is None
    client.logout()
    assert BOX not in _page(client, piece)

    services.season_set_release(
        season=catalog.season, status="airing", premiere=AUG_3, source=None,
        at=later(1),
    )  # fmt: skip
    time_machine.move_to(later(2))
    html = _page(client, piece)
    assert "1 fact changed since publication" in html  # only the new change
    assert "airing" in html


def test_the_piece_stays_on_needs_update_marked_minor(client, editor, piece):
    client.force_login(editor)
    client.post(URL, {"minor": piece.pk})
    html = client.get(URL).content.decode()
    assert "Season 2: when?" in html
    assert "Minor: no box for readers" in html
    assert f'name="unminor" value="{piece.pk}"' in html
    assert f'name="minor" value="{piece.pk}"' not in html


def test_undo_shows_the_box_again_and_keeps_the_log(client, editor, piece):
    client.force_login(editor)
    client.post(URL, {"minor": piece.pk})
    response = client.post(URL, {"unminor": piece.pk})
    assert response.status_code == 302
    mark = MinorChangeMark.objects.get(article=piece)
    assert mark.undone_by == editor and mark.undone_at is not None
    change = client.get(f"/admin/articles/article/{piece.pk}/change/")
    assert "Marked minor" in change.content.decode()
    assert "undone by" in change.content.decode()
    client.logout()
    assert "2 facts " + BOX in _page(client, piece)


@pytest.mark.parametrize("action", ["minor", "unminor"])
@pytest.mark.parametrize(
    "who,status",
    [
        ("anonymous", 302),  # to the login page
        ("moderator", 403),
        ("own_author", 403),
        ("other_author", 403),
        ("editor", 302),
    ],
)
def test_who_may_mark_changes_minor(
    client, roles, piece, editor, author, moderator, who, status, action
):
    users = {
        "moderator": moderator,
        "own_author": author,
        "other_author": UserFactory(groups=[roles["Authors"]], is_staff=True),
        "editor": editor,
    }
    piece.created_by = author
    piece.save()
    if action == "unminor":
        article_mark_changes_minor(article=piece, by=editor)
    before = MinorChangeMark.objects.active().count()
    if who != "anonymous":
        client.force_login(users[who])
    response = client.post(URL, {action: piece.pk})
    assert response.status_code == status
    if who == "anonymous":
        assert "/login/" in response["Location"]
    changed = MinorChangeMark.objects.active().count() != before
    assert changed == (who == "editor")


def test_the_needs_update_page_offers_minor_to_editors_only(
    client, editor, author, piece
):
    piece.created_by = author
    piece.save()
    client.force_login(author)
    assert 'name="minor"' not in client.get(URL).content.decode()
    client.force_login(editor)
    assert f'name="minor" value="{piece.pk}"' in client.get(URL).content.decode()


def test_bad_ids_are_404_not_500(client, editor, piece):
    client.force_login(editor)
    assert client.post(URL, {"minor": "abc"}).status_code == 404
    assert client.post(URL, {"minor": "999999"}).status_code == 404


def test_a_fresh_piece_has_nothing_to_mark(client, editor, catalog):
    fresh = ArticleFactory(body="[[release season=heartstopper/2]]")
    client.force_login(editor)
    response = client.post(URL, {"minor": fresh.pk}, follow=True)
    assert "has no catalog changes to mark" in response.content.decode()
    assert not MinorChangeMark.objects.exists()


def test_marking_minor_shows_at_once_with_the_page_cache_on(
    client, page_cache, editor, piece, django_capture_on_commit_callbacks
):
    url = piece.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        article_mark_changes_minor(article=piece, by=editor)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert BOX not in response.content.decode()


def test_the_article_page_reads_the_minor_mark_in_its_own_query(
    client, editor, piece, django_assert_num_queries
):
    client.get(piece.get_absolute_url())
    # The piece (with its staleness and minor mark), the changed facts (snapshots,
    # the history), the embedded season (read once for the body and the
    # comparison), the comments.
    with django_assert_num_queries(5):
        assert "2 facts " + BOX in _page(client, piece)
    article_mark_changes_minor(article=piece, by=editor)
    with django_assert_num_queries(3):  # nothing to show: no changed-facts query
        assert BOX not in _page(client, piece)
