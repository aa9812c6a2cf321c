"""``{% desk_panels request.user as panels %}``: the desk's panels for the admin index
(built in ``showsite.dashboard``, which reads several apps)."""

from django import template

from showsite.dashboard import desk_panels as build_panels

register = template.Library()


@register.simple_tag
def desk_panels(user):
    """The logged-in person's panels, in order; none for a role with no desk."""
    return build_panels(user)
