"""Spoiler passages: hidden from a reader until some days after the episode aired in
the reader's country.

Saved, a passage sits in the stored body between two markers (the sanitiser strips
every comment an editor writes, so they are ours)::

    <!--lf:spoiler:41:7-->…the passage…<!--lf:/spoiler-->   episode pk, days

Read (``reveal``), each passage is either left out of the HTML, with a notice saying
from when it shows, or kept behind a "Show spoiler" control. The decision depends on
the reader's country and today's date, which the article page's stored parts have in
their keys; the page cache expires an article at its next reveal (``next_reveal``).
A preview (the desk's, the admin's, a preview link's) shows every passage in a box
saying from when readers see it, so writers and reviewers read what they wrote; it
is never stored.
Anything else made from a body (the search index, feeds, cards, share tags) never
holds a passage: ``strip_passages`` removes them from the Markdown.
"""

from __future__ import annotations

import datetime
import re

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from catalog.countries import COUNTRIES, reader_country
from catalog.models.releases import EpisodeAirDays, episode_air_days

from .parser import BLOCK_LINE, FENCE, SPOILER, SPOILER_END

OPENING = re.compile(r"<!--lf:spoiler:(\d+):(\d+)-->")
PASSAGE = re.compile(r"<!--lf:spoiler:(\d+):(\d+)-->(.*?)<!--lf:/spoiler-->", re.S)
# An episode that no longer resolves keeps its passage hidden.
UNKNOWN_EPISODE = 0


def opening_marker(episode_pk: int | None, days: str) -> str:
    return f"<!--lf:spoiler:{episode_pk or UNKNOWN_EPISODE}:{int(days)}-->"


CLOSING_MARKER = "<!--lf:/spoiler-->"


def spoiled_episodes(stored_html: str) -> set[int]:
    """The episodes a stored body's passages are about (the reference index)."""
    return {int(pk) for pk, _ in OPENING.findall(stored_html or "")} - {0}


def reveal_day(air: EpisodeAirDays | None, days: int, country: str):
    """The first day the passage shows in ``country``; None while no day is known."""
    day = air.day_in(country) if air is not None else None
    return day + datetime.timedelta(days=days) if day is not None else None


# Country names read with "the" in a sentence ("readers in the United Kingdom").
NAMED_WITH_THE = {"GB", "US", "NL"}


def country_name(code: str) -> str:
    name = COUNTRIES.get(code, code)
    return f"the {name}" if code in NAMED_WITH_THE else name


def reveal(
    stored_html: str, *, country: str | None = None, today=None, preview=False
) -> str:
    """The body with each passage shown behind its control, or left out with a
    notice, for a reader in ``country`` (the request's) on ``today``; with
    ``preview``, every passage shown, marked with what that reader sees."""
    if CLOSING_MARKER not in stored_html:
        return stored_html
    country = country or reader_country()
    today = today or timezone.localdate()
    air_days = episode_air_days(int(pk) for pk, _ in OPENING.findall(stored_html))

    def passage(match) -> str:
        air = air_days.get(int(match[1]))
        day = reveal_day(air, int(match[2]), country)
        context = {
            "label": air.label if air else "",
            "day": day,
            "same_year": day is not None and day.year == today.year,
        }
        hidden = day is None or day > today
        if hidden and not preview:
            return render_to_string("livefacts/spoiler_hidden.html", context)
        # The passage is the sanitiser's output, kept as it was stored.
        context["passage"] = mark_safe(match[3])
        if preview:
            context |= {"hidden": hidden, "country": country_name(country)}
            return render_to_string("livefacts/spoiler_preview.html", context)
        return render_to_string("livefacts/spoiler.html", context)

    return PASSAGE.sub(passage, stored_html)


def next_reveal(articles, now: datetime.datetime) -> datetime.datetime | None:
    """When a passage of ``articles`` next shows in any country: the page cache's
    horizon for the article (reveals happen at the start of a local day)."""
    bodies = articles.filter(body_html__contains=CLOSING_MARKER).values_list(
        "body_html", flat=True
    )
    openings = {(int(pk), int(days)) for b in bodies for pk, days in OPENING.findall(b)}
    if not openings:
        return None
    air_days = episode_air_days(pk for pk, _ in openings)
    today = timezone.localdate(now)
    future = [
        day + datetime.timedelta(days=days)
        for pk, days in openings
        if pk in air_days
        for day in air_days[pk].known_days()
        if day + datetime.timedelta(days=days) > today
    ]
    return start_of(min(future)) if future else None


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def next_midnight(*args) -> datetime.datetime:
    """A catalog date changed: pages showing it look again at the next local day,
    when the article's own horizon is worked out afresh (``next_reveal``)."""
    return start_of(timezone.localdate() + datetime.timedelta(days=1))


def strip_passages(markdown: str) -> str:
    """The Markdown without its spoiler passages (their opening and closing lines
    too), as the parser reads it: inside a fenced code block the syntax is text. An
    unclosed passage runs to the end, so a body saved with a mistake never shows it.
    """
    kept: list[str] = []
    fence, hiding = "", False
    for line in (markdown or "").replace("\r\n", "\n").split("\n"):
        if fence:
            if line.rstrip().startswith(fence) and not line.strip(fence[0] + " \t"):
                fence = ""
        elif opened := FENCE.match(line):
            fence = opened["fence"]
        elif block := BLOCK_LINE.match(line):
            words = block["inner"].split()
            name = words[0] if words else ""
            if name == SPOILER:
                hiding = True
                continue
            if name == SPOILER_END and hiding:
                hiding = False
                continue
        if not hiding:
            kept.append(line)
    return "\n".join(kept)
