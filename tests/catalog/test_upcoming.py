"""/upcoming/: every season and episode still to come, filed under honest headings."""

import datetime

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from catalog.calendar import CalendarEntry, period_heading, upcoming_calendar
from catalog.dates import Confidence, PreciseDate, Precision
from tests.factories import EpisodeFactory, SeasonFactory, ShowFactory

TODAY = datetime.date(2030, 5, 10)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2030, 5, 10, 12, 0), tick=False):
        yield


def test_headings_never_claim_more_precision_than_known():
    assert period_heading(PreciseDate.day(datetime.date(2031, 7, 3))) == "July 2031"
    assert period_heading(PreciseDate.month(2031, 7)) == "July 2031"
    assert period_heading(PreciseDate.quarter(2031, 3)) == "Q3 2031"
    assert period_heading(PreciseDate.year(2031)) == "2031"
    assert period_heading(PreciseDate.unknown()) == "Date not announced"


precise_dates = st.builds(
    PreciseDate,
    st.one_of(
        st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))
    ),
    st.sampled_from(list(Precision)),
    st.sampled_from(list(Confidence)),
)


@given(st.lists(precise_dates, min_size=2, max_size=30))
def test_calendar_order_files_each_vague_date_after_every_date_it_could_be(dates):
    """A quarter or year follows every finer date inside it; unknown comes last."""
    season = SeasonFactory.build(show=ShowFactory.build(title="S"))
    entries = sorted(
        (CalendarEntry(d, season) for d in dates), key=CalendarEntry.sort_key
    )
    for earlier, later in zip(entries, entries[1:], strict=False):
        if not earlier.date.is_known:
            assert not later.date.is_known
        elif later.date.is_known:
            assert earlier.date.end <= later.date.end
    headings = [e.heading for e in entries]
    # Each heading is one run: a month is never split around a quarter.
    runs = [h for i, h in enumerate(headings) if i == 0 or headings[i - 1] != h]
    assert len(runs) == len(set(runs))


@pytest.mark.django_db
def test_calendar_lists_future_and_unknown_seasons_and_dated_episodes(frozen):
    show = ShowFactory(title="Cal")
    past = SeasonFactory(
        show=show,
        number=1,
        release_status="concluded",
        premiere=PreciseDate.day(datetime.date(2029, 1, 1)),
    )
    airing = SeasonFactory(
        show=show,
        number=2,
        release_status="airing",
        premiere=PreciseDate.day(datetime.date(2030, 5, 1)),
    )
    EpisodeFactory(
        season=airing, number=1, air=PreciseDate.day(datetime.date(2030, 5, 1))
    )
    next_episode = EpisodeFactory(
        season=airing, number=2, air=PreciseDate.day(datetime.date(2030, 5, 17))
    )
    EpisodeFactory(season=airing, number=3)  # no date: said by its season
    quarter = SeasonFactory(show=show, number=3, premiere=PreciseDate.quarter(2030, 3))
    unknown = SeasonFactory(show=show, number=4)
    entries = upcoming_calendar()
    assert [(e.season, e.episode) for e in entries] == [
        (airing, next_episode),
        (quarter, None),
        (unknown, None),
    ]
    assert past not in [e.season for e in entries]


@pytest.mark.django_db
def test_upcoming_page_groups_by_honest_period_with_confidence_badges(client, frozen):
    show = ShowFactory(title="Grouped")
    SeasonFactory(
        show=show, number=1, premiere=PreciseDate.day(datetime.date(2030, 7, 3))
    )
    SeasonFactory(
        show=show, number=2, premiere=PreciseDate.month(2030, 7, Confidence.REPORTED)
    )
    SeasonFactory(
        show=show, number=3, premiere=PreciseDate.quarter(2030, 3, Confidence.ESTIMATE)
    )
    SeasonFactory(
        show=show, number=4, premiere=PreciseDate.year(2031, Confidence.RUMOUR)
    )
    SeasonFactory(show=show, number=5)
    html = client.get("/upcoming/").content.decode()
    headings = [
        part.split("</h2>")[0].split(">")[-1]
        for part in html.split('class="section__title"')[1:]
    ]
    assert headings == ["July 2030", "Q3 2030", "2031", "Date not announced"]
    for badge in ["official", "reported", "estimate", "rumour"]:
        assert f'class="badge badge--{badge}"' in html.split("</details>")[1]
    assert '<time datetime="2030-07-03">' in html


