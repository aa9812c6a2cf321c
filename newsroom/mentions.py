"""``@username`` in a note: who it reaches, and how it reads on the page."""

import re

from django.contrib.auth import get_user_model
from django.utils.html import format_html, format_html_join

from articles.permissions import can_view

# A username's characters (Django allows letters, digits and @.+-_), ending on a word
# character so "@ada." or "@ada," mean ada. Not preceded by a word or @ (e-mails).
MENTION = re.compile(r"(?<![\w@])@(\w(?:[\w.+-]*\w)?)")
MAX_MENTIONS = 20


def mentioned_names(text: str) -> list[str]:
    """The distinct usernames ``text`` mentions, first ones first, capped."""
    names = dict.fromkeys(match.group(1) for match in MENTION.finditer(text))
    return list(names)[:MAX_MENTIONS]


def mentionable_users(article, text: str) -> list:
    """The active staff users ``text`` mentions who may view ``article``; other
    names stay plain text and reach nobody."""
    names = mentioned_names(text)
    if not names:
        return []
    users = get_user_model().objects.filter(
        username__in=names, is_active=True, is_staff=True
    )
    return [user for user in users if can_view(user, article)]


def render_note_text(text: str, mentioned: set[str]):
    """The note's text escaped, with mentions of real users in bold. Line breaks
    are kept by CSS (``white-space: pre-wrap``)."""
    parts, start = [], 0
    for match in MENTION.finditer(text):
        name = match.group(1)
        if name not in mentioned:
            continue
        parts.append(text[start : match.start()])
        parts.append(format_html('<strong class="note__mention">@{}</strong>', name))
        start = match.end()
    parts.append(text[start:])
    return format_html_join("", "{}", ((part,) for part in parts))
