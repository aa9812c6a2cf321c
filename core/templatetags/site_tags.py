"""Template tags every page uses: captured blocks for metadata, URLs, JSON-LD, pages."""

import functools
import json
from html import escape

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import dateformat, dates, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# JSON inside <script> ends at the first "</script>" and an HTML comment opener changes
# how the parser reads the rest, whatever the JSON says. Escaping <, > and & as \uXXXX
# keeps the JSON identical after parsing while the HTML parser never sees them. U+2028
# and U+2029 are escaped too, so the data stays valid in any JavaScript context.
_JSON_LD_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld_dumps(data) -> str:
    """Serialise ``data`` as JSON that is safe inside an HTML <script> element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=False)
    return text.translate(_JSON_LD_ESCAPES)


# Format characters TimeElements writes itself, as ``dateformat`` does; a format with
# any other goes through ``dateformat.format``.
_DIRECT = frozenset("jdYHiMF")


@functools.lru_cache(maxsize=64)
def _format_pieces(human_format: str) -> tuple[tuple[str, str], ...] | None:
    """``dateformat``'s reading of a format, once per format: (character, "") or
    ("", literal text); None when it holds a character not in ``_DIRECT``."""
    pieces = []
    for i, piece in enumerate(dateformat.re_formatchars.split(human_format)):
        if i % 2:
            if piece not in _DIRECT:
                return None
            pieces.append((piece, ""))
        elif piece:
            pieces.append(("", dateformat.re_escaped.sub(r"\1", piece)))
    return tuple(pieces)


class TimeElements:
    """``<time datetime="2026-11-20T09:00:00+0000">20 Nov 2026</time>`` in local time,
    in one format, for any number of values.

    Cards, comments and fact histories print dozens per page; ``dateformat.format``
    read the format, the current time zone and the translated month name again for
    each (some 150 Python calls). Here the format is read once per process, the
    zone once per list and each month's name once per list; the text is what
    ``dateformat`` writes (``tests/core/test_time_element.py``).
    """

    def __init__(self, human_format: str):
        self.human_format = human_format
        self.pieces = _format_pieces(human_format)
        self.zone = timezone.get_current_timezone()
        self.months: dict[tuple[str, int], str] = {}

    def human(self, value) -> str:
        if self.pieces is None:
            return dateformat.format(value, self.human_format)
        out = []
        for char, literal in self.pieces:
            if not char:
                out.append(literal)
            elif char == "j":
                out.append(str(value.day))
            elif char == "d":
                out.append("%02d" % value.day)  # noqa: UP031 - as dateformat writes
            elif char == "Y":
                out.append("%04d" % value.year)  # noqa: UP031
            elif char == "H":
                out.append("%02d" % value.hour)  # noqa: UP031
            elif char == "i":
                out.append("%02d" % value.minute)  # noqa: UP031
            else:
                out.append(self._month(char, value.month))
        return "".join(out)

    def _month(self, char: str, month: int) -> str:
        name = self.months.get((char, month))
        if name is None:
            if char == "M":
                name = str(dates.MONTHS_3[month].title())
            else:
                name = str(dates.MONTHS[month])
            self.months[char, month] = name
        return name

    def __call__(self, value) -> str:
        if value is None:
            return ""
        if timezone.is_aware(value):
            value = value.astimezone(self.zone)
        machine = value.strftime("%Y-%m-%dT%H:%M:%S%z")
        # Safe: both values are escaped.
        return mark_safe(
            f'<time datetime="{escape(machine)}">{escape(self.human(value))}</time>'
        )


@register.simple_tag
def time_element(value, human_format: str):
    """``<time datetime="2026-11-20T09:00:00+0000">20 Nov 2026</time>`` in local time.

    One tag for what two ``|date`` filters did: cards, comments and fact histories
    print dozens per page, and the filters were a third of a card's rendering time.
    """
    return TimeElements(human_format)(value)


@register.simple_tag
def json_ld(data):
    """Render ``data`` (a dict or list) as a schema.org JSON-LD block.

    ``{% json_ld article.structured_data %}``. Nothing is rendered for empty data.
    Browsers do not execute ``application/ld+json``, so the CSP needs no exception.
    """
    if not data:
        return ""
    # Safe: json_ld_dumps escapes every character that could end the element.
    return mark_safe(
        f'<script type="application/ld+json">{json_ld_dumps(data)}</script>'
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path_or_url=""):
    """An absolute URL for a path: from the request, or SITE_URL when there is none.

    Share tags and canonical links must be absolute; a 400 or 500 page renders
    without a request, so the settings' SITE_URL is the fallback.
    """
    url = str(path_or_url or "")
    if url.startswith(("http://", "https://")):
        return url
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(url or request.path)
    return settings.SITE_URL + (url if url.startswith("/") else "/" + url)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's canonical URL: the path without a query string, except a valid page.

    Tracking parameters, sort orders and bad ``?page=`` values all point search engines
    to one URL; page 2 onwards of a list keeps its own canonical, as search engines ask.
    """
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page_obj = context.get("page_obj")
    number = getattr(page_obj, "number", 1)
    if isinstance(number, int) and number > 1:
        url += f"?page={number}"
    return url


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, var_name):
        self.nodelist = nodelist
        self.var_name = var_name

    def render(self, context):
        # Safe: this is rendered template output, already autoescaped by the engine.
        context[self.var_name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}`` renders its content into ``name``.

    base.html wraps its title/description/canonical blocks in it, so a child template
    overrides one block and the <title>, meta description, Open Graph and Twitter tags
    all follow.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag
def elided_pages(page_obj, on_each_side=1, on_ends=1):
    """Page numbers around the current one, with ``Paginator.ELLIPSIS`` for gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )


@register.simple_tag(takes_context=True)
def nav_link(context, url, label):
    """A navigation link, marked ``aria-current="page"`` when it is the current page."""
    request = context.get("request")
    if request is not None and request.path == url:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    """The current URL at page ``number``, other query parameters kept.

    Page 1 carries no ``?page=``, so a list's first page has one URL.
    """
    request = context["request"]
    query = request.GET.copy()
    query.pop(param, None)
    if number != 1:
        query[param] = number
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path
