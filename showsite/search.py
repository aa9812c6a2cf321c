"""Site search: one function for articles and the catalog, whatever the database.

On PostgreSQL, articles are matched with full-text search on a stored, weighted
``tsvector`` (title A, standfirst B, body C: without its spoiler passages; GIN
index, see articles migrations 0003 and 0015) and ranked; the reader's text goes
through ``websearch_to_tsquery``, so quotes, ``-``, ``or`` and stray punctuation
are understood or ignored, never an error. On SQLite an FTS5 index (``core.fts``,
same stemming) must hold every word, and bm25 ranks them. Both are served by their
index, whatever the size of the archive.

The catalog (shows, people, characters, episodes, books) is matched by name: a word
anywhere in it. On PostgreSQL trigram indexes serve ``icontains`` (showsite
migrations 0001 and 0003); on SQLite FTS5 trigram indexes do (``core.fts``). A
query that matches no catalog entry gets the closest catalog name instead ("did you
mean"): pg_trgm word similarity on PostgreSQL, difflib over a capped list of names
on SQLite.
Only ``Article.objects.public()`` is ever searched.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import Article
from catalog.models import Character, Episode, Person, Show, SourceWork
from core.bidi import strip_bidi_controls
from core.fts import ARTICLES, BOOKS, CHARACTERS, EPISODES, PEOPLE, SHOWS

SEARCH_CONFIG = "english"  # Keep in step with articles migration 0003.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# How many of each catalog kind the results page lists (the total is counted).
CATALOG_LIMIT = 5
# How many of the newest matching pieces are ranked (see ranked_article_ids).
RANKED_MATCHES = 200
# SQLite: the newest public matches in the FTS5 index (core.fts), each
# with its bm25 score (lower is better; title 5, standfirst 2, body 1, as PostgreSQL
# weighs A, B and C), then best first. CROSS JOIN makes SQLite read the index first,
# in rowid order, and stop at the limit; the state and time test is
# ``ArticleQuerySet.public()``'s, written here because the ORM cannot order that join
# (tests hold them together). Raw SQL, so the ranking runs once: through the ORM the
# rank was a correlated subquery, which ran the ranking again for every match.
_FTS_BEST_FIRST = f"""
SELECT id FROM (
  SELECT f.rowid AS id, a.published_at, bm25({ARTICLES.name}, 5.0, 2.0, 1.0) AS score
  FROM {ARTICLES.name} f CROSS JOIN articles_article a ON a.id = f.rowid
  WHERE {ARTICLES.name} MATCH %s AND a.state = %s AND a.published_at <= %s
  ORDER BY f.rowid DESC LIMIT %s
) ORDER BY score, published_at DESC, id DESC"""

_WORD = re.compile(r"\w+", re.UNICODE)

# "Did you mean": the catalog names a misspelt query is compared with.
_SPELLING_SOURCES = (
    ("catalog_show", "title"),
    ("catalog_person", "name"),
    ("catalog_character", "name"),
    ("catalog_sourcework", "title"),
)
# PostgreSQL: how alike (pg_trgm word similarity, 0 to 1) a name must be. The
# ``<%`` operator (at least pg_trgm's 0.6) lets the trigram indexes find the
# candidates; 0.7 keeps "comet" from suggesting "Comedy Hour".
SUGGEST_SIMILARITY = 0.7
_PG_CLOSEST_NAME = (
    "SELECT name FROM ("
    + " UNION ALL ".join(
        f"SELECT {column} AS name, "
        f"word_similarity(UPPER(%s), UPPER({column}::text)) AS score "
        f"FROM {table} WHERE UPPER(%s) <%% UPPER({column}::text)"
        for table, column in _SPELLING_SOURCES
    )
    + ") AS names WHERE score >= %s ORDER BY score DESC, length(name), name LIMIT 1"
)
# SQLite: difflib over at most this many names (the newest of each kind), in
# Python; a near miss on an older name in a larger catalog is not suggested.
SPELLING_NAMES = 2000
SUGGEST_RATIO = 0.8


def clean_query(raw: str | None) -> str:
    """The reader's text, trimmed, single-spaced and cut to ``MAX_QUERY_LENGTH``.

    Control characters go (PostgreSQL refuses a NUL byte in any text parameter), and
    so do bidirectional controls (the query is shown on the results page).
    """
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs") else ch
        for ch in strip_bidi_controls((raw or "")[: MAX_QUERY_LENGTH * 4])
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


class RankedPieces:
    """Matching pieces, best first, as a sequence the paginator slices.

    The ranked ids (at most ``RANKED_MATCHES``) are read in one query, so counting
    them is ``len()``, and a page loads only its own cards, in one more query,
    instead of ranking the matches again to count them and again to slice them.
    """

    def __init__(self, query: str = ""):
        self.query = query
        self._ids: list[int] | None = None

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            self._ids = ranked_article_ids(self.query)
        return self._ids

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def capped(self) -> bool:
        """Whether the ranking stopped at ``RANKED_MATCHES``: there may be more
        matches, older than these."""
        return len(self.ids) >= RANKED_MATCHES

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        wanted = self.ids[index]
        return Article.objects.public().cards_in_order(wanted) if wanted else []

    def __iter__(self):
        return iter(self[:])


@dataclass
class SearchResults:
    query: str
    articles: RankedPieces
    groups: dict[str, CatalogGroup] = field(default_factory=dict)
    # A catalog name close to a query that matched no catalog entry; the groups
    # are then that name's.
    suggestion: str = ""

    @property
    def catalog_count(self) -> int:
        return sum(group.count for group in self.groups.values())


def ranked_article_ids(query: str) -> list[int]:
    """The ids of the public pieces matching ``query``, best first.

    Only the newest ``RANKED_MATCHES`` matches are ranked: a common word matches most
    of the archive, and ranking every match would read every matching row on every
    search. A rarer query has fewer matches, and all of them are ranked.
    """
    if not query:
        return []
    if connection.vendor == "sqlite":
        return _sqlite_ranked_ids(query)
    return list(search_articles(query).values_list("pk", flat=True))


def search_articles(query: str) -> models.QuerySet:
    """The public pieces matching ``query``, best first (lazy). PostgreSQL only:
    callers use ``ranked_article_ids``, which picks the database's way."""
    ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    newest = (
        Article.objects.public()
        .filter(search_vector=ts_query)
        .latest_first()
        .values("pk")[:RANKED_MATCHES]
    )
    return (
        Article.objects.filter(pk__in=newest)  # no public(): ``newest`` is public
        .annotate(rank=SearchRank(F("search_vector"), ts_query))
        .order_by("-rank", "-published_at", "-pk")
    )


