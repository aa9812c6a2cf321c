"""The comment list's items as HTML, written in Python rather than by the template
engine.

A page shows dozens of comments, and the template loop cost some 770 Python calls per
comment (a variable lookup, localisation and escaping for each of its sixteen
values): a quarter of a whole article render. Here each comment is one ``str.format``
of values escaped by ``html.escape`` (what Django's ``escape`` calls, without its
lazy-string check: these are plain strings from the database). The markup is the
same, byte for byte, as the template it replaces
(``tests/comments/test_rendering_equivalence.py``); ``comments.fragments`` keeps
each item rendered.
"""

from html import escape

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core.reversing import url_for_each
from core.templatetags.site_tags import TimeElements

from .text import render_body

ITEM = """<li class="comment{reply_class}" id="comment-{pk}">
  <p class="comment__meta">
    <bdi class="comment__author">{name}</bdi>
    {context}
    <a class="comment__time" href="#comment-{pk}">{time}</a>
  </p>
  {body}
  <p class="comment__actions">
    {reply}
    <a href="{report_url}" rel="nofollow">Report<span class="visually-hidden"> \
comment by <bdi>{name}</bdi></span></a>
  </p>
</li>
"""
BODY = '<div class="comment__body"><p>{}</p></div>'
# A comment its writer marked as containing spoilers: folded until a reader opens it.
SPOILER_BODY = """<details class="spoiler spoiler--comment">
    <summary class="spoiler__control">Show spoiler<span class="visually-hidden"> \
in the comment by <bdi>{name}</bdi></span></summary>
    {body}
  </details>"""
CONTEXT = (
    '<span class="comment__context">replying to <bdi>{}</bdi></span>'  # parent's name
)
REPLY = (
    '<a href="{write_url}?parent={pk}" data-reply-to="{pk}" data-reply-name="{name}">'
    'Reply<span class="visually-hidden"> to <bdi>{name}</bdi></span></a>'
)
TIME_FORMAT = "j M Y, H:i"


def _body(comment, name: str) -> str:
    body = BODY.format(render_body(comment.body))
    if comment.contains_spoilers:
        return SPOILER_BODY.format(name=name, body=body)
    return body


def comment_items(comments, *, can_reply: bool, write_url: str) -> list[SafeString]:
    """Each comment as an ``<li>``, replies marked and linked to their parent; a
    reply link under each thread's first comment while comments are open."""
    report_url = url_for_each("comments:report", "pk")
    time_element = TimeElements(TIME_FORMAT)
    write_url = conditional_escape(write_url)
    items = []
    for comment in comments:
        pk, name, is_reply = int(comment.pk), escape(comment.name), comment.parent_id
        items.append(
            ITEM.format(
                reply_class=" comment--reply" if is_reply else "",
                pk=pk,
                name=name,
                context=CONTEXT.format(escape(comment.parent.name)) if is_reply else "",
                time=time_element(comment.created_at),
                body=_body(comment, name),
                reply=(
                    REPLY.format(write_url=write_url, pk=pk, name=name)
                    if can_reply and not is_reply
                    else ""
                ),
                report_url=escape(report_url(pk)),
            )
        )
    # Safe: every value above is escaped (names and URLs) or escaped HTML (the
    # body from render_body, the time from time_element; ids are integers).
    return [mark_safe(item) for item in items]
