"""The merge view's pieces: an article merge from three snapshots, its values put
back into the change form, and the rows the merge panel shows."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from .merge import FieldMerge, SnapshotMerge, merge_snapshots
from .models import Article
from .revisions import RESTORABLE_M2M, _readable

SNAPSHOT_TO_FORM = {"hero_image_id": "hero_image"}
FORM_TO_SNAPSHOT = {v: k for k, v in SNAPSHOT_TO_FORM.items()}

STATUS_NOTES = {
    "theirs": "Changed by {who} only: theirs is in the form.",
    "mine": "Changed by you only: yours is in the form.",
    "both": "You both made the same change.",
    "merged": "You both changed it, in different places: both changes are in the form.",
    "conflict": "You both changed it: yours is in the form until you choose.",
}
BODY_CONFLICT_NOTE = (
    "You both changed the same paragraph: the body holds both versions between "
    "marker lines. Keep one, keep both or edit it there; the piece cannot be saved "
    "with markers in it."
)
BLOCK_LABELS = {
    "theirs": "Their change (merged)",
    "mine": "Your change (merged)",
    "both": "The same change on both sides",
    "conflict": "Conflict",
}


def merge_article(
    base: dict | None, theirs: dict, mine: dict, *, fields: list[str]
) -> SnapshotMerge:
    """Three snapshots of an article merged: many-to-many fields as sets, the body
    paragraph by paragraph, every other field whole."""
    return merge_snapshots(
        base,
        theirs,
        mine,
        fields=fields,
        set_fields=tuple(RESTORABLE_M2M),
        text_fields=("body",),
    )


def put_form_value(form, name: str, value) -> None:
    """Write ``value`` into the bound ``form.data`` (a mutable copy) as its widget
    would post it, so the re-rendered form shows it."""
    formfield, key = form.fields[name], form.add_prefix(name)
    if isinstance(formfield, forms.ModelMultipleChoiceField):
        form.data.setlist(key, [str(pk) for pk in value or []])
    elif isinstance(formfield, forms.SplitDateTimeField):
        widget = formfield.widget
        for index, (part, sub) in enumerate(
            zip(widget.decompress(value), widget.widgets, strict=True)
        ):
            form.data[f"{key}_{index}"] = sub.format_value(part) or ""
    elif isinstance(formfield, forms.BooleanField):
        if value:
            form.data[key] = "on"
        else:
            form.data.pop(key, None)
    else:
        form.data[key] = "" if value is None else str(value)


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def word_segments(old: str, new: str) -> list[tuple[bool, str]]:
    """``new`` as (changed, text) runs against ``old``: the words an editor should
    look at are the changed ones."""
    old_words, new_words = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    segments = []
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if j1 < j2:
            segments.append((tag != "equal", "".join(new_words[j1:j2])))
    return segments


@dataclass
class MergeBlock:
    """A changed run of paragraphs in the body, as the panel shows it: the sides
    that differ from the base, their changed words marked."""

    label: str
    source: str
    base: str
    theirs: str
    mine: str
    conflict_index: int | None = None
    has_base: bool = True

    @property
    def show_theirs(self) -> bool:
        return self.source in ("theirs", "both", "conflict")

    @property
    def show_mine(self) -> bool:
        return self.source in ("mine", "conflict")

    @property
    def theirs_marked(self) -> list[tuple[bool, str]]:
        return self._marked(self.theirs)

    @property
    def mine_marked(self) -> list[tuple[bool, str]]:
        return self._marked(self.mine)

    def _marked(self, text: str) -> list[tuple[bool, str]]:
        if not self.has_base:  # nothing to mark against
            return [(False, text)] if text else []
        return word_segments(self.base, text)


@dataclass
class MergeRow:
    """One changed field: its three versions and what the form now holds."""

    name: str
    label: str
    status: str
    note: str
    base: str
    theirs: str
    mine: str
    result: str
    choice: dict | None = None  # raw values for the keep-yours / keep-theirs buttons
    blocks: list[MergeBlock] = field(default_factory=list)


def _display(model_field, value) -> str:
    value = _readable(model_field, value)
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    return str(value)


def _choice(form, merged: FieldMerge, model_field) -> dict | None:
    """What the keep-yours / keep-theirs buttons put in the field; None where a
    button cannot (dates split in two boxes): the editor types it there."""
    formfield = form.fields[SNAPSHOT_TO_FORM.get(merged.name, merged.name)]
    if not merged.conflict or isinstance(formfield, forms.SplitDateTimeField):
        return None

    def raw(value):
        if isinstance(value, bool):
            return "on" if value else ""
        return "" if value is None else str(value)

    return {
        "theirs": raw(merged.theirs),
        "mine": raw(merged.mine),
        "theirs_label": _display(model_field, merged.theirs),
        "mine_label": _display(model_field, merged.mine),
    }


def _blocks(merged: FieldMerge, *, has_base: bool) -> list[MergeBlock]:
    blocks, conflicts = [], 0
    for block in merged.text.changes:
        index = None
        if block.conflict:
            index, conflicts = conflicts, conflicts + 1
        blocks.append(
            MergeBlock(
                label=BLOCK_LABELS[block.source],
                source=block.source,
                base="\n\n".join(block.base),
                theirs="\n\n".join(block.theirs),
                mine="\n\n".join(block.mine),
                conflict_index=index,
                has_base=has_base,
            )
        )
    return blocks


def merge_panel_rows(form, merge: SnapshotMerge, *, who: str) -> list[MergeRow]:
    """The changed fields, in form order, as the merge panel lists them."""
    rows = []
    for merged in merge.changed:
        model_field = Article._meta.get_field(merged.name)
        name = SNAPSHOT_TO_FORM.get(merged.name, merged.name)
        note = STATUS_NOTES[merged.status].format(who=who)
        if merged.name == "body" and merged.conflict:
            note = BODY_CONFLICT_NOTE
        rows.append(
            MergeRow(
                name=name,
                label=str(model_field.verbose_name).capitalize(),
                status=merged.status,
                note=note,
                base=_display(model_field, merged.base) if merge.has_base else "",
                theirs=_display(model_field, merged.theirs),
                mine=_display(model_field, merged.mine),
                result=_display(model_field, merged.result),
                choice=_choice(form, merged, model_field),
                blocks=_blocks(merged, has_base=merge.has_base) if merged.text else [],
            )
        )
    return rows
