"""Template tags for live catalog facts on article pages."""

from django import template
from django.utils import timezone

from articles.embeds.body import render_live_body
from articles.embeds.staleness import CHANGES_PER_ARTICLE, changed_facts

register = template.Library()


@register.simple_tag
def live_body(article):
    """The article body with every embed filled from the current catalog."""
    return render_live_body(article.body_html)


@register.inclusion_tag("articles/embeds/whats_changed.html")
def whats_changed(article):
    """ "What's changed since this article was published": one box, two queries."""
    facts = []
    fresh = getattr(article, "last_fact_change", True) is None  # annotated: no query
    if article.state == article.State.PUBLISHED and not fresh:
        facts = changed_facts([article.pk]).get(article.pk, [])
    groups: dict[str, list] = {}
    for fact in facts[:CHANGES_PER_ARTICLE]:  # newest first, grouped by object
        groups.setdefault(fact.object_repr, []).append(fact)
    return {
        "article": article,
        "groups": list(groups.items()),
        "more": max(0, len(facts) - CHANGES_PER_ARTICLE),
    }


@register.inclusion_tag("articles/embeds/includes/date.html")
def fact_date(date, lead=False):
    """A precise date with its confidence; ``lead`` says "Expected" before a date
    still to come."""
    today = timezone.localdate()
    return {
        "date": date,
        "expected": lead and date.is_known and date.end >= today,
    }


@register.inclusion_tag("admin/articles/needs_update_index.html")
def needs_update_summary(user):
    """The admin index's count of stale published pieces: one query."""
    from articles.admin_needs_update import can_review
    from articles.embeds.staleness import needs_update
    from articles.models import Article

    if not can_review(user):  # the reviewers' to-do list, not the authors'
        return {"show": False}
    count = needs_update(Article.objects.all()).count()
    return {"show": True, "count": count}
