"""Querysets compiled once per process and run with each request's values.

A page's main query (an article with its subjects, cards and staleness as JSON
columns) is several kilobytes of SQL that the database runs in a fraction of a
millisecond, while Django spends ten times that building the queryset and compiling
it. Its SQL depends only on its shape, not on the slug or the time asked for, so a
``QueryShape`` builds and compiles it once with stand-in values, remembers where each
value's parameters sit, and then runs the same SQL with the real values bound. The
rows come back through the queryset's own iterable (model instances, ``select_related``,
``json_prefetch``), exactly as an uncached evaluation would give them.

    ARTICLE_PAGE = QueryShape(
        lambda slug, at: Article.objects.public(at=at).filter(slug=slug),
        slug=Article._meta.get_field("slug"),
        at=Article._meta.get_field("published_at"),
    )
    article = ARTICLE_PAGE.first(slug=slug, at=timezone.now())

Each value is declared with the model field it is compared to, which turns it into
its database parameter as the lookup would. A value may be a list of such values
(``pk__in``); the shape is then compiled once per list length. Building a shape
checks, with a second set of stand-ins, that the values change only their own
parameters and never the SQL text, so a builder whose SQL varies with its values
fails loudly the first time it is used rather than returning wrong rows.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.signals import setting_changed
from django.db import connections, models
from django.db.models.signals import post_migrate
from django.db.models.sql.compiler import SQLCompiler

# Compiled shapes per QueryShape; bounded: list lengths come from data, not readers.
_MAX_SHAPES = 64
_SHAPES: weakref.WeakSet[QueryShape] = weakref.WeakSet()


@dataclass
class _Compiled:
    queryset: models.QuerySet  # built from stand-ins, never evaluated
    compiler: SQLCompiler
    sql: str
    params: list
    slots: list[tuple[int, str, int | None]]  # position, value name, list index


def _stand_in(field: models.Field, seed: int):
    """A value no real row or request uses, of the field's type."""
    if isinstance(field, models.DateTimeField):
        return datetime(1901, 1, 1, tzinfo=UTC) + timedelta(seconds=seed * 7919)
    if isinstance(field, models.DateField):
        return date(1901, 1, 1) + timedelta(days=seed)
    if isinstance(field, models.SmallIntegerField):
        # In range, or the lookup compiles to "no rows" (EmptyResultSet).
        return 20000 + seed
    if isinstance(field, models.IntegerField | models.AutoField | models.ForeignKey):
        # Within every integer column's range (a 32-bit id, a positive number): a
        # lookup with a value outside it matches nothing and sends no parameter.
        return 2**31 - 1 - seed
    return f"~stand-in-{seed}~"


class QueryShape:
    """A queryset builder whose SQL is compiled once per process and connection."""

    def __init__(self, build: Callable[..., models.QuerySet], **fields: models.Field):
        self.build = build
        self.fields = fields
        self._compiled: dict[tuple, _Compiled] = {}
        _SHAPES.add(self)

    def all(self, *, using: str | None = None, **values) -> list:
        """The rows ``build(**values)`` gives, as a list."""
        using = using or "default"
        key = (using, *self._lengths(values))
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= _MAX_SHAPES:
                self._compiled.clear()
            compiled = self._compile(values, using)
            self._compiled[key] = compiled
        return list(self._bound(compiled, values, using))

    def first(self, *, using: str | None = None, **values):
        """The first row, or None; ``build`` orders and slices (``[:1]``)."""
        rows = self.all(using=using, **values)
        return rows[0] if rows else None

    # --- compiling --------------------------------------------------------------

    def _lengths(self, values) -> list:
        return [
            len(values[name]) if isinstance(values[name], list | tuple) else None
            for name in self.fields
        ]

    def _stand_ins(self, values, round_: int) -> dict:
        """Stand-ins shaped like ``values``; each call of a round gives the same."""
        base = 1000 * (round_ + 1)
        stand_ins, seed = {}, base
        for name, field in self.fields.items():
            value = values[name]
            if isinstance(value, list | tuple):
                stand_ins[name] = [
                    _stand_in(field, seed + i) for i in range(len(value))
                ]
                seed += len(value)
            else:
                stand_ins[name] = _stand_in(field, seed)
                seed += 1
        return stand_ins

    def _db_values(self, values, connection) -> dict:
        """Each value as the parameter(s) the database is sent."""
        adapted = {}
        for name, field in self.fields.items():
            value = values[name]
            if isinstance(value, list | tuple):
                adapted[name] = [self._adapt(field, v, connection) for v in value]
            else:
                adapted[name] = self._adapt(field, value, connection)
        return adapted

    @staticmethod
    def _adapt(field, value, connection):
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        return target.get_db_prep_value(value, connection, prepared=False)

    def _compile(self, values, using) -> _Compiled:
        connection = connections[using]
        first = self._stand_ins(values, 0)
        queryset = self.build(**first).using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        where = {}
        for name, adapted in self._db_values(first, connection).items():
            items = adapted if isinstance(adapted, list) else [adapted]
            for index, item in enumerate(items):
                where[item] = (name, index if isinstance(adapted, list) else None)
        slots = [(i, *where[p]) for i, p in enumerate(params) if _hashable(p) in where]
        found = {(name, index) for _, name, index in slots}
        if len(found) != len(where):
            raise ValueError(
                f"QueryShape: some values do not reach the SQL as parameters: {sql}"
            )
        # The same builder with other stand-ins must give the same SQL text, and
        # parameters that differ only where the slots say.
        second = self._stand_ins(values, 1)
        other_sql, other_params = (
            self.build(**second).using(using).query.get_compiler(using=using).as_sql()
        )
        expected = _fill(params, slots, self._db_values(second, connection))
        # Compared by repr: drivers wrap some parameters (psycopg's Jsonb, Int4) in
        # objects that compare by identity.
        if other_sql != sql or list(map(repr, other_params)) != list(
            map(repr, expected)
        ):
            raise ValueError(f"QueryShape: the SQL changes with its values: {sql}")
        return _Compiled(queryset, compiler, sql, list(params), slots)

    # --- running ----------------------------------------------------------------

    def _bound(self, compiled: _Compiled, values, using) -> models.QuerySet:
        """The prototype queryset answering with the compiled SQL and these values.

        Shallow copies only: nothing reads the prototype's query once the compiler
        is made, and the compiler's own state (columns, related objects) is what
        compiling these values would give.
        """
        connection = connections[using]
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connection
        params = tuple(
            _fill(compiled.params, compiled.slots, self._db_values(values, connection))
        )
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
        query = copy.copy(compiled.queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        queryset = compiled.queryset.__class__.__new__(compiled.queryset.__class__)
        queryset.__dict__.update(compiled.queryset.__dict__, _query=query)
        return queryset


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return None
    return value


def _fill(params, slots, values) -> list:
    filled = list(params)
    for position, name, index in slots:
        value = values[name]
        filled[position] = value if index is None else value[index]
    return filled


def forget_compiled(**kwargs) -> None:
    """Compile again after a migration or flush (content type ids and other
    constants in the SQL may have changed) or a settings change (tests)."""
    for shape in list(_SHAPES):
        shape._compiled.clear()


post_migrate.connect(forget_compiled, dispatch_uid="queryshapes-forget")
setting_changed.connect(forget_compiled, dispatch_uid="queryshapes-forget-settings")
