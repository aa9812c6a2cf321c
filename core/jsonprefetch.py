"""Related rows loaded inside their parent's own query, as JSON.

``prefetch_related`` costs one query per relation: an article page showing a season
with its platforms, cast, trailers, books and ratings paid a query for each. A
``JSONPrefetch`` asks the database for the relation as a JSON array in a column of the
parent's row (a correlated subquery, ordered and capped like any queryset), then
rebuilds model instances from it and stores them where ``prefetch_related`` would, so
templates and model methods read ``season.ratings.all()`` unchanged and run no query.

    json_prefetch(Season.objects.all(), JSONPrefetch("ratings", related=("source",)))

Use it where a page's query count matters; it costs more SQL per row than
``prefetch_related``, so lists of many parents are better served by the latter.
Works on SQLite (JSON1) and PostgreSQL.
"""

from __future__ import annotations

import datetime
import decimal
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import connections, models
from django.db.models import Expression, F, OuterRef, Subquery, Value
from django.db.models.query import ModelIterable

# Every list a page shows is capped; a prefetch without its own limit gets this one.
DEFAULT_LIMIT = 200
PREFIX = "_json_"


@dataclass(frozen=True)
class JSONPrefetch:
    """One relation to load as JSON: like ``Prefetch``, with ``related`` for the
    children's own foreign keys (``select_related``) and nested ``prefetch``.

    ``lookup`` may walk forward foreign keys first (``"show__platforms"`` on a
    season); the instances are then attached to the related object.
    """

    lookup: str
    queryset: models.QuerySet | None = None
    related: tuple[str, ...] = ()
    prefetch: tuple[JSONPrefetch, ...] = ()
    to_attr: str | None = None
    limit: int = DEFAULT_LIMIT
    key: str = field(init=False)

    def __post_init__(self):
        name = self.to_attr or self.lookup
        object.__setattr__(self, "key", PREFIX + name.replace("__", "_"))


class JSONRows(Subquery):
    """A subquery's rows as one JSON array (``[]`` when there are none), in the
    subquery's order."""

    output_field = models.JSONField()

    def as_sql(self, compiler, connection, template=None, **extra_context):
        inner, params = super().as_sql(compiler, connection, template="%(subquery)s")
        if connection.vendor == "postgresql":
            sql = f"(SELECT COALESCE(JSONB_AGG(_r.j), '[]'::jsonb) FROM ({inner}) _r)"
        else:
            # JSON() keeps nested values JSON rather than strings inside JSON_OBJECT.
            sql = f"JSON((SELECT JSON_GROUP_ARRAY(JSON(_r.j)) FROM ({inner}) _r))"
        return sql, params


@cache  # per lookup, not per parent row: attach() runs for every parent
def _split(model, lookup: str):
    """``"show__platforms"`` on Season → (["show"], Show, platforms field)."""
    *path, name = lookup.split("__")
    owner = model
    for step in path:
        owner = owner._meta.get_field(step).related_model
    return path, owner, owner._meta.get_field(name)


@cache  # per relation list, not per child row (callers only read the tree)
def _related_tree(paths: tuple[str, ...]) -> dict:
    tree: dict = {}
    for path in paths:
        node = tree
        for step in path.split("__"):
            node = node.setdefault(step, {})
    return tree


class RowJSON(Expression):
    """A row of ``model``, reached from the query's model by ``path``, as a JSON
    object keyed by attname, with ``extra`` keys (nested objects or arrays).

    One expression per row rather than a ``JSONObject`` of one ``F()`` per column:
    building and compiling a query of nested rows stays cheap. The row's table alias
    comes from ``anchor``, a non-key column, so the join to it is never trimmed.
    """

    output_field = models.JSONField()

    def __init__(self, model, path: str = "", extra=None):
        super().__init__()
        if model._meta.parents:
            raise TypeError("RowJSON does not follow multi-table inheritance.")
        self.model = model
        anchor = next(f for f in model._meta.concrete_fields if not f.primary_key)
        self.anchor = F(path + anchor.name)
        self.extra = dict(extra or {})

    def get_source_expressions(self):
        return [self.anchor, *self.extra.values()]

    def set_source_expressions(self, exprs):
        self.anchor, *values = exprs
        self.extra = dict(zip(self.extra, values, strict=True))

    def as_sql(self, compiler, connection):
        quote = compiler.quote_name_unless_alias
        alias = quote(self.anchor.alias)
        parts = [
            f"'{f.attname}', {alias}.{quote(f.column)}"
            for f in self.model._meta.concrete_fields
        ]
        params = []
        for key, expression in self.extra.items():
            sql, extra_params = compiler.compile(expression)
            parts.append(f"'{key}', {sql}")
            params.extend(extra_params)
        if connection.vendor == "postgresql":
            return f"JSONB_BUILD_OBJECT({', '.join(parts)})", params
        return f"JSON_OBJECT({', '.join(parts)})", params


