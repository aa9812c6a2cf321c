"""What an embed displays, as data: the state a piece's snapshot keeps.

Each block kind and inline fact declares, on its target in ``registry``, the items it
shows: scalars (a field's value with its precision and confidence, a name, a count)
and lists (who is in the cast, which trailers, volumes or ratings), each a ``Shown``
keyed by (object, field). The snapshot is that state when the piece was published or
last reviewed; the piece is stale exactly when its state now differs, however the
catalog changed. ``describe`` puts a difference in words for editors and readers.
"""

from __future__ import annotations

import datetime
import decimal
import json
from dataclasses import dataclass, field

from django.db import models

from catalog.dates import PreciseDate


def jsonable(value):
    """A value as JSON holds it (and as a snapshot compares it)."""
    if isinstance(value, PreciseDate):
        return value.to_json()
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.Model):
        return value.pk
    return value


@dataclass(frozen=True)
class Shown:
    """One thing a reader sees in an embed: a scalar, or a list of members.

    A list's ``value`` is ``[[model, pk, text], …]`` in the order shown, so who is
    listed, under which words and in which order all count; ``added`` and
    ``removed`` name a member that joins or leaves it ("New in the cast").
    """

    obj: models.Model
    field: str
    label: str
    value: object
    display: str
    added: str = ""
    removed: str = ""

    @property
    def is_list(self) -> bool:
        return bool(self.added)

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.obj._meta.label_lower, self.obj.pk, self.field)


def _normal(value):
    """Lists, not tuples: a value compares equal to itself read back from JSON."""
    return json.loads(json.dumps(value))


def scalar(obj, name: str, label: str = "", display: str | None = None) -> Shown:
    """A field as shown: its JSON value and its words (a tracked fact's as fact
    history writes them)."""
    if hasattr(obj, "fact_value") and name in getattr(obj, "tracked_facts", ()):
        value, words = obj.fact_value(name), obj.fact_display(name)
        label = label or obj.fact_label(name)
    else:
        raw = getattr(obj, name)
        value = jsonable(raw)
        choices = getattr(obj, f"get_{name}_display", None)
        words = str(choices()) if choices else ("" if raw is None else str(raw))
        label = label or str(obj._meta.get_field(name).verbose_name).capitalize()
    if display is not None:
        words = display
    return Shown(obj, name, label, _normal(value), words[:300])


def text(obj, name: str, label: str, words: str) -> Shown:
    """Words shown as they are: a heading, a count, a source."""
    return Shown(obj, name, label, words, words[:300])


def members(
    obj, name: str, label: str, rows, words, *, added: str, removed: str
) -> Shown:
    """A list as shown: each member's row and the words that name it, in order."""
    value = [[row._meta.label_lower, row.pk, words(row)] for row in rows]
    display = "; ".join(member[2] for member in value)
    return Shown(obj, name, label, value, display[:300], added, removed)


@dataclass
class ChangedFact:
    """One difference between what a piece showed at review and what it shows now."""

    object_repr: str
    label: str
    old: str
    new: str
    changed_at: datetime.datetime
    source: object | None = None
    changes: int = 1  # recorded changes behind it, since the snapshot
    kind: str = "changed"  # or "added", "removed"
    members: list = field(default_factory=list, repr=False)

    @property
    def words(self) -> str:
        """ "New in the cast: Jane Doe as Tara", "Votes: 12,301 → 15,870"."""
        if self.kind == "added":
            return f"{self.label}: {self.new}"
        if self.kind == "removed":
            return f"{self.label}: {self.old}"
        return f"{self.label}: {self.old or 'not known'} → {self.new or 'not known'}"


def describe(
    object_repr: str, old_value, old_display: str, now: Shown, at
) -> list[ChangedFact]:
    """The differences between a snapshot's value and what is shown now, in words."""
    if not now.is_list:
        return [ChangedFact(object_repr, now.label, old_display, now.display, at)]
    old = {(m[0], m[1]): m[2] for m in old_value or []}
    new = {(m[0], m[1]): m[2] for m in now.value}
    facts = []
    for key, words in new.items():
        if key not in old:
            facts.append(
                ChangedFact(object_repr, now.added, "", words, at, kind="added")
            )
        elif old[key] != words:
            facts.append(ChangedFact(object_repr, now.label, old[key], words, at))
    for key, words in old.items():
        if key not in new:
            facts.append(
                ChangedFact(object_repr, now.removed, words, "", at, kind="removed")
            )
    if not facts:  # the same members in another order
        order = f"{now.label} order"
        facts.append(ChangedFact(object_repr, order, old_display, now.display, at))
    for fact in facts:
        fact.members = [*old, *new]
    return facts
