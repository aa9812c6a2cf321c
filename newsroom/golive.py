"""Telling authors their scheduled piece went live, with nothing running at that time.

A scheduled piece goes public by a filter (``Article.objects.public()``), not a
write. So each scheduled time gets a ``ScheduledGoLive`` row, and
``announce_due_go_lives`` finds the due ones lazily: from admin requests at most once
a minute, and from the ``send_due_notifications`` command for sites with cron.
Claiming a row is a conditional UPDATE, so two workers never announce it twice.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core import cacheguard

from .models import Kind, ScheduledGoLive
from .services import Notice, article_admin_url, authors_of, notify, quoted_title

CHECK_GATE_KEY = "newsroom:go-live-check"
CHECK_EVERY_SECONDS = 60
BATCH = 100


def expect_go_live(article) -> None:
    """Remember that ``article`` goes live at its ``published_at`` (once per time)."""
    if article.published_at is None:
        return
    ScheduledGoLive.objects.bulk_create(
        [ScheduledGoLive(article=article, due_at=article.published_at)],
        ignore_conflicts=True,
    )


def announce_due_go_lives(*, now=None) -> int:
    """Tell the authors of each piece whose scheduled time has passed; returns how
    many pieces were announced. Safe to run any number of times, concurrently."""
    now = now or timezone.now()
    due = ScheduledGoLive.objects.filter(announced_at__isnull=True, due_at__lte=now)
    announced = 0
    for row in due.select_related("article").order_by("due_at")[:BATCH]:
        with transaction.atomic():
            claimed = ScheduledGoLive.objects.filter(
                pk=row.pk, announced_at__isnull=True
            ).update(announced_at=now)
            article = row.article
            # Rescheduled or unpublished since: claimed, but nothing went live then.
            if not claimed or article.published_at != row.due_at:
                continue
            if not article.is_public(at=now):
                continue
            notify(
                kind=Kind.WENT_LIVE,
                actor_id=None,
                notices=[
                    Notice(
                        article=article,
                        recipients=authors_of(article),
                        text=f"Your scheduled piece {quoted_title(article)} is live",
                        url=article_admin_url(article),
                    )
                ],
            )
            announced += 1
    return announced


def announce_due_go_lives_at_most_every_minute() -> int:
    """For requests: the first caller in a minute checks (``cache.add`` is atomic),
    the others skip. With the cache unavailable all skip: admin pages must not fail
    for it, and ``send_due_notifications`` (cron) still announces."""
    try:
        with cacheguard.guard():
            first = cache.add(CHECK_GATE_KEY, True, CHECK_EVERY_SECONDS)
    except cacheguard.CacheUnavailable:
        return 0
    if not first:
        return 0
    return announce_due_go_lives()
