"""Embeds as HTML: one template per block kind, one for inline facts.

Renderers receive objects already loaded by ``resolvers.load_objects`` and only read
prefetched relations, so rendering runs no query. Every catalog string reaches the page
through a template, so it is autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from catalog.dates import PreciseDate

from .resolvers import CAST_ROWS

CAST_LIMIT = 40
RELEASE_STEPS = [
    ("renewed", "Renewed"),
    ("production", "In production"),
    ("dated", "Date announced"),
    ("out", "Out"),
]
STEP_OF_STATUS = {
    "renewed": "renewed",
    "in_development": "renewed",
    "filming": "production",
    "post_production": "production",
    "date_announced": "dated",
    "airing": "out",
    "concluded": "out",
}
TRAILER_LIMIT = 6


@dataclass(frozen=True)
class FactValue:
    """One inline fact: text or a precise date, and whether it is speculative."""

    text: str = ""
    date: PreciseDate | None = None
    url: str = ""
    speculative: bool = False
    note: str = ""  # "rumoured", "recast"…


def main_credit(character):
    """Who plays the character now: a confirmed or rumoured credit first."""
    credits = [c for c in character.actor_credits if c.kind != "crew"]
    current = [c for c in credits if c.status in ("confirmed", "rumoured")]
    return (current or credits or [None])[0]


def inline_value(target: str, obj, field: str) -> FactValue:
    """The current value of an inline fact."""
    if target in ("season", "show", "volume") and field in (
        "premiere",
        "finale",
        "first_air",
        "last_air",
        "publication",
    ):
        return FactValue(date=getattr(obj, field))
    if target == "season":
        if field == "status":
            speculative = obj.release_status in ("rumoured",)
            return FactValue(obj.get_release_status_display(), speculative=speculative)
        if field == "episode_count":
            count = obj.planned_episode_count
            return FactValue(str(count) if count is not None else "not yet announced")
        if field == "release_model":
            return FactValue(obj.get_release_model_display())
        return FactValue(obj.label, url=obj.get_absolute_url())
    if target == "show":
        if field == "status":
            return FactValue(obj.get_status_display())
        if field == "platform":
            return FactValue(", ".join(p.name for p in obj.platforms.all()) or "—")
        return FactValue(obj.title, url=obj.get_absolute_url())
    if target == "character":
        if field == "actor":
            credit = main_credit(obj)
            if credit is None:
                return FactValue("not yet cast", speculative=True)
            note = "" if credit.status == "confirmed" else credit.get_status_display()
            return FactValue(
                credit.person.name,
                url=credit.person.get_absolute_url(),
                speculative=credit.status == "rumoured",
                note=note,
            )
        return FactValue(obj.name)
    if target == "person":
        return FactValue(obj.name, url=obj.get_absolute_url())
    if target == "work":
        if field == "volumes":
            return FactValue(str(len(obj.volumes.all())))
        return FactValue(obj.title, url=obj.get_absolute_url())
    # volume
    if field == "status":
        return FactValue(
            obj.get_status_display(), speculative=obj.status == "announced"
        )
    return FactValue(obj.title or str(obj), url=obj.get_absolute_url())


def render_inline(target: str, obj, field: str) -> str:
    value = inline_value(target, obj, field)
    return render_to_string(
        "livefacts/fact.html", {"fact": value, "today": timezone.localdate()}
    ).strip()


def _cast_sources(obj, target: str) -> list[list]:
    if target == "season":
        return [obj.show.show_credits, obj.season_credits]
    return [obj.show_credits]


def cast_credits(obj, target: str, option: str) -> list:
    """The acting credits a cast embed lists, billing order first (prefetched)."""
    sources = _cast_sources(obj, target)
    credits = [credit for source in sources for credit in source]
    if len(sources) > 1:  # one list comes sorted by the database
        credits.sort(key=lambda c: (c.billing_order, c.person.name))
    if option != "all":
        credits = [c for c in credits if c.kind == "main"]
    return credits


def cast_cut_short(obj, target: str) -> bool:
    """Whether a prefetched cast list stopped at its cap (``CAST_ROWS``), so the
    credits past it (and how many there are) are unknown here."""
    return any(len(source) >= CAST_ROWS for source in _cast_sources(obj, target))


def block_context(kind: str, target: str, obj, option: str) -> dict:
    """What the kind's template needs, from prefetched relations only."""
    context = {"obj": obj, "target": target, "option": option}
    if kind == "cast":
        credits = cast_credits(obj, target, option)
        cut_short = cast_cut_short(obj, target)
        more = len(credits) - CAST_LIMIT
        context |= {
            "credits": credits[:CAST_LIMIT],
            # Past the cap the true number is unknown: say "at least", never less.
            "more": max(1 if cut_short else 0, more),
            "more_at_least": cut_short,
        }
    elif kind == "release":
        names = [name for name, _ in RELEASE_STEPS]
        current = STEP_OF_STATUS.get(obj.release_status, "")
        done = names[: names.index(current)] if current else []
        context |= {"steps": RELEASE_STEPS, "current_step": current, "done_steps": done}
    elif kind == "trailers":
        videos = list(obj.videos.all())
        context["videos"] = videos[:TRAILER_LIMIT]
    elif kind == "volumes":
        if target == "season":
            context["adaptations"] = list(obj.adaptations.all())
        else:
            context["volumes"] = list(obj.volumes.all())
    elif kind in ("rating", "factbox"):
        context["ratings"] = list(obj.ratings.all())
        if kind == "factbox" and target == "season":
            context["adaptations"] = list(obj.adaptations.all())
    return context


def render_block(kind: str, target: str, obj, option: str) -> str:
    context = block_context(kind, target, obj, option)
    context["today"] = timezone.localdate()
    return render_to_string(f"livefacts/{kind}_{target}.html", context)


def render_missing(is_block: bool) -> str:
    """An embed whose object was deleted from the catalog after the piece was saved."""
    if is_block:
        return ""
    return render_to_string("livefacts/missing.html").strip()
