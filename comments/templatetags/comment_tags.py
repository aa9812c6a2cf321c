from django import template
from django.utils.safestring import mark_safe

from core.reversing import url_for_each

from .. import fragments
from ..models import Comment
from ..text import render_body
from ..threads import article_comments

register = template.Library()


@register.simple_tag
def article_comment_section(article):
    """The comments area under an article, in a fixed number of queries."""
    return article_comments(article)


@register.filter
def comment_body(text: str):
    """Escaped comment text with safe links and line breaks."""
    return render_body(text)


@register.simple_tag
def comment_items(comments, can_reply):
    """The comments' ``<li>`` items: each kept rendered (comments/fragments.py), all
    fetched in one cache round trip, the missing ones rendered in one loop."""
    return mark_safe("".join(fragments.list_html(comments, bool(can_reply))))


@register.filter
def with_report_urls(comments) -> list:
    """The comments, each with its ``report_url``, from one ``reverse()``."""
    report_url = url_for_each("comments:report", "pk")
    comments = list(comments)
    for comment in comments:
        comment.report_url = report_url(comment.pk)
    return comments


@register.simple_tag
def comment_queue_counts():
    """Pending and reported comments, for the admin index."""
    return {
        "pending": Comment.objects.filter(state=Comment.State.PENDING).count(),
        "reported": Comment.objects.reported().count(),
    }
