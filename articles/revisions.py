"""Article history on top of django-reversion: list, compare and restore revisions.

Diffs are side by side and word by word, with the labels editors see on the form;
long unchanged stretches fold to a line of context on each side.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

import reversion
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
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
# The history page lists at most this many revisions, newest first.
HISTORY_LIMIT = 50
# Unchanged words kept on each side of a change inside a line, and unchanged lines
# kept around a changed one; longer stretches fold.
CONTEXT_WORDS = 6
CONTEXT_LINES = 1
WHEN_FORMAT = "j M Y, H:i"


def field_label(name: str) -> str:
    """The label the change form shows for an article field (``subject_shows`` is
    "Shows", ``seo_title`` "SEO title")."""
    return capfirst(Article._meta.get_field(name).verbose_name)


def local_when(value: datetime) -> str:
    """A time as editors read it: in the site's time zone, "3 Dec 2026, 14:02"."""
    return date_format(timezone.localtime(value), WHEN_FORMAT)


@dataclass
class Segment:
    text: str
    kind: str = "same"  # "same" | "del" | "ins" | "fold"


@dataclass
class DiffRow:
    """One line of a side-by-side diff; ``folded`` > 0 stands for that many unchanged
    lines left out."""

    old: list[Segment] = field(default_factory=list)
    new: list[Segment] = field(default_factory=list)
    folded: int = 0


@dataclass
class FieldDiff:
    label: str
    rows: list[DiffRow]


_TOKEN = re.compile(r"\s+|[^\s]+")


def _fold_same(tokens: list[str], *, at_start: bool, at_end: bool) -> list[Segment]:
    """Unchanged words, shortened to ``CONTEXT_WORDS`` next to each change."""
    if at_start and at_end:  # the whole line: nothing changed in it
        return [Segment("".join(tokens))]
    keep = CONTEXT_WORDS * 2  # tokens alternate words and spaces
    head = [] if at_start else tokens[:keep]
    tail = [] if at_end else tokens[-keep:]
    if len(tokens) <= len(head) + len(tail) + 2:
        return [Segment("".join(tokens))]
    segments = [Segment("".join(head))] if head else []
    segments.append(
        Segment("…".join([" " if head else "", " " if tail else ""]), "fold")
    )
    if tail:
        segments.append(Segment("".join(tail)))
    return segments


def _joined(a: list[str], matcher) -> list[tuple]:
    """Opcodes where a lone space between two changes belongs to the change, so
    "Editor one's" reads as one deletion, not two."""
    merged: list[list] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" and merged and "".join(a[i1:i2]).isspace():
            tag = "replace"
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
            merged[-1][0] = "replace"
        else:
            merged.append([tag, i1, i2, j1, j2])
    return [tuple(op) for op in merged]


