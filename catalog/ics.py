"""Calendar feeds (iCalendar, RFC 5545) of release dates a reader can subscribe to.

Only a date known to the day becomes an event, all day long; a month, a quarter or a
year is never turned into a made-up day, so those dates are left out of the feeds
(the pages show them). Each event is named after what it dates (a country's release,
else the season's premiere or the episode's air date), so its UID stays the same as
long as that row does and calendar apps update it in place when the date moves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from catalog.countries import country_name
from catalog.dates import Precision
from catalog.models import Episode, Release, Season, Show

# A feed holds at most this many events: the soonest (a show's: the latest).
ICS_CAP = 300
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Event:
    uid: str
    day: datetime.date
    summary: str
    description: str
    url: str


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _day(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def render_calendar(events: list[Event], *, name: str) -> str:
    """The VCALENDAR text of ``events``, CRLF line ends, folded lines."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape_text(settings.SITE_NAME)}//Release dates//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(event.day)}",
            f"DTEND;VALUE=DATE:{_day(event.day + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            f"URL:{event.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _uid(kind: str, pk: int) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "showsite"
    return f"{kind}-{pk}@{host}"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _what(season: Season, episode: Episode | None) -> str:
    name = f"{season.show.title}: {season.label}"
    if episode is None:
        return name
    title = f" “{episode.title}”" if episode.title else ""
    return f"{name}, episode {episode.number}{title}"


def _release_event(release: Release) -> Event:
    where = release.country_name
    date = release.release
    note = f" ({release.note})" if release.note else ""
    return Event(
        uid=_uid("release", release.pk),
        day=date.start,
        summary=f"{_what(release.season, release.episode)} on {release.platform}",
        description=f"{where}: on {release.platform}{note}, {date.confidence.label}.",
        url=_absolute((release.episode or release.season).get_absolute_url()),
    )


def _dated_event(kind: str, obj, season: Season, episode, date) -> Event:
    what = "Air date" if episode else "Premiere"
    return Event(
        uid=_uid(kind, obj.pk),
        day=date.start,
        summary=_what(season, episode),
        description=f"{what}, {date.confidence.label}; no date for this country "
        "yet, so the first date announced anywhere.",
        url=_absolute(obj.get_absolute_url()),
    )


def feed_events(
    country: str, *, show: Show | None = None, today: datetime.date | None = None
) -> list[Event]:
    """Day-precise dates for a reader in ``country``: its own (and worldwide)
    releases, and, for a season or episode with no release recorded there, its
    catalog date. A show's feed holds its whole history; the site's, what is still
    to come. Three queries, each capped."""
    today = today or timezone.localdate()
    releases = Release.objects.in_country(country).day_precise()
    seasons = Season.objects.filter(
        premiere_date__isnull=False, premiere_precision=Precision.DAY
    )
    episodes = Episode.objects.filter(
        air_date__isnull=False, air_precision=Precision.DAY
    )
    if show is not None:
        releases = releases.filter(season__show=show)
        seasons = seasons.filter(show=show)
        episodes = episodes.filter(season__show=show)
        order = "-"
    else:
        releases = releases.on_or_after(today)
        seasons = seasons.upcoming_premieres(today=today)
        episodes = episodes.upcoming_airings(today=today)
        order = ""
    # A season or episode with a date recorded for this country is dated by it.
    local = Release.objects.in_country(country)
    seasons = seasons.exclude(pk__in=local.of_seasons().values("season_id"))
    episodes = episodes.exclude(
        pk__in=local.filter(episode__isnull=False).values("episode_id")
    )
    releases = releases.select_related("season__show", "episode", "platform")
    events = [
        _release_event(r) for r in releases.order_by(f"{order}release_date")[:ICS_CAP]
    ]
    seasons = seasons.select_related("show").order_by(f"{order}premiere_date", "pk")
    events += [
        _dated_event("premiere", s, s, None, s.premiere) for s in seasons[:ICS_CAP]
    ]
    episodes = episodes.select_related("season__show")
    episodes = episodes.order_by(f"{order}air_date", "pk")
    events += [_dated_event("air", e, e.season, e, e.air) for e in episodes[:ICS_CAP]]
    events.sort(key=lambda e: (e.day, e.summary), reverse=show is not None)
    return events[:ICS_CAP]


def feed_name(country: str, show: Show | None = None) -> str:
    what = show.title if show is not None else "Coming soon"
    return f"{what} — {country_name(country)} — {settings.SITE_NAME}"
