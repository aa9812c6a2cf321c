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
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import pageversions

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
PREFIX = "frag"
# The first worker to miss renders; the others poll for its result this long.
LOCK_SECONDS = 10
WAIT_SECONDS = 2.0
POLL_SECONDS = 0.02


def enabled() -> bool:
    """``FRAGMENTS_ENABLED``: off, every page renders whole (the uncached reference)."""
    return getattr(settings, "FRAGMENTS_ENABLED", True)


@dataclass(frozen=True)
class Owner:
    """The row a page's fragments belong to, as the database says now."""

    label: str
    pk: int
    version: int
    valid_until: datetime | None

    def key(self, slot: str, variant: str = "") -> str:
        return fragment_key(self.label, self.pk, slot, self.version, variant)


def fragment_key(label: str, pk, slot: str, version, variant: str = "") -> str:
    """``frag:<label>:<pk>:<slot>:<version>[:<digest of variant>]``."""
    key = f"{PREFIX}:{label}:{pk}:{slot}:{version}"
    if variant:
        key += ":" + hashlib.md5(variant.encode()).hexdigest()[:16]
    return key


def owner_of(queryset: models.QuerySet) -> Owner | None:
    """The first row of ``queryset`` (a PageVersioned model, filtered by an index),
    in ONE query; a row whose ``valid_until`` has passed is advanced first, as the
    page cache does, so the version read is the one for now."""
    row = queryset.values_list("pk", "render_version", "valid_until").first()
    if row is None:
        return None
    pk, version, until = row
    now = timezone.now()
    if until is not None and until <= now:
        model = queryset.model
        pageversions.advance(model, pk, until, now)
        version, until = (
            model._base_manager.filter(pk=pk)
            .values_list("render_version", "valid_until")
            .get()
        )
    return Owner(queryset.model._meta.label_lower, pk, version, until)


class FragmentStore:
    """The configured cache, as fragments use it: every error is a miss."""

    # Log a failing cache once, not at every fragment of every page.
    _failing = False

    def __init__(self, cache=None):
        self._cache = cache

    @property
    def cache(self):
        return self._cache or caches[CACHE_ALIAS]

    def _failed(self, action: str) -> None:
        if not FragmentStore._failing:
            FragmentStore._failing = True
            logger.exception("Fragment cache %s failed; rendering instead", action)

    def _ok(self) -> None:
        FragmentStore._failing = False

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        """Every stored fragment of ``keys``, in one round trip."""
        keys = list(keys)
        if not keys:
            return {}
        try:
            found = self.cache.get_many(keys)
        except Exception:
            self._failed("read")
            return {}
        self._ok()
        return found

    def set_many(self, parts: dict[str, str]) -> None:
        """Store parts rendered together (no lock: one batch renders them all)."""
        try:
            self.cache.set_many(
                parts, timeout=getattr(settings, "FRAGMENT_SECONDS", 86_400)
            )
        except Exception:
            self._failed("write")

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
        try:
            mine = self.cache.add(lock, 1, timeout=LOCK_SECONDS)
        except Exception:
            self._failed("lock")
            return render()
        if not mine:
            stored = self._wait(key)
            return stored if stored is not None else render()
        try:
            html = str(render())
            self._store(key, html, valid_until)
        finally:
            try:
                self.cache.delete(lock)
            except Exception:
                self._failed("unlock")
        return html

    def _wait(self, key: str) -> str | None:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            try:
                stored = self.cache.get(key)
            except Exception:
                self._failed("read")
                return None
            if stored is not None:
                return stored
        return None

    def _store(self, key: str, html: str, valid_until: datetime | None) -> None:
        timeout = getattr(settings, "FRAGMENT_SECONDS", 86_400)
        if valid_until is not None:
            left = (valid_until - timezone.now()).total_seconds()
            timeout = max(1, min(timeout, math.ceil(left)))
        try:
            self.cache.set(key, html, timeout=timeout)
        except Exception:
            self._failed("write")
        else:
            self._ok()


class PageFragments:
    """The stored parts of one page of ``owner``: fetched together with one
    ``get_many``, rendered and stored one by one when missing (``{% fragment %}``).

    ``finish(html, store)``, if given, completes every part as it is served, from
    fragments of other rows (live boxes); parts are rendered for it with
    ``defers=True`` in the template context and stored unfinished.
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

    @property
    def complete(self) -> bool:
        """Every part is stored: the page needs none of its data."""
        return all(key in self.found for key in self.keys.values())

    def __contains__(self, slot: str) -> bool:
        return slot in self.keys

    def get(self, slot: str, render: Callable[[], str]) -> SafeString:
        """The stored part, or ``render()``'s output, stored for the next reader."""
        key = self.keys[slot]
        html = self.found.get(key)
        if html is None:
            html = self.store.fill(key, render, valid_until=self.owner.valid_until)
            self.found[key] = html
        if self.finish is not None:
            html = self.finish(html, store=self.store)
        # Our own template output (autoescaped when it was rendered).
        return mark_safe(html)
