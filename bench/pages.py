"""The pages ``make bench`` measures, resolved to real URLs from the bench database.

One list, in the order readers meet them. A page whose model, URL or object does not
exist yet is skipped with the reason (printed, never a failure), so the list fills in
as the apps land. Edit ``PAGES`` when a URL or a model's public queryset changes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Count
from django.urls import NoReverseMatch, reverse


class Skip(Exception):
    """This page cannot be measured on this branch or data set; the message says why."""


@dataclass(frozen=True)
class Page:
    name: str
    locate: Callable[[], str]


def _named(name: str, *, query: str = "") -> Callable[[], str]:
    def locate() -> str:
        try:
            url = reverse(name)
        except NoReverseMatch:
            raise Skip(f"no URL named {name!r} yet") from None
        return f"{url}?{query}" if query else url

    return locate


def _public_object(label: str, *, busiest: str | None = None) -> Callable[[], str]:
    """The URL of a public ``label`` object; with ``busiest``, the one with the most
    related ``busiest`` rows (the article with the most comments)."""

    def locate() -> str:
        try:
            model = apps.get_model(label)
        except LookupError:
            raise Skip(f"model {label} does not exist yet") from None
        manager = model._default_manager
        queryset = manager.public() if hasattr(manager, "public") else manager.all()
        if busiest:
            try:
                queryset = queryset.annotate(_n=Count(busiest)).order_by("-_n", "pk")
            except FieldError:
                pass
        obj = queryset.first()
        if obj is None:
            raise Skip(f"no public {label} in the bench database")
        return obj.get_absolute_url()

    return locate


PAGES = [
    Page("home", _named("articles:home")),
    Page("article", _public_object("articles.Article", busiest="comments")),
    Page("show", _public_object("catalog.Show", busiest="credits")),
    Page("season", _public_object("catalog.Season", busiest="episodes")),
    Page("person", _public_object("catalog.Person", busiest="credits")),
    Page("search", _named("search", query="q=season")),
    Page("upcoming", _named("upcoming")),
    Page("feed", _named("articles:feed_rss")),
    Page("sitemap", _named("sitemap")),
    Page("healthz", _named("healthz")),
]
TRIVIAL = Page("trivial", lambda: "/__bench__/trivial")


def resolve_pages() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, url) of every page that exists, and (name, reason) of those skipped."""
    found, skipped = [], []
    for page in PAGES:
        try:
            found.append((page.name, page.locate()))
        except Skip as reason:
            skipped.append((page.name, str(reason)))
    return found, skipped
