"""E-mail to the Moderators group when comments wait, at most once per interval."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.urls import reverse

from core import cacheguard
from core.roles import MODERATORS

from .models import Comment

logger = logging.getLogger(__name__)
NOTICE_KEY = "comments:moderator-notice-sent"


def moderator_addresses() -> list[str]:
    User = get_user_model()
    return sorted(
        set(
            User.objects.filter(is_active=True, groups__name=MODERATORS)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def notify_moderators() -> bool:
    """Send the notice unless one went out within the interval; True if sent.

    ``cache.add`` is atomic, so of many comments arriving at once on many app
    servers, exactly one sends. With the cache unavailable none is sent (the queue
    is in the admin, and the next comment after the outage sends it), rather than
    one per comment.
    """
    interval = settings.COMMENTS_MODERATOR_NOTICE_INTERVAL
    try:
        with cacheguard.guard():
            first = cache.add(NOTICE_KEY, True, timeout=interval)
    except cacheguard.CacheUnavailable:
        return False
    if not first:
        return False
    recipients = moderator_addresses()
    if not recipients:
        return False
    waiting = Comment.objects.needing_attention().count()
    queue = settings.SITE_URL + reverse("admin:comments_comment_changelist")
    subject = f"[{settings.SITE_NAME}] {waiting} comment(s) waiting for moderation"
    body = (
        f"{waiting} comment(s) are pending or reported.\n\n"
        f"Moderation queue: {queue}\n\n"
        f"You get at most one of these notices every {_duration(interval)}.\n"
    )
    sender = settings.DEFAULT_FROM_EMAIL
    send_mass_mail([(subject, body, sender, [address]) for address in recipients])
    return True


def _duration(seconds: int) -> str:
    if seconds % 60:
        return "second" if seconds == 1 else f"{seconds} seconds"
    minutes = seconds // 60
    return "minute" if minutes == 1 else f"{minutes} minutes"
