"""Article bodies with live facts: compiled once when saved, filled in when read.

Saving (``compile_body``): embeds become unguessable tokens, the text goes through the
site's Markdown → sanitiser pipeline (``core.markdown``) unchanged, and each surviving
token becomes an HTML comment naming the object by primary key (``lf:`` marks ours)::

    <!--lf:factbox:season:12:-->      a block embed (kind, target, pk, option)
    <!--lf:fact:season:12:premiere--> an inline fact

The sanitiser strips every comment an editor writes, so any comment in stored HTML is
ours, and text outside embeds is byte-for-byte what plain Markdown produces. A kind
that shows no stored object (the pull quote) has nothing to fill in later: its
template's autoescaped output is stored in its place.

Reading (``render_live_body``): the comments are replaced with the catalog's current
values, loaded in one batch per model.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe

from core.markdown import markdown_to_html, sanitise_html

from .parser import SPOILER, SPOILER_END, Embed, ParsedBody, Reference, parse
from .registry import KINDS, TARGETS
from .renderers import render_embed, render_embeds, render_facts, render_missing
from .resolvers import load_objects, resolve_references
from .spoilers import CLOSING_MARKER, opening_marker, reveal, strip_passages

PLACEHOLDER = re.compile(r"<!--lf:([a-z_]+):([a-z_]+):(\d+):([a-z_]*)-->")
# nh3 serialises well-formed tags with double-quoted attribute values.
TAG = re.compile(r'<(/?)([a-zA-Z0-9]+)(?:[^"<>]|"[^"]*")*>')
LITERAL_CONTAINERS = {"code", "pre"}


@dataclass
class CompiledBody:
    html: str
    embeds: list[Embed]
    resolved: dict[Reference, int] = field(default_factory=dict)

    @property
    def missing(self) -> list[Embed]:
        return [
            e
            for e in self.embeds
            if e.reference is not None and e.reference not in self.resolved
        ]

    def targets(self) -> set[tuple[str, int]]:
        """The catalog objects the embeds show, as (target, pk)."""
        return {
            (e.reference.target, self.resolved[e.reference])
            for e in self.embeds
            if e.reference is not None and e.reference in self.resolved
        }


def _placeholder(embed: Embed, pk: int) -> str:
    return f"<!--lf:{embed.kind}:{embed.reference.target}:{pk}:{embed.option}-->"


def _substitute(parsed: ParsedBody, sanitised: str, resolved, errors) -> str:
    """Tokens in text become placeholders; in code they become their source again."""
    embeds = {e.index: e for e in parsed.embeds}
    token_re = parsed.token_re
    # Block embeds come out of Markdown as a paragraph of their own.
    block = re.compile(rf"<p>({token_re.pattern})</p>")

    def for_token(index: int) -> str:
        embed = embeds[index]
        if embed.kind == SPOILER:
            return opening_marker(resolved.get(embed.reference), embed.option)
        if embed.kind == SPOILER_END:
            return CLOSING_MARKER
        if embed.reference is None:
            return render_embed(KINDS[embed.kind].template, dict(embed.attributes))
        pk = resolved.get(embed.reference)
        return "" if pk is None else _placeholder(embed, pk)

    sanitised = block.sub(lambda m: for_token(int(m.group(2))), sanitised)
    out, position, literal = [], 0, 0
    for tag in TAG.finditer(sanitised):
        out.append(
            _text(
                sanitised[position : tag.start()], literal, embeds, for_token, token_re
            )
        )
        markup = tag.group()
        for token in token_re.finditer(markup):
            embed = embeds[int(token.group(1))]
            errors.append(
                ValidationError(
                    "Line %(line)s: %(source)s cannot go inside a link address, an "
                    "image or an HTML attribute; put it in the text.",
                    code="embed_in_attribute",
                    params={"line": embed.line, "source": embed.source},
                )
            )
            markup = markup.replace(token.group(), "")
        if tag.group(2).lower() in LITERAL_CONTAINERS:
            literal += -1 if tag.group(1) else 1
        out.append(markup)
        position = tag.end()
    out.append(_text(sanitised[position:], literal, embeds, for_token, token_re))
    return "".join(out)


def _text(text: str, literal: int, embeds, for_token, token_re) -> str:
    if literal > 0:  # in code the embed is shown as written, escaped as Markdown does
        return token_re.sub(
            lambda m: html.escape(embeds[int(m.group(1))].source, quote=False), text
        )
    return token_re.sub(lambda m: for_token(int(m.group(1))), text)


def compile_body(
    text: str, *, strict: bool = True, resolved: dict[Reference, int] | None = None
) -> CompiledBody:
    """Markdown with embeds → stored HTML with placeholders.

    ``strict`` (forms) raises a ValidationError naming every unknown reference and its
    line; code saves pass ``strict=False`` and drop embeds they cannot resolve, so a
    save never fails on a catalog object deleted meanwhile. ``resolved``: the
    references already looked up (``resolve_bodies``), else this body's are.
    """
    parsed = parse(text)
    if resolved is None:
        resolved = resolve_references(e.reference for e in parsed.embeds if e.reference)
    errors: list[ValidationError] = []
    if strict:
        for embed in parsed.embeds:
            if embed.reference is not None and embed.reference not in resolved:
                errors.append(
                    ValidationError(
                        "Line %(line)s: there is no %(target)s “%(ref)s” in the "
                        "catalog (in %(source)s).",
                        code="unknown_reference",
                        params={
                            "line": embed.line,
                            "target": embed.reference.target,
                            "ref": embed.reference.ref,
                            "source": embed.source,
                        },
                    )
                )
    body = _substitute(
        parsed, sanitise_html(markdown_to_html(parsed.markdown)), resolved, errors
    )
    if errors and strict:
        raise ValidationError(errors)
    return CompiledBody(body, parsed.embeds, resolved)


def compile_body_lenient(
    text: str, *, resolved: dict[Reference, int] | None = None
) -> CompiledBody:
    """For code saves: never raises; syntax errors leave the body without embeds,
    and without its spoiler passages."""
    try:
        return compile_body(text, strict=False, resolved=resolved)
    except ValidationError:
        plain = markdown_to_html(strip_passages(text))
        return CompiledBody(sanitise_html(plain), [])


def resolve_bodies(texts: Iterable[str]) -> dict[Reference, int]:
    """The references of many bodies, looked up together (one query per target type):
    compiling each with ``resolved=`` this then queries nothing per body."""
    references: set[Reference] = set()
    for text in texts:
        try:
            parsed = parse(text)
        except ValidationError:
            continue  # compiled without its embeds (``compile_body_lenient``)
        references.update(e.reference for e in parsed.embeds if e.reference)
    return resolve_references(references)


@dataclass(frozen=True)
class Placeholder:
    kind: str
    target: str
    pk: int
    option: str

    @property
    def is_block(self) -> bool:
        return self.kind != "fact"


def placeholders(stored_html: str) -> list[Placeholder]:
    """The embeds of a stored body, in order."""
    return [
        Placeholder(m[1], m[2], int(m[3]), m[4])
        for m in PLACEHOLDER.finditer(stored_html or "")
    ]


def render_live_body(
    stored_html: str, *, keep=frozenset(), objects=None, preview=False
) -> SafeString:
    """The stored body with every placeholder filled from the current catalog;
    placeholders of the targets in ``keep`` stay, for ``boxes.fill_boxes`` to fill
    from stored box fragments when the page is read. ``objects``: the embedded
    objects already loaded (``embedded_objects``), else one query loads them.
    Spoiler passages are shown or left out for the reader (``spoilers.reveal``);
    ``preview`` shows them all, marked, for writers and reviewers."""
    stored_html = reveal(stored_html, preview=preview)
    found = [p for p in placeholders(stored_html) if p.target not in keep]
    if not found:
        # Stored HTML is the output of core.markdown.sanitise_html.
        return mark_safe(stored_html)
    if objects is None:
        rendered = render_placeholders(found)
    else:
        rendered = _render_embeds(found, objects)

    def fill(match) -> str:
        p = Placeholder(match[1], match[2], int(match[3]), match[4])
        return match[0] if p.target in keep else rendered[p]

    # Sanitiser output with our own autoescaped template output in the placeholders.
    return mark_safe(PLACEHOLDER.sub(fill, stored_html))


def needs_of(found: list[Placeholder]) -> dict[str, dict[int, set[str]]]:
    """What ``load_objects`` loads for these placeholders: {target: {pk: kinds}}."""
    needs: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for p in found:
        needs[p.target][p.pk].add(p.kind)
    return needs


def render_placeholders(found: list[Placeholder]) -> dict[Placeholder, str]:
    """The HTML of each embed of ``found``, its objects loaded in one query."""
    return _render_embeds(found, load_objects(needs_of(found)))


def embedded_objects(article) -> dict:
    """The catalog objects a piece's body embeds, ``{(target, pk): object}``, loaded
    once per instance and body (one query): the article page shows them in its body
    and compares them in "What's changed", and loading them cost more than the query.
    """
    memo = article.__dict__.get("_embedded_objects")
    if memo is None or memo[0] is not article.body_html:
        needs = needs_of(placeholders(article.body_html))
        memo = (article.body_html, load_objects(needs) if needs else {})
        article._embedded_objects = memo
    return memo[1]


def _render_embeds(found: list[Placeholder], objects: dict) -> dict[Placeholder, str]:
    """The HTML of each distinct embed: every inline fact in one template render,
    block embeds with one template and context per kind and target."""
    rendered: dict[Placeholder, str] = {}
    facts: dict[Placeholder, object] = {}
    blocks: dict[str, dict[Placeholder, dict]] = defaultdict(dict)
    for p in dict.fromkeys(found):
        obj = objects.get((p.target, p.pk))
        target = TARGETS[p.target]
        if obj is None:
            rendered[p] = render_missing(p.is_block)
        elif p.is_block:
            context = target.block_context(p.kind, obj, p.option)
            blocks[target.template(p.kind)][p] = context
        else:
            facts[p] = target.inline_value(obj, p.option)
    rendered.update(zip(facts, render_facts(list(facts.values())), strict=True))
    for template, contexts in blocks.items():
        html = render_embeds(template, list(contexts.values()))
        rendered.update(zip(contexts, html, strict=True))
    return rendered
