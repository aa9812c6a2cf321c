"""Deleting catalog rows that pieces show: refused while a published or scheduled
piece uses them, confirmed while only drafts do.

The catalog knows no pieces: it asks (``signals.usage_requested``) and whatever app
keeps pieces answers with ``PieceUse`` rows. A delete removes cascaded rows too (a
show's seasons, episodes, credits…), so the question is asked for all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import router
from django.db.models import ProtectedError
from django.db.models.deletion import Collector

from .signals import usage_requested

# Pieces named in a refusal or a confirmation; the rest are counted.
LISTED_PIECES = 50
# Set while a delete runs whose plan was checked (or that means to break pieces),
# so its rows are not asked about one by one.
_checked: ContextVar[bool] = ContextVar("catalog_deletion_checked", default=False)


@dataclass(frozen=True)
class PieceUse:
    """A piece that shows some of the rows a delete would remove."""

    title: str
    url: str  # where an editor fixes it (its admin change page)
    public: bool  # published, or scheduled to be
    state: str  # "Published", "Scheduled", "Draft"…, as editors say it
    rows: tuple[str, ...]  # what it shows: "Show: Heartstopper (embedded)"


class CatalogRowInUse(ProtectedError):
    """Published or scheduled pieces show a row the delete would remove.

    A ``ProtectedError``, as for an ``on_delete=PROTECT`` row: code that handles one
    handles both.
    """

    def __init__(self, pieces: list[PieceUse]):
        self.pieces = pieces
        titles = ", ".join(f"“{p.title}”" for p in pieces[:5])
        more = f" and {len(pieces) - 5} more" if len(pieces) > 5 else ""
        super().__init__(
            f"Published or scheduled pieces show this: {titles}{more}. Replace or "
            "remove their embeds and subjects first.",
            set(),
        )

    def __str__(self):  # the message alone, as the admin shows it
        return self.args[0]


class DraftsNotConfirmed(Exception):
    """Only drafts show the rows, and nobody confirmed breaking their embeds."""

    def __init__(self, pieces: list[PieceUse]):
        self.pieces = pieces
        super().__init__(f"{len(pieces)} draft(s) show this; confirm to delete.")


@dataclass(frozen=True)
class DeletionPlan:
    """What deleting some rows would remove and break."""

    rows: tuple  # every row removed, cascades included
    pieces: tuple[PieceUse, ...]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def blocking(self) -> list[PieceUse]:
        return [p for p in self.pieces if p.public]

    @property
    def drafts(self) -> list[PieceUse]:
        return [p for p in self.pieces if not p.public]

    def check(self, *, drafts_confirmed: bool) -> None:
        """Raise unless the delete may go ahead."""
        if self.blocking:
            raise CatalogRowInUse(self.blocking)
        if self.drafts and not drafts_confirmed:
            raise DraftsNotConfirmed(self.drafts)


def rows_removed_with(objects) -> list:
    """``objects`` and every row their delete cascades to, as instances."""
    objects = list(objects)
    if not objects:
        return []
    collector = Collector(using=router.db_for_write(type(objects[0])))
    collector.collect(objects)
    rows = [obj for instances in collector.data.values() for obj in instances]
    for queryset in collector.fast_deletes:  # models no signal listens to
        if queryset.model._meta.app_label == "catalog":
            rows += list(queryset)
    return rows


def pieces_using(objects) -> list[PieceUse]:
    """The pieces that show any of ``objects`` (no cascade), public ones first."""
    objects = list(objects)
    if not objects:
        return []
    pieces = [
        piece
        for _, answer in usage_requested.send(sender=None, objects=objects)
        for piece in answer or ()
    ]
    return sorted(pieces, key=lambda p: (not p.public, p.title.lower()))


def deletion_plan(objects) -> DeletionPlan:
    """What deleting ``objects`` removes and which pieces that breaks."""
    rows = rows_removed_with(objects)
    return DeletionPlan(rows=tuple(rows), pieces=tuple(pieces_using(rows)))


@contextmanager
def without_usage_check() -> Iterator[None]:
    """Skip the per-row refusal: for a delete whose ``deletion_plan`` was just
    checked in the same transaction, or for code that means to break pieces (tests of
    what readers see when a row is gone)."""
    token = _checked.set(True)
    try:
        yield
    finally:
        _checked.reset(token)


def delete_rows(objects) -> int:
    """Delete ``objects`` with their cascade in one go; how many rows went."""
    objects = list(objects)
    if not objects:
        return 0
    collector = Collector(using=router.db_for_write(type(objects[0])))
    collector.collect(objects)
    deleted, _ = collector.delete()
    return deleted


def refuse_if_public(sender, instance, **kwargs) -> None:
    """``pre_delete``: no path (admin, shell, cascade) deletes a row a published or
    scheduled piece shows. Drafts are the admin's question, not the model's."""
    if _checked.get():
        return
    blocking = [p for p in pieces_using([instance]) if p.public]
    if blocking:
        raise CatalogRowInUse(blocking)
