"""Which published pieces went stale, and what changed, in words: a fixed number of
queries.

A piece is stale when what it displays differs from its snapshot (the comparison is
kept on the snapshot rows by ``services.articles_refresh``, so the list is one SQL
query). The "Needs update" list puts a speculation piece whose subject season has
since started airing (or concluded) first: its question is answered.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
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

from .displayed import ChangedFact, describe
from .facts import shown_states
from .models import FactSnapshot, MinorChangeMark

CHANGES_PER_ARTICLE = 12


def _latest_change_at():
    return Subquery(
        FactSnapshot.objects.filter(article=OuterRef("pk"))
        .stale()
        .order_by("-changed_at")
        .values("changed_at")[:1]
    )


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


def _label(ct_id: int) -> str:
    return ContentType.objects.get_for_id(ct_id).model_class()._meta.label_lower


def _changes_query(since, facts_ct, facts_obj, facts_field, rows_ct, rows_obj):
    """Changes after ``since`` to the given (content type, object, field) facts and
    to any field of the given (content type, object) rows, newest first."""
    condition = Q(pk__in=[])
    for ct, obj, name in zip(facts_ct, facts_obj, facts_field, strict=True):
        condition |= Q(content_type_id=ct, object_id=obj, field=name)
    for ct, obj in zip(rows_ct, rows_obj, strict=True):
        condition |= Q(content_type_id=ct, object_id=obj)
    return (
        FactChange.objects.filter(condition, changed_at__gt=since)
        .select_related("source")
        .order_by("-changed_at", "-pk")
    )


def _change_field(name):
    return FactChange._meta.get_field(name)


# Compiled once per process and number of facts and rows asked about.
_CHANGES = QueryShape(
    _changes_query,
    since=_change_field("changed_at"),
    facts_ct=_change_field("content_type"),
    facts_obj=_change_field("object_id"),
    facts_field=_change_field("field"),
    rows_ct=_change_field("content_type"),
    rows_obj=_change_field("object_id"),
)


def _history(snapshots, facts) -> dict:
    """The recorded changes behind each difference, newest first: one query over
    the changed facts and the rows that joined or left a list."""
    members = sorted({m for fact in facts for m in fact.members})
    rows_ct = [
        ContentType.objects.get_by_natural_key(*model.split(".")).pk
        for model, _ in members
    ]
    found = defaultdict(list)
    for change in _CHANGES.all(
        since=min(s.taken_at for s in snapshots),
        facts_ct=[snap.content_type_id for snap in snapshots],
        facts_obj=[snap.object_id for snap in snapshots],
        facts_field=[snap.field for snap in snapshots],
        rows_ct=rows_ct,
        rows_obj=[pk for _, pk in members],
    ):
        model = _label(change.content_type_id)
        found[model, change.object_id].append(change)
        found[model, change.object_id, change.field].append(change)
    return found


def _attribute(fact: ChangedFact, keys, taken_at, history) -> None:
    changes = sorted(
        (c for key in keys for c in history.get(key, ()) if c.changed_at > taken_at),
        key=lambda c: (c.changed_at, c.pk),
        reverse=True,
    )
    if changes:
        fact.source, fact.changes = changes[0].source, len(changes)


# Compiled once per process and number of pieces: the article page asks on every
# render of a piece with a changed fact.
_STALE_SNAPSHOTS = QueryShape(
    lambda ids: FactSnapshot.objects.filter(article_id__in=ids).stale(),
    ids=FactSnapshot._meta.get_field("article"),
)


def changed_facts(articles) -> dict[int, list[ChangedFact]]:
    """For each piece (objects, or ids: one more query), what it displays
    differently since its snapshot, in words ("New in the cast: Jane Doe as Tara"),
    newest first: three queries (four for speculation pieces)."""
    articles = list(articles)
    if not articles:
        return {}
    ids = [getattr(a, "pk", a) for a in articles]
    snapshots = _STALE_SNAPSHOTS.all(ids=ids)
    if not snapshots:
        return {}
    if not hasattr(articles[0], "body_html"):
        document = FactSnapshot._meta.get_field("article").related_model
        stale = {s.article_id for s in snapshots}
        articles = document.objects.filter(pk__in=stale).only("pk", "body_html", "kind")
    states = shown_states(articles)
    found: list[tuple] = []
    for snap in snapshots:
        item = states.get(snap.article_id, {}).get(
            (_label(snap.content_type_id), snap.object_id, snap.field)
        )
        if item is None or item.value == snap.value:
            continue
        for fact in describe(
            snap.object_repr, snap.value, snap.display, item, snap.changed_at
        ):
            found.append((snap, fact))
    if not found:
        return {}
    history = _history([s for s, _ in found], [f for _, f in found])
    result: dict[int, list[ChangedFact]] = defaultdict(list)
    for snap, fact in found:
        model = _label(snap.content_type_id)
        keys = [(model, snap.object_id, snap.field), *fact.members]
        _attribute(fact, keys, snap.taken_at, history)
        result[snap.article_id].append(fact)
    for facts in result.values():
        facts.sort(key=lambda f: f.changed_at, reverse=True)
    return dict(result)
