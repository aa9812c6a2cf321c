"""Find catalog embeds in a Markdown body, with their line numbers.

Two forms, chosen so they mean nothing to Markdown and survive it as plain text:

* block embeds, alone on a line starting at column 0:
  ``[[factbox season=heartstopper/2]]``
* inline facts, anywhere in running text: ``{{season:heartstopper/2.premiere}}``

A spoiler wraps a passage about an episode, from its own line to ``[[/spoiler]]``:
``[[spoiler episode=heartstopper/2/3 days=7]]`` (``livefacts/spoilers.py`` decides
per reader whether the passage is shown).

A kind with no targets takes quoted attributes instead of a reference:
``[[quote text="Words, said." by="Alice Oseman"]]`` (no straight double quote inside a
value; write “curly” ones).

Embeds inside inline code and fenced code blocks are left as written, and ``\\[[`` or
``\\{{`` writes the characters literally (Markdown drops the backslash). Parsing never
touches the database: ``parse`` checks the syntax against the registry and collects
every problem as a ``ValidationError`` naming the line, so editors fix them all at once.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .registry import KINDS, TARGETS

BLOCK_LINE = re.compile(r"^\[\[(?P<inner>.*)\]\][ \t]*$")
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
INLINE_SCAN = re.compile(
    r"(?P<escape>\\[\\{`\[])|(?P<code>`+)|\{\{(?P<inner>[^{}\n]{0,200})\}\}"
)
# A block's words: a quoted attribute (``by="Alice Oseman"``) or a run of non-spaces.
WORD = re.compile(r'(?P<key>[a-z_]+)="(?P<value>[^"]*)"|\S+')
ARGUMENT = re.compile(r"^(?P<key>[a-z_]+)=(?P<value>\S+)$")
INLINE = re.compile(r"^(?P<target>[a-z_]+):(?P<ref>[^.\s]+)\.(?P<field>[a-z_]+)$")
# The spoiler wrapper: not a kind of KINDS, since it shows its passage, not an object.
SPOILER = "spoiler"
SPOILER_END = "/spoiler"
SPOILER_USAGE = "[[spoiler episode=heartstopper/2/3 days=7]] … [[/spoiler]]"
SPOILER_MAX_DAYS = 365
SPOILER_TARGET = "episode"
SPOILER_DAYS = 7  # what the picker suggests


def spoiler_syntax(ref: str, days: int = SPOILER_DAYS) -> str:
    """A spoiler's opening and closing lines, with an empty line for the passage."""
    return f"[[{SPOILER} {SPOILER_TARGET}={ref} days={days}]]\n\n[[{SPOILER_END}]]"


@dataclass(frozen=True)
class Reference:
    """A named catalog object, as written: ``season`` + ``heartstopper/2``."""

    target: str
    ref: str

    def __str__(self):
        return f"{self.target}={self.ref}"

    @property
    def parts(self) -> dict[str, str]:
        match = re.fullmatch(TARGETS[self.target].ref_pattern, self.ref)
        return match.groupdict() if match else {}


@dataclass(frozen=True)
class Embed:
    """One embed in the body. ``kind`` is a block kind, or "fact" for inline facts.

    A kind with no targets has no ``reference``, only its quoted ``attributes``.
    """

    index: int
    line: int
    source: str
    kind: str
    reference: Reference | None
    option: str = ""  # the flag of a block embed, the field of an inline fact
    attributes: tuple[tuple[str, str], ...] = ()

    @property
    def is_block(self) -> bool:
        return self.kind != "fact"


@dataclass
class ParsedBody:
    """The body with each embed replaced by an unguessable token, and the embeds."""

    markdown: str
    embeds: list[Embed]
    nonce: str

    def token(self, index: int) -> str:
        return f"LFX{self.nonce}N{index}X"

    @property
    def token_re(self) -> re.Pattern:
        return re.compile(rf"LFX{self.nonce}N(\d+)X")


def _error(line: int, source: str, message: str, *args) -> ValidationError:
    return ValidationError(
        "Line %(line)s: " + message + " (in %(source)s)",
        code="embed",
        params={"line": line, "source": source, **dict(args)},
    )


def _reference(target: str, ref: str, line: int, source: str, errors: list):
    spec = TARGETS.get(target)
    if spec is None:
        errors.append(
            _error(
                line,
                source,
                "“%(target)s” is not something you can embed; use one of %(known)s.",
                ("target", target),
                ("known", ", ".join(TARGETS)),
            )
        )
        return None
    if not re.fullmatch(spec.ref_pattern, ref):
        errors.append(
            _error(
                line,
                source,
                "“%(ref)s” is not a valid %(target)s reference; write it as "
                "%(target)s=%(help)s, e.g. %(target)s=%(example)s.",
                ("ref", ref),
                ("target", target),
                ("help", spec.ref_help),
                ("example", spec.example),
            )
        )
        return None
    return Reference(target, ref)


