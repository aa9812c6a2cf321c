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

    A list's ``value`` is ``[[words, {detail: words}], …]`` in the order shown:
    only what readers see, so a row deleted and added again unchanged is no change,
    and who is listed, with which details and in which order all count. ``rows``
    (not compared) are the members' catalog rows, for the history behind a change;
    ``added`` and ``removed`` name a member that joins or leaves ("New in the cast").
    """

    obj: models.Model
    field: str
    label: str
    value: object
    display: str
    added: str = ""
    removed: str = ""
    rows: tuple = ()

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
    obj, name: str, label: str, rows, words, details=None, *, added, removed
) -> Shown:
    """A list as shown: the words naming each member and its details ("Status":
    "rumoured"), in order."""
    rows = list(rows)
    value = [[words(row), details(row) if details else {}] for row in rows]
    display = "; ".join(member[0] for member in value)
    keys = tuple((row._meta.label_lower, row.pk) for row in rows)
    return Shown(obj, name, label, _normal(value), display[:300], added, removed, keys)


@dataclass
class ChangedFact:
    """One difference between what a piece showed at review and what it shows now."""

    object_repr: str
    label: str
    old: str
    new: str
    changed_at: datetime.datetime
    kind: str = "changed"  # or "added", "removed"
    source: object | None = None
    changes: int = 1  # recorded changes behind it, since the snapshot
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
    old = {m[0]: m[1] for m in reversed(old_value or [])}
    new = {m[0]: m[1] for m in reversed(now.value)}
    facts = []
    for words, details in new.items():
        if words not in old:
            facts.append(ChangedFact(object_repr, now.added, "", words, at, "added"))
            continue
        for label, value in details.items():
            was = old[words].get(label, "")
            if was != value:
                where = f"{object_repr}: {words}"
                facts.append(ChangedFact(where, label, was, value, at))
    for words in old:
        if words not in new:
            facts.append(
                ChangedFact(object_repr, now.removed, words, "", at, "removed")
            )
    if not facts:  # the same members in another order
        order = f"{now.label} order"
        facts.append(ChangedFact(object_repr, order, old_display, now.display, at))
    for fact in facts:
        fact.members = list(now.rows)
    return facts
