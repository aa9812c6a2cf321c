"""``/sitemap.xml``: an index of one sitemap per kind of public page.

Each section lists only what a reader may open (``Article.objects.public()`` for
pieces), loads only the columns its URLs need, and is split into pages at the
sitemaps framework's limit (50,000 URLs) by the index.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article
from catalog.models import Person, Season, Show, SourceWork


class ArticleSitemap(Sitemap):
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
        """For the index: one aggregate, not every piece loaded to take a max()."""
        return self.items().order_by().aggregate(latest=Max("modified_at"))["latest"]


class CatalogSitemap(Sitemap):
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
    "shows": ShowSitemap,
    "seasons": SeasonSitemap,
    "people": PersonSitemap,
    "books": BookSitemap,
}