def _parse_attributes(kind, words, index: int, line: int, source: str, errors: list):
    """A kind with no targets: its quoted attributes, the first one required."""
    usage = " ".join(f'{name}="…"' for name in kind.attributes)
    values: dict[str, str] = {}
    for word in words:
        if word["key"] not in kind.attributes or word["key"] in values:
            errors.append(
                _error(
                    line,
                    source,
                    "“%(word)s” is not understood by %(kind)s; write "
                    "[[%(kind)s %(usage)s]].",
                    ("word", word.group()),
                    ("kind", kind.name),
                    ("usage", usage),
                )
            )
            return None
        values[word["key"]] = word["value"].strip()
    required = kind.attributes[0]
    if not values.get(required):
        errors.append(
            _error(
                line,
                source,
                "%(kind)s needs its %(required)s; write [[%(kind)s %(usage)s]].",
                ("kind", kind.name),
                ("required", required),
                ("usage", usage),
            )
        )
        return None
    return Embed(index, line, source, kind.name, None, "", tuple(values.items()))


def _parse_spoiler(words, index: int, line: int, source: str, errors: list):
    """``[[spoiler episode=… days=N]]``: the episode is required, ``days`` (after it
    aired) defaults to 0."""
    values: dict[str, str] = {}
    for word in words:
        match = ARGUMENT.match(word)
        known = match is not None and match["key"] in ("episode", "days")
        if not known or match["key"] in values:
            errors.append(
                _error(
                    line,
                    source,
                    "“%(word)s” is not understood by spoiler; write %(usage)s.",
                    ("word", word),
                    ("usage", SPOILER_USAGE),
                )
            )
            return None
        values[match["key"]] = match["value"]
    if "episode" not in values:
        errors.append(
            _error(
                line,
                source,
                "a spoiler names the episode it gives away; write %(usage)s.",
                ("usage", SPOILER_USAGE),
            )
        )
        return None
    days = values.get("days", "0")
    if not re.fullmatch(r"\d{1,3}", days) or int(days) > SPOILER_MAX_DAYS:
        errors.append(
            _error(
                line,
                source,
                "days=%(days)s: write a whole number of days from 0 to %(max)s, "
                "e.g. days=7.",
                ("days", days),
                ("max", SPOILER_MAX_DAYS),
            )
        )
        return None
    reference = _reference(SPOILER_TARGET, values["episode"], line, source, errors)
    if reference is None:
        return None
    return Embed(index, line, source, SPOILER, reference, str(int(days)))


def _parse_block(inner: str, index: int, line: int, source: str, errors: list):
    matches = list(WORD.finditer(inner))
    if not matches:
        errors.append(_error(line, source, "an embed needs a kind, e.g. [[factbox]]."))
        return None
    kind_name = matches[0].group()
    words = [match.group() for match in matches[1:]]
    if kind_name == SPOILER:
        return _parse_spoiler(words, index, line, source, errors)
    if kind_name == SPOILER_END:
        return Embed(index, line, source, SPOILER_END, None)
    kind = KINDS.get(kind_name)
    if kind is None:
        errors.append(
            _error(
                line,
                source,
                "unknown embed “%(kind)s”; use one of %(known)s.",
                ("kind", kind_name),
                ("known", ", ".join([*KINDS, SPOILER])),
            )
        )
        return None
    if not kind.targets:
        return _parse_attributes(kind, matches[1:], index, line, source, errors)
    references, flags = [], []
    for word in words:
        match = ARGUMENT.match(word)
        if match:
            key = match["key"]
            references.append(
                (kind.targets[0] if key == kind.ref_key else key, match["value"])
            )
        elif word in kind.flags:
            flags.append(word)
        else:
            allowed = ", ".join(kind.flags) or "none"
            errors.append(
                _error(
                    line,
                    source,
                    "“%(word)s” is not understood by %(kind)s (options: %(allowed)s).",
                    ("word", word),
                    ("kind", kind_name),
                    ("allowed", allowed),
                )
            )
            return None
    if len(references) != 1 or len(flags) > 1:
        errors.append(
            _error(
                line,
                source,
                "%(kind)s needs exactly one of %(targets)s and at most one option, "
                "e.g. [[%(kind)s %(first)s=%(example)s]].",
                ("kind", kind_name),
                ("targets", ", ".join(f"{t}=…" for t in kind.targets)),
                ("first", kind.targets[0]),
                ("example", TARGETS[kind.targets[0]].example),
            )
        )
        return None
    target, ref = references[0]
    if target in TARGETS and target not in kind.targets:
        errors.append(
            _error(
                line,
                source,
                "%(kind)s shows a %(targets)s, not a %(target)s.",
                ("kind", kind_name),
                ("targets", " or ".join(kind.targets)),
                ("target", target),
            )
        )
        return None
    reference = _reference(target, ref, line, source, errors)
    if reference is None:
        return None
    option = flags[0] if flags else kind.default_flag
    return Embed(index, line, source, kind_name, reference, option)