def _object(model, tree: dict, path: str = "", extra=None) -> RowJSON:
    nested = {
        name: _object(
            model._meta.get_field(name).related_model, subtree, f"{path}{name}__"
        )
        for name, subtree in tree.items()
    }
    return RowJSON(model, path, {**nested, **(extra or {})})


def row_object(model, *, related=(), prefetch=()) -> RowJSON:
    """One row of ``model`` as a JSON object: its columns, its ``related`` foreign
    keys as nested objects, and each of ``prefetch`` as a nested array."""
    extra = {p.key: rows(model, p) for p in prefetch}
    return _object(model, _related_tree(tuple(related)), extra=extra)


def rows(model, prefetch: JSONPrefetch) -> JSONRows:
    """The relation ``prefetch.lookup`` of the outer ``model`` row, as JSON rows."""
    path, _owner, rel = _split(model, prefetch.lookup)
    outer = OuterRef("__".join([*path, "pk"]))
    child = rel.related_model
    queryset = (
        prefetch.queryset
        if prefetch.queryset is not None
        else child._default_manager.all()
    )
    if rel.many_to_many and not rel.auto_created:  # forward many-to-many
        condition = {rel.related_query_name(): outer}
    else:  # reverse foreign key or reverse many-to-many
        condition = {rel.field.name: outer}
    if not queryset.query.order_by and child._meta.ordering:
        queryset = queryset.order_by(*child._meta.ordering)
    queryset = queryset.filter(**condition).values(
        j=row_object(child, related=prefetch.related, prefetch=prefetch.prefetch)
    )[: prefetch.limit]
    return JSONRows(queryset)


# --- from JSON back to model instances ----------------------------------------


@cache
def _columns(model) -> tuple[list[str], list[tuple[str, Callable]]]:
    """Each concrete column's attname, and its converter from JSON, per model: a
    page builds hundreds of rows, and choosing the converter per value cost more
    than converting."""
    fields = list(model._meta.concrete_fields)
    return [f.attname for f in fields], [(f.attname, _converter(f)) for f in fields]


def _converter(field_) -> Callable:
    """How a JSON value (never None) of ``field_`` becomes its Python value."""
    if isinstance(field_, models.DateTimeField):
        return _datetime
    if isinstance(field_, models.DecimalField):
        exponent = decimal.Decimal(1).scaleb(-field_.decimal_places)
        return lambda value: decimal.Decimal(str(value)).quantize(exponent)
    if isinstance(field_, models.JSONField):
        return lambda value: json.loads(value) if isinstance(value, str) else value
    if isinstance(field_, models.BooleanField):
        return bool
    return field_.to_python


def _datetime(value):
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if settings.USE_TZ and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def build(model, data: dict | None, *, related=(), prefetch=(), using="default"):
    """A model instance from ``row_object`` JSON, with its foreign keys and
    relations cached; None for a missing (null) related row."""
    return _build(model, data, _related_tree(tuple(related)), prefetch, using)


def _build(model, data, tree, prefetch, using):
    if data is None or data.get(model._meta.pk.attname) is None:
        return None
    names, converters = _columns(model)
    values = [
        None if (value := data[name]) is None else convert(value)
        for name, convert in converters
    ]
    obj = model.from_db(using, names, values)
    for name, subtree in tree.items():
        fk = model._meta.get_field(name)
        fk.set_cached_value(
            obj, _build(fk.related_model, data[name], subtree, (), using)
        )
    for p in prefetch:
        attach(obj, p, data.get(p.key), using=using)
    return obj


