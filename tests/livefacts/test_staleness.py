"""A published piece goes stale when a fact it shows changes; review clears it."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from catalog import services
from catalog.dates import Confidence, PreciseDate
from livefacts.models import FactReview, FactSnapshot
from livefacts.services import article_mark_reviewed
from livefacts.staleness import changed_facts, needs_update
from tests.factories import ArticleFactory, SourceFactory
from tests.livefacts_helpers import AUG_3, make_catalog

pytestmark = pytest.mark.django_db


def later(minutes=1):
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.fixture
def catalog():
    return make_catalog()


@pytest.fixture
def piece(catalog):
    return ArticleFactory(
        title="Season 2: when?",
        kind="speculation",
        body="[[release season=heartstopper/2]]",
    )


def test_publishing_snapshots_the_facts_shown(piece, catalog):
    snap = FactSnapshot.objects.get(
        article=piece, object_id=catalog.season.pk, field="premiere"
    )
    assert snap.value == {"start": "2023-01-01", "precision": "year",
                          "confidence": "reported"}  # fmt: skip
    assert snap.display == "2023 (reported)"
    assert FactReview.objects.get(article=piece).reason == "published"


def test_drafts_have_no_snapshot(catalog):
    draft = ArticleFactory(state="draft", published_at=None,
                           body="[[release season=heartstopper/2]]")  # fmt: skip
    assert not FactSnapshot.objects.filter(article=draft).exists()


def test_a_changed_fact_makes_the_piece_stale_with_old_and_new(piece, catalog):
    source = SourceFactory(title="Season 2 date", publisher="Netflix")
    services.season_set_release(
        season=catalog.season,
        status="date_announced",
        premiere=AUG_3,
        source=source,
        at=later(),
    )
    assert list(needs_update(Article.objects.all())) == [piece]
    facts = {f.label: f for f in changed_facts([piece.pk])[piece.pk]}
    assert facts["Premiere"].old == "2023 (reported)"
    assert facts["Premiere"].new == "3 August 2023 (official)"
    assert facts["Premiere"].source == source
    assert facts["Release status"].old == "renewed"
    assert facts["Release status"].new == "date announced"


def test_the_public_page_shows_whats_changed_until_reviewed(
    client, piece, catalog, editor, time_machine
):
    services.season_set_release(
        season=catalog.season, status="date_announced", premiere=AUG_3,
        source=None, at=later(),
    )  # fmt: skip
    html = client.get(piece.get_absolute_url()).content.decode()
    assert "What’s changed since this article was published" in html
    assert "<del>2023 (reported)</del>" in html
    assert "<ins>3 August 2023 (official)</ins>" in html

    time_machine.move_to(later(2))
    review = article_mark_reviewed(article=piece, by=editor)

    assert review.reviewed_by == editor and review.reason == "reviewed"
    assert list(needs_update(Article.objects.all())) == []
    html = client.get(piece.get_absolute_url()).content.decode()
    assert "What’s changed" not in html
    assert (
        FactSnapshot.objects.get(article=piece, field="premiere").display
        == "3 August 2023 (official)"
    )


def test_an_unrelated_fact_does_not_make_it_stale(piece, catalog):
    services.season_set_release(
        season=catalog.other_season, status="date_announced", premiere=AUG_3,
        source=None, at=later(),
    )  # fmt: skip
    assert list(needs_update(Article.objects.all())) == []


def test_changes_before_publication_do_not_count(catalog):
    services.season_set_release(
        season=catalog.season, status="filming", source=None,
        at=timezone.now() - datetime.timedelta(days=1),
    )  # fmt: skip
    ArticleFactory(body="[[release season=heartstopper/2]]")
    assert list(needs_update(Article.objects.all())) == []


def test_an_edit_keeps_the_old_snapshot_so_a_change_is_not_hidden(piece, catalog):
    services.season_set_release(
        season=catalog.season, status="filming", source=None, at=later()
    )
    piece.title = "Season 2: typo fixed"
    piece.save()
    assert list(needs_update(Article.objects.all())) == [piece]


def test_inline_actor_goes_stale_when_the_credit_is_recast(catalog):
    article = ArticleFactory(body="{{character:heartstopper/nick-nelson.actor}}")
    credit = catalog.actor.credits.get()
    services.credit_set_status(credit=credit, status="recast", source=None, at=later())
    [fact] = changed_facts([article.pk])[article.pk]
    assert (fact.old, fact.new) == ("Kit Connor", "Kit Connor (recast)")


def test_snapshot_as_of_a_past_date_uses_fact_history(catalog):
    from livefacts.services import article_sync_snapshot

    past = timezone.now() - datetime.timedelta(days=30)
    services.season_set_release(
        season=catalog.season,
        status="date_announced",
        premiere=PreciseDate.day(datetime.date(2023, 8, 3), Confidence.OFFICIAL),
        source=None,
        at=past + datetime.timedelta(days=1),
    )
    article = ArticleFactory(body="[[release season=heartstopper/2]]")
    article_sync_snapshot(article=article, retake=True, at=past)
    facts = {f.label: f for f in changed_facts([article.pk])[article.pk]}
    assert facts["Premiere"].old == "2023 (reported)"


def test_answered_release_questions_come_first(catalog):
    def piece(title, kind):
        article = ArticleFactory(
            title=title, kind=kind, body="[[factbox season=heartstopper/2]]"
        )
        article.subject_seasons.add(catalog.season)
        return article

    news = piece("News", "news")
    question = piece("When will season 2 be out?", "speculation")
    volume_news = ArticleFactory(
        title="Books", body="[[volumes season=heartstopper/2]]"
    )
    services.season_set_release(
        season=catalog.season, status="airing", premiere=AUG_3, source=None,
        at=later(1),
    )  # fmt: skip
    services.volume_set_publication(
        volume=catalog.volume, status="published",
        publication=PreciseDate.year(2021), source=None, at=later(5),
    )  # fmt: skip
    ordered = list(needs_update(Article.objects.all()))
    assert ordered == [question, volume_news, news]
    assert ordered[0].release_priority is True


def test_needs_update_runs_a_fixed_number_of_queries(
    catalog, django_assert_num_queries
):
    for n in range(12):
        ArticleFactory(title=f"Piece {n}", body="[[release season=heartstopper/2]]")
    services.season_set_release(
        season=catalog.season, status="airing", source=None, at=later()
    )
    # The list; the changed snapshots, what the pieces show, the history behind it.
    with django_assert_num_queries(4):
        rows = list(needs_update(Article.objects.all()))
        facts = changed_facts(rows)
    assert len(rows) == 12 and all(len(facts[a.pk]) == 1 for a in rows)


def test_a_fact_changed_and_changed_back_is_not_stale(client, piece, catalog):
    services.season_set_release(
        season=catalog.season, status="filming", source=None, at=later(1)
    )
    assert list(needs_update(Article.objects.all())) == [piece]
    services.season_set_release(
        season=catalog.season, status="renewed", source=None, at=later(2)
    )
    assert list(needs_update(Article.objects.all())) == []
    assert changed_facts([piece.pk]) == {}
    html = client.get(piece.get_absolute_url()).content.decode()
    assert "whats-changed__" not in html


def test_a_left_out_list_goes_stale_only_when_it_gains_a_member(catalog):
    """An empty trailers box is left out of the piece, so renaming its show changes
    nothing readers see; its first trailer does."""
    from catalog.models import Show
    from tests.factories import VideoFactory

    catalog.show.videos.all().delete()
    piece = ArticleFactory(body="[[trailers show=heartstopper]]")
    show = Show.objects.get(pk=catalog.show.pk)
    show.title = "Heartstopper!"
    show.save()
    assert not needs_update(Article.objects.filter(pk=piece.pk)).exists()
    VideoFactory(show=show)
    assert needs_update(Article.objects.filter(pk=piece.pk)).exists()
