"""Writes for live facts: the reference index, snapshots and reviews.

Each runs in the caller's transaction (the article's save, an m2m change, an admin
action) or opens one, so an article is never saved without its index and snapshot.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from catalog.models import FactChange, FactKey
from core import pageversions

from .body import placeholders
from .facts import shown_facts
from .models import (
    ArticleReference,
    FactReview,
    FactSnapshot,
    MinorChangeMark,
    can_review,
    document_model,
)
from .resolvers import model_for
from .staleness import annotate_staleness


def _ct_id(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def _wanted_references(article) -> set[tuple[int, int, str]]:
    wanted = {
        (_ct_id(model_for(p.target)), p.pk, ArticleReference.Via.EMBED)
        for p in placeholders(article.body_html)
    }
    for name in article.SUBJECT_FIELDS:
        manager = getattr(article, name)
        ct = _ct_id(manager.model)
        for pk in manager.values_list("pk", flat=True):
            wanted.add((ct, pk, ArticleReference.Via.SUBJECT))
    return wanted


@transaction.atomic
def article_sync_references(*, article) -> None:
    """Make the article's reference rows match its embeds and subjects."""
    wanted = _wanted_references(article)
    existing = {
        (r.content_type_id, r.object_id, r.via): r.pk
        for r in ArticleReference.objects.filter(article=article)
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        ArticleReference.objects.filter(pk__in=stale).delete()
    ArticleReference.objects.bulk_create(
        [
            ArticleReference(article=article, content_type_id=ct, object_id=pk, via=via)
            for ct, pk, via in wanted - existing.keys()
        ]
    )


def _values_as_of(pairs, at: datetime.datetime | None) -> dict:
    """Each fact's (value, display) at ``at``: the old value of its first later
    change, else its current value. One query."""
    current = {
        (_ct_id(obj), obj.pk, name): (obj.fact_value(name), obj.fact_display(name))
        for obj, name in pairs
    }
    if at is None or not pairs:
        return current
    keys = [FactKey.of(obj, name) for obj, name in pairs]
    earliest = {}
    for change in FactChange.objects.for_facts(keys, since=at).order_by(
        "changed_at", "pk"
    ):
        key = (change.content_type_id, change.object_id, change.field)
        earliest.setdefault(key, (change.old_value, change.old_display))
    return {key: earliest.get(key, value) for key, value in current.items()}


@transaction.atomic
def article_sync_snapshot(
    *, article, retake: bool = False, at: datetime.datetime | None = None
) -> None:
    """Keep a snapshot of every fact a published piece shows.

    Facts already in the snapshot keep their value and time (so an edit does not
    hide a change); facts new to the piece are added as they are now; facts it no
    longer shows are dropped. ``retake`` replaces all of them (a review); ``at``
    takes values as they were then, from fact history (backdated pieces, the demo).
    """
    pairs = shown_facts(article)
    values = _values_as_of(pairs, at)
    taken_at = at or timezone.now()
    existing = {
        (s.content_type_id, s.object_id, s.field): s.pk
        for s in FactSnapshot.objects.filter(article=article)
    }
    if retake:
        FactSnapshot.objects.filter(article=article).delete()
        existing = {}
    else:
        gone = [pk for key, pk in existing.items() if key not in values]
        if gone:
            FactSnapshot.objects.filter(pk__in=gone).delete()
    reprs = {(_ct_id(obj), obj.pk, name): str(obj)[:200] for obj, name in pairs}
    FactSnapshot.objects.bulk_create(
        [
            FactSnapshot(
                article=article,
                content_type_id=key[0],
                object_id=key[1],
                field=key[2],
                object_repr=reprs[key],
                value=value,
                display=(display or "")[:300],
                taken_at=taken_at,
            )
            for key, (value, display) in values.items()
            if key not in existing
        ]
    )
    # The snapshot says what "What's changed" shows; its rows send no signals.
    pageversions.bump(document_model().objects.filter(pk=article.pk))


def article_after_save(article) -> None:
    """Called in the article's save transaction: index and (if published) snapshot."""
    article_sync_references(article=article)
    if article.state == article.State.PUBLISHED:
        first = not FactReview.objects.filter(article=article).exists()
        article_sync_snapshot(article=article)
        if first:
            FactReview.objects.create(
                article=article,
                reviewed_by=article.modified_by,
                reason=FactReview.Reason.PUBLISHED,
            )


@transaction.atomic
def article_mark_reviewed(*, article, by) -> FactReview:
    """An editor checked the piece against the catalog: snapshot its facts anew."""
    if not can_review(by):
        raise PermissionError(f"{by} may not mark pieces as reviewed.")
    article = document_model().objects.select_for_update().get(pk=article.pk)
    article_sync_snapshot(article=article, retake=True)
    return FactReview.objects.create(
        article=article, reviewed_by=by, reason=FactReview.Reason.REVIEWED
    )


@transaction.atomic
def article_mark_changes_minor(*, article, by) -> MinorChangeMark:
    """An editor judged the piece's catalog changes so far minor: readers see no
    "What's changed" box for them. Its facts are not reviewed: it stays on the
    "Needs update" list, and a later change shows the box again."""
    if not can_review(by):
        raise PermissionError(f"{by} may not mark catalog changes as minor.")
    article = document_model().objects.select_for_update().get(pk=article.pk)
    through = (
        annotate_staleness(document_model().objects.filter(pk=article.pk))
        .values_list("last_fact_change", flat=True)
        .first()
    )
    if through is None:
        raise ValueError(f"{article} has no catalog changes to mark.")
    return MinorChangeMark.objects.create(
        article=article, through=through, marked_by=by
    )


@transaction.atomic
def article_undo_minor_changes(*, article, by) -> int:
    """Show readers the box again for changes marked minor; the marks stay, undone,
    in the log. Returns how many marks were undone."""
    if not can_review(by):
        raise PermissionError(f"{by} may not undo minor marks.")
    marks = list(
        MinorChangeMark.objects.select_for_update().active().filter(article=article)
    )
    now = timezone.now()
    for mark in marks:  # one by one: each save tells the page cache
        mark.undone_at, mark.undone_by = now, by
        mark.save(update_fields=["undone_at", "undone_by"])
    return len(marks)
