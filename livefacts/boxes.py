"""Live boxes as stored fragments, one per catalog object, kind and version.

An article's body is rendered with placeholders for embeds whose object owns a page
(a show, season, person or book: ``boxed()``); each is filled, before the body is
stored, from a fragment keyed by that object's ``render_version``, which every write
to what its page shows moves (catalog/pages.py). So a catalog edit renders the one
box again, not once for every article showing it. Other embeds (a character, a
volume, an image) are drawn in the body, whose article version their writes move.
Dates decide "Expected", so today's date is part of each key, and releases and
offers are the reader's country's, so the country is too. How it fits the
page: docs/caching.md.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from django.apps import apps
from django.db.models import IntegerField, Value
from django.utils import timezone

from catalog.countries import reader_country
from core.fragments import FragmentStore, fragment_key
from core.models import PageVersioned
from core.queryshapes import QueryShape

from .body import PLACEHOLDER, Placeholder, render_placeholders
from .registry import TARGETS
from .renderers import render_missing


@functools.cache
def boxed() -> frozenset[str]:
    """The targets whose embeds are stored on their own: their rows own pages."""
    return frozenset(
        name
        for name, target in TARGETS.items()
        if issubclass(apps.get_model(target.model), PageVersioned)
    )


def _versions(found: list[Placeholder]) -> dict[tuple[str, int], int]:
    """The current version of every object ``found`` names, in ONE query (compiled
    once per process for each set of kinds and counts: it runs on every warm page)."""
    by_target: dict[str, set[int]] = defaultdict(set)
    for p in found:
        by_target[p.target].add(p.pk)
    names = tuple(sorted(by_target))
    rows = _versions_shape(names).all(**{n: sorted(by_target[n]) for n in names})
    return {(names[i], pk): version for pk, version, i in rows}


@functools.cache
def _versions_shape(names: tuple[str, ...]) -> QueryShape:
    """``(pk, render_version, index of the kind)`` of the objects of kinds ``names``."""

    def build(**pks):
        parts = [
            _model(name)
            ._base_manager.filter(pk__in=pks[name])
            .order_by()
            .values_list("pk", "render_version", Value(i, output_field=IntegerField()))
            for i, name in enumerate(names)
        ]
        return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]

    return QueryShape(build, **{name: _model(name)._meta.pk for name in names})


def _model(target: str):
    return apps.get_model(TARGETS[target].model)


def _key(p: Placeholder, version: int, today: str, country: str) -> str:
    label = TARGETS[p.target].model
    variant = f"{p.kind}:{p.option}:{p.target}:{today}:{country}"
    return fragment_key(label, p.pk, "box", version, variant)


def fill_boxes(html: str, *, store: FragmentStore | None = None) -> str:
    """Fill the kept placeholders of ``html`` from stored boxes: one query for the
    objects' versions, one ``get_many``; missing boxes are rendered together (one
    query for their objects) and stored."""
    found = {
        Placeholder(m[1], m[2], int(m[3]), m[4]) for m in PLACEHOLDER.finditer(html)
    }
    if not found:
        return html
    store = store or FragmentStore()
    versions = _versions(list(found))
    today = timezone.localdate().isoformat()
    country = reader_country()  # boxes put the reader's releases first
    keys = {
        p: _key(p, versions[(p.target, p.pk)], today, country)
        for p in found
        if (p.target, p.pk) in versions
    }
    stored = store.get_many(keys.values())
    boxes = {p: stored[key] for p, key in keys.items() if key in stored}
    missing = [p for p in keys if p not in boxes]
    if missing:
        boxes |= render_placeholders(missing)
        store.set_many({keys[p]: boxes[p] for p in missing})
    # A deleted object has no version: its embed shows as missing, as in the body.
    for p in found - keys.keys():
        boxes[p] = render_missing(p.is_block)

    def fill(match) -> str:
        return boxes[Placeholder(match[1], match[2], int(match[3]), match[4])]

    # Our own autoescaped template output in the sanitised body's placeholders.
    return PLACEHOLDER.sub(fill, html)
