"""The newsroom in templates: the article form's Notes panel, the header's inbox
link, and an inbox summary for the dashboard."""

from django import template

from ..mentions import render_note_text
from ..models import Notification
from ..panel import notes_panel_context
from ..services import display_name as _display_name

register = template.Library()

INBOX_SUMMARY_SIZE = 5


@register.inclusion_tag("admin/newsroom/includes/notes_panel.html", takes_context=True)
def notes_panel(context, article):
    """The piece's threads (capped) and forms, for those who may view it."""
    user = context["request"].user
    return notes_panel_context(user, article, context.get("csrf_token"))


@register.filter
def note_html(note):
    """The note's escaped text with its real mentions in bold (mentions prefetched)."""
    return render_note_text(note.text, {user.username for user in note.mentions.all()})


@register.filter
def display_name(user):
    return _display_name(user)


@register.inclusion_tag("admin/newsroom/includes/inbox_link.html", takes_context=True)
def inbox_link(context):
    """The header's "Inbox (3)": one COUNT query."""
    user = context["request"].user
    return {"unread": Notification.objects.for_user(user).unread().count()}


@register.inclusion_tag("admin/newsroom/includes/inbox_summary.html")
def inbox_summary(user):
    """The newest notifications and the unread count, for the desk dashboard."""
    mine = Notification.objects.for_user(user)
    return {
        "notifications": list(mine.for_list()[:INBOX_SUMMARY_SIZE]),
        "unread": mine.unread().count(),
    }
