"""Three-way merges of an article: the version two editors started from (base), the
one saved since (theirs) and the one being saved (mine).

Pure functions over snapshots (dicts shaped like ``revisions.snapshot``), so a merge
of a refused save and a merge of a draft change to a live piece are the same code.
Nothing here touches the database.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

# Conflict markers written into a merged body. The form refuses a body that still
# holds them, so a conflict is never saved unresolved.
MARK_MINE = "<<<<<<< yours"
MARK_THEIRS = "======= theirs"
MARK_END = ">>>>>>> end of conflict"
_MARKER_LINE = re.compile(
    rf"^({re.escape(MARK_MINE)}|{re.escape(MARK_THEIRS)}|{re.escape(MARK_END)})\s*$",
    re.MULTILINE,
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


def normalise_newlines(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def split_paragraphs(text: str | None) -> list[str]:
    """Blocks separated by blank lines, the unit a body merge works in."""
    text = normalise_newlines(text).strip("\n")
    if not text.strip():
        return []
    return [block.rstrip() for block in _BLANK_LINES.split(text)]


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def has_conflict_markers(text: str | None) -> bool:
    return bool(_MARKER_LINE.search(normalise_newlines(text)))


@dataclass
class Block:
    """A run of paragraphs in the merged body. ``result`` is None for a conflict."""

    base: list[str]
    theirs: list[str]
    mine: list[str]
    result: list[str] | None

    @property
    def conflict(self) -> bool:
        return self.result is None

    @property
    def source(self) -> str:
        """Who changed it: "same", "theirs", "mine", "both" (alike) or "conflict"."""
        if self.result is None:
            return "conflict"
        if self.theirs == self.mine:
            return "same" if self.mine == self.base else "both"
        return "theirs" if self.result == self.theirs else "mine"

    def text(self) -> str:
        """The block as the body holds it; a conflict between its markers."""
        if self.result is not None:
            return join_paragraphs(self.result)
        return "\n\n".join(
            [
                MARK_MINE,
                *self.mine,
                MARK_THEIRS,
                *self.theirs,
                MARK_END,
            ]
        )


@dataclass
class TextMerge:
    blocks: list[Block]

    @property
    def conflicts(self) -> list[Block]:
        return [block for block in self.blocks if block.conflict]

    @property
    def changes(self) -> list[Block]:
        """Blocks either side changed, for showing an editor what the merge did."""
        return [block for block in self.blocks if block.source != "same"]

    def text(self) -> str:
        return join_paragraphs([b.text() for b in self.blocks if b.text()])


def _edits(base: list[str], other: list[str], side: str) -> list[tuple]:
    """(start, end, replacement, side) for each range of ``base`` that ``other``
    changed, inserted into (start == end) or deleted from."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [
        (i1, i2, other[j1:j2], side)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _overlaps(start: int, end: int, c_start: int, c_end: int) -> bool:
    """Two edits touch the same paragraphs, or both insert at the same place."""
    if start < c_end and c_start < end:
        return True
    return start == end == c_start == c_end


def _apply(base: list[str], start: int, edits: list[tuple]) -> list[str]:
    """``base`` (which begins at paragraph ``start``) with one side's edits applied."""
    out, pos = [], start
    for e_start, e_end, replacement, _side in edits:
        out += base[pos - start : e_start - start] + list(replacement)
        pos = e_end
    return out + base[pos - start :]


def _three_way(base: list[str], theirs: list[str], mine: list[str]) -> list[Block]:
    edits = sorted(
        _edits(base, theirs, "theirs") + _edits(base, mine, "mine"),
        key=lambda edit: (edit[0], edit[1], edit[3]),
    )
    clusters: list[list[tuple]] = []
    for edit in edits:
        if clusters:
            c_start = clusters[-1][0][0]
            c_end = max(e[1] for e in clusters[-1])
            if _overlaps(edit[0], edit[1], c_start, c_end):
                clusters[-1].append(edit)
                continue
        clusters.append([edit])

    blocks, pos = [], 0
    for cluster in clusters:
        start, end = cluster[0][0], max(e[1] for e in cluster)
        if pos < start:
            same = base[pos:start]
            blocks.append(Block(same, same, same, same))
        original = base[start:end]
        by_side = {
            side: _apply(original, start, [e for e in cluster if e[3] == side])
            for side in ("theirs", "mine")
        }
        if by_side["theirs"] == by_side["mine"] or by_side["theirs"] == original:
            result = by_side["mine"]
        elif by_side["mine"] == original:
            result = by_side["theirs"]
        else:
            result = None
        blocks.append(Block(original, by_side["theirs"], by_side["mine"], result))
        pos = end
    if pos < len(base):
        same = base[pos:]
        blocks.append(Block(same, same, same, same))
    return blocks


