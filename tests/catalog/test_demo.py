"""The Heartstopper demo: the catalog of mid-2022, then dated, sourced history."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from catalog.models import FactChange, Release, Season, Show, SourceVolume, WatchOption

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("catalog").get_models()
    }


def test_loading_the_demo_twice_duplicates_nothing(demo_db, settings):
    before = _counts()
    assert before["Show"] == 5 and before["FactChange"] > 0
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before


def test_show_page_lists_the_cast_with_characters(demo_db, client):
    html = client.get("/shows/heartstopper/").content.decode()
    for actor, character in [
        ("Kit Connor", "Nick Nelson"),
        ("Joe Locke", "Charlie Spring"),
        ("Rhea Norwood", "Imogen Heaney"),
    ]:
        assert actor in html and character in html
    show = Show.objects.get(slug="heartstopper")
    assert len(show.cast()) >= 11
    assert "Alice Oseman" in html and "Netflix" in html


def test_season_one_page_lists_eight_episodes(demo_db, client):
    response = client.get("/shows/heartstopper/season/1/")
    assert response.status_code == 200
    assert response.content.decode().count('class="episode"') == 8


def test_book_page_lists_the_volumes(demo_db, client):
    html = client.get("/books/heartstopper/").content.decode()
    for number in range(1, 6):
        assert f"Heartstopper Volume {number}" in html


def test_history_starts_from_the_seed_and_records_later_facts_with_sources(demo_db):
    season_2 = Season.objects.get(show__slug="heartstopper", number=2)
    history = list(season_2.fact_history().order_by("changed_at"))
    first_status = next(c for c in history if c.field == "release_status")
    assert first_status.old_display == "renewed"  # as the seed article knew it
    assert first_status.changed_at.year == 2023
    assert str(season_2.premiere) == "3 August 2023"
    # Rows the seed adds are history too, but facts changed later have sources.
    changes = FactChange.objects.exclude(field="row")
    assert all(change.source for change in changes)
    assert all(change.changed_by for change in changes)


def test_medium_confidence_facts_are_estimates_or_speculation(demo_db):
    volume_5 = SourceVolume.objects.get(work__slug="heartstopper", number=5)
    assert volume_5.publication.confidence == "estimate"
    season_3 = Season.objects.get(show__slug="heartstopper", number=3)
    assert {a.certainty for a in season_3.adaptations.all()} == {"speculated"}


def test_no_demo_source_has_an_invented_url(demo_db):
    from catalog.models import Source

    assert list(Source.objects.exclude(url="").values_list("url", flat=True)) == []


def test_demo_has_releases_and_offers_in_several_countries(demo_db, client):
    releases = Release.objects.all()
    assert len({r.country for r in releases}) >= 3
    assert len({r.platform_id for r in releases}) >= 3
    assert len({r.release.precision for r in releases}) >= 3
    assert WatchOption.objects.values("country").distinct().count() >= 3
    html = client.get("/shows/heartstopper/season/1/?country=US").content.decode()
    assert html.index("Apple TV") < html.index("Channel 4")
