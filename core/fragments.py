"""Stored fragments: rendered parts of pages, kept in the cache under the versions of
the rows they show.

A fragment's key holds the owning row's label, primary key and ``render_version``
(read from the database, ``core.pageversions``), the part's slot and a variant (the
host, a date). A write that changes a part bumps the version, so its key changes and
the old entry is never read again: the cache only ever saves renders, it cannot make
a page stale, and an outage costs renders, not correctness.

A missing fragment is rendered by its caller's function; other workers asking for the
same key meanwhile wait a bounded time for it (an ``add`` lock), then render it
themselves. Only the public state of a row is ever stored: callers build fragments
for published rows only, and previews and drafts render without them. The design and
how a page uses them: docs/caching.md.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import models, transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import cacheguard, codeversion, pageversions
from .cacheguard import CacheUnavailable

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
PREFIX = "frag"
# The first worker to miss renders; the others poll for its result this long.
LOCK_SECONDS = 10
WAIT_SECONDS = 2.0
POLL_SECONDS = 0.02


def enabled() -> bool:
    """``FRAGMENTS_ENABLED``: off, every page renders whole (the uncached reference)."""
    return settings.FRAGMENTS_ENABLED


@dataclass(frozen=True)
class Owner:
    """The row a page's fragments belong to, as the database says now."""

    label: str
    pk: int | str  # "1,2" for a page owned by several rows (``owner_from_rows``)
    version: int | str
    valid_until: datetime | None

    def key(self, slot: str, variant: str = "") -> str:
        return fragment_key(self.label, self.pk, slot, self.version, variant)


def fragment_key(label: str, pk, slot: str, version, variant: str = "") -> str:
    """``frag:<code>:<label>:<pk>:<slot>:<version>[:<digest of variant>]``; ``code``
    is the digest of the code that renders it (``core/codeversion.py``)."""
    key = f"{PREFIX}:{codeversion.code_version()}:{label}:{pk}:{slot}:{version}"
    if variant:
        key += ":" + hashlib.md5(variant.encode()).hexdigest()[:16]
    return key


def owner_of(queryset: models.QuerySet) -> Owner | None:
    """The first row of ``queryset`` (a PageVersioned model, filtered by an index),
    in ONE query; a row whose ``valid_until`` has passed is advanced first, as the
    page cache does, so the version read is the one for now."""
    rows = queryset.values_list("pk", "render_version", "valid_until")[:1]
    return owner_from_rows(queryset.model, list(rows))


def owner_from_rows(model: type, rows: list[tuple]) -> Owner | None:
    """The owner of a page from its rows' ``(pk, render_version, valid_until)``.

    Several rows (the home page's lists) make one owner: their keys and versions
    joined, the earliest ``valid_until``. Rows past their ``valid_until`` are
    advanced and read again (the rare path, so a plain queryset)."""
    if not rows:
        return None
    now = timezone.now()
    if any(until is not None and until <= now for _, _, until in rows):
        for pk, _, until in rows:
            if until is not None and until <= now:
                pageversions.advance(model, pk, until, now)
        rows = list(
            model._base_manager.filter(pk__in=[pk for pk, _, _ in rows]).values_list(
                "pk", "render_version", "valid_until"
            )
        )
    rows = sorted(rows)
    label = model._meta.label_lower
    if len(rows) == 1:
        pk, version, until = rows[0]
        return Owner(label, pk, version, until)
    times = [until for _, _, until in rows if until is not None]
    return Owner(
        label,
        ",".join(str(pk) for pk, _, _ in rows),
        ",".join(str(version) for _, version, _ in rows),
        min(times, default=None),
    )


class FragmentStore:
    """The configured cache, as fragments use it: every failure is a miss.

    Calls go through ``cacheguard``, so an outage is logged once, and for
    CACHE_RETRY_SECONDS after a failure the cache is not even asked.
    """

    def __init__(self, cache=None):
        self._cache = cache

    @property
    def cache(self):
        return self._cache or caches[CACHE_ALIAS]

    def _call(self, method: str, *args, default=None, **kwargs):
        try:
            with cacheguard.guard():
                return getattr(self.cache, method)(*args, **kwargs)
        except CacheUnavailable:
            return default
        except Exception:  # not an outage (a value that cannot be stored): a miss
            logger.exception("Fragment cache %s failed; rendering instead", method)
            return default

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        """Every stored fragment of ``keys``, in one round trip."""
        keys = list(keys)
        if not keys:
            return {}
        return self._call("get_many", keys, default={})

    def set_many(self, parts: dict[str, str]) -> None:
        """Store parts rendered together (no lock: one batch renders them all)."""
        self._call("set_many", parts, timeout=settings.FRAGMENT_SECONDS)

    def delete_many(self, keys: Iterable[str]) -> None:
        """Drop parts no page shows any more (their keys would not be asked for
        again anyway: this only frees the memory early)."""
        keys = list(keys)
        if keys:
            self._call("delete_many", keys)

    def put(self, key: str, value, valid_until: datetime | None = None) -> None:
        """Store ``value`` (no lock), its timeout ending at ``valid_until``."""
        self._store(key, value, valid_until)

    def fill(
        self,
        key: str,
        render: Callable[[], str],
        *,
        valid_until: datetime | None = None,
    ) -> str:
        """Render the fragment at ``key`` and store it; if another worker is already
        rendering it, wait up to WAIT_SECONDS for its result, then render anyway."""
        lock = key + ":lock"
        mine = self._call("add", lock, 1, timeout=LOCK_SECONDS)
        if mine is None:  # the cache failed: render, store nothing
            return render()
        if not mine:
            stored = self._wait(key)
            return stored if stored is not None else render()
        try:
            # Stored by a worker that held the lock between our miss and our lock.
            stored = self._call("get", key)
            if stored is not None:
                return stored
            html = str(render())
            self._store(key, html, valid_until)
        finally:
            self._call("delete", lock)
        return html

    def _wait(self, key: str) -> str | None:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            if not cacheguard.available():
                return None
            stored = self._call("get", key)
            if stored is not None:
                return stored
        return None

    def _store(self, key: str, html, valid_until: datetime | None) -> None:
        timeout = settings.FRAGMENT_SECONDS
        if valid_until is not None:
            left = (valid_until - timezone.now()).total_seconds()
            timeout = max(1, min(timeout, math.ceil(left)))
        self._call("set", key, html, timeout=timeout)