def word_diff(old: str, new: str) -> DiffRow:
    """Two versions of one line, words deleted on the left and inserted on the right."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    row = DiffRow()
    opcodes = _joined(a, difflib.SequenceMatcher(None, a, b, autojunk=False))
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = _fold_same(
                a[i1:i2], at_start=index == 0, at_end=index == len(opcodes) - 1
            )
            row.old += same
            row.new += same
            continue
        if i2 > i1:
            row.old.append(Segment("".join(a[i1:i2]), "del"))
        if j2 > j1:
            row.new.append(Segment("".join(b[j1:j2]), "ins"))
    return row


def _unchanged_rows(lines: list[str], *, first: bool, last: bool) -> list[DiffRow]:
    """Unchanged lines: ``CONTEXT_LINES`` next to each change, the rest folded."""
    # Blank lines between paragraphs say nothing when unchanged.
    rows = [DiffRow([Segment(line)], [Segment(line)]) for line in lines if line.strip()]
    head = [] if first else rows[:CONTEXT_LINES]
    tail = [] if last else rows[len(head) :][-CONTEXT_LINES:]
    hidden = len(rows) - len(head) - len(tail)
    if hidden <= 1:  # a fold line would be no shorter
        return rows
    return [*head, DiffRow(folded=hidden), *tail]


def text_diff(old: str, new: str) -> list[DiffRow]:
    """Line by line, and word by word inside a changed line."""
    old_lines, new_lines = old.splitlines() or [""], new.splitlines() or [""]
    opcodes = difflib.SequenceMatcher(
        None, old_lines, new_lines, autojunk=False
    ).get_opcodes()
    rows = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            rows += _unchanged_rows(
                old_lines[i1:i2], first=index == 0, last=index == len(opcodes) - 1
            )
            continue
        olds, news = old_lines[i1:i2], new_lines[j1:j2]
        for n in range(max(len(olds), len(news))):
            if n < len(olds) and n < len(news):
                rows.append(word_diff(olds[n], news[n]))
            elif n < len(olds):
                rows.append(DiffRow(old=[Segment(olds[n], "del")]))
            else:
                rows.append(DiffRow(new=[Segment(news[n], "ins")]))
    return rows


def _as_text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in sorted(value, key=str))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return local_when(value)
    return "" if value is None else str(value)


def diff_field_values(label: str, old, new) -> FieldDiff | None:
    """A side-by-side diff of one field, or None when it did not change. Text stays
    unescaped here; templates autoescape it."""
    old_text, new_text = _as_text(old), _as_text(new)
    if old_text == new_text:
        return None
    return FieldDiff(label=label, rows=text_diff(old_text, new_text))


def _readable(model_field, value):
    """Related ids as the names an editor knows them by, choices as their labels."""
    if model_field.choices and value is not None:
        return dict(model_field.flatchoices).get(value, value)
    if not model_field.is_relation or value in (None, [], ""):
        return value
    ids = value if isinstance(value, list) else [value]
    objects = model_field.related_model._default_manager.in_bulk(ids)
    names = [str(objects.get(pk, f"#{pk} (deleted)")) for pk in ids]
    return names if isinstance(value, list) else names[0]


def diff_dicts(old: dict, new: dict) -> list[FieldDiff]:
    """Field-by-field differences between two snapshots of an article."""
    diffs = []
    for name in changed_fields(old, new):
        model_field = Article._meta.get_field(name)
        diff = diff_field_values(
            field_label(name),
            _readable(model_field, old.get(name)),
            _readable(model_field, new.get(name)),
        )
        if diff:
            diffs.append(diff)
    return diffs


def changed_fields(old: dict, new: dict) -> list[str]:
    """The compared fields whose values differ (M2M order does not count)."""

    def value(data, name):
        found = data.get(name)
        return sorted(found) if isinstance(found, list) else found

    return [n for n in COMPARED_FIELDS if value(old, n) != value(new, n)]


def diff_versions(old: Version, new: Version) -> list[FieldDiff]:
    return diff_dicts(old.field_dict, new.field_dict)


@dataclass
class History:
    """The revisions an editor is shown, newest first; ``truncated`` when older
    ones exist beyond the cap."""

    versions: list[Version]
    truncated: bool


def article_history(article: Article, *, limit: int = HISTORY_LIMIT) -> History:
    """The newest revisions of ``article`` that changed something, with who saved them
    and when (in the site's time zone). Reads ``limit + 1`` rows in one query: the
    oldest is only there to tell whether the one after it changed anything."""
    rows = list(
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")[: limit + 1]
    )
    truncated = len(rows) > limit
    kept = []
    for newer, older in zip(rows, [*rows[1:], None], strict=True):
        if older is None and truncated:
            break
        if older is None or changed_fields(older.field_dict, newer.field_dict):
            newer.when = local_when(newer.revision.date_created)
            newer.who = saved_by(newer)
            newer.state_label = _readable(
                Article._meta.get_field("state"), newer.field_dict.get("state")
            )
            kept.append(newer)
    return History(versions=kept, truncated=truncated)


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


def saved_by(version: Version) -> str:
    user = version.revision.user
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def change_comment(form, *, state_label: str, restored: Version | None) -> str:
    """A revision's note: the state, the fields changed as the form labels them
    ("changed Shows, SEO title"), and the revision a restore came from."""
    names = [n for n in form.changed_data if n != "loaded_version"]
    changed = ", ".join(str(form[n].label) for n in names) or "nothing"
    comment = f"{state_label}; changed {changed}"
    if restored is not None:
        when = local_when(restored.revision.date_created)
        comment += f"; restored from the revision of {when}"
    return comment


def restore_initial(version: Version, *, form_fields) -> dict:
    """A revision's text and links as initial data for the change form's
    ``form_fields``; workflow fields stay as they are."""
    data = version.field_dict
    initial = {}
    for name in [*RESTORABLE_FIELDS, *RESTORABLE_M2M]:
        form_name = name.removesuffix("_id")
        if name in data and form_name in form_fields:
            initial[form_name] = data[name]
    return initial
