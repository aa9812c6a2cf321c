"""Writes for live facts: the reference index, snapshots, their comparison with the
catalog, and reviews.

Each runs in the caller's transaction (the article's save, a catalog save, an m2m
change, an admin action) or opens one, so an article is never saved without its index
and snapshot, nor the catalog changed without the pieces it makes stale.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from catalog.models import FactChange, FactKey
from catalog.models.facts import current_recording
from core import pageversions

from .body import placeholders
from .facts import shown_state, shown_states
from .models import (
    ArticleReference,
    FactReview,
    FactSnapshot,
    MinorChangeMark,
    can_review,
    document_model,
)
from .resolvers import model_for
from .spoilers import spoiled_episodes
from .staleness import annotate_staleness


def _ct_id(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def _wanted_references(article) -> set[tuple[int, int, str]]:
    wanted = {
        (_ct_id(model_for(p.target)), p.pk, ArticleReference.Via.EMBED)
        for p in placeholders(article.body_html)
    }
    # A spoiler's passage shows from a day its episode's dates decide.
    episode = _ct_id(model_for("episode"))
    for pk in spoiled_episodes(article.body_html):
        wanted.add((episode, pk, ArticleReference.Via.EMBED))
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


def _by_ct(state: dict) -> dict:
    """A displayed state keyed as snapshots are: (content type id, pk, field)."""
    return {
        (_ct_id(item.obj), item.obj.pk, item.field): item for item in state.values()
    }


def _values_as_of(items: dict, at: datetime.datetime | None) -> dict:
    """Each item's (value, display) at ``at``: for a tracked fact, the old value of
    its first later change, else what is shown now. One query."""
    now = {key: (item.value, item.display) for key, item in items.items()}
    facts = [
        item
        for item in items.values()
        if item.field in getattr(item.obj, "tracked_facts", ())
    ]
    if at is None or not facts:
        return now
    keys = [FactKey.of(item.obj, item.field) for item in facts]
    earliest = {}
    for change in FactChange.objects.for_facts(keys, since=at).order_by(
        "changed_at", "pk"
    ):
        key = (change.content_type_id, change.object_id, change.field)
        earliest.setdefault(key, (change.old_value, change.old_display))
    return {key: earliest.get(key, value) for key, value in now.items()}


def snapshot_rows(article_id: int, state: dict, *, at=None, taken_at=None) -> list:
    """Unsaved snapshot rows of a displayed state (valued as of ``at``, if given)."""
    items = _by_ct(state)
    values = _values_as_of(items, at)
    taken_at = taken_at or at or timezone.now()
    return [
        FactSnapshot(
            article_id=article_id,
            content_type_id=key[0],
            object_id=key[1],
            field=key[2],
            object_repr=str(item.obj)[:200],
            label=item.label[:100],
            value=values[key][0],
            display=(values[key][1] or "")[:300],
            taken_at=taken_at,
        )
        for key, item in items.items()
    ]


def articles_take_snapshots(*, articles) -> int:
    """Snapshot what many published pieces display now, taken at publication, in a
    few queries: pieces written in bulk (``generate_scale``) start as publishing
    leaves them."""
    articles = list(articles)
    states = shown_states(articles)
    rows = [
        row
        for article in articles
        for row in snapshot_rows(
            article.pk, states[article.pk], taken_at=article.published_at
        )
    ]
    FactSnapshot.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def article_sync_snapshot(
    *, article, retake: bool = False, at: datetime.datetime | None = None
) -> None:
    """Keep a snapshot of everything a published piece displays.

    Items already in the snapshot keep their value and time (so an edit does not
    hide a change); items new to the piece are added as they are now; items it no
    longer shows are dropped. ``retake`` replaces all of them (a review); ``at``
    takes tracked facts as they were then, from fact history (backdated pieces, the
    demo), and compares them with now at once.
    """
    rows = snapshot_rows(article.pk, shown_state(article), at=at)
    existing = {
        (s.content_type_id, s.object_id, s.field): s.pk
        for s in FactSnapshot.objects.filter(article=article)
    }
    if retake:
        FactSnapshot.objects.filter(article=article).delete()
        existing = {}
    else:
        wanted = {(r.content_type_id, r.object_id, r.field) for r in rows}
        gone = [pk for key, pk in existing.items() if key not in wanted]
        if gone:
            FactSnapshot.objects.filter(pk__in=gone).delete()
    FactSnapshot.objects.bulk_create(
        [r for r in rows if (r.content_type_id, r.object_id, r.field) not in existing]
    )
    # The snapshot says what "What's changed" shows; its rows send no signals.
    pageversions.bump(document_model().objects.filter(pk=article.pk))
    if at is not None:
        articles_refresh(article_ids=[article.pk])


def articles_fill_snapshots(*, using: str = "default") -> int:
    """Give snapshots taken before they kept everything a piece displays (rows with
    no ``label``) what they lack, as it is now, without flagging anything; facts
    they hold keep their value. Returns how many pieces were filled in."""
    old = FactSnapshot.objects.using(using).filter(label="")
    ids = set(old.values_list("article_id", flat=True))
    if not ids:
        return 0
    document = document_model()
    articles = document.objects.using(using).filter(
        pk__in=ids, state=document.State.PUBLISHED
    )
    with transaction.atomic(using=using):
        for article in articles:
            article_sync_snapshot(article=article)
            labels = {
                (r.content_type_id, r.object_id, r.field): r.label
                for r in snapshot_rows(article.pk, shown_state(article))
            }
            for snap in old.filter(article=article):
                key = (snap.content_type_id, snap.object_id, snap.field)
                snap.label = labels.get(key) or snap.field.replace("_", " ").title()
                snap.save(update_fields=["label"])
        old.filter(article_id__in=ids).update(label="—")  # not shown or not published
    return len(ids)


@transaction.atomic
def articles_refresh(*, article_ids) -> int:
    """Compare what published pieces display now with their snapshots: an item that
    differs gets ``current`` and ``changed_at`` (kept while it differs the same
    way), one shown as at review again loses them. Returns the rows updated.

    Called for the pieces a catalog write may touch (``signals``), so "stale" means
    "readers see something else now", whichever way the catalog changed.
    """
    document = document_model()
    articles = list(
        document.objects.filter(
            pk__in=list(article_ids), state=document.State.PUBLISHED
        ).only("pk", "body_html", "kind")
    )
    if not articles:
        return 0
    states = {pk: _by_ct(state) for pk, state in shown_states(articles).items()}
    at = current_recording().at or timezone.now()
    updated = []
    for snap in FactSnapshot.objects.filter(article_id__in=states).only(
        "pk", "article_id", "content_type_id", "object_id", "field", "value",
        "current", "changed_at",
    ):  # fmt: skip
        key = (snap.content_type_id, snap.object_id, snap.field)
        item = states[snap.article_id].get(key)
        # An item no longer shown (a departed member's status) counts in its list.
        if item is not None and item.value != snap.value:
            if snap.changed_at is None or snap.current != item.value:
                snap.current, snap.changed_at = item.value, at
                updated.append(snap)
        elif snap.changed_at is not None:
            snap.current, snap.changed_at = None, None
            updated.append(snap)
    FactSnapshot.objects.bulk_update(updated, ["current", "changed_at"])
    if updated:  # their "What's changed" boxes differ; bulk updates send no signals
        changed = {snap.article_id for snap in updated}
        pageversions.bump(document.objects.filter(pk__in=changed))
    return len(updated)


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
