"""Comment text: normalising what readers send, finding links, rendering it safely.

Django's ``urlize`` adds only ``rel="nofollow"`` and turns e-mail addresses into
``mailto:`` links (which would publish them), so links are found here: only
``http(s)://`` and ``www.`` addresses become links, and every other character is
escaped.
"""

import hashlib
import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from core.bidi import strip_bidi_controls

LINK_REL = "nofollow ugc noopener"
LINK_TEXT_MAX = 60
_URL_RE = re.compile(r"""\b(?:https?://|www\.)[^\s<>"'`]+""", re.IGNORECASE)
_TRAILING = ".,;:!?)]}*"
_BLANK_RUN_RE = re.compile(r"\n{3,}")


def normalise_body(text: str) -> str:
    """Unix newlines, no trailing spaces, at most one blank line in a row, no
    bidirectional controls."""
    text = strip_bidi_controls(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUN_RE.sub("\n\n", text).strip()


def normalise_name(name: str) -> str:
    """Single-spaced, no bidirectional controls."""
    return " ".join(strip_bidi_controls(name).split())


def normalise_email(email: str) -> str:
    return email.strip().lower()


def dedupe_key(*, article_id: int, email: str, body: str) -> str:
    """Equal for the same reader sending the same words to the same article, however
    the whitespace or case differ."""
    words = " ".join(body.split()).casefold()
    raw = f"{article_id}\x1f{normalise_email(email)}\x1f{words}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _split_trailing(url: str) -> tuple[str, str]:
    """Punctuation after a link belongs to the sentence, unless it closes a bracket
    opened inside the link (Wikipedia-style URLs)."""
    end = len(url)
    while end and url[end - 1] in _TRAILING:
        if url[end - 1] == ")" and url.count("(", 0, end) >= url.count(")", 0, end):
            break
        end -= 1
    return url[:end], url[end:]


def find_links(text: str) -> list[str]:
    """The addresses in ``text`` that render as links."""
    links = []
    for match in _URL_RE.finditer(text):
        url, _ = _split_trailing(match.group())
        if url.lower() not in ("www.", "http://", "https://"):
            links.append(url)
    return links


def render_body(text: str) -> SafeString:
    """Escaped text with clickable ``rel="nofollow ugc noopener"`` links and ``<br>``
    for line breaks. Bidirectional controls stored before they were refused go too."""
    text = strip_bidi_controls(text)
    parts, position = [], 0
    for match in _URL_RE.finditer(text):
        url, trailing = _split_trailing(match.group())
        if url.lower() in ("www.", "http://", "https://"):
            continue
        href = url if url.lower().startswith("http") else f"https://{url}"
        label = url if len(url) <= LINK_TEXT_MAX else f"{url[: LINK_TEXT_MAX - 1]}…"
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html('<a href="{}" rel="{}">{}</a>', href, LINK_REL, label))
        parts.append(escape(trailing))
        position = match.end()
    parts.append(escape(text[position:]))
    html = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>\n")
    # Safe: every piece above is escape() or format_html() output.
    return mark_safe(html)
