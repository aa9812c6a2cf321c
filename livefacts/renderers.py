"""Embeds as HTML: one template per block kind and target, one for inline facts.

The targets in ``registry`` build each embed's context from objects already loaded by
``resolvers.load_objects``, reading prefetched relations only, so rendering runs no
query; this module holds what they share: the value of an inline fact, the lists'
limits, the release steps and the template calls. Every catalog string reaches the
page through a template, so it is autoescaped, except a cast list's entries, which
``cast_entries`` writes escaped itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from catalog.dates import PreciseDate
from core.reversing import url_for_each_slug

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
# Between inline facts in their one render; never in their output, where "<" from
# the catalog is escaped.
FACT_SEPARATOR = "<!--fact-->"


@dataclass(frozen=True)
class FactValue:
    """One inline fact: text or a precise date, and whether it is speculative."""

    text: str = ""
    date: PreciseDate | None = None
    url: str = ""
    speculative: bool = False
    note: str = ""  # "rumoured", "recast"…


def release_steps(release_status: str) -> dict:
    """The release embed's steps, the current one and those already done."""
    names = [name for name, _ in RELEASE_STEPS]
    current = STEP_OF_STATUS.get(release_status, "")
    done = names[: names.index(current)] if current else []
    return {"steps": RELEASE_STEPS, "current_step": current, "done_steps": done}


def render_fact(value: FactValue) -> str:
    """An inline fact as HTML."""
    return render_facts([value])[0]


def render_facts(values: list[FactValue]) -> list[str]:
    """Inline facts as HTML, in one template render: a piece may show dozens."""
    if not values:
        return []
    html = render_to_string(
        "livefacts/facts.html", {"facts": values, "today": timezone.localdate()}
    )
    return [part.strip() for part in html.split(FACT_SEPARATOR)]


def render_embed(template: str, context: dict) -> str:
    """A block embed as HTML, from its target's template and context."""
    return render_embeds(template, [context])[0]


def render_embeds(template: str, contexts: list[dict]) -> list[str]:
    """Block embeds of one template as HTML: the template is looked up once and
    each embed's context pushed onto one shared context, as its own render would
    have it (a render keeps no state from the one before)."""
    compiled = get_template(template).template
    today = timezone.localdate()
    context = Context({"today": today}, autoescape=compiled.engine.autoescape)
    rendered = []
    for extra in contexts:
        if extra.get("left_out"):  # a list with nothing in it (registry.leaves_out)
            rendered.append("")
            continue
        with context.push({**extra, "today": today}):
            rendered.append(compiled.render(context))
    return rendered


def render_missing(is_block: bool) -> str:
    """An embed whose object was deleted from the catalog after the piece was saved."""
    if is_block:
        return ""
    return render_to_string("livefacts/missing.html").strip()


CAST_ENTRY = """
    <li class="cast-entry{classes}">
      <a href="{url}">{name}</a>{role}
      {kind}
      {status}
    </li>
    """


def cast_entries(credits) -> SafeString:
    """A cast list's entries: who, as whom, and a badge for a kind other than main
    or a status other than confirmed; rumoured casting marked speculative.

    Written here rather than in a template loop: a cast of a dozen cost some 5,000
    Python calls in the template engine, a tenth of an article render. The bytes
    are those of the loop it replaces (``tests/livefacts/test_cast_entries.py``).
    """
    person_url = url_for_each_slug("catalog:person_detail", "slug")
    entries = []
    for credit in credits:
        status, person = credit.status, credit.person
        classes = " fact--speculative is-speculative" if status == "rumoured" else ""
        if status in ("departed", "recast"):
            classes += " cast-entry--gone"
        character = credit.character
        entries.append(
            CAST_ENTRY.format(
                classes=classes,
                url=escape(person_url(person.slug)),
                name=escape(person.name),
                role=(
                    ' <span class="cast-entry__role">as '
                    f"{escape(character.name)}</span>"
                    if character
                    else ""
                ),
                kind=(
                    '<span class="badge">'
                    f"{conditional_escape(credit.get_kind_display())}</span>"
                    if credit.kind != "main"
                    else ""
                ),
                status=(
                    f'<span class="badge badge--{escape(status)}">'
                    f"{conditional_escape(credit.get_status_display())}</span>"
                    if status != "confirmed"
                    else ""
                ),
            )
        )
    # Safe: every catalog string above is escaped.
    return mark_safe("".join(entries))


def fact_date(date: PreciseDate, *, lead: bool = False) -> SafeString:
    """A precise date with its confidence badge, marked speculative when it is an
    estimate or a rumour; with ``lead``, "Expected" before a date still to come.

    Written here rather than by an inclusion tag's template: fact boxes, volumes and
    inline facts print several per article, each a template render of its own.
    """
    if not date.is_known:
        return mark_safe('<span class="fact fact--unknown">Not yet announced</span>\n')
    confidence = escape(str(date.confidence))
    classes = f"fact fact--{confidence}"
    if date.is_speculative:
        classes += " fact--speculative is-speculative"
    expected = "Expected " if lead and date.end >= timezone.localdate() else ""
    text = escape(str(date))
    if date.machine_readable:
        text = f'<time datetime="{escape(date.machine_readable)}">{text}</time>'
    label = escape(str(date.confidence.label))
    badge = f'<span class="fact__confidence badge badge--{confidence}">{label}</span>'
    # Safe: the date, its confidence and its label are escaped.
    return mark_safe(f'<span class="{classes}">{expected}{text} {badge}</span>\n')
