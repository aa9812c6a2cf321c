"""Article bodies: Markdown in, safe HTML out.

The pipeline is three plain steps so a feature can add one (``livefacts`` puts its
catalog embeds between parsing and sanitising): ``markdown_to_html`` →
``sanitise_html`` → HTML. It imports no app, so articles and livefacts both use it.
The sanitiser is an allow-list (nh3): anything not named here is removed, so a new
attack vector does not need a new rule.

Markdown and nh3 are imported on first use: only saving a body needs them, and a web
worker that only serves pages is ~5 MiB smaller without them.

``dropped_by_sanitiser`` lists, with their lines, what that pipeline will remove, so
the writing desk can warn instead of dropping silently.
"""

import html as html_lib
import re
from dataclasses import dataclass

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
        "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
        "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Editors link to sources; those pages must not get a handle on our window or learn
# which preview URL a reader came from.
LINK_REL = "noopener noreferrer"
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]


def markdown_to_html(text: str) -> str:
    """Markdown to unsanitised HTML; raw HTML in the source is left to the sanitiser."""
    import markdown  # loaded on the first render, not at every start-up

    return markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS)


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; set ``rel`` on links."""
    import nh3  # loaded on the first render, not at every start-up

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """The article body as HTML that is safe to mark safe in a template."""
    return sanitise_html(markdown_to_html(text))


# --- What the sanitiser will drop, with its line ------------------------------------
# The sanitiser removes silently; the desk tells the author first. These patterns read
# the Markdown source (not the HTML) so each finding keeps its line number.

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_TAG = re.compile(
    r"""(?<!\\)<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'"""
    r"""|[^\s"'>]+))?)*)\s*/?>"""
)
_MD_LINK = re.compile(r"(?<!\\)(!?)\[[^\]\n]*\]\(\s*<?([^\s)>]*)")
_URL_ATTRIBUTES = {"href", "src"}


@dataclass(frozen=True)
class DroppedContent:
    """Something in a body that readers will not see, and the line it starts on."""

    line: int
    what: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.what}"


def _scheme(url: str) -> str | None:
    """The URL's scheme, lower case, or None for a relative URL."""
    match = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", html_lib.unescape(url))
    return match.group(1).lower() if match else None


def _blank_code(text: str) -> str:
    """``text`` with fenced code and code spans blanked out (newlines kept), so what
    is shown as code is never reported."""
    lines, fence = text.split("\n"), None
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
            lines[number] = ""
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            lines[number] = ""
    text = "\n".join(lines)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def dropped_by_sanitiser(text: str) -> list[DroppedContent]:
    """Every tag, attribute, comment and link or image address in the Markdown
    ``text`` that ``render_markdown`` removes, or that the page's security policy
    will not load (images from other sites), in order, one entry per line and kind."""
    text = _blank_code(text or "")
    found: list[tuple[int, str]] = []

    def line_of(position: int) -> int:
        return text.count("\n", 0, position) + 1

    for comment in _HTML_COMMENT.finditer(text):
        found.append((comment.start(), "an HTML comment is removed"))
    text = _HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    for tag in _TAG.finditer(text):
        name = tag.group(1).lower()
        if name not in ALLOWED_TAGS:
            found.append((tag.start(), f"<{name}> is removed (not allowed in a body)"))
            continue
        allowed = ALLOWED_ATTRIBUTES.get(name, set())
        for attribute in _ATTRIBUTE.finditer(tag.group(2)):
            attr = attribute.group(1).lower()
            value = (attribute.group(2) or "").strip("\"'")
            if attr not in allowed:
                what = "event handler " if attr.startswith("on") else ""
                found.append(
                    (tag.start(), f"the {what}attribute {attr}= on <{name}> is removed")
                )
            elif attr in _URL_ATTRIBUTES:
                found.extend(_address_problem(tag.start(), name == "img", value))
    for link in _MD_LINK.finditer(text):
        found.extend(
            _address_problem(link.start(), link.group(1) == "!", link.group(2))
        )
    seen, out = set(), []
    for position, what in sorted(found):
        item = DroppedContent(line_of(position), what)
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _address_problem(position: int, image: bool, url: str) -> list[tuple[int, str]]:
    scheme = _scheme(url)
    if scheme is not None and scheme not in ALLOWED_URL_SCHEMES:
        kind = "image" if image else "link"
        return [(position, f"a {kind} to a {scheme}: address is removed")]
    if image and (scheme is not None or url.startswith("//")):
        return [
            (
                position,
                "an image from another site will not show (only images from our "
                "library do; use the image library)",
            )
        ]
    return []
