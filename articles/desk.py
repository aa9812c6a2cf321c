"""The writing desk's live preview: the public article page, built from the unsaved
admin form. Nothing here writes; the admin view runs it in a rolled-back transaction
as a second guard."""

import re
from dataclasses import dataclass, field

from core.markdown import DroppedContent, dropped_by_sanitiser
from livefacts.body import compile_body

from .models import Article, AuthorProfile
from .permissions import can_publish

# The relations the article page reads, with what each of their rows needs.
PREVIEW_M2M = {
    "authors": (),
    "tags": (),
    "subject_shows": (),
    "subject_seasons": ("show",),
    "subject_people": (),
    "subject_works": (),
}
# An unsaved piece has no pk, and Django refuses M2M managers without one. The
# preview gives it one no row has; every relation it reads is filled in below, so
# no query uses it.
UNSAVED_PK = 0
LINE = re.compile(r"^Line (\d+):")


@dataclass
class DeskPreview:
    article: Article
    errors: list[str] = field(default_factory=list)
    warnings: list[DroppedContent] = field(default_factory=list)

    def problems(self) -> dict:
        """Errors and warnings as JSON-ready lists of ``{"line", "message"}``."""

        def entry(message: str, line: int | None) -> dict:
            return {"line": line, "message": message}

        errors = []
        for message in self.errors:
            match = LINE.match(str(message))
            errors.append(entry(str(message), int(match.group(1)) if match else None))
        warnings = [entry(str(w), w.line) for w in self.warnings]
        return {"errors": errors, "warnings": warnings}


def desk_preview(form, *, saved: Article | None, user) -> DeskPreview:
    """The piece as the bound admin ``form`` would save it, without saving it: valid
    fields from the form, the rest as saved; the body rendered as far as it
    compiles, with its errors and what the sanitiser will drop, each with its line."""
    form.is_valid()  # fills form.instance with every valid field
    article = form.instance
    body = form.data.get(form.add_prefix("body"), article.body) or ""
    article.body = body
    article.body_html = compile_body(body, strict=False).html
    errors = list(form.errors.get("body", []))
    if article.pk is None:
        article.pk = UNSAVED_PK
        article.last_fact_change = None  # nothing published yet, nothing changed
    article._prefetched_objects_cache = {}
    for name, related in PREVIEW_M2M.items():
        rows = _related_rows(form, saved, name, related)
        if name == "authors" and not can_publish(user):
            rows = _with_own_profile(rows, user)  # as saving adds it
        _cache_rows(article, getattr(article, name).prefetch_cache_name, rows)
    _cache_rows(article, "update_notes", _saved_notes(saved))
    return DeskPreview(article, errors, dropped_by_sanitiser(body))


def _cache_rows(article, cache_name: str, rows: list) -> None:
    """Make ``article.<relation>.all()`` return ``rows`` without a query."""
    queryset = getattr(article, cache_name).model.objects.none()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    article._prefetched_objects_cache[cache_name] = queryset


def _saved_notes(saved) -> list:
    """The corrections and updates readers already see (one query)."""
    return list(saved.update_notes.all()) if saved is not None and saved.pk else []


def _related_rows(form, saved, name, related) -> list:
    if name in form.cleaned_data:
        queryset = form.cleaned_data[name]
    elif saved is not None and saved.pk:
        queryset = getattr(saved, name).all()
    else:
        return []
    return list(queryset.select_related(*related) if related else queryset)


def _with_own_profile(rows: list, user) -> list:
    if any(author.user_id == user.pk for author in rows):
        return rows
    own = AuthorProfile.objects.filter(user=user).first()
    return [*rows, own] if own else rows
