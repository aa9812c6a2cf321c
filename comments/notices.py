"""E-mail to the Moderators group when comments wait, at most once per interval.

The messages are jobs (jobs/mail.py): one per moderator, each sent once.
"""

import logging
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from core import cacheguard
from core.roles import MODERATORS
from jobs.mail import mail_enqueue

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
    """Send the notice unless one went out within the interval; True if sent (its
    messages are enqueued, and go when the current transaction commits).

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
    notice = uuid.uuid4().hex  # this notice, the key of its messages
    for n, address in enumerate(recipients):
        mail_enqueue(
            key=f"comments:moderator-notice:{notice}:{n}",
            subject=subject,
            body=body,
            to=[address],
        )
    return True


def _duration(seconds: int) -> str:
    if seconds % 60:
        return "second" if seconds == 1 else f"{seconds} seconds"
    minutes = seconds // 60
    return "minute" if minutes == 1 else f"{minutes} minutes"
