"""Each public piece's card, kept rendered in the fragment cache.

Lists of cards (home, archives, related cards, "Latest on", search) fetch their cards'
HTML in one ``get_many`` and render only the missing ones. A card is stored when its
piece is saved, and when what it shows changes without a save of the piece (its
hero image and renditions, its authors), after the write commits, so a rollback
stores nothing.

The key holds the piece's ``render_version``, read with the card's own row: every
write that changes what the piece's page shows bumps it (core/pageversions.py), and
a card shows nothing its page does not (title, kind, standfirst, date, authors, hero
image), so a stored card is never older than its version. The lead card (the big
first one on the home page) is a variant of its own.
"""

from __future__ import annotations

from functools import partial

from django.db.models.signals import m2m_changed, post_save
from django.template import Context, engines
from django.utils import timezone, translation

from core import fragments
from images.models import Image, Rendition

from .models import Article, AuthorProfile

LABEL = "articles.article"
SLOT = "card"
TEMPLATE = "includes/article_card.html"
# An author's rename re-stores this many of their newest cards; older ones are
# rendered when a list next shows them.
STORE_LIMIT = 50


def _setting(lead: bool) -> str:
    """The variant: lead or not, and what the date is written in."""
    return (
        f"{'lead' if lead else 'card'} {translation.get_language()} "
        f"{timezone.get_current_timezone_name()}"
    )


def card_key(article: Article, lead: bool = False, setting: str | None = None) -> str:
    variant = setting if setting is not None else _setting(lead)
    return fragments.fragment_key(
        LABEL, article.pk, SLOT, article.render_version, variant
    )


def render_cards(articles: list[Article], lead: bool = False) -> list[str]:
    """Each card in a context of its own: nothing of the page's context may reach a
    stored card."""
    template = engines["django"].engine.get_template(TEMPLATE)
    context = Context({"lead": lead})
    html = []
    for article in articles:
        with context.push(article=article):
            html.append(template.render(context))
    return html


def cards_html(articles, *, lead_first: bool = False) -> list:
    """The cards of a list, in its order; the first one the lead if ``lead_first``."""
    articles = list(articles)
    if lead_first and articles:
        return _cards(articles[:1], lead=True) + _cards(articles[1:], lead=False)
    return _cards(articles, lead=False)


def _cards(articles: list, *, lead: bool) -> list:
    setting = _setting(lead)
    return fragments.items(
        articles,
        key=partial(card_key, lead=lead, setting=setting),
        render=partial(render_cards, lead=lead),
    )


# --- Writes ---------------------------------------------------------------------------


def store_cards(pks) -> None:
    """Render and store both variants of the cards of these pieces, if public."""
    cards = list(Article.objects.public().for_cards().filter(pk__in=pks).order_by("pk"))
    for lead in (False, True):
        fragments.put_items(
            cards,
            key=partial(card_key, lead=lead),
            render=partial(render_cards, lead=lead),
        )


def store_after_commit(pks) -> None:
    """Store these cards once the current transaction commits (now, outside one)."""
    pks = sorted(set(pks))
    if pks and fragments.enabled():
        fragments.after_commit(store_cards, pks)


def _article_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        store_after_commit([instance.pk])


def _authors_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        if isinstance(instance, Article):
            store_after_commit([instance.pk])


def _newest(articles) -> list[int]:
    return list(
        articles.order_by("-published_at").values_list("pk", flat=True)[:STORE_LIMIT]
    )


def _author_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and fragments.enabled():
        store_after_commit(_newest(Article.objects.public().filter(authors=instance)))


def _image_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not fragments.enabled():
        return
    image_id = instance.pk if isinstance(instance, Image) else instance.image_id
    store_after_commit(_newest(Article.objects.public().filter(hero_image=image_id)))


def connect() -> None:
    uid = "articles.fragments"
    post_save.connect(_article_saved, sender=Article, dispatch_uid=uid)
    m2m_changed.connect(
        _authors_changed, sender=Article.authors.through, dispatch_uid=uid
    )
    post_save.connect(_author_saved, sender=AuthorProfile, dispatch_uid=uid)
    post_save.connect(_image_saved, sender=Image, dispatch_uid=uid)
    post_save.connect(_image_saved, sender=Rendition, dispatch_uid=uid)
