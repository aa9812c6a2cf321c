"""The demo is worth opening on any day: its invented shows are dated from the day
it loads, every aired season has episodes, and no public page prints an empty
module."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command

from articles.models import Article
from catalog.calendar import upcoming_calendar
from catalog.dates import Precision
from catalog.demo_shows import shows_for
from catalog.models import Episode, Person, Release, Season, Show, SourceWork

pytestmark = pytest.mark.django_db

# What a module says when it has nothing to show: none may reach a public page.
EMPTY_TEXTS = [
    "No trailer",
    "No episodes listed",
    "No cast announced",
    "Not known yet",
    "No premieres on the calendar",
    "Nothing on the calendar",
    "No facts have changed",
    "No credits recorded",
    "No volumes listed",
    "No ratings yet",
    "Which books this season adapts is not known",
    "Not adapted yet",
]


def _load_on(day: datetime.date, settings):
    settings.DEBUG = True
    moment = datetime.datetime.combine(day, datetime.time(9), datetime.UTC)
    with time_machine.travel(moment, tick=False):
        call_command("load_demo", stdout=io.StringIO())


def _calendar_precisions(today) -> set:
    return {entry.date.precision for entry in upcoming_calendar(today=today, cap=50)}


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 1, 15),
        datetime.date(2026, 12, 8),
        datetime.date(2028, 2, 29),
        datetime.date(2029, 7, 1),
    ],
)
def test_invented_dates_are_all_ahead_of_today_at_every_precision(today):
    upcoming = [
        season.premiere
        for show in shows_for(today)
        for season in show.seasons
        if season.status not in ("concluded", "airing")
    ]
    assert all(date.is_upcoming(today) for date in upcoming)
    assert {date.precision for date in upcoming} == set(Precision)
    assert {(d.precision, d.confidence) for d in upcoming} >= {
        (Precision.DAY, "official"),
        (Precision.QUARTER, "reported"),
        (Precision.YEAR, "rumour"),
    }


@pytest.mark.parametrize(
    "today", [datetime.date(2026, 1, 15), datetime.date(2029, 7, 1)]
)
def test_after_loading_on_any_day_upcoming_lists_six_entries_at_four_precisions(
    today, settings, client
):
    _load_on(today, settings)
    entries = upcoming_calendar(today=today, cap=50)
    assert len(entries) >= 6
    assert _calendar_precisions(today) == set(Precision)
    aired = Episode.objects.filter(season__show__slug="the-quiet-orbit")
    assert sum(not e.air.is_upcoming(today) for e in aired) >= 2
    assert sum(e.air.is_upcoming(today) for e in aired) >= 2
    with time_machine.travel(
        datetime.datetime.combine(today, datetime.time(10), datetime.UTC), tick=False
    ):
        html = client.get("/upcoming/").content.decode()
        home = client.get("/").content.decode()
    assert html.count('class="calendar__title"') >= 6
    assert "Coming soon" in home and "Harbour Lights: Season 2" in home


def test_loading_again_weeks_later_moves_the_dates_and_duplicates_nothing(
    settings,
):
    _load_on(datetime.date(2026, 12, 8), settings)
    counts = [m.objects.count() for m in (Show, Season, Episode, Release, Person)]
    later = datetime.date(2027, 3, 20)
    _load_on(later, settings)
    assert [m.objects.count() for m in (Show, Season, Episode, Release, Person)] == (
        counts
    )
    assert _calendar_precisions(later) == set(Precision)
    premiere = Season.objects.get(show__slug="harbour-lights", number=2).premiere
    assert premiere.start == datetime.date(2027, 4, 15)
    moved = Season.objects.get(show__slug="harbour-lights", number=2).fact_history()
    assert moved.filter(field="premiere").exists()


def test_every_season_that_has_aired_lists_its_episodes(demo_db):
    for season in Season.objects.filter(release_status__in=["concluded", "airing"]):
        assert season.episodes.count() == season.planned_episode_count, season


def test_heartstopper_map_matches_the_seasons_that_adapted_each_volume(demo_db, client):
    work = SourceWork.objects.get(slug="heartstopper")
    adapted = {
        volume.number: sorted(a.season.number for a in volume.adaptations.all())
        for volume in work.volumes.all()
    }
    assert adapted == {1: [1], 2: [1], 3: [2], 4: [2, 3], 5: [3]}
    html = client.get("/books/heartstopper/").content.decode()
    assert "Not adapted yet" not in html


def test_cast_and_trailers_of_invented_shows_have_pictures(demo_db, client):
    html = client.get("/shows/harbour-lights/season/2/").content.decode()
    assert 'class="video__poster"' in html
    assert html.count('class="cast__photo"') >= 3
    assert "cast__photo--empty" not in html
    person = client.get("/people/maren-okafor/").content.decode()
    assert 'class="person-head__photo"' in person


def _public_pages() -> list[str]:
    pages = ["/", "/upcoming/", "/shows/"]
    for model in (Show, Season, Person, SourceWork):
        pages += [obj.get_absolute_url() for obj in model.objects.all()]
    pages += [a.get_absolute_url() for a in Article.objects.public()]
    return pages


def test_no_public_page_of_the_demo_prints_an_empty_module(demo_db, client):
    for url in _public_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        text = re.sub(r"<[^>]+>", " ", response.content.decode())
        found = [words for words in EMPTY_TEXTS if words in text]
        assert not found, (url, found)
