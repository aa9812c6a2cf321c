"""Plain INSERTs for ``generate_scale``'s big tables: rows as tuples, no model objects.

``bulk_create`` builds a model instance per row and prepares every value through its
field; at 100k articles that was most of ``generate_scale``'s time. ``Table`` checks
the columns once, against the model, and then sends tuples through ``executemany``:

- every concrete column is written: those the caller names, in its order, then the
  rest with what ``bulk_create`` would store (the constant default, "" or NULL), so
  a field added later with a default needs no change here, and one without fails at
  once;
- only values a backend stores differently from the Python value (datetimes, dates,
  decimals, JSON, IP addresses) are adapted, by the backend's own adapters;
- PostgreSQL receives the rows through ``COPY``, the others through ``executemany``.

No ``save()``, no signals, no ``pre_save`` (``auto_now`` fields must be given).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.core.management.color import no_style
from django.db import connection, models

from core import fts
from core.models import VERSION_FIELDS

BATCH = 5000  # rows per executemany
# Columns whose Python value is what the database adapter stores as is.
PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


class Table:
    """One model's INSERT, for rows given as tuples in the order of ``columns``
    (attribute names: ``article_id``, not ``article``)."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]):
        meta = model._meta
        given = [meta.get_field(name) for name in columns]
        rest = [
            field
            for field in meta.concrete_fields
            if field not in given and not field.primary_key
        ]
        for field in rest:  # a per-row default, or none at all, is the caller's
            if field.name in VERSION_FIELDS:
                continue  # one random start for the load: bump_all moves them after
            if (field.has_default() and callable(field.default)) or (
                field.get_default() is None and not field.null
            ):
                raise ValueError(f"{model.__name__}.{field.name} must be given")
        self.defaults = tuple(field.get_default() for field in rest)
        fields = given + rest
        self.adapt = [
            (i, _adapter(field))
            for i, field in enumerate(fields)
            if field.get_internal_type() not in PLAIN
        ]
        quote = connection.ops.quote_name
        table = quote(meta.db_table)
        names = ", ".join(quote(field.column) for field in fields)
        self.sql = (
            f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        )
        self.copy_sql = f"COPY {table} ({names}) FROM STDIN"
        self.model = model

    def insert(self, rows: Iterable[tuple]) -> int:
        """Write the rows; return how many."""
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(self.copy_sql) as copy:
                    for row in self._adapted(rows):
                        copy.write_row(row)
                        count += 1
                return count
            batch: list = []
            for row in self._adapted(rows):
                batch.append(row)
                if len(batch) == BATCH:
                    cursor.executemany(self.sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(self.sql, batch)
                count += len(batch)
        return count

    def _adapted(self, rows: Iterable[tuple]) -> Iterator[Sequence]:
        defaults, adapt = self.defaults, self.adapt
        for row in rows:
            row = row + defaults
            if adapt:
                row = list(row)
                for i, adapter in adapt:
                    row[i] = adapter(row[i])
            yield row


def _adapter(field: models.Field) -> Callable:
    """The backend's adapter for a field's values (what ``get_db_prep_save`` ends
    with; the values here are already of the field's Python type)."""
    kind, ops = field.get_internal_type(), connection.ops
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DateField":
        return ops.adapt_datefield_value
    return functools.partial(field.get_db_prep_save, connection=connection)


def next_pk(model: type[models.Model]) -> int:
    """The first primary key after every row already there (rows inserted with
    explicit keys can then be related without reading them back)."""
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(*models_: type[models.Model]) -> None:
    """After explicit keys, point PostgreSQL's sequences past them (SQLite's
    AUTOINCREMENT follows by itself: the statements are empty there)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@contextlib.contextmanager
def bulk_load(*models_: type[models.Model]) -> Iterator[None]:
    """Settings for one big load, inside its transaction (a failure undoes them too).

    PostgreSQL: commit without waiting for the disk (the load is all or nothing and
    can be run again), and let each GIN index that a migration made with
    ``fastupdate = off`` (fine for a newsroom's trickle of writes, ~1.4 ms per row
    for a 3 kB body) gather entries in its pending list, merged once at the end;
    the index is left as it was. Its table is locked for the load meanwhile.

    SQLite: the FTS5 search indexes (``core.fts``) of the loaded tables stop
    following each row and are rebuilt once at the end. Row by row, FTS5 merges its
    segments again and again inside the one transaction: 20k articles took 90 s
    (10.5 s with the pause), and 100k did not finish in 15 minutes. (A 256 MiB page
    cache doubled the load's memory for no measurable gain; WAL with
    synchronous=NORMAL is already set.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
            indexes = _gin_without_fastupdate(cursor, models_)
            for name in indexes:
                cursor.execute(f"ALTER INDEX {name} SET (fastupdate = on)")
        yield
        with connection.cursor() as cursor:
            for name in indexes:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
                cursor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
    else:
        with fts.paused(connection, [model._meta.db_table for model in models_]):
            yield


def _gin_without_fastupdate(cursor, models_) -> list[str]:
    quote = connection.ops.quote_name
    cursor.execute(
        "SELECT c.relname FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
        "WHERE a.amname = 'gin' AND i.indrelid = ANY(%s::regclass[]) "
        "AND 'fastupdate=off' = ANY(c.reloptions) ORDER BY c.relname",
        [[quote(model._meta.db_table) for model in models_]],
    )
    return [quote(name) for (name,) in cursor.fetchall()]
