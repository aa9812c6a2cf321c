"""Writes with side effects: asking to follow, confirming, unsubscribing, and an
address's export and deletion."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalog.models import Show
from jobs.mail import mail_enqueue
from jobs.models import FailedJob
from jobs.queue import delete_failed, enqueue

from .models import CHOICE_FIELDS, Follow, ShowEvent, normalise_address
from .tasks import alerts_for_show
from .tokens import confirm_code


@transaction.atomic
def follow_request(*, show: Show, email: str, choices: dict[str, bool]) -> Follow:
    """Ask to follow ``show``: the confirm e-mail carries the choices, applied only
    when its link is opened (so nobody changes someone else's choices).

    At most one confirm e-mail per address and show per FOLLOWS_CONFIRM_RESEND
    seconds, counted in the database: it holds when the cache (and with it the rate
    limit) is down, so an address cannot be flooded.
    """
    now = timezone.now()
    follow, created = Follow.objects.select_for_update().get_or_create(
        email=normalise_address(email), show=show, defaults={**choices}
    )
    resend_after = datetime.timedelta(seconds=settings.FOLLOWS_CONFIRM_RESEND)
    if not created and now - follow.requested_at < resend_after:
        return follow
    if not follow.is_confirmed:
        for name in CHOICE_FIELDS:
            setattr(follow, name, choices[name])
    follow.requested_at = now
    follow.save()
    link_follow = Follow(token=follow.token, **choices)
    path = reverse("follows:confirm", args=[confirm_code(link_follow)])
    context = {
        "show": show,
        "confirm_url": settings.SITE_URL + path,
        "hours": settings.FOLLOWS_CONFIRM_MAX_AGE // 3600,
        "already": follow.is_confirmed,
        "site_name": settings.SITE_NAME,
    }
    mail_enqueue(
        key=f"follows:confirm:{follow.pk}:{now.timestamp()}",
        subject=f"Confirm: follow {show.title}",
        body=render_to_string("follows/email/confirm.txt", context),
        to=[follow.email],
    )
    return follow


@transaction.atomic
def follow_confirm(*, token: str, choices: dict[str, bool]) -> Follow | None:
    """Confirm (or change) a follow with the choices its link carries; None if the
    follow is gone (unsubscribed, or an expired request deleted)."""
    follow = Follow.objects.select_for_update().filter(token=token).first()
    if follow is None:
        return None
    for name in CHOICE_FIELDS:
        setattr(follow, name, choices[name])
    if not follow.is_confirmed:
        follow.confirmed_at = follow.notified_until = timezone.now()
    follow.save()
    return follow


def follow_unsubscribe(*, token: str, everything: bool) -> list[Follow]:
    """Delete the follow with this token, or every follow of its address: nothing
    is kept once a reader leaves. Returns what was deleted (empty: unknown token)."""
    with transaction.atomic():
        follow = Follow.objects.filter(token=token).select_related("show").first()
        if follow is None:
            return []
        if everything:
            gone = list(Follow.objects.for_address(follow.email).select_related("show"))
        else:
            gone = [follow]
        Follow.objects.filter(pk__in=[f.pk for f in gone]).delete()
    return gone


def address_export(email: str) -> dict:
    """Everything stored about an address, as JSON-ready data: its follows, and the
    e-mail jobs to it that failed for good (their arguments hold the address)."""
    follows = Follow.objects.for_address(email).select_related("show")
    failed_jobs = FailedJob.objects.mentioning_address(normalise_address(email))
    return {
        "email": normalise_address(email),
        "follows": [
            {
                "show": follow.show.title,
                "show_url": settings.SITE_URL + follow.show.get_absolute_url(),
                "choices": follow.choices(),
                "requested_at": follow.requested_at.isoformat(),
                "confirmed_at": follow.confirmed_at and follow.confirmed_at.isoformat(),
                "notified_until": follow.notified_until.isoformat(),
                "token": follow.token,
            }
            for follow in follows
        ],
        "failed_jobs": [
            {
                "id": failed.pk,
                "function": failed.function,
                "failed_at": failed.failed_at.isoformat(),
                "error": failed.summary,
            }
            for failed in failed_jobs
        ],
    }


class AddressDeleted(NamedTuple):
    follows: int
    failed_jobs: int


@transaction.atomic
def address_delete(email: str) -> AddressDeleted:
    """Delete every follow of an address and every failed job whose arguments hold
    it (RQ's copy too, once this commits): nothing of it is left, or all of it is."""
    follows, _ = Follow.objects.for_address(email).delete()
    failed_jobs = 0
    for failed in FailedJob.objects.mentioning_address(normalise_address(email)):
        delete_failed(failed)
        failed_jobs += 1
    return AddressDeleted(follows=follows, failed_jobs=failed_jobs)


def expired_requests_delete() -> int:
    """Forget requests never confirmed in time."""
    count, _ = Follow.objects.expired().delete()
    return count


def old_events_delete() -> int:
    """Forget events older than any alert still waits for: news waits at most a day
    past an address's message, and a new follow starts after every older event."""
    since = timezone.now() - datetime.timedelta(days=EVENT_DAYS)
    count, _ = ShowEvent.objects.filter(happened_at__lt=since).delete()
    return count


EVENT_DAYS = 7


def show_event_record(
    *, show_id: int, kind: str, text: str, url: str, confidence: str = "", **extra
) -> ShowEvent:
    """Keep one event for a show's followers and have their alerts sent once the
    transaction commits."""
    event = ShowEvent.objects.create(
        show_id=show_id,
        kind=kind,
        text=text[:300],
        url=url[:300],
        confidence=confidence or "",
        **extra,
    )
    # Several events in one transaction each enqueue it: the runs after the first
    # find the day's alert sent, and send nothing.
    enqueue(alerts_for_show, show_id=show_id)
    return event
