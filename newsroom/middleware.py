"""Admin requests double as the clock for "your scheduled piece went live"."""

from django.conf import settings
from django.urls import reverse

from .golive import announce_due_go_lives_at_most_every_minute


def due_notifications_middleware(get_response):
    """Before a staff user's admin page view, announce due go-lives (at most once a
    minute site-wide), so the header's unread count is current. Saves and public
    pages never pay for it, nor touch the session for it."""
    admin_root = None

    def middleware(request):
        nonlocal admin_root
        admin_root = admin_root or reverse("admin:index")
        if (
            settings.NEWSROOM_DUE_CHECK_ON_REQUESTS
            and request.method == "GET"
            and request.path_info.startswith(admin_root)
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.is_staff:
                announce_due_go_lives_at_most_every_minute()
        return get_response(request)

    return middleware
