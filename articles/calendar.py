"""The editorial calendar: pieces going public beside the catalog's premieres, by day.

Days are the site's time zone's days. Premieres keep their precision: a day goes on its
day, a month only in a "sometime in <month>" row, a quarter or a year nowhere (it
names no day and no month). A month or a week costs one query for the pieces and two
for the premieres (seasons, episodes), however many there are.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Exists, OuterRef, Q
from django.utils import dateformat, timezone

from catalog.dates import PreciseDate, Precision
from catalog.models import Episode, Season

from .models import Article

MONTH, WEEK = "month", "week"
VIEWS = (MONTH, WEEK)
# Premieres this close that no piece covers yet are flagged.
COVERAGE_WEEKS = 6
# A page lists at most this many pieces, seasons and episodes (each).
PIECE_CAP = 600
PREMIERE_CAP = 400
UNCOVERED_CAP = 12


def coverage(season_ref, show_ref) -> Exists:
    """True when a piece covers the season (``Article.objects.covering_season``)."""
    return Exists(Article.objects.covering_season(season_ref, show_ref))


@dataclass(frozen=True)
class Premiere:
    """A season's premiere, or a season's episodes airing on one date."""

    date: PreciseDate
    season: Season
    episodes: tuple[Episode, ...] = ()
    covered: bool = True
    soon: bool = False  # within COVERAGE_WEEKS from today

    @property
    def needs_coverage(self) -> bool:
        return self.soon and not self.covered

    @property
    def show_title(self) -> str:
        return self.season.show.title

    @property
    def label(self) -> str:
        """ "Season 3 premiere", "Episode 4: Title" or "Episodes 1–8"."""
        if not self.episodes:
            return f"{self.season.label} premiere"
        first, last = self.episodes[0], self.episodes[-1]
        if len(self.episodes) == 1:
            title = f": {first.title}" if first.title else ""
            return f"{self.season.label}, episode {first.number}{title}"
        return f"{self.season.label}, episodes {first.number}–{last.number}"

    @property
    def url(self) -> str:
        return (self.episodes[0] if self.episodes else self.season).get_absolute_url()


@dataclass
class Day:
    date: datetime.date
    in_period: bool
    is_today: bool
    pieces: list = field(default_factory=list)
    premieres: list[Premiere] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.pieces or self.premieres)


@dataclass(frozen=True)
class MonthRow:
    """Premieres known only to the month: "sometime in December 2026"."""

    month: datetime.date
    premieres: list[Premiere]


@dataclass
class EditorialCalendar:
    view: str
    anchor: datetime.date  # the month's first day, or the week's Monday
    today: datetime.date
    weeks: list[list[Day]]
    month_rows: list[MonthRow]

    @property
    def days(self) -> list[Day]:
        return [day for week in self.weeks for day in week]

    @property
    def is_empty(self) -> bool:
        in_period = [d for d in self.days if d.in_period]
        return all(d.is_empty for d in in_period) and not self.month_rows

    @property
    def title(self) -> str:
        if self.view == MONTH:
            return dateformat.format(self.anchor, "F Y")
        last = self.anchor + datetime.timedelta(days=6)
        start_format = "j M" if self.anchor.year == last.year else "j M Y"
        span = f"{dateformat.format(self.anchor, start_format)} – "
        span += dateformat.format(last, "j M Y")
        return f"Week {self.anchor.isocalendar()[1]}: {span}"

    @property
    def previous(self) -> dict:
        if self.view == MONTH:
            return period_query(MONTH, _add_months(self.anchor, -1))
        return period_query(WEEK, self.anchor - datetime.timedelta(weeks=1))

    @property
    def next(self) -> dict:
        if self.view == MONTH:
            return period_query(MONTH, _add_months(self.anchor, 1))
        return period_query(WEEK, self.anchor + datetime.timedelta(weeks=1))

    @property
    def other_view(self) -> dict:
        """The same time in the other view: a month's week with today (or its first
        week); a week's month (the month of its Thursday, as ISO weeks count)."""
        if self.view == MONTH:
            day = self.today if _same_month(self.today, self.anchor) else self.anchor
            return period_query(WEEK, day)
        return period_query(MONTH, self.anchor + datetime.timedelta(days=3))


def period_query(view: str, day: datetime.date) -> dict:
    """The query string values that show the month or week holding ``day``."""
    if view == MONTH:
        return {"view": MONTH, "year": day.year, "month": day.month}
    year, week, _ = day.isocalendar()
    return {"view": WEEK, "year": year, "week": week}


def period_anchor(view: str, day: datetime.date) -> datetime.date:
    """The first day of the month, or the Monday of the week, holding ``day``."""
    if view == MONTH:
        return day.replace(day=1)
    return day - datetime.timedelta(days=day.weekday())


