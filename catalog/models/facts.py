"""Sources and fact history: who changed which catalog fact, when, on whose word.

Writing
    Models that hold facts inherit ``FactHistoryMixin`` and list their facts in
    ``tracked_facts``. ``save()`` locks the row, diffs those facts against it and
    writes one ``FactChange`` per changed fact *in the same transaction*, so a failed
    transaction leaves neither the change nor its record, and concurrent editors each
    record what they really replaced. The acting user,
    source, time and note come from ``recording(by=..., source=..., at=..., note=...)``
    (the admin wraps every change view in it); the source falls back to the object's
    own ``source``. Rows that pages list (credits, videos, ratings, volumes,
    episodes, adaptations: ``record_rows``) also record their creation and deletion,
    as a change to the pseudo-fact ``row`` ("added", "removed"), with the same
    attribution. Other creations and ``QuerySet.update()`` are not recorded.

Reading (for pages and the live-facts issue)
    A fact is named by ``FactKey(model="catalog.season", pk=12, field="premiere")``,
    written ``"catalog.season:12:premiere"`` (``FactKey.parse`` reads it back).
    ``FactChange.objects.for_facts(keys, since=t)`` answers "what changed for these
    (object, field) pairs since t" in ONE query, newest first;
    ``for_objects(objs)`` gives every change to some objects. ``obj.fact_keys()``,
    ``obj.fact_value(field)`` and ``obj.fact_display(field)`` give the current values
    to snapshot (no queries).
    ``old_value``/``new_value`` hold JSON (a precise date is
    ``{"start": "2023-08-03", "precision": "day", "confidence": "official"}``);
    ``old_display``/``new_display`` hold the text readers saw.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone

from catalog.dates import PreciseDate
from catalog.models.fields import HttpsURLField
from catalog.signals import fact_changes_recorded


class Source(models.Model):
    """Where a fact came from: a page, a press release, a publisher's catalogue."""

    title = models.CharField(max_length=300, help_text="What the source is called.")
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Who published it, e.g. Netflix."
    )
    url = HttpsURLField("URL", max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(
        null=True, blank=True, help_text="When an editor last checked it."
    )

    class Meta:
        ordering = ["publisher", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "title"], name="catalog_source_unique_title"
            )
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title


@dataclass(frozen=True)
class RecordingContext:
    by: object | None = None
    source: Source | None = None
    at: datetime.datetime | None = None
    note: str = ""


_recording: ContextVar[RecordingContext] = ContextVar(
    "catalog_fact_recording",
    default=RecordingContext(),  # noqa: B039 (frozen)
)


@contextlib.contextmanager
def recording(*, by=None, source=None, at=None, note="") -> Iterator[None]:
    """Attribute fact changes saved inside the block to a user, source, time and note.

    Nested blocks keep the outer values they don't override.
    """
    outer = _recording.get()
    overrides = {"by": by, "source": source, "at": at, "note": note}
    token = _recording.set(
        replace(outer, **{k: v for k, v in overrides.items() if v not in (None, "")})
    )
    try:
        yield
    finally:
        _recording.reset(token)


def current_recording() -> RecordingContext:
    return _recording.get()


class FactKey(NamedTuple):
    """A stable name for one fact: ``catalog.season:12:premiere``."""

    model: str
    pk: int
    field: str

    def __str__(self):
        return f"{self.model}:{self.pk}:{self.field}"

    @classmethod
    def parse(cls, text: str) -> FactKey:
        model, pk, field = text.split(":")
        return cls(model, int(pk), field)

    @classmethod
    def of(cls, obj: models.Model, field: str) -> FactKey:
        return cls(obj._meta.label_lower, obj.pk, field)


def _content_type_id(model_label: str) -> int:
    app_label, model = model_label.split(".")
    return ContentType.objects.get_by_natural_key(app_label, model).pk


class FactChangeQuerySet(models.QuerySet):
    def for_facts(
        self, keys: Iterable[FactKey], *, since: datetime.datetime | None = None
    ) -> FactChangeQuerySet:
        """Changes to any of these facts (after ``since``), newest first: one query."""
        condition = Q(pk__in=[])
        for key in keys:
            condition |= Q(
                content_type_id=_content_type_id(key.model),
                object_id=key.pk,
                field=key.field,
            )
        qs = self.filter(condition)
        if since is not None:
            qs = qs.filter(changed_at__gt=since)
        return qs

    def for_objects(self, objects: Iterable[models.Model]) -> FactChangeQuerySet:
        """Every recorded change to these objects (of any models)."""
        by_type: dict[int, list[int]] = {}
        for obj in objects:
            ct = ContentType.objects.get_for_model(obj)
            by_type.setdefault(ct.pk, []).append(obj.pk)
        condition = Q(pk__in=[])
        for ct_id, pks in by_type.items():
            condition |= Q(content_type_id=ct_id, object_id__in=pks)
        return self.filter(condition)

    def for_display(self) -> FactChangeQuerySet:
        return self.select_related("source", "changed_by")


