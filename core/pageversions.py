"""Per-page render versions, kept in the database beside the rows that own the pages.

A page-owning row (an article, a show, a list family in ``PageList``) carries
``render_version`` and ``valid_until`` (``core.models.PageVersioned``). Every write
that changes what a page shows bumps the versions of exactly the pages that show it,
in the writer's transaction, so a rollback bumps nothing and a cache outage cannot
lose a bump. The page cache reads a page's versions in one indexed query and keys the
page with them. The design, what bumps what, and how an app hooks in:
docs/caching.md.

The API, for apps and for layers built on the versions (stored fragments):

- ``bump(*targets, until=None)``: move versions now, in the current transaction.
- ``register_pages(model, fn)``: ``fn(queryset) -> targets`` says which pages show
  the rows of ``model`` in ``queryset``; writes to the model then bump them.
- ``register_until(model, fn)``: ``fn(instance) -> datetime | None``, a future time
  at which the pages a write bumps change again by themselves (a scheduled piece).
- ``register_horizon(model, fn)``: ``fn(queryset, now) -> datetime | None``, the next
  time after ``now`` at which a row's own page changes by itself.
- ``keyed_by(rows)``: declares on a view which rows own its page; ``page_state``
  reads them for the page cache (``lists(...)`` for list pages).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils import timezone

from .models import PageList, PageVersioned

logger = logging.getLogger(__name__)

# A target is a queryset or row of a PageVersioned model, a PageList key, or this.
EVERYTHING = "*everything*"
Target = models.QuerySet | models.Model | str
PagesFn = Callable[[models.QuerySet], Iterable[Target]]

_pages: dict[type, list[PagesFn]] = {}
_until: dict[type, list[Callable]] = {}
_horizons: dict[type, list[Callable]] = {}
_connected: list[type] = []
# Inside ``bulk_load``: single bumps wait for the one ``bump_all`` at its end.
_bulk: ContextVar[bool] = ContextVar("pageversions_bulk", default=False)


# --- Bumping --------------------------------------------------------------------------


def _changes(until: datetime | None, step: int = 1) -> dict:
    changes = {"render_version": F("render_version") + step}
    if until is not None:
        # Only ever brought forward here: a later time is found when the page is
        # rendered at the earlier one (``advance``).
        changes["valid_until"] = Case(
            When(
                Q(valid_until__isnull=True) | Q(valid_until__gt=until),
                then=Value(until, output_field=models.DateTimeField()),
            ),
            default=F("valid_until"),
        )
    return changes


def bump(*targets: Target, until: datetime | None = None) -> None:
    """Move the versions of the pages ``targets`` name, in the current transaction.

    ``until``: the pages change again by themselves at that time (a piece scheduled
    for then appears on them), so their ``valid_until`` is brought forward to it.
    One UPDATE per queryset, one for all list keys; nothing is read.
    """
    if _bulk.get():
        return
    keys = set()
    for target in targets:
        if target == EVERYTHING:
            bump_all(until=until)
            return
        if isinstance(target, str):
            keys.add(target)
        elif isinstance(target, models.Model):
            type(target)._base_manager.filter(pk=target.pk).update(**_changes(until))
        else:
            target.update(**_changes(until))
    if keys:
        PageList.objects.filter(key__in=keys).update(**_changes(until))


@contextlib.contextmanager
def bulk_load() -> Iterator[None]:
    """A load that writes to most pages (the demo): the writes inside bump nothing
    one by one, which would cost a few queries each, and every page is bumped once
    when the block ends without an error (in the same transaction as the writes)."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)
    bump_all()


def versioned_models() -> list[type]:
    return [m for m in apps.get_models() if issubclass(m, PageVersioned)]


def bump_all(*, until: datetime | None = None, leap: bool = False) -> None:
    """Every page at once: for bulk loads and the rare row that every page may show.

    Rows written without signals never had their own times set (comments closing),
    so each is also due at once: its first read finds its next time (``advance``).

    ``leap``: move by a large random step instead of one. After a restore the rows
    carry the versions they had when the backup was taken, lower than those of pages
    cached since; a step of one could land on such a version and serve its page.
    """
    now = timezone.now()
    until = min(until, now) if until else now
    step = secrets.randbits(40) + 1 if leap else 1
    for model in versioned_models():
        model._base_manager.update(**_changes(until, step))


def register_pages(model: type, fn: PagesFn) -> PagesFn:
    """Writes to ``model`` bump the pages ``fn(queryset of the written rows)`` names.

    Several apps may register for one model (the catalog its own pages, live facts
    the articles that embed it); all of them are bumped.
    """
    _pages.setdefault(model, [])
    if fn not in _pages[model]:
        _pages[model].append(fn)
    return fn


def register_until(model: type, fn: Callable) -> Callable:
    """``fn(instance) -> datetime | None``: when the pages a write of ``instance``
    bumps change again by themselves (a scheduled piece appearing on them)."""
    _until.setdefault(model, []).append(fn)
    return fn