def _same_month(a: datetime.date, b: datetime.date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _grid(view: str, anchor: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day shown: whole weeks, Monday to Sunday."""
    if view == WEEK:
        return anchor, anchor + datetime.timedelta(days=6)
    last_of_month = anchor.replace(
        day=pycalendar.monthrange(anchor.year, anchor.month)[1]
    )
    first = anchor - datetime.timedelta(days=anchor.weekday())
    last = last_of_month + datetime.timedelta(days=6 - last_of_month.weekday())
    return first, last


def _months_of(view: str, anchor: datetime.date, first, last) -> list[datetime.date]:
    """The months whose "sometime in" rows the page shows: a month view's own
    month; every month a week touches."""
    if view == MONTH:
        return [anchor]
    return sorted({first.replace(day=1), last.replace(day=1)})


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _premiere_filter(name: str, first, last, months) -> Q:
    """Day-precise dates in [first, last], and month-precise ones in ``months``."""
    return Q(
        **{f"{name}_precision": Precision.DAY, f"{name}_date__range": (first, last)}
    ) | Q(**{f"{name}_precision": Precision.MONTH, f"{name}_date__in": months})


def premieres_between(
    first: datetime.date,
    last: datetime.date,
    months: list[datetime.date],
    *,
    today: datetime.date,
    cap: int = PREMIERE_CAP,
) -> list[Premiere]:
    """Season premieres and episode air dates on the days [first, last] or known
    only to one of ``months``, each with whether a piece covers it: two queries.

    A season's episodes airing on one date are one entry; on the day of the
    season's own premiere they are left out (the premiere says it)."""
    seasons = (
        Season.objects.filter(_premiere_filter("premiere", first, last, months))
        .exclude(release_status=Season.ReleaseStatus.CANCELLED)
        .select_related("show")
        .annotate(covered=coverage(OuterRef("pk"), OuterRef("show")))
        .order_by("premiere_date", "show__title", "number")[:cap]
    )
    episodes = (
        Episode.objects.filter(_premiere_filter("air", first, last, months))
        .select_related("season__show")
        .annotate(covered=coverage(OuterRef("season"), OuterRef("season__show")))
        .order_by("air_date", "air_precision", "season_id", "number")[:cap]
    )
    soon_end = today + datetime.timedelta(weeks=COVERAGE_WEEKS)

    def soon(date: PreciseDate) -> bool:
        return date.start <= soon_end and date.end >= today

    entries = [
        Premiere(s.premiere, s, covered=s.covered, soon=soon(s.premiere))
        for s in seasons
    ]
    premiered = {(s.pk, s.premiere.start, s.premiere.precision) for s in seasons}
    for (season_id, date), group in groupby(
        episodes, key=lambda ep: (ep.season_id, ep.air)
    ):
        if (season_id, date.start, date.precision) in premiered:
            continue
        group = tuple(group)
        entries.append(
            Premiere(
                date,
                group[0].season,
                episodes=group,
                covered=group[0].covered,
                soon=soon(date),
            )
        )
    entries.sort(key=lambda p: (p.date.start, p.show_title, p.season.number))
    return entries


def editorial_calendar(
    user, *, view: str, anchor: datetime.date, today: datetime.date | None = None
) -> EditorialCalendar:
    """The month or week holding ``anchor`` as ``user`` may see it (editors: every
    piece; authors: their own), with the catalog's premieres: three queries."""
    today = today or timezone.localdate()
    anchor = period_anchor(view, anchor)
    first, last = _grid(view, anchor)
    months = _months_of(view, anchor, first, last)
    pieces = (
        Article.objects.visible_to(user)
        .on_the_calendar(
            _local_midnight(first), _local_midnight(last + datetime.timedelta(days=1))
        )
        .only("pk", "title", "state", "kind", "published_at")[:PIECE_CAP]
    )
    days = {}
    day = first
    while day <= last:
        in_period = _same_month(day, anchor) if view == MONTH else True
        days[day] = Day(day, in_period=in_period, is_today=day == today)
        day += datetime.timedelta(days=1)
    for piece in pieces:
        days[timezone.localdate(piece.published_at)].pieces.append(piece)
    rows: dict[datetime.date, list[Premiere]] = {month: [] for month in months}
    for premiere in premieres_between(first, last, months, today=today):
        if premiere.date.precision == Precision.MONTH:
            rows[premiere.date.start].append(premiere)
        else:
            days[premiere.date.start].premieres.append(premiere)
    ordered = list(days.values())
    return EditorialCalendar(
        view=view,
        anchor=anchor,
        today=today,
        weeks=[ordered[i : i + 7] for i in range(0, len(ordered), 7)],
        month_rows=[MonthRow(month, found) for month, found in rows.items() if found],
    )


def uncovered_premieres(
    *, today: datetime.date | None = None, cap: int = UNCOVERED_CAP
) -> list[Premiere]:
    """Premieres in the next ``COVERAGE_WEEKS`` that no piece covers yet, soonest
    first: two queries."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(weeks=COVERAGE_WEEKS)
    months = []
    month = today.replace(day=1)
    while month <= last:
        months.append(month)
        month = _add_months(month, 1)
    found = premieres_between(today, last, months, today=today, cap=PREMIERE_CAP)
    return [p for p in found if p.needs_coverage][:cap]
