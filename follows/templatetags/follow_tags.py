from django import template

from follows.forms import FollowForm

register = template.Library()


@register.inclusion_tag("follows/includes/follow_form.html")
def follow_form(show):
    """The follow box for a show page: an unbound form, nothing about the reader,
    no database query, so the page stays cacheable and its query count flat."""
    return {"show": show, "form": FollowForm()}
