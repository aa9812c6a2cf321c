"""Episode dates on the season page as a reader in a country sees them: their
country's release, else the worldwide one, else the episode's own air date, at the
precision recorded; fresh at the next request, in a fixed number of queries."""

import datetime

import pytest

from catalog.dates import Confidence, PreciseDate
from catalog.models import Release
from tests.factories import (
    EpisodeFactory,
    PlatformFactory,
    ReleaseFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.shell_helpers import get, whole

pytestmark = pytest.mark.django_db

AIR_DAY = datetime.date(2031, 3, 5)


@pytest.fixture
def season():
    season = SeasonFactory(
        show=ShowFactory(title="Tidewater", slug="tidewater"), number=2
    )
    episode = EpisodeFactory(season=season, number=1, air=PreciseDate.day(AIR_DAY))
    ReleaseFactory(
        season=season,
        episode=episode,
        country="",
        platform=PlatformFactory(name="Worldflix"),
        release=PreciseDate.day(datetime.date(2031, 3, 6)),
    )
    ReleaseFactory(
        season=season,
        episode=episode,
        country="US",
        platform=PlatformFactory(name="Hulu"),
        release=PreciseDate.month(2031, 4, Confidence.REPORTED),
    )
    return season


def _episode(html: str, number: int = 1) -> str:
    start = html.index(f'id="episode-{number}"')
    return html[start : html.index("</li>", start)]


def test_a_reader_sees_their_countrys_episode_date_at_its_precision(client, season):
    episode = _episode(get(client, season.get_absolute_url() + "?country=US"))
    assert "April 2031" in episode and "(United States, Hulu)" in episode
    assert "6 March 2031" not in episode and "5 March 2031" not in episode
    assert "1 April 2031" not in episode  # a month is not turned into a day


def test_without_their_countrys_release_a_reader_sees_the_worldwide_one(client, season):
    episode = _episode(get(client, season.get_absolute_url() + "?country=GB"))
    assert "6 March 2031" in episode and "(Worldwide, Worldflix)" in episode


def test_without_any_release_the_episodes_air_date_stands(client, season):
    Release.objects.filter(episode__isnull=False).delete()
    episode = _episode(get(client, season.get_absolute_url() + "?country=US"))
    assert "5 March 2031" in episode and "(" not in episode


def test_an_undated_release_gives_way_to_the_worldwide_date(client, season):
    release = Release.objects.get(country="US")
    release.release = PreciseDate.unknown()
    release.save()
    episode = _episode(get(client, season.get_absolute_url() + "?country=US"))
    assert "6 March 2031" in episode and "Worldwide" in episode


def test_the_earliest_of_a_countrys_platforms_is_shown(client, season):
    episode = season.episodes.get()
    ReleaseFactory(
        season=season,
        episode=episode,
        country="US",
        platform=PlatformFactory(name="Peacock"),
        release=PreciseDate.day(datetime.date(2031, 3, 20)),
    )
    html = _episode(get(client, season.get_absolute_url() + "?country=US"))
    assert "20 March 2031" in html and "Peacock" in html and "Hulu" not in html


def test_a_season_release_is_not_taken_for_an_episodes(client, season):
    Release.objects.filter(episode__isnull=False).delete()
    ReleaseFactory(
        season=season,
        country="US",
        release=PreciseDate.day(datetime.date(2031, 1, 1)),
    )
    episode = _episode(get(client, season.get_absolute_url() + "?country=US"))
    assert "5 March 2031" in episode


# --- freshness ------------------------------------------------------------------


@pytest.mark.parametrize("country", ["US", "GB"])
def test_an_episode_release_change_shows_at_the_next_request_with_stored_shells(
    client, fragments, settings, season, country
):
    url = season.get_absolute_url() + f"?country={country}"
    assert get(client, url) == whole(client, url, settings)
    release = Release.objects.get(episode__isnull=False, country="US")
    if country == "GB":
        release = Release.objects.get(episode__isnull=False, country="")
    release.release = PreciseDate.day(datetime.date(2032, 1, 2))
    release.save()
    html = get(client, url)
    assert "2 January 2032" in _episode(html)
    assert html == whole(client, url, settings)


def test_an_added_episode_release_shows_at_the_next_request_with_the_page_cache(
    client, page_cache, season
):
    url = season.get_absolute_url() + "?country=GB"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    ReleaseFactory(
        season=season,
        episode=season.episodes.get(),
        country="GB",
        platform=PlatformFactory(name="BritBox"),
        release=PreciseDate.quarter(2031, 2, Confidence.RUMOUR),
    )
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Q2 2031" in _episode(response.content.decode())


# --- cost -------------------------------------------------------------------------


@pytest.mark.parametrize(("episodes", "platforms"), [(1, 1), (6, 4)])
def test_episode_dates_cost_the_same_at_two_sizes(
    client, django_assert_num_queries, episodes, platforms
):
    """Every listed episode's date in one query, however many episodes and
    releases (one more platform each than counted: worldwide)."""
    season = SeasonFactory(show=ShowFactory(slug="sized"), number=1)
    sellers = [PlatformFactory() for _ in range(platforms)]
    for number in range(1, episodes + 1):
        episode = EpisodeFactory(season=season, number=number)
        for day, platform in enumerate(sellers, start=1):
            for country in ("US", "GB", ""):
                ReleaseFactory(
                    season=season,
                    episode=episode,
                    country=country,
                    platform=platform,
                    release=PreciseDate.day(datetime.date(2031, 5, day)),
                )
    url = season.get_absolute_url() + "?country=US"
    with django_assert_num_queries(SEASON_PAGE_QUERIES):
        html = get(client, url)
    assert html.count("(United States, ") == episodes


# A first request for a season page with no articles, cast or offers (nothing
# stored): one of these reads the listed episodes' releases, all of them.
SEASON_PAGE_QUERIES = 15
