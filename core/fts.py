"""SQLite's search indexes: FTS5 tables kept in step with their tables by triggers.

PostgreSQL has a weighted ``tsvector`` with a GIN index for articles (articles
migration 0003) and trigram GIN indexes for catalog names (migration 0001); these are
SQLite's equivalents, so search is served from an index on the embedded default too:

- ``articles_article_fts``: title, standfirst and body (``search_body``: the body
  without its spoiler passages), stemmed (porter) with case
  and accents folded, ranked with bm25;
- ``catalog_*_fts``: catalog names (shows, people, books, characters, episodes)
  split into trigrams, so a name containing a word
  of three or more characters is found from the index (``showsite.search``).

Each is an external-content index (rowid = the row's id): it stores the index, not a
second copy of the text. Triggers, not ``save()``, keep it in step, so bulk_create,
update(), deletes and raw writes stay searchable. SQLite rebuilds a table to alter
it and dropping the old table drops its triggers, so ``sqlite_upkeep`` runs after
every migrate: it puts back whatever is missing (re-indexing that table) and gathers
the planner's statistics. A migrate that reverses (``migrate articles zero``) leaves
gone what it dropped: upkeep only mends indexes its migration made, of tables that are
still there.
"""

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

# The migration that creates the indexes: until it is applied (or once it is
# reversed) upkeep leaves them alone.
CREATED_BY = ("showsite", "0002_sqlite_fts")


@dataclass(frozen=True)
class FullTextIndex:
    table: str  # the indexed table; the FTS5 table is "<table>_fts"
    columns: tuple[str, ...]
    tokenize: str

    @property
    def name(self) -> str:
        return f"{self.table}_fts"

    def create_table(self) -> str:
        return (
            f"CREATE VIRTUAL TABLE {self.name} USING fts5("
            f"{', '.join(self.columns)}, content='{self.table}', "
            f"content_rowid='id', tokenize='{self.tokenize}')"
        )

    def triggers(self) -> dict[str, str]:
        """An external-content index forgets a row only when told what it indexed."""
        columns = ", ".join(self.columns)
        old = ", ".join(f"old.{c}" for c in self.columns)
        new = ", ".join(f"new.{c}" for c in self.columns)
        forget = (
            f"INSERT INTO {self.name}({self.name}, rowid, {columns}) "
            f"VALUES ('delete', old.id, {old});"
        )
        learn = f"INSERT INTO {self.name}(rowid, {columns}) VALUES (new.id, {new});"
        return {
            f"{self.name}_insert": f"AFTER INSERT ON {self.table} BEGIN {learn} END",
            f"{self.name}_delete": f"AFTER DELETE ON {self.table} BEGIN {forget} END",
            f"{self.name}_update": f"AFTER UPDATE OF id, {columns} ON {self.table} "
            f"BEGIN {forget} {learn} END",
        }


ARTICLES = FullTextIndex(
    "articles_article",
    ("title", "standfirst", "search_body"),
    "porter unicode61 remove_diacritics 2",
)
# The articles index as showsite 0002 made it, before articles had ``search_body``
# (showsite 0004 moves it to that column).
ARTICLES_ON_BODY = FullTextIndex(
    "articles_article",
    ("title", "standfirst", "body"),
    "porter unicode61 remove_diacritics 2",
)
SHOWS = FullTextIndex("catalog_show", ("title", "original_title"), "trigram")
PEOPLE = FullTextIndex("catalog_person", ("name",), "trigram")
BOOKS = FullTextIndex("catalog_sourcework", ("title",), "trigram")
CHARACTERS = FullTextIndex("catalog_character", ("name",), "trigram")
EPISODES = FullTextIndex("catalog_episode", ("title",), "trigram")
INDEXES = (ARTICLES, SHOWS, PEOPLE, BOOKS, CHARACTERS, EPISODES)


def ensure(connection, index: FullTextIndex) -> bool:
    """Create ``index`` and its triggers where missing (SQLite only); True if it had
    to, in which case every row is indexed again."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = %s "
            "OR (type = 'trigger' AND tbl_name = %s)",
            [index.name, index.table],
        )
        existing = {name for (name,) in cursor.fetchall()}
        triggers = index.triggers()
        if existing.issuperset([index.name, *triggers]):
            return False
        if index.name not in existing:
            cursor.execute(index.create_table())
        for name, body in triggers.items():
            if name not in existing:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute(f"INSERT INTO {index.name}({index.name}) VALUES ('rebuild')")
    return True


@contextlib.contextmanager
def paused(connection, tables: list[str]) -> Iterator[None]:
    """For a bulk load on SQLite: the indexes of ``tables`` do not follow each row
    written inside the block (their triggers are dropped) and are rebuilt once at
    its end. Use it inside the load's transaction, so a failure puts them back."""
    indexes = [i for i in INDEXES if i.table in tables]
    if connection.vendor != "sqlite" or not indexes:
        yield
        return
    with connection.cursor() as cursor:
        for index in indexes:
            for name in index.triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    for index in indexes:
        ensure(connection, index)


def drop(connection, index: FullTextIndex) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in index.triggers():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {index.name}")


def sqlite_upkeep(using, **kwargs):
    """After every migrate (every deploy), on SQLite only: put back any missing
    search index, and gather the planner's statistics. SQLite keeps none unless
    ANALYZE writes them, and without them it takes ``state = 'published'`` for a
    rare value and reads every public piece to find a person's few (PostgreSQL's
    autovacuum keeps its own)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if CREATED_BY in MigrationRecorder(connection).applied_migrations():
        tables = set(connection.introspection.table_names())
        for index in INDEXES:
            if index.table in tables:
                ensure(connection, index)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
