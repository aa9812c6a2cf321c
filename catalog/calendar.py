"""The upcoming calendar: seasons and episodes still to come, filed under honest
headings ("July 2027", "Q3 2027", "2027", "Date not announced")."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import groupby

from django.db.models import Q
from django.utils import dateformat

from catalog.countries import first_for
from catalog.dates import PreciseDate, Precision
from catalog.models import Episode, Release, Season

# The calendar lists at most this many entries: pages, not a data dump.
CALENDAR_CAP = 600
# What an entry shows: its date, the show's title and slug, the season's number,
# title and status, the episode's number and title (loading every column of three
# models per row was most of the page's time).
_DATE = ("date", "precision", "confidence")
SEASON_FIELDS = (
    *(f"premiere_{part}" for part in _DATE),
    "number",
    "title",
    "release_status",
    "show__title",
    "show__slug",
)
EPISODE_FIELDS = (
    *(f"air_{part}" for part in _DATE),
    "number",
    "title",
    *(f"season__{name}" for name in SEASON_FIELDS),
)
NOT_ANNOUNCED_HEADING = "Date not announced"


@dataclass(frozen=True)
class CalendarEntry:
    """One premiere or one episode air date."""

    date: PreciseDate
    season: Season
    episode: Episode | None = None
    # The dates a reader's country has (``with_releases``), that country first.
    releases: tuple[Release, ...] = ()

    @property
    def release_key(self) -> tuple[int, int | None]:
        return (self.season.pk, self.episode.pk if self.episode else None)

    @property
    def url(self) -> str:
        return (self.episode or self.season).get_absolute_url()

    @property
    def heading(self) -> str:
        return period_heading(self.date)

    def sort_key(self) -> tuple:
        """Unknown last; else by the period's last day, finer precision first, so
        "Q3 2027" follows every July–September date it might turn out to be."""
        if not self.date.is_known:
            return (1, datetime.date.max, 0, self.season.show.title)
        return (0, self.date.end, -self.date.precision, self.season.show.title)


def period_heading(date: PreciseDate) -> str:
    """The heading a date is filed under: its month when known to the month or day,
    else its quarter or year; never a month we do not know."""
    if not date.is_known:
        return NOT_ANNOUNCED_HEADING
    if date.precision >= Precision.MONTH:
        return dateformat.format(date.start, "F Y")
    return date.render()


def upcoming_calendar(
    *, today: datetime.date | None = None, cap: int = CALENDAR_CAP
) -> list[CalendarEntry]:
    """The first ``cap`` upcoming premieres and episodes, in calendar order.

    Two queries, each reading at most ``cap`` rows already in calendar order from an
    index (the calendar key), whatever the size of the catalog; the first ``cap`` of
    the two merged are the calendar's first ``cap``.
    """
    seasons = Season.objects.upcoming_premieres(today=today).only(*SEASON_FIELDS)
    episodes = Episode.objects.upcoming_airings(today=today).only(*EPISODE_FIELDS)
    seasons, episodes = seasons[:cap], episodes[:cap]
    entries = [CalendarEntry(season.premiere, season) for season in seasons]
    entries += [CalendarEntry(ep.air, ep.season, ep) for ep in episodes]
    return sorted(entries, key=CalendarEntry.sort_key)[:cap]


class UpcomingCalendar:
    """The calendar as a list the paginator slices lazily: a page reads only the
    entries up to the end of the window it counts, never the whole calendar."""

    def __init__(self, *, today: datetime.date | None = None):
        self.today = today
        self._entries: list[CalendarEntry] = []
        self._read = 0

    def _read_to(self, stop: int) -> None:
        stop = min(stop, CALENDAR_CAP)
        if stop > self._read:
            self._entries = upcoming_calendar(today=self.today, cap=stop)
            self._read = stop

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.stop is None:
            self._read_to(CALENDAR_CAP)
        else:
            self._read_to(index.stop)
        return self._entries[index]

    def count(self) -> int:
        """Every entry (``?page=last``)."""
        self._read_to(CALENDAR_CAP)
        return len(self._entries)


# Releases read per entry of a page at most (a country and worldwide, a few platforms).
RELEASES_PER_ENTRY = 4


def with_releases(entries, country: str) -> list[CalendarEntry]:
    """``entries``, each with the releases a reader in ``country`` has (that
    country's, then worldwide): one query for the page."""
    entries = list(entries)
    seasons = [e.season.pk for e in entries if e.episode is None]
    episodes = [e.episode.pk for e in entries if e.episode is not None]
    if not entries:
        return entries
    rows = (
        Release.objects.in_country(country)
        .filter(
            Q(episode__isnull=True, season_id__in=seasons) | Q(episode__in=episodes)
        )
        .select_related("platform")
        .by_date("release")[: len(entries) * RELEASES_PER_ENTRY]
    )
    found = defaultdict(list)
    for release in rows:
        found[(release.season_id, release.episode_id)].append(release)
    return [
        replace(e, releases=tuple(first_for(country, found[e.release_key])))
        if e.release_key in found
        else e
        for e in entries
    ]


def grouped(entries) -> list[tuple[str, list[CalendarEntry]]]:
    """Consecutive entries under their headings, in order."""
    return [
        (heading, list(group))
        for heading, group in groupby(entries, key=lambda e: e.heading)
    ]
