from django import template

from ..models import Comment
from ..rendering import comment_items as render_comment_items
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
def comment_items(comments, *, can_reply, write_url):
    """The comment list's items (``comments.rendering``)."""
    return render_comment_items(
        comments, can_reply=bool(can_reply), write_url=write_url
    )


@register.simple_tag
def comment_queue_counts():
    """Pending and reported comments, for the admin index."""
    return {
        "pending": Comment.objects.filter(state=Comment.State.PENDING).count(),
        "reported": Comment.objects.reported().count(),
    }
