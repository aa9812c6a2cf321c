"""Calendar feeds (.ics): read back with a real iCalendar parser, only days become
events, one stable UID per release, text escaped, the feed capped."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from catalog import ics
from catalog.dates import Confidence, PreciseDate
from catalog.models import Release
from tests.factories import (
    EpisodeFactory,
    PlatformFactory,
    ReleaseFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.pages_helpers import future

pytestmark = pytest.mark.django_db


@pytest.fixture
def show():
    show = ShowFactory(title="Salt, Pepper; and \\ Friends", slug="salt")
    hulu = PlatformFactory(name="Hulu")
    day = SeasonFactory(show=show, number=1, premiere=PreciseDate.day(future(20)))
    ReleaseFactory(
        season=day,
        country="US",
        platform=hulu,
        release=PreciseDate.day(future(27)),
    )
    quarter = SeasonFactory(
        show=show,
        number=2,
        premiere=PreciseDate.quarter(future(400).year, 2, Confidence.REPORTED),
    )
    ReleaseFactory(
        season=quarter,
        country="US",
        platform=hulu,
        release=PreciseDate.quarter(future(400).year, 3, Confidence.REPORTED),
    )
    SeasonFactory(show=show, number=3, premiere=PreciseDate.month(2099, 5))
    EpisodeFactory(season=day, number=1, air=PreciseDate.day(future(20)))
    return show


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def _days(events) -> set[datetime.date]:
    return {event.decoded("DTSTART") for event in events}


@pytest.mark.parametrize("url", ["/upcoming.ics", "/shows/salt/calendar.ics"])
def test_feed_parses_and_holds_no_event_for_a_quarter_or_month(client, show, url):
    events = _events(client.get(url, {"country": "US"}))
    quarter = Release.objects.get(season__number=2)
    assert quarter.release.precision == 2
    assert not [e for e in events if "Season 2" in str(e["SUMMARY"])]
    assert not [e for e in events if "Season 3" in str(e["SUMMARY"])]
    assert _days(events) == {future(27), future(20)}  # US release, the episode
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert not isinstance(start, datetime.datetime)  # all day
        assert end - start == datetime.timedelta(days=1)
        assert event.decoded("DTSTAMP")


def test_a_country_without_a_release_gets_the_first_date_announced(client, show):
    events = _events(client.get("/upcoming.ics", {"country": "GB"}))
    assert _days(events) == {future(20)}
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries[0] == "Salt, Pepper; and \\ Friends: Season 1"


def test_text_is_escaped_and_read_back_intact(client, show):
    response = client.get("/upcoming.ics", {"country": "US"})
    assert b"Salt\\, Pepper\\; and \\\\ Friends" in response.content
    assert b"\r\n" in response.content
    summaries = {str(e["SUMMARY"]) for e in _events(response)}
    assert "Salt, Pepper; and \\ Friends: Season 1 on Hulu" in summaries


def test_uid_stays_the_same_when_a_release_date_moves(client, show):
    release = Release.objects.get(season__number=1)
    first = {str(e["UID"]) for e in _events(client.get("/upcoming.ics?country=US"))}
    release.release = PreciseDate.day(future(35))
    release.save()
    events = _events(client.get("/upcoming.ics?country=US"))
    assert {str(e["UID"]) for e in events} == first
    assert f"release-{release.pk}@" in " ".join(first)
    assert future(35) in _days(events)


def test_hostile_country_is_the_default(client, show, settings):
    settings.SITE_COUNTRY = "US"
    response = client.get("/upcoming.ics", {"country": "<script>"})
    assert (
        response.content.split(b"DTSTAMP")[0]
        == (client.get("/upcoming.ics").content.split(b"DTSTAMP")[0])
    )
    assert client.get("/shows/nothing/calendar.ics").status_code == 404


def test_long_lines_are_folded_at_75_octets():
    line = "SUMMARY:" + "é" * 80
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_feed_is_capped(show, monkeypatch):
    monkeypatch.setattr(ics, "ICS_CAP", 1)
    assert len(ics.feed_events("US")) == 1


def test_feed_costs_the_same_at_two_sizes(client, django_assert_num_queries):
    for size in (1, 5):
        for n in range(size):
            season = SeasonFactory(premiere=PreciseDate.day(future(10 + n)))
            ReleaseFactory(season=season, country="US", release=season.premiere)
            EpisodeFactory(season=season, air=PreciseDate.day(future(11 + n)))
        with django_assert_num_queries(3):
            client.get(reverse("upcoming_calendar") + "?country=US")


def test_pages_link_to_their_feeds(client, show):
    assert (
        "/upcoming.ics?country=US"
        in client.get("/upcoming/?country=US").content.decode()
    )
    page = client.get(show.get_absolute_url() + "?country=US").content.decode()
    assert "/shows/salt/calendar.ics?country=US" in page
