"""Autosave of the article form: what is kept, how it is written, and the offer to
bring it back. The admin endpoints are in ``admin_autosave.py``."""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from .models import Article, ArticleAutosave
from .revisions import diff_dicts, snapshot

# The writing a form holds; workflow fields (state, times) are a decision, not text,
# and are never autosaved or restored.
TEXT_FIELDS = (
    "title",
    "slug",
    "kind",
    "standfirst",
    "body",
    "seo_title",
    "seo_description",
)
CHOICE_FIELDS = ("hero_image",)
MULTI_FIELDS = ("authors", "tags", *Article.SUBJECT_FIELDS)
AUTOSAVED_FIELDS = (*TEXT_FIELDS, *CHOICE_FIELDS, *MULTI_FIELDS)
MAX_TEXT = 200_000  # characters in one field; the request itself is capped too
MAX_IDS = 500
DRAFT_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")  # used with fullmatch


class AutosaveError(ValueError):
    """Autosaved data that is not the shape a form sends; the message says why."""


def clean_autosave_data(fields) -> dict:
    """The autosaved fields of ``fields`` (unknown ones dropped), checked for shape:
    text as strings, related objects as lists of ids."""
    if not isinstance(fields, dict):
        raise AutosaveError("“fields” must be an object of form field values.")
    data = {}
    for name in TEXT_FIELDS:
        if name in fields:
            value = fields[name]
            if not isinstance(value, str) or len(value) > MAX_TEXT:
                raise AutosaveError(
                    f"“{name}” must be text of at most {MAX_TEXT} characters."
                )
            if name == "kind" and value not in Article.Kind.values:
                raise AutosaveError("“kind” must be one of the article kinds.")
            data[name] = value
    for name in CHOICE_FIELDS:
        if name in fields:
            value = fields[name]
            if value not in ("", None) and not _is_id(value):
                raise AutosaveError(f"“{name}” must be an id or empty.")
            data[name] = str(value) if value not in ("", None) else ""
    for name in MULTI_FIELDS:
        if name in fields:
            value = fields[name]
            if not isinstance(value, list) or len(value) > MAX_IDS:
                raise AutosaveError(f"“{name}” must be a list of ids.")
            if not all(_is_id(v) for v in value):
                raise AutosaveError(f"“{name}” must be a list of ids.")
            data[name] = [str(v) for v in value]
    return data


def _is_id(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value > 0
    return (
        isinstance(value, str)
        and value.isascii()
        and value.isdigit()
        and len(value) < 19
    )


def autosave_store(
    *,
    user,
    data: dict,
    article: Article | None = None,
    draft_key: str | None = None,
    base_version: int | None = None,
) -> ArticleAutosave:
    """Keep ``user``'s unsaved form of ``article`` (or of the new piece ``draft_key``)
    in two queries: drop the user's expired autosaves, then one upsert. The article
    row is not touched."""
    if (article is None) == (draft_key is None):
        raise ValueError("An autosave is of an article or of a draft key, not both.")
    ArticleAutosave.objects.filter(user=user).expired().delete()
    row = ArticleAutosave(
        user=user,
        article=article,
        draft_key=draft_key,
        data=data,
        base_version=base_version if article is not None else None,
        saved_at=timezone.now(),
    )
    ArticleAutosave.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["user", "article"] if article else ["user", "draft_key"],
        update_fields=["data", "base_version", "saved_at"],
    )
    return row


def autosave_discard(*, user, article: Article | None = None, draft_key=None) -> int:
    """Forget ``user``'s autosave of ``article`` or of the new piece ``draft_key``;
    the real save of a piece calls this in its transaction. Returns rows removed."""
    rows = ArticleAutosave.objects.filter(user=user)
    if article is not None and draft_key:
        rows = rows.filter(article=article) | rows.filter(draft_key=draft_key)
    elif article is not None:
        rows = rows.filter(article=article)
    elif draft_key:
        rows = rows.filter(draft_key=draft_key)
    else:
        return 0
    return rows.delete()[0]


def saved_at_label(when) -> str:
    """ "14:02" today, "5 Dec 2026, 14:02" another day, in the site's time zone."""
    local = timezone.localtime(when)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "j M Y, H:i")


@dataclass
class AutosaveOffer:
    """An autosave worth offering back, with what restoring it would change."""

    autosave: ArticleAutosave
    diffs: list
    payload: dict
    saved_by_other: str = ""  # who saved the piece after these changes began
    saved_later_at: str = ""

    @property
    def label(self) -> str:
        return saved_at_label(self.autosave.saved_at)


def autosave_offer(*, user, article: Article | None) -> AutosaveOffer | None:
    """The user's unexpired autosave of ``article`` (or, for the add form, of their
    newest unsaved new piece) when it is newer than the piece's last save and differs
    from it; else None."""
    rows = ArticleAutosave.objects.live().filter(user=user)
    if article is None:
        autosave = rows.filter(article=None).order_by("-saved_at").first()
        saved = Article()
    else:
        autosave = rows.filter(article=article).first()
        saved = article
        if autosave and autosave.saved_at <= article.modified_at:
            return None
    if autosave is None:
        return None
    current = snapshot(saved) if saved.pk else _empty_snapshot()
    diffs = diff_dicts(current, {**current, **_as_snapshot(autosave.data)})
    if not diffs:
        return None
    offer = AutosaveOffer(
        autosave=autosave, diffs=diffs, payload=_restore_payload(autosave)
    )
    if article is not None and (autosave.base_version or 0) < article.version:
        who = article.modified_by
        if who is None:
            offer.saved_by_other = "Someone"
        elif who == user:
            offer.saved_by_other = "You"
        else:
            offer.saved_by_other = who.get_full_name() or who.get_username()
        offer.saved_later_at = saved_at_label(article.modified_at)
    return offer


def _empty_snapshot() -> dict:
    article = Article()
    data = {name: getattr(article, name) for name in ["state", "published_at"]}
    data |= {name: getattr(article, name) for name in TEXT_FIELDS}
    data["hero_image_id"] = None
    data |= {name: [] for name in MULTI_FIELDS}
    return data


def _as_snapshot(data: dict) -> dict:
    """Autosaved form values shaped like ``revisions.snapshot`` (ids as ints)."""
    shaped = {name: data[name] for name in TEXT_FIELDS if name in data}
    if "hero_image" in data:
        shaped["hero_image_id"] = (
            int(data["hero_image"]) if data["hero_image"] else None
        )
    for name in MULTI_FIELDS:
        if name in data:
            shaped[name] = [int(pk) for pk in data[name]]
    return shaped


def _restore_payload(autosave: ArticleAutosave) -> dict:
    """What the form needs to fill itself: the values, and the names of related
    objects, since an autocomplete select only holds the options it shows."""
    data = autosave.data
    choices = {}
    for name in (*CHOICE_FIELDS, *MULTI_FIELDS):
        ids = data.get(name) or []
        ids = [ids] if isinstance(ids, str) else ids
        if not ids:
            continue
        model = Article._meta.get_field(name).related_model
        objects = model._default_manager.in_bulk([int(pk) for pk in ids])
        choices[name] = [
            [pk, str(objects[int(pk)])] for pk in ids if int(pk) in objects
        ]
    return {
        "fields": data,
        "choices": choices,
        "draft_key": autosave.draft_key or "",
        "saved_at": saved_at_label(autosave.saved_at),
    }
