"""``/sitemap.xml``: an index of one sitemap per kind of public page.

Each section lists only what a reader may open (``Article.objects.public()`` for
pieces), loads only the columns its URLs need, and is split into pages at the
sitemaps framework's limit (50,000 URLs) by the index. The index counts each
section's pages from its highest primary key (``KeyBoundPaginator``), not by counting
every row, so it costs the same at any size. The news section (Google News: the
last 48 hours, at most 1,000 pieces) is one page by construction, never counted.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from articles.models import Article
from catalog.models import Person, Season, Show, SourceWork


class KeyBoundPaginator(Paginator):
    """Sitemap pages counted from the highest primary key: one index read.

    Ids start at 1 and only grow, so the highest is never fewer than the rows and
    every row is on a listed page; gaps (deleted or unpublished rows) can leave the
    last listed page short or empty, which is still a valid ``<urlset>``.
    """

    @cached_property
    def count(self) -> int:
        model = self.object_list.model
        return model._base_manager.aggregate(top=Max("pk"))["top"] or 0


class IndexedSitemap(Sitemap):
    @property
    def paginator(self):
        return KeyBoundPaginator(self._items(), self.limit)


class ArticleSitemap(IndexedSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        # Ordered by the (state, published_at) index the public lists use.
        return (
            Article.objects.public()
            .latest_first()
            .only("slug", "modified_at", "published_at")
        )

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        """For the index: the newest public change, read from the end of the
        (state, modified_at) index, not a max() over every public piece."""
        return (
            self.items()
            .order_by("-modified_at")
            .values_list("modified_at", flat=True)
            .first()
        )


class CatalogSitemap(IndexedSitemap):
    """A catalog model's pages, in primary-key order (stable across sitemap pages)."""

    model = None
    fields: tuple[str, ...] = ("slug",)
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return self.model.objects.order_by("pk").only(*self.fields)


class ShowSitemap(CatalogSitemap):
    model = Show


class PersonSitemap(CatalogSitemap):
    model = Person
    priority = 0.5


class BookSitemap(CatalogSitemap):
    model = SourceWork
    priority = 0.5


class SeasonSitemap(CatalogSitemap):
    model = Season

    def items(self):
        return (
            Season.objects.select_related("show")
            .order_by("pk")
            .only("number", "show__slug")
        )


class OnePagePaginator(Paginator):
    """A list capped at one page: its size is never counted (the index needs only
    to know there is one page, and the page reads up to ``per_page`` rows)."""

    @cached_property
    def count(self) -> int:
        return self.per_page


class NewsSitemap(Sitemap):
    """Google News: the public pieces of the last 48 hours, newest first, at most
    the 1,000 Google reads, each with its publication, date and title
    (``templates/sitemap_news.xml``)."""

    limit = 1000
    language = "en"  # ISO 639, as Google News asks; LANGUAGE_CODE is "en-gb"

    @property
    def paginator(self):
        return OnePagePaginator(self._items(), self.limit)

    def items(self):
        return (
            Article.objects.recent_news()
            .latest_first()
            .only("slug", "title", "published_at")
        )

    def get_urls(self, *args, **kwargs):
        """Each URL carries the publication it belongs to, for the news tags."""
        publication = {"name": settings.SITE_NAME, "language": self.language}
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            url["publication"] = publication
        return urls


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "news": NewsSitemap,
    "shows": ShowSitemap,
    "seasons": SeasonSitemap,
    "people": PersonSitemap,
    "books": BookSitemap,
}
