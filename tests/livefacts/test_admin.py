"""The "Needs update" list, its count on the admin index, and who may review."""

import datetime

import pytest
from django.utils import timezone

from catalog import services
from catalog.models import Season
from livefacts.models import FactReview
from tests.factories import ArticleFactory, EpisodeFactory, SourceFactory
from tests.livefacts_helpers import AUG_3, make_catalog

pytestmark = pytest.mark.django_db
URL = "/admin/articles/article/needs-update/"


def later(minutes=1):
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.fixture
def stale(time_machine):
    catalog = make_catalog()
    pieces = [
        ArticleFactory(title=f"Piece {n}", body="[[release season=heartstopper/2]]")
        for n in range(2)
    ]
    ArticleFactory(title="Fresh piece", body="[[factbox show=heartstopper]]")
    services.season_set_release(
        season=catalog.season,
        status="date_announced",
        premiere=AUG_3,
        source=SourceFactory(title="Date announcement", publisher="Netflix"),
        at=later(),
    )
    time_machine.move_to(later(2))
    return pieces


def test_editor_sees_stale_pieces_with_their_changed_facts(client, editor, stale):
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "Piece 0" in html and "Piece 1" in html and "Fresh piece" not in html
    assert "<del>2023 (reported)</del> → <ins>3 August 2023 (official)</ins>" in html
    assert "Netflix: Date announcement" in html
    assert "Mark as reviewed" in html


def test_admin_index_counts_stale_pieces(client, editor, stale):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "<strong>2</strong> published pieces need an update" in html


def test_needs_update_query_count_does_not_grow(
    client, editor, stale, django_assert_num_queries
):
    client.force_login(editor)
    client.get(URL)
    # The list's queries, one for the minor marks of the pieces on the page, what
    # the pieces show now (snapshots, objects, history) and the header's unread count.
    with django_assert_num_queries(12):
        small = client.get(URL)
    for n in range(20):
        ArticleFactory(title=f"More {n}", body="[[release season=heartstopper/2]]")
    services.season_set_release(
        season=Season.objects.get(number=2),
        status="airing",
        source=None,
        at=later(3),
    )
    with django_assert_num_queries(12):
        big = client.get(URL)
    assert small.content.decode().count('name="only"') == 2
    assert big.content.decode().count('name="only"') == 22


def test_mark_one_as_reviewed(client, editor, stale):
    client.force_login(editor)
    response = client.post(URL, {"only": stale[0].pk, "article": [stale[1].pk]})
    assert response.status_code == 302
    review = FactReview.objects.filter(article=stale[0], reason="reviewed").get()
    assert review.reviewed_by == editor
    assert not FactReview.objects.filter(article=stale[1], reason="reviewed").exists()
    html = client.get(URL).content.decode()
    assert "Piece 1" in html and "Piece 0" not in html


def test_bulk_action_marks_all_reviewed(client, editor, stale):
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/",
        {"action": "mark_reviewed", "_selected_action": [a.pk for a in stale]},
    )
    assert response.status_code == 302
    assert FactReview.objects.filter(reason="reviewed").count() == 2
    assert "Every published piece is up to date" in client.get(URL).content.decode()


def test_authors_cannot_mark_reviewed(client, author, stale):
    client.force_login(author)
    assert client.post(URL, {"only": stale[0].pk}).status_code == 403
    changelist = client.get("/admin/articles/article/").content.decode()
    assert "mark_reviewed" not in changelist
    assert not FactReview.objects.filter(reason="reviewed").exists()


def test_moderators_have_no_access(client, moderator, stale):
    client.force_login(moderator)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"only": stale[0].pk}).status_code == 403
    assert "need an update" not in client.get("/admin/").content.decode()


def test_change_form_lists_embeds_for_the_subjects(client, editor):
    catalog = make_catalog()
    article = ArticleFactory(body="Out {{season:heartstopper/2.premiere}}")
    article.subject_seasons.add(catalog.season)
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'data-snippet="[[factbox season=heartstopper/2]]"' in html
    assert 'data-snippet="{{season:heartstopper/2.premiere}}"' in html


def test_change_form_offers_a_spoiler_for_each_episode_of_the_subject_seasons(
    client, editor
):
    catalog = make_catalog()
    for number in (1, 2):
        EpisodeFactory(season=catalog.season, number=number)
    EpisodeFactory(season=catalog.other_season, number=1)  # not a subject
    article = ArticleFactory(body="")
    article.subject_seasons.add(catalog.season)
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    for number in (1, 2):
        syntax = f"[[spoiler episode=heartstopper/2/{number} days=7]]\n\n[[/spoiler]]"
        assert f'data-snippet="{syntax}"' in html
    assert (
        f"episode={catalog.other_season.show.slug}/{catalog.other_season.number}/1"
        not in html
    )
    assert "<code>[[/spoiler]]</code>, each on a line of its own" in html


def test_authors_see_no_review_count_on_the_index(client, author, stale):
    client.force_login(author)
    assert "need an update" not in client.get("/admin/").content.decode()
