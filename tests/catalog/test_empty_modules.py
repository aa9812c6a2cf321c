"""A module with nothing to show is left out of the page, not printed empty; it
comes back at the next request once it has something."""

import datetime

import pytest

from catalog.dates import PreciseDate
from livefacts.registry import leaves_out
from tests.factories import (
    CreditFactory,
    EpisodeFactory,
    ImageFactory,
    SeasonFactory,
    ShowFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

MODULES = ["episodes-title", "cast-title", "videos-title", "adapts-title"]


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_bare_season_page_has_no_empty_modules(client):
    season = SeasonFactory(release_status="concluded")
    html = _html(client, season.get_absolute_url())
    for module in [*MODULES, "fact-history-title"]:
        assert f'id="{module}"' not in html, module
    assert 'class="empty"' not in html


def test_modules_appear_at_the_next_request_once_they_have_items(client):
    season = SeasonFactory(release_status="concluded")
    _html(client, season.get_absolute_url())  # cached without them
    EpisodeFactory(season=season, title="Pilot")
    CreditFactory(show=season.show)
    VideoFactory(show=season.show, season=season, poster=ImageFactory())
    html = _html(client, season.get_absolute_url())
    for module in ["episodes-title", "cast-title", "videos-title"]:
        assert f'id="{module}"' in html, module
    assert "Pilot" in html and 'class="video__poster"' in html


def test_a_bare_show_page_leaves_out_seasons_cast_and_trailers(client):
    show = ShowFactory()
    html = _html(client, show.get_absolute_url())
    for module in ["seasons-title", "cast-title", "videos-title"]:
        assert f'id="{module}"' not in html, module


def test_the_home_page_leaves_out_coming_soon_with_nothing_to_come(client):
    SeasonFactory(
        release_status="concluded",
        premiere=PreciseDate.day(datetime.date(2020, 5, 1)),
    )
    html = _html(client, "/")
    assert "coming-soon-title" not in html and "No premieres" not in html


def test_an_untitled_episode_reads_by_number_once_aired():
    aired = EpisodeFactory(title="", air=PreciseDate.day(datetime.date(2020, 1, 1)))
    coming = EpisodeFactory(title="", air=PreciseDate.day(datetime.date(2099, 1, 1)))
    assert aired.display_title == f"Episode {aired.number}"
    assert coming.display_title == "Title not announced"


def test_list_embeds_in_a_piece_are_left_out_only_when_their_list_is_empty():
    assert leaves_out("trailers", {"videos": []})
    assert leaves_out("volumes", {"adaptations": []})
    assert not leaves_out("trailers", {"videos": ["a trailer"]})
    assert not leaves_out("factbox", {"ratings": []})  # facts, not a list
