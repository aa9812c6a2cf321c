"""Site search: one function for articles and the catalog, whatever the database.

On PostgreSQL, articles are matched with full-text search on a stored, weighted
``tsvector`` (title A, standfirst B, body C; GIN index, see articles migration 0003)
and ranked; the reader's text goes through ``websearch_to_tsquery``, so quotes, ``-``,
``or`` and stray punctuation are understood or ignored, never an error. On SQLite
every word must appear in the title, standfirst or body, title matches first.

The catalog (shows, people, books) is matched by name with ``icontains`` on both
databases; on PostgreSQL trigram indexes serve it (showsite migration 0001).
Only ``Article.objects.public()`` is ever searched.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Case, F, Q, Value, When

from articles.models import Article
from catalog.models import Person, Show, SourceWork

SEARCH_CONFIG = "english"  # Keep in step with articles migration 0003.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# How many of each catalog kind the results page lists (the total is counted).
CATALOG_LIMIT = 5

_WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw: str | None) -> str:
    """The reader's text, trimmed, single-spaced and cut to ``MAX_QUERY_LENGTH``.

    Control characters go (PostgreSQL refuses a NUL byte in any text parameter).
    """
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs") else ch
        for ch in (raw or "")[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _terms(query: str) -> list[str]:
    """Words for plain matching: punctuation and operators dropped, a few at most."""
    return _WORD.findall(query)[:MAX_TERMS]


@dataclass
class CatalogGroup:
    """The first few matches of one catalog kind and how many there are."""

    label: str
    items: list
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class SearchResults:
    query: str
    articles: models.QuerySet
    groups: dict[str, CatalogGroup] = field(default_factory=dict)

    @property
    def catalog_count(self) -> int:
        return sum(group.count for group in self.groups.values())


def search_articles(query: str) -> models.QuerySet:
    """Public pieces matching ``query``, best first (lazy: paginate it)."""
    public = Article.objects.public()
    if not query:
        return public.none()
    if connection.vendor == "postgresql":
        ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            public.filter(search_vector=ts_query)
            .annotate(rank=SearchRank(F("search_vector"), ts_query))
            .order_by("-rank", "-published_at", "-pk")
        )
    terms = _terms(query)
    if not terms:
        return public.none()
    matches = Q()
    for term in terms:
        matches &= (
            Q(title__icontains=term)
            | Q(standfirst__icontains=term)
            | Q(body__icontains=term)
        )
    title_hits = Q()
    for term in terms:
        title_hits &= Q(title__icontains=term)
    return (
        public.filter(matches)
        .annotate(
            rank=Case(When(title_hits, then=Value(1)), default=Value(0)),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _catalog_matches(queryset, fields: tuple[str, ...], query: str):
    """Rows whose name fields contain every word; names starting with it first."""
    terms = _terms(query)
    if not terms:
        return queryset.none()
    matches = Q()
    for term in terms:
        term_q = Q()
        for name in fields:
            term_q |= Q(**{f"{name}__icontains": term})
        matches &= term_q
    starts = Q(**{f"{fields[0]}__istartswith": terms[0]})
    return (
        queryset.filter(matches)
        .annotate(starts=Case(When(starts, then=Value(0)), default=Value(1)))
        .order_by("starts", fields[0], "pk")
    )


def search_catalog(query: str, *, limit: int = CATALOG_LIMIT) -> dict:
    """Shows, people and books matching ``query``: a capped list and a count each."""
    kinds = {
        "shows": ("Shows", Show, ("title", "original_title")),
        "people": ("People", Person, ("name",)),
        "books": ("Books", SourceWork, ("title",)),
    }
    groups = {}
    for key, (label, model, fields) in kinds.items():
        matches = _catalog_matches(model.objects.all(), fields, query)
        # Always two queries per kind, so the page's query count never depends on
        # how many rows match.
        groups[key] = CatalogGroup(
            label=label, items=list(matches[:limit]), count=matches.count()
        )
    return groups


def search(raw_query: str | None) -> SearchResults:
    """Everything the search page shows for what the reader typed.

    Articles come back as a lazy queryset for the view to paginate; catalog groups are
    already capped. Empty or unusable text gives empty results, never an error.
    """
    query = clean_query(raw_query)
    if not query:
        return SearchResults(query="", articles=Article.objects.none())
    return SearchResults(
        query=query,
        articles=search_articles(query).for_cards(),
        groups=search_catalog(query),
    )
