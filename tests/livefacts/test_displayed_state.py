"""A piece is flagged when what its readers see changed, and told in words: a new
trailer or cast credit, a vote count; never a fact its embeds do not show."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from articles.models import Article
from catalog.dates import Confidence, PreciseDate
from catalog.models import FactChange, Season, recording
from livefacts.models import FactSnapshot
from livefacts.services import articles_fill_snapshots
from livefacts.staleness import changed_facts, needs_update
from tests.factories import (
    ArticleFactory,
    CharacterFactory,
    CreditFactory,
    ExternalRatingFactory,
    PersonFactory,
    SourceFactory,
    VideoFactory,
)
from tests.livefacts_helpers import make_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    return make_catalog()


def stale():
    return list(needs_update(Article.objects.all()))


def words(piece) -> list[str]:
    return [fact.words for fact in changed_facts([piece.pk]).get(piece.pk, [])]


def test_a_new_trailer_flags_the_trailers_piece_and_says_which(catalog):
    piece = ArticleFactory(body="[[trailers season=heartstopper/2]]")
    other = ArticleFactory(body="[[release season=heartstopper/2]]")
    source = SourceFactory(title="Netflix on YouTube")
    with recording(source=source):
        VideoFactory(show=catalog.show, season=catalog.season, title="Official teaser")
    assert stale() == [piece] and other not in stale()
    [fact] = changed_facts([piece.pk])[piece.pk]
    assert fact.words == "New trailer: Official teaser"
    assert fact.source == source


def test_a_new_cast_credit_flags_the_cast_piece_and_names_the_role(catalog):
    piece = ArticleFactory(body="[[cast show=heartstopper]]")
    tara = CharacterFactory(show=catalog.show, name="Tara")
    CreditFactory(show=catalog.show, person=PersonFactory(name="Jane Doe"),
                  character=tara, billing_order=1)  # fmt: skip
    assert stale() == [piece]
    assert words(piece) == ["New in the cast: Jane Doe as Tara"]


def test_a_rating_vote_count_change_flags_the_rating_piece(catalog):
    rating = ExternalRatingFactory(
        show=catalog.show, season=catalog.season, vote_count=12301
    )
    piece = ArticleFactory(body="[[rating season=heartstopper/2]]")
    box = ArticleFactory(body="[[factbox season=heartstopper/2]]")  # no votes there
    rating.vote_count = 15870
    rating.save()
    assert stale() == [piece] and box not in stale()
    assert words(piece) == ["Votes: 12,301 → 15,870"]


def test_a_finale_change_flags_the_fact_box_but_not_the_release_box(catalog):
    season = catalog.season
    season.finale = PreciseDate.day(datetime.date(2025, 4, 30))
    season.save()
    box = ArticleFactory(body="[[factbox season=heartstopper/2]]")
    release = ArticleFactory(
        kind="speculation", body="[[release season=heartstopper/2]]"
    )
    release.subject_seasons.add(season)
    season.finale = PreciseDate.year(2028, Confidence.REPORTED)
    season.save()
    assert stale() == [box]
    assert words(box) == ["Finale: 30 April 2025 (official) → 2028 (reported)"]


def test_the_reader_box_and_needs_update_say_what_changed_in_words(
    client, editor, catalog
):
    piece = ArticleFactory(body="[[cast show=heartstopper]]")
    tara = CharacterFactory(show=catalog.show, name="Tara")
    CreditFactory(show=catalog.show, person=PersonFactory(name="Jane Doe"),
                  character=tara)  # fmt: skip
    page = client.get(piece.get_absolute_url()).content.decode()
    assert "New in the cast:" in page and "<ins>Jane Doe as Tara</ins>" in page
    client.force_login(editor)
    admin = client.get("/admin/articles/article/needs-update/").content.decode()
    assert "new in the cast" in admin and "<ins>Jane Doe as Tara</ins>" in admin


def test_a_departed_credit_is_told_as_its_status(catalog):
    piece = ArticleFactory(body="[[cast show=heartstopper]]")
    credit = catalog.actor.credits.get()
    credit.status = "departed"
    credit.save()
    [fact] = changed_facts([piece.pk])[piece.pk]
    assert fact.words == "Status: confirmed → departed"
    assert fact.object_repr == "Heartstopper: Kit Connor as Nick Nelson"


def test_a_row_removed_and_added_back_unchanged_is_no_change(catalog):
    piece = ArticleFactory(body="[[trailers season=heartstopper/2]]")
    video = catalog.season.videos.get()
    fields = {"show": catalog.show, "season": catalog.season,
              "title": video.title, "youtube_id": video.youtube_id}  # fmt: skip
    video.delete()
    assert stale() == [piece]
    VideoFactory(**fields)
    assert stale() == []


def test_adding_and_removing_listed_rows_is_fact_history_with_its_source(catalog):
    source = SourceFactory(title="Casting news")
    with recording(source=source, note="From the press release"):
        credit = CreditFactory(show=catalog.show)
        pk = credit.pk
        credit.delete()
    credit.pk = pk
    added, removed = FactChange.objects.for_objects([credit]).order_by("pk")
    assert (added.new_display, removed.new_display) == ("added", "removed")
    assert added.source == removed.source == source
    assert added.field_label == "Entry"


def test_old_snapshots_convert_without_flagging_what_did_not_change(catalog):
    piece = ArticleFactory(body="[[release season=heartstopper/2]]\n\n"
                                "[[cast show=heartstopper]]")  # fmt: skip
    box = ArticleFactory(body="[[factbox season=heartstopper/2]]")
    season_ct = FactSnapshot.objects.filter(field="premiere").first().content_type
    # As the old code left them: facts only, the finale even for a release box.
    FactSnapshot.objects.exclude(
        field__in=["release_status", "premiere", "finale"]
    ).delete()
    FactSnapshot.objects.update(label="")
    FactSnapshot.objects.create(article=piece, content_type=season_ct,
        object_id=catalog.season.pk, field="finale", object_repr="S2")  # fmt: skip
    Season.objects.filter(pk=catalog.season.pk).update(release_status="filming")
    FactChange.objects.create(
        content_type=season_ct, object_id=catalog.season.pk, field="release_status",
        old_value="renewed", new_value="filming", object_repr="S2",
        changed_at=timezone.now() + datetime.timedelta(minutes=1),
    )  # fmt: skip
    migration = importlib.import_module(
        "livefacts.migrations.0004_snapshot_displayed_state"
    )
    migration.convert(apps, None)
    assert articles_fill_snapshots() == 2
    assert {a.pk for a in stale()} == {piece.pk, box.pk}  # the status did change
    assert not FactSnapshot.objects.filter(article=piece, field="finale").exists()
    assert FactSnapshot.objects.filter(article=piece, field="cast").exists()
    assert not FactSnapshot.objects.filter(label="").exists()
    assert articles_fill_snapshots() == 0