class PageFragments:
    """The stored parts of one page of ``owner``: fetched together with one
    ``get_many``, rendered and stored one by one when missing (``{% fragment %}``).

    ``finish(html, store)``, if given, completes every part as it is rendered,
    from fragments of other rows (live boxes): parts are rendered for it with
    ``defers=True`` in the template context, completed, and stored complete, so a
    warm page reads nothing of those rows. That is safe because every write that
    moves one of those rows' versions moves the owner's too (a catalog write bumps
    the articles embedding its objects through the reference index).
    """

    def __init__(
        self,
        owner: Owner,
        slots: Iterable[str],
        *,
        variant: str = "",
        store: FragmentStore | None = None,
        finish: Callable[..., str] | None = None,
    ):
        self.owner = owner
        self.finish = finish
        self.store = store or FragmentStore()
        self.keys = {slot: owner.key(slot, variant) for slot in slots}
        self.found = self.store.get_many(self.keys.values())
        # Set while the page's shell is rendered (core/pageshell.py): the parts and
        # the per-viewer holes are then written as markers.
        self.recorder = None

    @property
    def complete(self) -> bool:
        """Every part is stored: the page needs none of its data."""
        return all(key in self.found for key in self.keys.values())

    def stored(self, slot: str) -> bool:
        return self.keys[slot] in self.found

    def __contains__(self, slot: str) -> bool:
        return slot in self.keys

    def get(self, slot: str, render: Callable[[], str]) -> SafeString:
        """The stored part, or ``render()``'s output completed by ``finish``, stored
        for the next reader."""
        key = self.keys[slot]
        html = self.found.get(key)
        if html is None:
            html = self.store.fill(
                key,
                lambda: self._finished(render()),
                valid_until=self.owner.valid_until,
            )
            self.found[key] = html
        # Our own template output (autoescaped when it was rendered).
        return mark_safe(html)

    def _finished(self, html: str) -> str:
        if self.finish is not None:
            html = self.finish(str(html), store=self.store)
        return html


def items(
    rows: list,
    key: Callable[[object], str],
    render: Callable[[list], list[str]],
    *,
    store: FragmentStore | None = None,
) -> list[SafeString]:
    """The HTML of each of ``rows`` (the comments of a list, the cards of a list), in
    order: the stored ones from ONE ``get_many``, the missing ones from ONE call of
    ``render(missing rows)``, stored for the next list showing them.

    ``key(row)`` must change whenever the row's HTML would: a version read from the
    database with the row, or a digest of everything the row's template shows. No
    lock: a missing item costs one item's render, not a page's. With fragments off
    every item is rendered (the uncached reference).
    """
    if not rows:
        return []
    if not enabled():
        return [mark_safe(html) for html in render(rows)]
    store = store or FragmentStore()
    keys = [key(row) for row in rows]
    found = store.get_many(keys)
    missing = [(k, row) for k, row in zip(keys, rows, strict=True) if k not in found]
    if missing:
        rendered = render([row for _, row in missing])
        fresh = {k: str(html) for (k, _), html in zip(missing, rendered, strict=True)}
        store.set_many(fresh)
        found = {**found, **fresh}
    # Our own template output (autoescaped when it was rendered).
    return [mark_safe(found[k]) for k in keys]


def put_items(
    rows: list,
    key: Callable[[object], str],
    render: Callable[[list], list[str]],
    *,
    store: FragmentStore | None = None,
) -> dict[str, str]:
    """Render and store the HTML of ``rows`` now, ahead of the first list showing
    them (a writer's ``on_commit``): the same keys and renders as ``items``."""
    if not rows or not enabled():
        return {}
    parts = {key(row): str(html) for row, html in zip(rows, render(rows), strict=True)}
    (store or FragmentStore()).set_many(parts)
    return parts


def after_commit(fn: Callable, *args) -> None:
    """``fn(*args)`` once the current transaction commits (at once outside one), so a
    rollback stores nothing. A failure is logged, never the writer's: the write is
    done, and readers render whatever was not stored."""

    def run():
        fn(*args)

    # Django names a failed robust callback by its __qualname__ (a partial has none).
    run.__qualname__ = getattr(fn, "__qualname__", repr(fn))
    transaction.on_commit(run, robust=True)
