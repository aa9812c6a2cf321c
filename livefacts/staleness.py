"""Which published pieces went stale, and what changed: a fixed number of queries.

A piece is stale when a catalog ``FactChange`` touches a fact in its snapshot after
the snapshot was taken. The "Needs update" list puts a speculation piece whose subject
season has since started airing (or concluded) first: its question is answered.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)

from catalog.models import FactChange
from core.queryshapes import QueryShape

from .models import FactSnapshot, MinorChangeMark, changes_after_snapshot

CHANGES_PER_ARTICLE = 12


def _latest_change_at():
    snapshots = (
        FactSnapshot.objects.filter(article=OuterRef("pk"))
        .annotate(
            latest=Subquery(
                changes_after_snapshot()
                .order_by("-changed_at")
                .values("changed_at")[:1]
            )
        )
        .exclude(latest=None)
        .order_by("-latest")
        .values("latest")[:1]
    )
    return Subquery(snapshots)


def _minor_through():
    return Subquery(
        MinorChangeMark.objects.active()
        .filter(article=OuterRef("pk"))
        .order_by("-through")
        .values("through")[:1]
    )


def annotate_staleness(articles):
    """``last_fact_change`` (None when fresh), ``minor_changes_through`` (changes up
    to then were marked minor, or None) and ``release_priority`` on each row of a
    queryset of documents."""
    speculation = articles.model.Kind.SPECULATION
    released = FactSnapshot.objects.filter(
        article=OuterRef("pk")
    ).released_subject_seasons()
    return articles.annotate(
        last_fact_change=_latest_change_at(),
        minor_changes_through=_minor_through(),
        release_priority=Case(
            When(Q(kind=speculation) & Exists(released), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def needs_update(articles):
    """Stale published pieces, answered release questions first, then newest change."""
    published = articles.filter(state=articles.model.State.PUBLISHED)
    return (
        annotate_staleness(published)
        .filter(last_fact_change__isnull=False)
        .order_by("-release_priority", "-last_fact_change", "-pk")
    )


def minor_changes_through(article) -> datetime.datetime | None:
    """Until when the piece's catalog changes were marked minor (annotated by
    ``annotate_staleness``, else one query)."""
    if hasattr(article, "minor_changes_through"):
        return article.minor_changes_through
    marks = MinorChangeMark.objects.active().filter(article_id=article.pk)
    return marks.order_by("-through").values_list("through", flat=True).first()


def shown_to_readers(facts: list[ChangedFact], minor_through) -> list[ChangedFact]:
    """The changed facts readers are told about: those changed after the newest
    change an editor marked minor."""
    if minor_through is None:
        return facts
    return [fact for fact in facts if fact.changed_at > minor_through]


@dataclass
class ChangedFact:
    """One fact a piece shows that changed since its snapshot: old → new."""

    object_repr: str
    label: str
    old: str
    new: str
    changed_at: datetime.datetime
    source: object | None
    changes: int  # how many recorded changes since the snapshot

    @property
    def reverted(self) -> bool:
        return self.old == self.new


def _changes_to_snapshots_of(ids):
    """Catalog changes to a fact a snapshot of these pieces holds, made after it."""
    matching = FactSnapshot.objects.filter(
        article_id__in=ids,
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        field=OuterRef("field"),
        taken_at__lt=OuterRef("changed_at"),
    )
    return (
        FactChange.objects.filter(Exists(matching))
        .select_related("source")
        .order_by("-changed_at", "-pk")
    )


# Both compiled once per process and number of pieces: an article page asks on
# every render.
_STALE_SNAPSHOTS = QueryShape(
    lambda ids: FactSnapshot.objects.filter(article_id__in=ids).stale(),
    ids=FactSnapshot._meta.get_field("article"),
)
_CHANGES = QueryShape(
    _changes_to_snapshots_of, ids=FactSnapshot._meta.get_field("article")
)


def changed_facts(article_ids) -> dict[int, list[ChangedFact]]:
    """For each article id, its changed facts, newest change first: two queries."""
    ids = list(article_ids)
    if not ids:
        return {}
    snapshots = _STALE_SNAPSHOTS.all(ids=ids)
    if not snapshots:
        return {}
    changes = defaultdict(list)
    for change in _CHANGES.all(ids=ids):
        changes[(change.content_type_id, change.object_id, change.field)].append(change)
    result: dict[int, list[ChangedFact]] = defaultdict(list)
    for snap in snapshots:
        key = (snap.content_type_id, snap.object_id, snap.field)
        after = [c for c in changes[key] if c.changed_at > snap.taken_at]
        if not after:
            continue
        latest = after[0]
        result[snap.article_id].append(
            ChangedFact(
                object_repr=latest.object_repr,
                label=latest.field_label,
                old=snap.display,
                new=latest.new_display,
                changed_at=latest.changed_at,
                source=latest.source,
                changes=len(after),
            )
        )
    for facts in result.values():
        facts.sort(key=lambda f: f.changed_at, reverse=True)
    return dict(result)