def _two_way(theirs: list[str], mine: list[str]) -> list[Block]:
    """Without a base nobody knows who changed what: every difference is a conflict."""
    blocks = []
    matcher = SequenceMatcher(None, theirs, mine, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = theirs[i1:i2]
            blocks.append(Block(same, same, same, same))
        else:
            blocks.append(Block([], theirs[i1:i2], mine[j1:j2], None))
    return blocks


def merge_text(base: str | None, theirs: str, mine: str) -> TextMerge:
    """Merge a body paragraph by paragraph. Changes to different paragraphs merge;
    the same paragraph changed two ways is a conflict. ``base`` None: two-way."""
    theirs, mine = split_paragraphs(theirs), split_paragraphs(mine)
    if base is None:
        return TextMerge(_two_way(theirs, mine))
    return TextMerge(_three_way(split_paragraphs(base), theirs, mine))


def merge_sets(base, theirs, mine) -> list:
    """What each side added, less what each side removed. ``base`` None: the union,
    so nothing either side holds is dropped unseen. Keeps the order of first sight."""
    theirs, mine = list(theirs or []), list(mine or [])
    if base is None:
        return list(dict.fromkeys(theirs + mine))
    base = list(base)
    removed = (set(base) - set(theirs)) | (set(base) - set(mine))
    return [v for v in dict.fromkeys(base + theirs + mine) if v not in removed]


@dataclass
class FieldMerge:
    """One field's three values and what the merge made of them."""

    name: str
    base: object
    theirs: object
    mine: object
    result: object
    # "same", "theirs", "mine", "both" (changed alike), "merged" (both changed
    # it, differently, and the merge holds both: sets, paragraphs) or "conflict"
    status: str
    text: TextMerge | None = None

    @property
    def conflict(self) -> bool:
        return self.status == "conflict"


def _equal(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return normalise_newlines(a) == normalise_newlines(b)
    return a == b


def merge_value(name: str, base, theirs, mine, *, has_base: bool = True) -> FieldMerge:
    """A single value: the side that changed it wins; both changing it differently is
    a conflict, which keeps mine until the editor chooses."""
    if _equal(theirs, mine):
        status = "same" if has_base and _equal(mine, base) else "both"
        return FieldMerge(
            name, base, theirs, mine, mine, status if has_base else "same"
        )
    if has_base and _equal(theirs, base):
        return FieldMerge(name, base, theirs, mine, mine, "mine")
    if has_base and _equal(mine, base):
        return FieldMerge(name, base, theirs, mine, theirs, "theirs")
    return FieldMerge(name, base, theirs, mine, mine, "conflict")


def merge_set_value(name: str, base, theirs, mine, *, has_base: bool = True):
    """A many-to-many field merged as a set: never a conflict."""
    result = merge_sets(base if has_base else None, theirs, mine)
    if set(theirs or []) == set(mine or []):
        status = (
            "same" if not has_base or set(mine or []) == set(base or []) else "both"
        )
    elif has_base and set(theirs or []) == set(base or []):
        status = "mine"
    elif has_base and set(mine or []) == set(base or []):
        status = "theirs"
    else:
        status = "merged"
    return FieldMerge(name, base, theirs, mine, result, status)


def merge_text_value(name: str, base, theirs, mine, *, has_base: bool = True):
    """A body: when both sides changed it, merged paragraph by paragraph ("merged"),
    or "conflict" when they changed the same paragraph."""
    text = merge_text(base if has_base else None, theirs or "", mine or "")
    plain = merge_value(name, base, theirs, mine, has_base=has_base)
    if plain.status != "conflict":
        return FieldMerge(name, base, theirs, mine, plain.result, plain.status, text)
    status = "conflict" if text.conflicts else "merged"
    return FieldMerge(name, base, theirs, mine, text.text(), status, text)


@dataclass
class SnapshotMerge:
    """A whole article merged; ``values`` is what the form should now hold."""

    fields: list[FieldMerge]
    has_base: bool
    values: dict = field(default_factory=dict)

    @property
    def conflicts(self) -> list[FieldMerge]:
        return [f for f in self.fields if f.conflict]

    @property
    def changed(self) -> list[FieldMerge]:
        """Fields the sides changed differently (or only one side changed): what an
        editor is shown. A change both made alike needs no one's attention."""
        return [f for f in self.fields if f.status not in ("same", "both")]


def merge_snapshots(
    base: dict | None,
    theirs: dict,
    mine: dict,
    *,
    fields: list[str],
    set_fields: tuple[str, ...] = (),
    text_fields: tuple[str, ...] = (),
) -> SnapshotMerge:
    """Merge ``fields`` of three snapshots; ``base`` None compares two ways and marks
    every difference a conflict."""
    has_base = base is not None
    base = base or {}
    merged = []
    for name in fields:
        args = (name, base.get(name), theirs.get(name), mine.get(name))
        if name in set_fields:
            merged.append(merge_set_value(*args, has_base=has_base))
        elif name in text_fields:
            merged.append(merge_text_value(*args, has_base=has_base))
        else:
            merged.append(merge_value(*args, has_base=has_base))
    return SnapshotMerge(merged, has_base, {f.name: f.result for f in merged})