def register_horizon(model: type, fn: Callable) -> Callable:
    """``fn(queryset, now) -> datetime | None``: the next time after ``now`` at which
    the page of a row in ``queryset`` changes by itself (its comments closing)."""
    _horizons.setdefault(model, [])
    if fn not in _horizons[model]:
        _horizons[model].append(fn)
    return fn


def unregister_horizon(model: type, fn: Callable) -> None:
    if fn in _horizons.get(model, []):
        _horizons[model].remove(fn)


def pages_for(queryset: models.QuerySet) -> list[Target]:
    """Every page showing the rows of ``queryset`` (itself when it owns pages)."""
    model = queryset.model
    targets: list[Target] = []
    if model._meta.auto_created and model not in _pages:
        return _link_pages(queryset)
    if issubclass(model, PageVersioned) and model not in _pages:
        return [queryset]
    for fn in _pages.get(model, ()):
        targets += list(fn(queryset))
    return targets


def _link_pages(links: models.QuerySet) -> list[Target]:
    """An M2M link is data of the model declaring the field (an article's tags): the
    pages of that side; of the other, only rows that own pages (a show listing the
    article), not everything showing them (every article embedding the show)."""
    owner = links.model._meta.auto_created
    targets: list[Target] = []
    for field in links.model._meta.concrete_fields:
        if not field.is_relation:
            continue
        rows = field.related_model._base_manager.filter(
            pk__in=links.values(field.attname)
        )
        if field.related_model is owner:
            targets += pages_for(rows)
        elif issubclass(field.related_model, PageVersioned):
            targets.append(rows)
    return targets


def bump_pages_of(queryset: models.QuerySet, until: datetime | None = None) -> None:
    """For writes that send no signals (``QuerySet.update``, ``bulk_create``): bump
    the pages showing these rows, as a save of each would."""
    bump(*pages_for(queryset), until=until)


def horizon(model: type, queryset: models.QuerySet, now: datetime) -> datetime | None:
    """The earliest registered time after ``now`` at which these rows' pages change."""
    times = [t for fn in _horizons.get(model, ()) if (t := fn(queryset, now))]
    return min((t for t in times if t > now), default=None)


def advance(model: type, pk, seen: datetime, now: datetime) -> bool:
    """A row's ``valid_until`` has passed: bump it and set the next one, unless
    another request already did (the UPDATE is conditional on what was read)."""
    rows = model._base_manager.filter(pk=pk)
    following = horizon(model, rows, now)
    return bool(
        rows.filter(valid_until=seen).update(
            render_version=F("render_version") + 1, valid_until=following
        )
    )


# --- Signals --------------------------------------------------------------------------


def _wants_bump(model: type, instance, event: str) -> bool:
    if _bulk.get() or getattr(model, "page_cache_exempt", False):
        return False
    decide = getattr(instance, "page_cache_should_invalidate", None)
    return decide is None or bool(decide(event=event))


def _until_for(model: type, instance) -> datetime | None:
    now = timezone.now()
    times = [t for fn in _until.get(model, ()) if (t := fn(instance))]
    return min((t for t in times if t > now), default=None)


def _bump_row(model: type, instance, *, deleted: bool = False) -> None:
    rows = model._base_manager.filter(pk=instance.pk)
    own = None
    if _horizons.get(model) and not deleted:
        own = horizon(model, rows, timezone.now())
    if own is not None:  # its own page changes by itself then (comments closing)
        rows.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=own)).update(
            valid_until=own
        )
    bump(*pages_for(rows), until=_until_for(model, instance))


def _on_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:  # loaddata: fixtures are not edits
        return
    if _wants_bump(sender, instance, "created" if created else "updated"):
        _bump_row(sender, instance)


def _on_delete(sender, instance, **kwargs) -> None:
    """Before the delete, while the rows that say where it shows still exist."""
    if _wants_bump(sender, instance, "deleted"):
        _bump_row(sender, instance, deleted=True)


def _fk_name(through: type, model: type) -> str | None:
    for field in through._meta.concrete_fields:
        if field.is_relation and field.related_model is model:
            return field.attname
    return None


def _on_m2m_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    """Additions after they are made; removals before, while the links still say
    where the rows show. The pages are those of the link rows (``_link_pages``)."""
    if action not in ("post_add", "pre_remove", "pre_clear"):
        return
    if not _wants_bump(type(instance), instance, "m2m"):
        return
    source, target = _fk_name(sender, type(instance)), _fk_name(sender, model)
    links = sender._base_manager.filter(**{source: instance.pk})
    if pk_set is not None:
        links = links.filter(**{f"{target}__in": pk_set})
    owner = sender._meta.auto_created  # False for an explicit through model
    if not owner:
        owners = []
    elif isinstance(instance, owner):
        owners = [instance]
    elif _until.get(owner) and pk_set:
        owners = list(owner._default_manager.filter(pk__in=pk_set))
    else:
        owners = []
    times = [t for row in owners if (t := _until_for(owner, row))]
    bump(*pages_for(links), until=min(times, default=None))