@pytest.mark.django_db
def test_upcoming_is_paginated(client, frozen, monkeypatch):
    from catalog import views

    monkeypatch.setattr(views, "CALENDAR_PER_PAGE", 2)
    show = ShowFactory()
    for number in range(1, 6):
        SeasonFactory(
            show=show, number=number, premiere=PreciseDate.year(2030 + number)
        )
    assert client.get("/upcoming/").content.decode().count("calendar__entry") == 2
    assert (
        client.get("/upcoming/?page=3").content.decode().count("calendar__entry") == 1
    )
    assert client.get("/upcoming/?page=4").status_code == 404


@pytest.mark.django_db
def test_upcoming_caps_each_kind(frozen, monkeypatch):
    show = ShowFactory()
    for number in range(1, 6):
        SeasonFactory(
            show=show, number=number, premiere=PreciseDate.year(2030 + number)
        )
    assert len(upcoming_calendar(cap=3)) == 3


def _mixed_calendar():
    """Seasons and episodes at every precision, interleaved in calendar order."""
    show = ShowFactory(title="Mixed")
    dates = [
        PreciseDate.year(2031),
        PreciseDate.quarter(2030, 3),
        PreciseDate.month(2030, 7),
        PreciseDate.day(datetime.date(2030, 7, 3)),
        PreciseDate.day(datetime.date(2030, 5, 11)),
        PreciseDate.quarter(2030, 2),  # ends 30 June: still to come
        PreciseDate.unknown(),
    ]
    for number, date in enumerate(dates, start=1):
        SeasonFactory(show=show, number=number, premiere=date)
    airing = SeasonFactory(show=show, number=20, release_status="airing")
    for number, day in enumerate([(5, 12), (7, 1), (9, 30), (12, 31)], start=1):
        EpisodeFactory(
            season=airing,
            number=number,
            air=PreciseDate.day(datetime.date(2030, *day)),
        )


@pytest.mark.django_db
def test_reading_the_first_n_entries_gives_the_calendars_first_n(frozen):
    """Each kind is read in calendar order from the database, only as far as a page
    needs; the merged first N are exactly the full calendar's first N."""
    _mixed_calendar()
    full = upcoming_calendar()
    assert len(full) == 11
    for n in range(1, len(full) + 1):
        assert upcoming_calendar(cap=n) == full[:n]
    headings = [entry.heading for entry in full]
    assert headings[0] == "May 2030" and headings[-1] == "Date not announced"


@pytest.mark.django_db
def test_upcoming_page_reads_its_entries_and_one_more(client, frozen, monkeypatch):
    from catalog import views

    monkeypatch.setattr(views, "CALENDAR_PER_PAGE", 2)
    _mixed_calendar()
    first = client.get("/upcoming/")
    assert first.context["page_obj"].paginator.count == 3  # the page + 1 entry
    assert "Page 1 of 2 or more" in first.content.decode()
    third = client.get("/upcoming/?page=3")
    assert third.context["page_obj"].paginator.count == 7
    assert third.content.decode().count("calendar__entry") == 2
    last = client.get("/upcoming/?page=last")
    assert last.context["page_obj"].number == 6
    assert last.content.decode().count("calendar__entry") == 1
    assert client.get("/upcoming/?page=7").status_code == 404


@pytest.mark.django_db
def test_upcoming_page_query_count_does_not_grow(
    client, frozen, django_assert_num_queries
):
    _mixed_calendar()
    with django_assert_num_queries(2):  # seasons, episodes: each read once
        client.get("/upcoming/?page=2")
