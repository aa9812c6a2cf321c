"""From references to catalog rows: by slug when an article is saved, by primary key
when it is read.

Saving resolves every reference in ONE query per target type; the stored HTML then
names objects by primary key, so renaming a slug never breaks a published piece.
Reading loads every object the page embeds, with every relation its embeds show
(cast, platforms, books, trailers, ratings), in ONE query however many embeds, target
types or cast members there are (``core.jsonprefetch``). Lists are capped at
``jsonprefetch.DEFAULT_LIMIT`` rows each. What each target looks up and prefetches is
its entry's in ``registry.TARGETS``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.db.models import Q

from core.jsonprefetch import load_by_pk

from .parser import Reference
from .registry import TARGETS


def model_for(target: str):
    return apps.get_model(TARGETS[target].model)


def _lookup(target: str, references: list[Reference]) -> dict[Reference, int]:
    """One query: the primary key of each reference of ``target`` that exists."""
    spec = TARGETS[target]
    condition, keys = Q(pk__in=[]), {}
    for reference in references:
        parts = reference.parts
        keys[reference] = spec.key(parts)
        condition |= spec.condition(parts)
    found = {
        tuple(row[1:]): row[0]
        for row in model_for(target)
        .objects.filter(condition)
        .values_list("pk", *spec.columns)
    }
    return {ref: found[key] for ref, key in keys.items() if key in found}


def resolve_references(references: Iterable[Reference]) -> dict[Reference, int]:
    """The primary keys of the references that exist: one query per target type."""
    by_target: dict[str, list[Reference]] = defaultdict(list)
    for reference in set(references):
        by_target[reference.target].append(reference)
    resolved: dict[Reference, int] = {}
    for target, group in by_target.items():
        resolved |= _lookup(target, group)
    return resolved


# --- reading: one query for every object a page embeds ---------------------------


def load_objects(
    needs: dict[str, dict[int, set[str]]],
) -> dict[tuple[str, int], object]:
    """``{target: {pk: kinds}}`` → ``{(target, pk): object}``, in ONE query however
    many targets, objects and relations the page shows."""
    kinds = {
        target: frozenset().union(*by_pk.values()) for target, by_pk in needs.items()
    }
    found = load_by_pk(
        {target: sorted(by_pk) for target, by_pk in needs.items()},
        lambda target: (model_for(target), TARGETS[target].spec(kinds[target])),
        shape=("livefacts", tuple(sorted(kinds.items()))),
    )
    return {(target, obj.pk): obj for target, objs in found.items() for obj in objs}