def _sqlite_ranked_ids(query: str) -> list[int]:
    """The FTS5 version: the newest by id (the index's order, so no match is sorted)
    rather than by publication time."""
    fts_query = _fts_query(query)
    if not fts_query:
        return []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [fts_query, Article.State.PUBLISHED, now, RANKED_MATCHES]
    with connection.cursor() as cursor:
        cursor.execute(_FTS_BEST_FIRST, params)
        return [row[0] for row in cursor.fetchall()]


def _fts_query(query: str) -> str:
    """An FTS5 query where every word must match: each quoted as a string, so no
    reader's text is ever read as FTS5 syntax (``OR``, ``NEAR``, ``-``, ``*``)."""
    return " ".join(f'"{term}"' for term in _terms(query))


def _catalog_matches(queryset, fields: tuple[str, ...], query: str):
    """Rows whose name fields contain every word; names starting with it first."""
    terms = _terms(query)
    if not terms:
        return queryset.none()
    matches = Q()
    for term in terms:
        matches &= _name_contains(queryset.model, fields, term)
    starts = Q(**{f"{fields[0]}__istartswith": terms[0]})
    return (
        queryset.filter(matches)
        .annotate(starts=Case(When(starts, then=Value(0)), default=Value(1)))
        .order_by("starts", fields[0], "pk")
    )


def _name_contains(model, fields: tuple[str, ...], term: str) -> Q:
    """Rows with ``term`` inside one of ``fields``. On SQLite the trigram index
    (core.fts) finds them when the term has a trigram (three characters);
    PostgreSQL's trigram indexes serve ``icontains`` itself."""
    index = _TRIGRAM_INDEXES.get(model)
    if connection.vendor == "sqlite" and index and len(term) >= 3:
        rows = f"SELECT rowid FROM {index.name} WHERE {index.name} MATCH %s"
        return Q(pk__in=RawSQL(rows, [f'"{term}"']))
    contains = Q()
    for name in fields:
        contains |= Q(**{f"{name}__icontains": term})
    return contains


