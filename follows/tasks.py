"""Alert jobs: which addresses have news, and one e-mail per address per day.

``alerts_for_show`` runs after a show's event commits (and after a piece about it
is published); ``alerts_due`` (``manage.py follows_send_alerts``, from cron) sends
what waited: news held back because the address had its message that day, and
scheduled pieces that have gone live since.
"""

from __future__ import annotations

from collections import defaultdict

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

from jobs.mail import mail_enqueue
from jobs.queue import enqueue, once

from .alerts import news_for
from .models import Follow


def address_key(email: str) -> str:
    """A keyed hash of an address, for the once-a-day key: the job tables never
    hold the address itself for good."""
    return salted_hmac("follows.address", email).hexdigest()[:32]


def alerts_for_show(*, show_id: int) -> None:
    """Enqueue an alert for each address following this show that has news."""
    enqueue_alerts(Follow.objects.filter(show_id=show_id).with_news())


def alerts_due() -> int:
    """Enqueue an alert for every address with news; how many were enqueued."""
    return enqueue_alerts(Follow.objects.with_news())


def enqueue_alerts(with_news) -> int:
    """One job per address with news (``with_news``: follows), over all the shows
    it follows, so it gets one message a day. One query."""
    by_address = defaultdict(list)
    follows = Follow.objects.confirmed().filter(email__in=with_news.values("email"))
    for email, pk in follows.values_list("email", "pk"):
        by_address[email].append(pk)
    for pks in by_address.values():
        enqueue(alert_send, follow_ids=sorted(pks))
    return len(by_address)


def alert_send(*, follow_ids: list[int]) -> None:
    """The job: e-mail one address its news, unless it had its message today (the
    news then waits for tomorrow's run). Nothing new it asked for: no e-mail."""
    follows = list(
        Follow.objects.confirmed()
        .filter(pk__in=follow_ids)
        .select_related("show")
        .order_by("show__title", "pk")
    )
    if not follows:
        return
    email = follows[0].email
    follows = [follow for follow in follows if follow.email == email]
    until = timezone.now()
    news = news_for(follows, until=until)
    if not news:
        return
    key = f"follows:alert:{address_key(email)}:{timezone.localdate(until)}"
    with once(key) as first:
        if not first:
            return
        Follow.objects.filter(pk__in=[f.pk for f in follows]).update(
            notified_until=until
        )
        titles = [item.follow.show.title for item in news]
        subject = f"News about {titles[0]}"
        if len(titles) > 1:
            subject += f" and {len(titles) - 1} more show(s) you follow"
        everything_url = follows[0].unsubscribe_url() + "all/"
        mail_enqueue(
            key=key,
            subject=subject,
            body=render_to_string(
                "follows/email/alert.txt",
                {"news": news, "unsubscribe_all_url": everything_url},
            ),
            to=[email],
            headers={
                "List-Unsubscribe": f"<{everything_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
