"""Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request.

The last-seen time lives in the session and is written at most once a minute, so a
busy editor's pages do not each save the session.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.urls import reverse

from . import services

SEEN_KEY = "staff_seen"
WRITE_EVERY = 60  # seconds


def touch(request) -> None:
    """Mark the session as used now."""
    request.session[SEEN_KEY] = int(time.time())


def idle_expired(request) -> bool:
    """Whether this staff session has been idle past its limit."""
    seen = request.session.get(SEEN_KEY)
    limit = settings.STAFF_SESSION_IDLE_MINUTES * 60
    return bool(seen and limit and time.time() - seen > limit)


class StaffIdleSessionMiddleware:
    """Signs a staff member out after the idle limit; keeps the session's clock.

    Only admin requests count and are checked: public pages stay free of session
    reads, and the admin is where an idle session is dangerous.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        if not settings.STAFF_SESSION_IDLE_MINUTES or not request.path.startswith(
            self.prefix
        ):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and user.is_staff:
            if idle_expired(request):
                logout(request)
            else:
                seen = request.session.get(SEEN_KEY)
                if seen is None or time.time() - seen > WRITE_EVERY:
                    touch(request)
                    # A key cycled since sign-in (a password change) is recorded too.
                    services.session_record(request=request, user=user)
        return self.get_response(request)
