"""Article lists that catalog pages show, without ``catalog`` importing ``articles``.

Catalog templates ``{% load article_tags %}``; the dependency stays one-way in Python.
"""

from django import template
from django.urls import reverse

from articles import fragments
from articles.models import Article

register = template.Library()


@register.simple_tag
def article_cards(articles, lead_first=False) -> list:
    """The cards of ``articles``, each kept rendered (articles/fragments.py): all
    fetched in one cache round trip, the missing ones rendered. ``lead_first``: the
    first is the big lead card."""
    return fragments.cards_html(articles, lead_first=lead_first)


# A catalog page shows a handful of pieces and links to the full list.
LATEST_ABOUT = 4


@register.inclusion_tag("articles/includes/latest_about.html")
def latest_articles_about(obj, limit: int = LATEST_ABOUT):
    """The newest public pieces about a show (or its seasons), season, person or
    book: ``limit`` cards in ONE query, whether there are none or many, and a link
    to the full list for shows."""
    articles = Article.objects.public().latest_first()
    if obj._meta.model_name == "show":
        articles = articles.about_show(obj)
        more_url = reverse("articles:show", kwargs={"slug": obj.slug})
    else:
        articles = articles.about(obj)
        more_url = ""
    # One extra row tells whether there is more, without a COUNT query.
    found = list(articles.first_cards(limit + 1))
    return {
        "subject": obj,
        "articles": found[:limit],
        "more_url": more_url if len(found) > limit else "",
    }
