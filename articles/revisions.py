"""Article history on top of django-reversion: list, compare and restore revisions."""

import difflib
from dataclasses import dataclass

import reversion
from django.db import transaction
from reversion.errors import RevertError
from reversion.models import Version

from .models import Article, ArticleRevisionVersion

# Fields a restore brings back. Workflow fields (state and times) are not restored:
# restoring text is an editing act, publishing stays a separate, permitted decision.
RESTORABLE_FIELDS = [
    "title",
    "slug",
    "standfirst",
    "body",
    "kind",
    "seo_title",
    "seo_description",
    "comments_open",
    "comments_close_at",
    "hero_image_id",
]
RESTORABLE_M2M = [
    "authors",
    "tags",
    "subject_shows",
    "subject_seasons",
    "subject_people",
    "subject_works",
]
COMPARED_FIELDS = ["state", "published_at", *RESTORABLE_FIELDS, *RESTORABLE_M2M]


@dataclass
class FieldDiff:
    label: str
    lines: list[tuple[str, str]]  # (kind: "add" | "del" | "ctx" | "hunk", text)


def article_versions(article: Article, *, limit: int = 100):
    """The newest ``limit`` revisions of ``article``, with who saved them."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")[:limit]
    )


def _text(value) -> list[str]:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in sorted(value, key=str))
    return ("" if value is None else str(value)).splitlines() or [""]


def diff_field_values(label: str, old, new) -> FieldDiff | None:
    """A line diff of one field, or None when it did not change. Text stays unescaped
    here; templates autoescape it."""
    old_lines, new_lines = _text(old), _text(new)
    if old_lines == new_lines:
        return None
    lines = []
    for line in difflib.unified_diff(old_lines, new_lines, lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "ctx")
        lines.append((kind, line))
    return FieldDiff(label=label, lines=lines)


def _readable(field, value):
    """Related ids as the names an editor knows them by."""
    if not field.is_relation or value in (None, [], ""):
        return value
    ids = value if isinstance(value, list) else [value]
    objects = field.related_model._default_manager.in_bulk(ids)
    names = [str(objects.get(pk, f"#{pk} (deleted)")) for pk in ids]
    return names if isinstance(value, list) else names[0]


def diff_dicts(old: dict, new: dict) -> list[FieldDiff]:
    """Field-by-field differences between two snapshots of an article."""
    diffs = []
    for name in COMPARED_FIELDS:
        field = Article._meta.get_field(name)
        if old.get(name) == new.get(name):
            continue
        diff = diff_field_values(
            field.verbose_name.capitalize(),
            _readable(field, old.get(name)),
            _readable(field, new.get(name)),
        )
        if diff:
            diffs.append(diff)
    return diffs


def diff_versions(old: Version, new: Version) -> list[FieldDiff]:
    return diff_dicts(old.field_dict, new.field_dict)


def snapshot(article: Article) -> dict:
    """The compared fields of an article, shaped like ``Version.field_dict``."""
    data = {name: getattr(article, name) for name in ["state", "published_at"]}
    data |= {name: getattr(article, name) for name in RESTORABLE_FIELDS}
    for name in RESTORABLE_M2M:
        data[name] = list(getattr(article, name).values_list("pk", flat=True))
    return data


def record_revision(article: Article, *, user, comment: str) -> None:
    """Store the article as it is now (fields and M2Ms) as a new revision."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
        reversion.add_meta(
            ArticleRevisionVersion, article=article, version=article.version
        )


def snapshot_at_version(article: Article, version: int | None) -> dict | None:
    """The article as it was saved at ``version`` (from its revision), or None when
    no revision holds that version (saved before versions were recorded, or by
    code that records no revision)."""
    if version is None:
        return None
    found = (
        Version.objects.get_for_object(article)
        .filter(
            revision__article_version__article=article,
            revision__article_version__version=version,
        )
        .order_by("-pk")
        .first()
    )
    if found is None:
        return None
    try:
        return found.field_dict
    except RevertError:  # a revision the model can no longer read
        return None


@transaction.atomic
def article_restore_version(*, article: Article, version: Version, user) -> Article:
    """Bring back a revision's text and links as a new revision; the state is kept."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    data = version.field_dict
    for name in RESTORABLE_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    if Article.objects.exclude(pk=article.pk).filter(slug=article.slug).exists():
        article.slug = Article.objects.values_list("slug", flat=True).get(pk=article.pk)
    article.modified_by = user
    article.save()
    for name in RESTORABLE_M2M:
        getattr(article, name).set(data.get(name, []))
    when = version.revision.date_created.strftime("%d %b %Y %H:%M")
    record_revision(article, user=user, comment=f"Restored the revision of {when}")
    return article
