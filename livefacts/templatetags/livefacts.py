"""Template tags for live catalog facts: ``{% load livefacts %}``."""

from django import template

from livefacts.body import embedded_objects, render_live_body
from livefacts.boxes import boxed
from livefacts.renderers import cast_entries as render_cast_entries
from livefacts.renderers import fact_date as render_fact_date
from livefacts.staleness import (
    CHANGES_PER_ARTICLE,
    changed_facts,
    minor_changes_through,
    shown_to_readers,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def live_body(context, article):
    """The article body with every embed filled from the current catalog; inside a
    stored fragment, boxes of objects owning pages stay placeholders, filled from
    their own fragments when the page is read (``livefacts.boxes``).

    ``preview_spoilers`` (previews only) shows every spoiler passage, marked; a part
    being stored never does, so no cached page can hold one early."""
    if context.get("fragment_defers"):
        return render_live_body(article.body_html, keep=boxed())
    preview = bool(context.get("preview_spoilers")) and not context.get("in_fragment")
    return render_live_body(
        article.body_html, objects=embedded_objects(article), preview=preview
    )


@register.simple_tag
def cast_entries(credits):
    """A cast list's ``<li>`` entries (``renderers.cast_entries``)."""
    return render_cast_entries(credits)


@register.inclusion_tag("livefacts/whats_changed.html")
def whats_changed(article):
    """ "What's changed since this article was published": one box, two queries,
    leaving out changes an editor marked minor. Folded to one line on phones."""
    facts = []
    last = getattr(article, "last_fact_change", True)  # annotated: no query
    if article.state == article.State.PUBLISHED and last is not None:
        minor = minor_changes_through(article)
        if minor is None or last is True or last > minor:
            facts = changed_facts([article]).get(article.pk, [])
            facts = shown_to_readers(facts, minor)
    groups: dict[str, list] = {}
    for fact in facts[:CHANGES_PER_ARTICLE]:  # newest first, grouped by object
        groups.setdefault(fact.object_repr, []).append(fact)
    return {
        "article": article,
        "groups": list(groups.items()),
        "more": max(0, len(facts) - CHANGES_PER_ARTICLE),
        "count": len(facts),
    }


@register.simple_tag
def fact_date(date, lead=False):
    """A precise date with its confidence; ``lead`` says "Expected" before a date
    still to come (``renderers.fact_date``)."""
    return render_fact_date(date, lead=lead)