def attach(obj, prefetch: JSONPrefetch, data, *, using="default") -> None:
    """Store ``prefetch``'s instances on ``obj`` where ``prefetch_related`` would."""
    path, owner, rel = _split(type(obj), prefetch.lookup)
    target = obj
    for step in path:
        target = getattr(target, step)
        if target is None:
            return
    child = rel.related_model
    tree = _related_tree(prefetch.related)
    items = [_build(child, row, tree, prefetch.prefetch, using) for row in (data or [])]
    if rel.one_to_many:  # as prefetch_related does: each child knows its parent
        for item in items:
            rel.field.set_cached_value(item, target)
    if prefetch.to_attr:
        setattr(target, prefetch.to_attr, items)
        return
    manager = getattr(target, rel.name if not rel.auto_created else rel.accessor_name)
    queryset = manager.get_queryset()
    queryset._result_cache = items
    queryset._prefetch_done = True
    if rel.many_to_many:
        cache_name = manager.prefetch_cache_name
    else:
        cache_name = rel.field.remote_field.cache_name
    if not hasattr(target, "_prefetched_objects_cache"):
        target._prefetched_objects_cache = {}
    target._prefetched_objects_cache[cache_name] = queryset


def json_prefetch(queryset: models.QuerySet, *lookups: JSONPrefetch):
    """``queryset`` loading ``lookups`` in its own query (see the module docstring)."""
    annotated = queryset.annotate(**{p.key: rows(queryset.model, p) for p in lookups})
    base = annotated._iterable_class
    if not issubclass(base, ModelIterable):
        raise TypeError("json_prefetch() needs a queryset of model instances.")
    earlier = getattr(base, "json_prefetches", ())
    annotated._iterable_class = type(
        "JSONPrefetchIterable",
        (JSONPrefetchIterable,),
        {"json_prefetches": (*earlier, *lookups)},
    )
    return annotated


class JSONPrefetchIterable(ModelIterable):
    json_prefetches: tuple[JSONPrefetch, ...] = ()

    def __iter__(self):
        using = self.queryset.db
        for obj in super().__iter__():
            for prefetch in self.json_prefetches:
                attach(obj, prefetch, obj.__dict__.pop(prefetch.key, None), using=using)
            yield obj


# SQL of load_by_pk queries by shape; bounded: shapes come from code, not readers.
_COMPILED: dict[Hashable, tuple[str, list, dict[int, tuple[str, int]], dict]] = {}
_MAX_COMPILED = 512
_SENTINEL = -(2**62)


def load_by_pk(
    wanted: dict[str, list[int]],
    spec_for: Callable[[str], tuple[type[models.Model], dict]],
    *,
    shape: Hashable,
    using: str = "default",
) -> dict[str, list]:
    """Rows of several models by primary key in ONE query (UNION ALL).

    ``wanted`` maps a tag to primary keys; ``spec_for(tag)`` gives the tag's model
    and its ``related`` / ``prefetch``; ``shape`` must change whenever a spec does.
    A query of nested JSON rows costs more to build and compile than to run, and its
    SQL depends only on the shape and how many keys each tag asks for: it is compiled
    once per process with placeholder keys, then run with the real keys bound.
    """
    wanted = {tag: list(pks) for tag, pks in wanted.items() if pks}
    if not wanted:
        return {}
    key = (using, shape, tuple((tag, len(pks)) for tag, pks in wanted.items()))
    if key not in _COMPILED:
        if len(_COMPILED) >= _MAX_COMPILED:
            _COMPILED.clear()
        _COMPILED[key] = _compile(wanted, spec_for, using)
    sql, template, slots, specs = _COMPILED[key]
    params = list(template)
    for position, (tag, index) in slots.items():
        params[position] = wanted[tag][index]
    found: dict[str, list] = {tag: [] for tag in wanted}
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        for tag, data in cursor.fetchall():
            model, spec = specs[tag]
            data = json.loads(data) if isinstance(data, str) else data
            found[tag].append(build(model, data, using=using, **spec))
    return found


def _compile(wanted, spec_for, using):
    """SQL and parameters with placeholder keys, and where each key goes."""
    placeholders, specs, parts = {}, {}, []
    for tag, pks in wanted.items():
        model, spec = spec_for(tag)
        specs[tag] = (model, spec)
        stand_ins = []
        for index in range(len(pks)):
            stand_in = _SENTINEL - len(placeholders)
            placeholders[stand_in] = (tag, index)
            stand_ins.append(stand_in)
        parts.append(
            model._default_manager.using(using)
            .filter(pk__in=stand_ins)
            .order_by()
            .values(tag=Value(tag), j=row_object(model, **spec))
        )
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    sql, params = combined.query.get_compiler(using=using).as_sql()
    slots = {i: placeholders[p] for i, p in enumerate(params) if p in placeholders}
    if len(slots) != len(placeholders):
        raise RuntimeError("load_by_pk could not find every key in the compiled SQL.")
    return sql, list(params), slots, specs
