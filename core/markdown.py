"""Article bodies: Markdown in, safe HTML out.

The pipeline is three plain steps so a feature can add one (``livefacts`` puts its
catalog embeds between parsing and sanitising): ``markdown_to_html`` →
``sanitise_html`` → HTML. It imports no app, so articles and livefacts both use it.
The sanitiser is an allow-list (nh3): anything not named here is removed, so a new
attack vector does not need a new rule.

Markdown and nh3 are imported on first use: only saving a body needs them, and a web
worker that only serves pages is ~5 MiB smaller without them.
"""

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
