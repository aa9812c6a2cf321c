"""The editorial calendar: pieces on their local days, premieres with their precision,
coverage flags, who sees what, bad query strings, and a flat query count."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.calendar import (
    MONTH,
    WEEK,
    editorial_calendar,
    premieres_between,
    uncovered_premieres,
)
from articles.models import Article
from catalog.dates import PreciseDate
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    EpisodeFactory,
    SeasonFactory,
    ShowFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = "/admin/articles/article/calendar/"
TODAY = datetime.date(2027, 6, 10)


def _at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def _piece(owner, **fields):
    article = ArticleFactory(created_by=owner, **fields)
    article.authors.add(AuthorProfileFactory(user=owner))
    return article


def _day(calendar, date: datetime.date):
    return next(day for day in calendar.days if day.date == date)


def _season(premiere: PreciseDate, **fields):
    return SeasonFactory(premiere=premiere, **fields)


# --- pieces --------------------------------------------------------------------------


def test_published_and_scheduled_pieces_sit_on_their_days(editor):
    live = _piece(editor, title="Live", published_at=_at(2027, 6, 3, 9))
    later = _piece(editor, title="Later", published_at=_at(2027, 6, 20, 9))
    _piece(editor, title="Draft", state="draft", published_at=None)
    _piece(editor, title="Pulled", state="unpublished", published_at=_at(2027, 6, 4))
    _piece(editor, title="July", published_at=_at(2027, 7, 15, 9))
    calendar = editorial_calendar(
        editor, view=MONTH, anchor=datetime.date(2027, 6, 1), today=TODAY
    )
    assert _day(calendar, datetime.date(2027, 6, 3)).pieces == [live]
    assert _day(calendar, datetime.date(2027, 6, 20)).pieces == [later]
    titles = {p.title for day in calendar.days for p in day.pieces}
    assert titles == {"Live", "Later"}


def test_a_piece_at_2330_utc_in_summer_lands_on_the_next_local_day(editor, settings):
    settings.TIME_ZONE = "Europe/London"  # BST: 23:30 UTC is 00:30 the next day
    piece = _piece(editor, title="Late", published_at=_at(2027, 6, 1, 23, 30))
    calendar = editorial_calendar(
        editor, view=MONTH, anchor=datetime.date(2027, 6, 1), today=TODAY
    )
    assert _day(calendar, datetime.date(2027, 6, 2)).pieces == [piece]
    assert _day(calendar, datetime.date(2027, 6, 1)).pieces == []


def test_the_range_ends_at_local_midnight(editor, settings):
    settings.TIME_ZONE = "America/New_York"  # 02:00 UTC on 1 July is 30 June there
    piece = _piece(editor, title="Edge", published_at=_at(2027, 7, 1, 2))
    week = editorial_calendar(
        editor, view=WEEK, anchor=datetime.date(2027, 6, 30), today=TODAY
    )
    assert _day(week, datetime.date(2027, 6, 30)).pieces == [piece]
    next_week = editorial_calendar(
        editor, view=WEEK, anchor=datetime.date(2027, 7, 5), today=TODAY
    )
    assert not any(day.pieces for day in next_week.days)


def test_authors_see_their_own_pieces_editors_see_all(editor, author, roles):
    other = UserFactory(username="otto", groups=[roles["Authors"]], is_staff=True)
    _piece(author, title="Mine", published_at=_at(2027, 6, 3, 9))
    _piece(other, title="Theirs", published_at=_at(2027, 6, 4, 9))
    anchor = datetime.date(2027, 6, 1)

    def titles(user):
        cal = editorial_calendar(user, view=MONTH, anchor=anchor, today=TODAY)
        return {p.title for day in cal.days for p in day.pieces}

    assert titles(author) == {"Mine"}
    assert titles(other) == {"Theirs"}
    assert titles(editor) == {"Mine", "Theirs"}


def test_week_view_shows_monday_to_sunday(editor):
    _piece(editor, title="Thursday", published_at=_at(2027, 6, 10, 12))
    _piece(editor, title="Next Monday", published_at=_at(2027, 6, 14, 12))
    week = editorial_calendar(
        editor, view=WEEK, anchor=datetime.date(2027, 6, 10), today=TODAY
    )
    assert [d.date for d in week.days] == [
        datetime.date(2027, 6, 7) + timedelta(days=n) for n in range(7)
    ]
    assert [p.title for d in week.days for p in d.pieces] == ["Thursday"]
    assert week.title == "Week 23: 7 Jun – 13 Jun 2027"
    assert week.next == {"view": "week", "year": 2027, "week": 24}
    assert week.other_view == {"view": "month", "year": 2027, "month": 6}


# --- premieres -----------------------------------------------------------------------


def test_premieres_keep_their_precision(editor):
    day = _season(PreciseDate.day(datetime.date(2027, 6, 18)))
    month = _season(PreciseDate.month(2027, 6))
    _season(PreciseDate.quarter(2027, 2))
    _season(PreciseDate.year(2027))
    _season(PreciseDate.unknown())
    calendar = editorial_calendar(
        editor, view=MONTH, anchor=datetime.date(2027, 6, 1), today=TODAY
    )
    assert [p.season for p in _day(calendar, datetime.date(2027, 6, 18)).premieres] == [
        day
    ]
    assert [row.month for row in calendar.month_rows] == [datetime.date(2027, 6, 1)]
    assert [p.season for p in calendar.month_rows[0].premieres] == [month]
    placed = [p.season for d in calendar.days for p in d.premieres]
    assert placed == [day]  # the month, quarter, year and unknown ones on no day


def test_month_row_reads_sometime_in_the_month(client, editor, time_machine):
    time_machine.move_to(_at(2027, 6, 10, 12))
    _season(PreciseDate.month(2027, 12), show=ShowFactory(title="Month Show"))
    client.force_login(editor)
    html = client.get(URL, {"year": 2027, "month": 12}).content.decode()
    assert "Sometime in December 2027" in html
    assert "Month Show" in html


def test_a_weeks_month_rows_cover_both_months_it_touches(editor):
    _season(PreciseDate.month(2027, 6))
    _season(PreciseDate.month(2027, 7))
    week = editorial_calendar(
        editor, view=WEEK, anchor=datetime.date(2027, 6, 30), today=TODAY
    )
    assert [row.month.month for row in week.month_rows] == [6, 7]


def test_episodes_of_one_day_are_one_entry_and_none_on_the_premiere_day(editor):
    premiere = datetime.date(2027, 6, 18)
    season = _season(PreciseDate.day(premiere))
    for n in (1, 2):
        EpisodeFactory(season=season, number=n, air=PreciseDate.day(premiere))
    other = _season(PreciseDate.day(datetime.date(2027, 5, 1)))
    for n in (3, 4):
        EpisodeFactory(
            season=other, number=n, air=PreciseDate.day(datetime.date(2027, 6, 25))
        )
    calendar = editorial_calendar(editor, view=MONTH, anchor=premiere, today=TODAY)
    assert [p.episodes for p in _day(calendar, premiere).premieres] == [()]
    (entry,) = _day(calendar, datetime.date(2027, 6, 25)).premieres
    assert entry.season == other and [e.number for e in entry.episodes] == [3, 4]
    assert entry.label.endswith("episodes 3–4")


# --- coverage ------------------------------------------------------------------------


def test_a_season_is_covered_by_a_piece_about_it_or_its_show(editor):
    season = _season(PreciseDate.day(datetime.date(2027, 6, 18)))

    def covered():
        return Article.objects.covering_season(season.pk, season.show_id).exists()

    assert not covered()
    piece = _piece(editor, state="draft", published_at=None)
    piece.subject_seasons.add(season)
    assert covered()  # a draft counts: someone is on it
    Article.objects.filter(pk=piece.pk).update(state="unpublished")
    assert not covered()  # a piece taken down does not
    other = _piece(editor)
    other.subject_shows.add(season.show)
    assert covered()


def test_premieres_in_the_next_weeks_without_a_piece_are_flagged(editor):
    bare = _season(PreciseDate.day(TODAY + timedelta(days=10)))
    covered = _season(PreciseDate.day(TODAY + timedelta(days=12)))
    _piece(editor).subject_shows.add(covered.show)
    far = _season(PreciseDate.day(TODAY + timedelta(weeks=8)))
    episode_covered = EpisodeFactory(
        season=SeasonFactory(), air=PreciseDate.day(TODAY + timedelta(days=5))
    )
    _piece(editor).subject_seasons.add(episode_covered.season)
    found = premieres_between(TODAY, TODAY + timedelta(weeks=9), [], today=TODAY)
    flags = {p.season: p.needs_coverage for p in found}
    assert flags == {
        bare: True,
        covered: False,
        far: False,
        episode_covered.season: False,
    }
    assert [p.season for p in uncovered_premieres(today=TODAY)] == [bare]


def test_the_page_marks_uncovered_premieres(client, editor, time_machine):
    time_machine.move_to(_at(2027, 6, 10, 12))
    _season(PreciseDate.day(datetime.date(2027, 6, 20)), show=ShowFactory(title="Bare"))
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "Premieres in the next 6 weeks with no piece yet" in html
    assert "cal-entry--uncovered" in html and "Bare" in html


# --- the page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("editor", 200), ("author", 200), ("moderator", 403)]
)
def test_who_may_open_the_calendar(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_calendar_refuses_posts(client, editor):
    client.force_login(editor)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        {"month": "13"},
        {"month": "0", "year": "2027"},
        {"view": "week", "week": "abc"},
        {"view": "week", "year": "2026", "week": "53"},  # 2026 has 53; 2027 has not
        {"view": "week", "year": "2027", "week": "53"},
        {"year": "99999"},
        {"year": "abc"},
        {"view": "year"},
    ],
)
def test_bad_query_strings_fall_back_to_this_month(client, editor, query, time_machine):
    time_machine.move_to(_at(2027, 6, 10, 12))
    client.force_login(editor)
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "June 2027" in html or "Week 53" in html


def test_a_bad_query_string_says_so(client, editor, time_machine):
    time_machine.move_to(_at(2027, 6, 10, 12))
    client.force_login(editor)
    html = client.get(URL, {"month": "13"}, follow=True).content.decode()
    assert "That date is not on the calendar" in html
    assert "June 2027" in html


def test_navigation_links_move_by_the_view(client, editor, time_machine):
    time_machine.move_to(_at(2027, 12, 10, 12))
    client.force_login(editor)
    html = client.get(URL, {"year": 2027, "month": 12}).content.decode()
    assert "?view=month&amp;year=2028&amp;month=1" in html
    assert "?view=month&amp;year=2027&amp;month=11" in html
    assert "?view=week&amp;year=2027&amp;week=49" in html  # today's week
    week = client.get(URL, {"view": "week", "year": 2027, "week": 52}).content
    assert b"?view=week&amp;year=2028&amp;week=1" in week


def test_the_calendar_escapes_titles(client, editor, time_machine):
    time_machine.move_to(_at(2027, 6, 10, 12))
    _piece(editor, title="<b>bold</b>", published_at=_at(2027, 6, 3, 9))
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def _grow(editor, n):
    for i in range(n):
        day = datetime.date(2027, 6, 1 + i % 28)
        _piece(editor, title=f"p{n}-{i}", published_at=_at(2027, 6, 1 + i % 28, 9))
        season = _season(PreciseDate.day(day))
        EpisodeFactory(season=season, air=PreciseDate.day(day + timedelta(days=1)))
        _season(PreciseDate.month(2027, 6))
        if i % 2:
            _piece(editor, title=f"c{n}-{i}").subject_shows.add(season.show)


@pytest.mark.parametrize(
    "query", [{}, {"view": "week", "year": 2027, "week": 24}], ids=["month", "week"]
)
def test_calendar_query_count_does_not_grow(
    client, editor, query, time_machine, django_assert_num_queries
):
    time_machine.move_to(_at(2027, 6, 10, 12))
    client.force_login(editor)
    _grow(editor, 3)
    client.get(URL, query)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, query).status_code == 200
    _grow(editor, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(URL, query).status_code == 200


def test_calendar_reads_pieces_and_premieres_in_five_queries(editor):
    _grow(editor, 5)
    editor.has_perm("articles.view_article")  # the permission caches, read once
    with CaptureQueriesContext(connection) as queries:
        editorial_calendar(editor, view=MONTH, anchor=TODAY, today=TODAY)
        uncovered_premieres(today=TODAY)
    assert len(queries.captured_queries) == 5  # pieces; seasons, episodes × 2


# --- the demo ------------------------------------------------------------------------


def test_the_demo_calendar_shows_its_premieres_and_pieces(client, demo_db):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    october = client.get(URL, {"year": 2024, "month": 10}).content.decode()
    assert "Heartstopper season 3 is streaming now" in october
    assert "Season 3 premiere" in october
    april = client.get(URL, {"year": 2022, "month": 4}).content.decode()
    assert "Season 1 premiere" in april
    assert "episodes 1–8" not in april  # the premiere day speaks for them
    scheduled = Article.objects.scheduled().get()
    local = timezone.localdate(scheduled.published_at)
    html = client.get(
        URL,
        {
            "view": "week",
            "year": local.isocalendar()[0],
            "week": local.isocalendar()[1],
        },
    ).content.decode()
    assert scheduled.title in html and "Scheduled" in html


def test_an_authors_calendar_page_shows_no_one_elses_pieces(
    client, author, editor, time_machine
):
    time_machine.move_to(_at(2027, 6, 10, 12))
    _piece(author, title="Ada's piece", published_at=_at(2027, 6, 3, 9))
    _piece(editor, title="Eddie's piece", published_at=_at(2027, 6, 4, 9))
    client.force_login(author)
    html = client.get(URL).content.decode()
    assert "Ada&#x27;s piece" in html and "Eddie" not in html