def _parse_inline(inner: str, index: int, line: int, source: str, errors: list):
    match = INLINE.match(inner.strip())
    if not match:
        errors.append(
            _error(
                line,
                source,
                "write an inline fact as {{type:reference.field}}, e.g. "
                "{{season:heartstopper/2.premiere}}.",
            )
        )
        return None
    reference = _reference(match["target"], match["ref"], line, source, errors)
    if reference is None:
        return None
    fields = TARGETS[reference.target].inline_fields
    if match["field"] not in fields:
        errors.append(
            _error(
                line,
                source,
                "a %(target)s has no fact “%(field)s”; use one of %(known)s.",
                ("target", reference.target),
                ("field", match["field"]),
                ("known", ", ".join(fields)),
            )
        )
        return None
    return Embed(index, line, source, "fact", reference, match["field"])


def _closing_code(text: str, start: int, ticks: str) -> int:
    """Where a code span opened by ``ticks`` ends on this line, or -1."""
    for match in re.finditer(r"`+", text[start:]):
        if len(match.group()) == len(ticks):
            return start + match.end()
    return -1


def parse(text: str) -> ParsedBody:
    """Tokenise the embeds of ``text``; one ValidationError lists every error."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    nonce = secrets.token_hex(6)
    parsed = ParsedBody("", [], nonce)
    errors: list[ValidationError] = []
    out: list[str] = []
    fence = ""
    spoilers = _SpoilerPairs(errors)
    for number, line in enumerate(text.split("\n"), start=1):
        if fence:
            if line.rstrip().startswith(fence) and not line.strip(fence[0] + " \t"):
                fence = ""
            out.append(line)
            continue
        opened = FENCE.match(line)
        if opened:
            fence = opened["fence"]
            out.append(line)
            continue
        block = BLOCK_LINE.match(line)
        if block:
            embed = _parse_block(
                block["inner"], len(parsed.embeds), number, line.strip(), errors
            )
            if not spoilers.accepts(block["inner"], number, line.strip()):
                embed = None
            if embed is not None:
                parsed.embeds.append(embed)
                out.append(f"\n{parsed.token(embed.index)}\n")
                continue
            out.append(line)
            continue
        out.append(_scan_inline(line, number, parsed, errors))
    spoilers.finish()
    if errors:
        raise ValidationError(errors)
    parsed.markdown = "\n".join(out)
    return parsed


class _SpoilerPairs:
    """Each ``[[spoiler …]]`` closed by the next ``[[/spoiler]]``, none inside
    another: a passage left open would hide, or show, the rest of the piece."""

    def __init__(self, errors: list):
        self.errors = errors
        self.open: tuple[int, str] | None = None  # (line, source) of the open one

    def accepts(self, inner: str, line: int, source: str) -> bool:
        words = inner.split()
        name = words[0] if words else ""
        if name == SPOILER:
            if self.open is not None:
                self.errors.append(
                    _error(
                        line,
                        source,
                        "a spoiler cannot start inside another; close the one "
                        "opened on line %(opened)s with [[/spoiler]] first.",
                        ("opened", self.open[0]),
                    )
                )
                return False
            self.open = (line, source)  # even if invalid: its close is not stray
        elif name == SPOILER_END:
            if len(words) > 1 or self.open is None:
                self.errors.append(
                    _error(
                        line,
                        source,
                        "[[/spoiler]] closes no spoiler; start the passage with "
                        "%(usage)s.",
                        ("usage", SPOILER_USAGE),
                    )
                )
                return False
            self.open = None
        return True

    def finish(self) -> None:
        if self.open is not None:
            line, source = self.open
            self.errors.append(
                _error(
                    line,
                    source,
                    "this spoiler is never closed; end its passage with "
                    "[[/spoiler]] on a line of its own.",
                )
            )


def _scan_inline(line: str, number: int, parsed: ParsedBody, errors: list) -> str:
    pieces, position = [], 0
    while True:
        match = INLINE_SCAN.search(line, position)
        if match is None:
            pieces.append(line[position:])
            return "".join(pieces)
        if match["code"]:
            end = _closing_code(line, match.end(), match["code"])
            stop = end if end >= 0 else match.end()
            pieces.append(line[position:stop])
            position = stop
            continue
        if match["escape"]:
            pieces.append(line[position : match.end()])
            position = match.end()
            continue
        pieces.append(line[position : match.start()])
        embed = _parse_inline(
            match["inner"], len(parsed.embeds), number, match.group(), errors
        )
        if embed is None:
            pieces.append(match.group())
        else:
            parsed.embeds.append(embed)
            pieces.append(parsed.token(embed.index))
        position = match.end()
