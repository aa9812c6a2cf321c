"""RSS 2.0 and Atom feeds of public pieces: latest, per show, per tag, per author.

Every feed starts from ``Article.objects.public()``, so drafts, pieces in review,
scheduled and unpublished pieces never appear. Django's syndication framework makes
links absolute from the request.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from catalog.models import Show
from core.jsonprefetch import JSONPrefetch, json_prefetch
from core.pageversions import keyed_by, lists

from .models import Article, AuthorProfile, Tag, UpdateNote
from .pages import ARTICLE_LISTS

FEED_ITEMS = 20


@keyed_by(lists(ARTICLE_LISTS))
class LatestArticlesFeed(Feed):
    """The newest public pieces; subclasses narrow ``articles()`` to one subject."""

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return f"{settings.SITE_NAME}: latest"

    def link(self, obj):
        return reverse("articles:home")

    def description(self, obj):
        return f"The newest pieces from {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.public()

    def items(self, obj):
        # The newest update note rides in each item's own row: no query per feed.
        latest_note = JSONPrefetch(
            "update_notes",
            UpdateNote.objects.order_by("-created_at", "-pk"),
            to_attr="latest_notes",
            limit=1,
        )
        return json_prefetch(
            self.articles(obj)
            .latest_first()
            .prefetch_related(
                Prefetch("authors", queryset=AuthorProfile.objects.order_by("name")),
                Prefetch("tags", queryset=Tag.objects.order_by("name")),
            )
            .only(
                "title",
                "slug",
                "standfirst",
                "published_at",
                "first_published_at",
                "updated_at",
            ),
            latest_note,
        )[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The standfirst, and the newest correction or update with its date (HTML,
        so both are escaped)."""
        note = item.latest_notes[0] if item.latest_notes else None
        if note is None:
            return format_html("<p>{}</p>", item.standfirst)
        when = format_date(timezone.localtime(note.created_at), "j F Y")
        return format_html(
            "<p>{}</p><p><strong>{} {}</strong>{}{}</p>",
            item.standfirst,
            note.past_label,
            when,
            ": " if note.text else ".",
            note.text,
        )

    def item_pubdate(self, item):
        return item.first_published_at or item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_guid(self, item):
        # A tag URI on the id outlives a slug change, so feed readers do not show a
        # renamed piece twice.
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},2026:article:{item.pk}"

    def item_guid_is_permalink(self, item):
        return False


@keyed_by(lambda kwargs: Show.objects.filter(slug=kwargs["slug"]))
class ShowArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Show.objects.only("title", "slug"), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.title}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"The newest pieces about {obj.title}."

    def articles(self, obj):
        return Article.objects.public().about(obj)


class TagArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"The newest pieces tagged {obj.name}."

    def articles(self, obj):
        return Article.objects.public().filter(tags=obj)


class AuthorArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(AuthorProfile.objects.only("name", "slug"), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"The newest pieces by {obj.name}."

    def articles(self, obj):
        return Article.objects.public().filter(authors=obj)


class AtomMixin:
    """The same feed as Atom 1.0: ``subtitle`` is Atom's name for the description."""

    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class LatestArticlesAtom(AtomMixin, LatestArticlesFeed):
    pass


class ShowArticlesAtom(AtomMixin, ShowArticlesFeed):
    pass


class TagArticlesAtom(AtomMixin, TagArticlesFeed):
    pass


class AuthorArticlesAtom(AtomMixin, AuthorArticlesFeed):
    pass