_TRIGRAM_INDEXES = {
    Show: SHOWS,
    Person: PEOPLE,
    SourceWork: BOOKS,
    Character: CHARACTERS,
    Episode: EPISODES,
}


@dataclass(frozen=True)
class CatalogKind:
    """One kind of catalog entry the search lists: its name fields (the first is
    shown and sorted on) and the columns and joins its link and label need."""

    label: str
    model: type
    fields: tuple[str, ...]
    columns: tuple[str, ...] = ("slug",)
    related: tuple[str, ...] = ()

    def matches(self, query: str) -> models.QuerySet:
        rows = self.model.objects.select_related(*self.related).only(
            *self.columns, *self.fields
        )
        return _catalog_matches(rows, self.fields, query)


CATALOG_KINDS = {
    "shows": CatalogKind("Shows", Show, ("title", "original_title")),
    "people": CatalogKind("People", Person, ("name",)),
    "characters": CatalogKind(
        "Characters",
        Character,
        ("name",),
        columns=("show__slug", "show__title"),
        related=("show",),
    ),
    "episodes": CatalogKind(
        "Episodes",
        Episode,
        ("title",),
        columns=(
            "number",
            "season__number",
            "season__show__slug",
            "season__show__title",
        ),
        related=("season__show",),
    ),
    "books": CatalogKind("Books", SourceWork, ("title",)),
}


def search_catalog(query: str, *, limit: int = CATALOG_LIMIT) -> dict:
    """Each kind's entries matching ``query``: a capped list and a count each."""
    groups = {}
    for key, kind in CATALOG_KINDS.items():
        matches = kind.matches(query).annotate(total=Window(Count("pk")))
        # One query per kind: the first few rows, each carrying the count of all.
        items = list(matches[:limit])
        groups[key] = CatalogGroup(
            label=kind.label, items=items, count=items[0].total if items else 0
        )
    return groups


def search(raw_query: str | None) -> SearchResults:
    """Everything the search page shows for what the reader typed.

    Articles come back as ``RankedPieces`` for the view to paginate; catalog groups
    are already capped. Empty or unusable text gives empty results, never an error.
    """
    query = clean_query(raw_query)
    if not query:
        return SearchResults(query="", articles=RankedPieces())
    groups = search_catalog(query)
    suggestion = ""
    if not any(group.count for group in groups.values()):
        suggestion = suggest(query)
        if suggestion:
            groups = search_catalog(suggestion)
    return SearchResults(
        query=query,
        articles=RankedPieces(query),
        groups=groups,
        suggestion=suggestion,
    )


def suggest(query: str) -> str:
    """The catalog name closest to ``query`` when it looks like a misspelling of
    one ("heartstoper": "Heartstopper"), else "". One query."""
    if not _terms(query):
        return ""
    if connection.vendor == "postgresql":
        params = []
        for _ in _SPELLING_SOURCES:
            params += [query, query]
        with connection.cursor() as cursor:
            cursor.execute(_PG_CLOSEST_NAME, [*params, SUGGEST_SIMILARITY])
            row = cursor.fetchone()
        name = row[0] if row else ""
    else:
        name = _closest_spelling(query)
    return "" if name.casefold() == query.casefold() else name


def _closest_spelling(query: str) -> str:
    """difflib's closest name among the newest ``SPELLING_NAMES``, case folded."""
    per_kind = SPELLING_NAMES // len(_SPELLING_SOURCES)
    # Each part in a subquery, so each has its own order and limit.
    sql = " UNION ALL ".join(
        f"SELECT * FROM (SELECT {column} FROM {table} ORDER BY id DESC LIMIT %s)"
        for table, column in _SPELLING_SOURCES
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [per_kind] * len(_SPELLING_SOURCES))
        names = {}
        for (name,) in cursor.fetchall():
            names.setdefault(name.casefold(), name)
    close = difflib.get_close_matches(
        query.casefold(), names, n=1, cutoff=SUGGEST_RATIO
    )
    return names[close[0]] if close else ""
