"""How readers are told about a change to a published piece: silently, with an
"Updated" note, or with a correction. The change form asks; publishing a draft change
to a live piece calls the same function."""

from django.db import transaction
from django.utils import timezone

from core import pageversions

from .models import Article, UpdateNote

SILENT = "silent"
READER_NOTICE_CHOICES = [
    (SILENT, "Silent fix (typo, style)"),
    (UpdateNote.Kind.UPDATED, "Updated: add an “Updated” note"),
    (UpdateNote.Kind.CORRECTION, "Correction"),
]
# The fields readers read: changing one of a public piece asks how they are told.
READER_TEXT_FIELDS = ("title", "standfirst", "body")


def asks_reader_notice(article: Article) -> bool:
    """A change to this piece's text reaches readers at once: it is public now."""
    return article.pk is not None and article.is_public()


def text_changed(name: str, old: str, new: str) -> bool:
    """Whether readers would see a difference in field ``name``: a browser's CRLFs,
    the edges' whitespace and (in the one-line title) runs of spaces are not one."""

    def norm(value):
        value = (value or "").replace("\r\n", "\n").strip()
        return " ".join(value.split()) if name == "title" else value

    return norm(old) != norm(new)


@transaction.atomic
def record_update_note(
    *, article: Article, kind: str, text: str = "", by
) -> UpdateNote | None:
    """Tell readers about a change: a note with today's date, and ``updated_at``.

    ``kind`` is ``"silent"`` (nothing is recorded), ``"updated"`` (text optional) or
    ``"correction"`` (text required). Call it in the transaction that saves the change.
    """
    if kind == SILENT:
        return None
    if kind not in UpdateNote.Kind.values:
        raise ValueError(f"Unknown update note kind: {kind!r}")
    text = " ".join((text or "").split())
    if kind == UpdateNote.Kind.CORRECTION and not text:
        raise ValueError("A correction needs its text.")
    now = timezone.now()
    note = UpdateNote.objects.create(
        article=article, kind=kind, text=text, created_at=now, created_by=by
    )
    # No save(): that would bump the piece's version under an open change form.
    Article.objects.filter(pk=article.pk).update(updated_at=now, modified_at=now)
    pageversions.bump_pages_of(Article.objects.filter(pk=article.pk))
    article.updated_at = article.modified_at = now
    return note