def disconnect_signals() -> None:
    """Undo ``connect_signals`` (it calls this first, so it can run again)."""
    for model in _connected:
        uid = f"pageversions:{model._meta.label}"
        post_save.disconnect(sender=model, dispatch_uid=uid)
        pre_delete.disconnect(sender=model, dispatch_uid=uid)
        m2m_changed.disconnect(sender=model, dispatch_uid=uid)
    _connected.clear()


def connect_signals() -> None:
    """Connect the bump receivers to every model of the content apps.

    Per model, not globally: a global delete receiver would turn every bulk delete in
    the project (expired sessions, for one) into a row-by-row delete.
    """
    disconnect_signals()
    for label in settings.PAGE_CACHE_CONTENT_APPS:
        try:
            app_config = apps.get_app_config(label)
        except LookupError as error:
            raise ImproperlyConfigured(
                f"PAGE_CACHE_CONTENT_APPS names {label!r}, which is not an installed "
                "app label."
            ) from error
        for model in app_config.get_models(include_auto_created=True):
            if getattr(model, "page_cache_exempt", False):
                continue  # no receiver, so its bulk deletes stay one query
            uid = f"pageversions:{model._meta.label}"
            post_save.connect(_on_save, sender=model, dispatch_uid=uid)
            pre_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
            m2m_changed.connect(_on_m2m_changed, sender=model, dispatch_uid=uid)
            _connected.append(model)


def unmapped_models() -> list[type]:
    """Content models that neither own pages, say which pages show them, nor opt out:
    a write to one would bump nothing (a test keeps this list empty)."""
    return [
        model
        for model in _connected
        if not model._meta.auto_created
        and model not in _pages
        and not issubclass(model, PageVersioned)
    ]


def on_setting_changed(setting, **kwargs) -> None:
    """Tests may change the content apps; follow them."""
    if setting == "PAGE_CACHE_CONTENT_APPS":
        connect_signals()


# --- Reading: which rows own a page ---------------------------------------------------


def keyed_by(rows: Callable[[dict], models.QuerySet]) -> Callable:
    """Decorate a view (function, view class or feed class): its page is owned by
    ``rows(url kwargs)``, a queryset of PageVersioned rows found by an index."""

    def decorate(view):
        view.page_rows = staticmethod(rows) if isinstance(view, type) else rows
        return view

    return decorate


def keyed(view: Callable, rows: Callable[[dict], models.QuerySet]) -> Callable:
    """A keyed copy of a view we do not own (Django's sitemap views)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    wrapper.page_rows = rows
    return wrapper


@dataclass(frozen=True)
class ListRows:
    """``PageList`` rows by key; created at first use, so no migration lists them."""

    keys: tuple[str, ...]

    def __call__(self, kwargs: dict) -> models.QuerySet:
        return PageList.objects.filter(key__in=self.keys)


def lists(*keys: str) -> ListRows:
    """The rows of list pages: ``@keyed_by(lists("articles"))``."""
    return ListRows(tuple(sorted(keys)))


def rows_of(view: Callable) -> Callable | None:
    """The rows lookup a view declared, if any."""
    rows = getattr(view, "page_rows", None)
    if rows is None:
        rows = getattr(getattr(view, "view_class", None), "page_rows", None)
    return rows


@dataclass(frozen=True)
class PageState:
    """What the cache key needs: the owning rows' versions, and when the page
    expires by itself."""

    token: str
    valid_until: datetime | None


def page_state(rows: Callable, kwargs: dict) -> PageState | None:
    """The page's versions, in ONE indexed query (None: no row owns this page, so it
    is not cached). A row whose ``valid_until`` has passed is advanced first."""
    queryset = rows(kwargs)
    found = list(queryset.values_list("pk", "render_version", "valid_until")[:20])
    if isinstance(rows, ListRows) and len(found) < len(rows.keys):
        # Born expired, so this request sets the first horizon (``advance``).
        now = timezone.now()
        PageList.objects.bulk_create(
            [PageList(key=key, valid_until=now) for key in rows.keys],
            ignore_conflicts=True,
        )
        found = list(queryset.values_list("pk", "render_version", "valid_until"))
    if not found:
        return None
    now = timezone.now()
    if any(until is not None and until <= now for _, _, until in found):
        for pk, _, until in found:
            if until is not None and until <= now:
                advance(queryset.model, pk, until, now)
        found = list(queryset.values_list("pk", "render_version", "valid_until"))
    label = queryset.model._meta.label_lower
    token = label + ":" + ",".join(f"{pk}.{v}" for pk, v, _ in sorted(found))
    times = [until for *_, until in found if until is not None]
    return PageState(token=token, valid_until=min(times, default=None))