class FactChange(models.Model):
    """One change to one fact of one catalog object."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(
        "object", max_length=200, help_text="The object's name when it changed."
    )
    field = models.CharField(max_length=60)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    old_display = models.CharField(max_length=300, blank=True)
    new_display = models.CharField(max_length=300, blank=True)
    changed_at = models.DateTimeField(
        default=timezone.now,
        db_index=True,
        help_text="When the change was made (for backfilled history: when it became "
        "known).",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    objects = FactChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "field", "changed_at"],
                name="catalog_fact_lookup",
            )
        ]

    def __str__(self):
        return f"{self.object_repr} {self.field_label}: {self.old_display} → " + (
            self.new_display
        )

    @property
    def model_class(self):
        return ContentType.objects.get_for_id(self.content_type_id).model_class()

    @property
    def fact_key(self) -> FactKey:
        model = self.model_class
        label = model._meta.label_lower if model else "?"
        return FactKey(label, self.object_id, self.field)

    @property
    def field_label(self) -> str:
        """The fact's name as editors see it ("Premiere", "Release status")."""
        model = self.model_class
        if model is None:
            return self.field
        return model.fact_label(self.field)


def _jsonable(value):
    if isinstance(value, PreciseDate):
        return value.to_json()
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")  # 8.80 and 8.8 are the same fact
    return value


ROW_FIELD = "row"  # a row added to or removed from the catalog


class FactHistoryMixin(models.Model):
    """Records changes to ``tracked_facts`` as ``FactChange`` rows on save."""

    tracked_facts: tuple[str, ...] = ()
    # Whether adding and deleting a row is history too (a new credit in a cast list).
    record_rows: bool = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        update_fields = kwargs.get("update_fields")
        adding = self._state.adding
        with transaction.atomic(using=using):
            changes = []
            if self.pk is not None:
                # Diff against the row as it is now, locked, not as it was loaded:
                # a concurrent editor's change is then the "old" value, never lost.
                before = (
                    type(self)
                    ._base_manager.using(using)
                    .select_for_update()
                    .filter(pk=self.pk)
                    .first()
                )
                if before is not None:
                    changes = self.fact_changes_since(
                        before, None if update_fields is None else set(update_fields)
                    )
            super().save(*args, **kwargs)
            if adding and self.record_rows:
                changes.append(self.row_change(added=True))
            if changes:
                FactChange.objects.using(using).bulk_create(changes)
                fact_changes_recorded.send(sender=type(self), changes=changes)

    def row_change(self, *, added: bool) -> FactChange:
        """An unsaved ``FactChange`` saying this row was added (or removed)."""
        return self._change(
            ROW_FIELD,
            (None, True) if added else (True, None),
            ("", "added") if added else ("listed", "removed"),
        )

    @classmethod
    def fact_label(cls, name: str) -> str:
        if name == ROW_FIELD:
            return "Entry"
        precise = getattr(cls._meta, "precise_dates", {})
        if name in precise:
            return str(precise[name].verbose_name).capitalize()
        try:
            return str(cls._meta.get_field(name).verbose_name).capitalize()
        except FieldDoesNotExist:  # a fact since removed from the model
            return name

    def _fact_columns(self, name: str) -> list[str]:
        precise = getattr(self._meta, "precise_dates", {})
        if name in precise:
            f = precise[name]
            return [f.date_name, f.precision_name, f.confidence_name]
        return [self._meta.get_field(name).attname]

    def fact_value(self, name: str):
        """The JSON form of a fact's current value."""
        return _jsonable(getattr(self, name))

    def fact_display(self, name: str) -> str:
        """A fact's current value as readers see it."""
        value = getattr(self, name)
        if isinstance(value, PreciseDate):
            return value.render_with_confidence()
        field = self._meta.get_field(name)
        if field.choices:
            return str(getattr(self, f"get_{name}_display")())
        return "" if value is None else str(_jsonable(value))

    def fact_keys(self) -> list[FactKey]:
        """The stable names of this object's tracked facts."""
        return [FactKey.of(self, name) for name in self.tracked_facts]

    def _repr(self) -> str:
        """``str(self)``, or its model and number when a row it names is already
        gone (a cascade deleting a credit after its character)."""
        try:
            return str(self)
        except ObjectDoesNotExist:
            return f"{self._meta.verbose_name.capitalize()} {self.pk}"

    def _change(self, name: str, values: tuple, displays: tuple) -> FactChange:
        """An unsaved change to one fact, attributed as ``recording`` says."""
        context = current_recording()
        if context.source is not None:
            source_id = context.source.pk
        else:
            source_id = getattr(self, "source_id", None)
        return FactChange(
            content_type=ContentType.objects.get_for_model(self),
            object_id=self.pk,
            object_repr=self._repr()[:200],
            field=name,
            old_value=values[0],
            new_value=values[1],
            old_display=displays[0][:300],
            new_display=displays[1][:300],
            changed_at=context.at or timezone.now(),
            changed_by=context.by,
            source_id=source_id,
            note=context.note[:300],
        )

    def fact_changes_since(self, before, update_fields=None) -> list[FactChange]:
        """Unsaved ``FactChange`` rows for facts that differ from ``before``."""
        deferred = self.get_deferred_fields()
        changes = []
        for name in self.tracked_facts:
            columns = set(self._fact_columns(name))
            if columns & deferred:
                continue
            if update_fields is not None and not columns <= update_fields:
                continue
            old, new = before.fact_value(name), self.fact_value(name)
            if new == old:
                continue
            changes.append(
                self._change(
                    name,
                    (old, new),
                    (before.fact_display(name), self.fact_display(name)),
                )
            )
        return changes

    def fact_history(self) -> FactChangeQuerySet:
        return FactChange.objects.for_objects([self]).for_display()


def record_row_deleted(sender, instance, using=None, **kwargs) -> None:
    """``post_delete`` of a ``record_rows`` model: the removal is history too (in
    the delete's transaction, cascades included)."""
    change = instance.row_change(added=False)
    FactChange.objects.using(using).bulk_create([change])
    fact_changes_recorded.send(sender=sender, changes=[change])
