"""The columns a save compiles from a piece's body, compiled again by the current code.

A release that changes the Markdown compiler, the sanitiser's allow-list or the embed
or spoiler syntax leaves every piece saved before with its old ``body_html`` and
``search_body`` until someone edits it; cached pages follow the code (its digest keys
them), stored columns do not. ``articles_recompile_bodies`` runs this after
``migrate``.

Not a save: nothing an editor wrote changed, so no new version (an open change form
stays valid), no revision, no ``modified_at``, no notification, no "needs update"
flag. Rows are read by primary key in batches, each compiled and written in its own
transaction with the batch's rows locked, so an editor's save waits for it instead of
being overwritten; keyset batches rather than ``iterator()``, whose open cursor would
span the batches' transactions and, on SQLite, see the rows they write. Only rows
whose columns differ are written, one UPDATE per column, and only their pages move.

A piece whose new HTML would lose a catalog object its stored HTML shows (a slug
renamed since its last save, so the embed no longer resolves) is held back: the
stored HTML names objects by primary key precisely so that a rename never breaks a
published piece, and only an editor should drop an embed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Case, F, Value, When

from core import pageversions
from livefacts.body import placeholders, resolve_bodies
from livefacts.services import article_sync_references, article_sync_snapshot
from livefacts.spoilers import spoiled_episodes

from .models import Article, compiled_from_body
from .pages import ARTICLE_LISTS

BATCH_SIZE = 200
COLUMNS = ("body_html", "search_body")


@dataclass
class Recompiled:
    """What a run found: ``changed`` pieces were (or, checking, would be) written."""

    total: int = 0
    changed: int = 0
    held: list[str] = field(default_factory=list)  # slugs, for an editor

    @property
    def stale(self) -> bool:
        return bool(self.changed or self.held)


@dataclass
class _Row:
    pk: int
    slug: str
    published: bool
    stored: dict[str, str]
    compiled: dict[str, str]

    @property
    def differs(self) -> list[str]:
        return [name for name in COLUMNS if self.stored[name] != self.compiled[name]]


def shown_objects(stored_html: str) -> set[tuple[str, int]]:
    """The catalog objects a stored body shows: its embeds and spoilers' episodes."""
    shown = {(p.target, p.pk) for p in placeholders(stored_html)}
    return shown | {("episode", pk) for pk in spoiled_episodes(stored_html)}


def articles_recompile_bodies(
    *, check: bool = False, batch_size: int = BATCH_SIZE
) -> Recompiled:
    """Compile every piece's body again; write the rows whose columns differ (none
    when ``check``), bump their pages, and return what was found."""
    result = Recompiled()
    last, full = 0, True
    while full:  # a short batch is the last one
        with transaction.atomic():
            rows = _read_batch(after=last, size=batch_size, lock=not check)
            full = len(rows) == batch_size
            last = rows[-1].pk if rows else last
            result.total += len(rows)
            changed = [row for row in rows if row.differs]
            held = {row.pk for row in changed if _loses_objects(row)}
            result.held += [row.slug for row in changed if row.pk in held]
            writes = [row for row in changed if row.pk not in held]
            result.changed += len(writes)
            if writes and not check:
                _write(writes)
    return result


def _read_batch(*, after: int, size: int, lock: bool) -> list[_Row]:
    rows = Article._base_manager.filter(pk__gt=after).order_by("pk")
    if lock:
        rows = rows.select_for_update()
    found = list(rows.values_list("pk", "slug", "state", "body", *COLUMNS)[:size])
    # One lookup per target type for the whole batch, none per body.
    resolved = resolve_bodies(body for _, _, _, body, *_ in found)
    return [
        _Row(
            pk=pk,
            slug=slug,
            published=state == Article.State.PUBLISHED,
            stored=dict(zip(COLUMNS, stored, strict=True)),
            compiled=compiled_from_body(body, resolved=resolved),
        )
        for pk, slug, state, body, *stored in found
    ]


def _loses_objects(row: _Row) -> bool:
    return bool(
        shown_objects(row.stored["body_html"])
        - shown_objects(row.compiled["body_html"])
    )


def _write(rows: list[_Row]) -> None:
    """One UPDATE per column, naming only the rows it changes: the search indexes'
    triggers then reindex only pieces whose search text changed."""
    for name in COLUMNS:
        differ = [row for row in rows if name in row.differs]
        if differ:
            Article._base_manager.filter(pk__in=[row.pk for row in differ]).update(
                **{name: _by_pk(name, differ)}
            )
    # Only published (or scheduled) pieces are on public pages, as for a save. A
    # piece's own pages show its body; lists show cards, which do not, but search
    # results (a list page) follow the search text.
    published = [row for row in rows if row.published]
    if published:
        pageversions.bump(
            Article._base_manager.filter(pk__in=[row.pk for row in published])
        )
    if any("search_body" in row.differs for row in published):
        pageversions.bump(ARTICLE_LISTS)
    _index_new_objects(
        [row for row in rows if _shown_objects_changed(row)], published=published
    )


def _by_pk(name: str, rows: list[_Row]) -> Case:
    return Case(
        *(When(pk=row.pk, then=Value(row.compiled[name])) for row in rows),
        default=F(name),
        output_field=models.TextField(),
    )


def _shown_objects_changed(row: _Row) -> bool:
    return shown_objects(row.stored["body_html"]) != shown_objects(
        row.compiled["body_html"]
    )


def _index_new_objects(rows: list[_Row], *, published: list[_Row]) -> None:
    """A piece that now shows other catalog objects (an embed syntax the old code did
    not know) is indexed as a save would, so their changes reach its page: a few
    queries for each such piece, and none for the rest."""
    if not rows:
        return
    snapshot = {row.pk for row in published}
    for article in Article._base_manager.filter(pk__in=[row.pk for row in rows]):
        article_sync_references(article=article)
        if article.pk in snapshot:
            article_sync_snapshot(article=article)
