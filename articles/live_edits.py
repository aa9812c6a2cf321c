"""Draft changes to live pieces: the change form's values kept as JSON, shown back
in the form, checked and applied. Readers see the Article row until an editor
publishes the change (``services.article_transition``)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.dateparse import parse_datetime

from .models import Article, ArticleChange

# The editorial fields a change may carry: the form's, less the workflow's.
CHANGE_FIELDS = [
    "title",
    "slug",
    "kind",
    "standfirst",
    "body",
    "hero_image",
    "authors",
    "tags",
    *Article.SUBJECT_FIELDS,
    "comments_open",
    "comments_close_at",
    "seo_title",
    "seo_description",
]
MANY = {"authors", "tags", *Article.SUBJECT_FIELDS}
TIMES = {"comments_close_at"}


def change_data(cleaned: dict) -> dict:
    """The form's cleaned values as JSON: ids for relations, ISO text for times.
    The same shape is valid form data, so applying re-validates through the form."""
    data = {}
    # How readers are told, once an editor publishes the change.
    for name in ("reader_notice", "reader_notice_text"):
        if cleaned.get(name):
            data[name] = cleaned[name]
    for name in CHANGE_FIELDS:
        if name not in cleaned:
            continue
        value = cleaned[name]
        if name in MANY:
            value = [obj.pk for obj in value]
        elif name == "hero_image":
            value = value.pk if value else None
        data[name] = value
    return _json_safe(data)


def _json_safe(data: dict) -> dict:
    encoder = DjangoJSONEncoder()
    return {
        name: encoder.default(value) if name in TIMES and value else value
        for name, value in data.items()
    }


def change_initial(data: dict) -> dict:
    """The change's values as the change form's initial values."""
    initial = dict(data)
    for name in TIMES:
        if initial.get(name):
            initial[name] = parse_datetime(initial[name])
    return initial


def change_snapshot(data: dict) -> dict:
    """The change's values shaped like ``revisions.snapshot``, for a merge."""
    values = change_initial(data)
    snap = {name: values[name] for name in CHANGE_FIELDS if name in values}
    if "hero_image" in snap:
        snap["hero_image_id"] = snap.pop("hero_image")
    return snap


def subject_count(data: dict) -> int:
    return sum(len(data.get(name) or []) for name in Article.SUBJECT_FIELDS)


@transaction.atomic
def article_change_save(
    *, article: Article, data: dict, by, base_version: int
) -> ArticleChange:
    """Keep the form's values as the live piece's draft change; the row readers see
    is not touched."""
    change = ArticleChange.objects.select_for_update().filter(article=article).first()
    if change is None:
        return ArticleChange.objects.create(
            article=article,
            data=data,
            base_version=base_version,
            created_by=by,
            modified_by=by,
        )
    change.data = data
    change.modified_by = by
    change.version += 1
    change.save()
    return change


@transaction.atomic
def article_change_discard(*, article: Article) -> bool:
    """Drop the live piece's draft change; True when there was one."""
    deleted, _ = ArticleChange.objects.filter(article=article).delete()
    return bool(deleted)
