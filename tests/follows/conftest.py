import datetime
import re

import pytest
from django.core import mail

from catalog.dates import Confidence, PreciseDate
from tests.factories import SeasonFactory, ShowFactory

READER = "reader@example.com"
CONFIRM_LINK = re.compile(r"https?://\S+/follow/confirm/\S+/")


@pytest.fixture
def show(db):
    return ShowFactory(title="Moonbase", slug="moonbase")


@pytest.fixture
def season(show):
    return SeasonFactory(
        show=show, number=2, premiere=PreciseDate.year(2027, Confidence.RUMOUR)
    )


@pytest.fixture
def jobs(django_capture_on_commit_callbacks):
    """Run what a block enqueues (jobs, e-mails), as the embedded mode does after a
    commit; the test's own transaction never commits."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def follow_form(email=READER, **choices) -> dict:
    return {"email": email, **{name: "on" for name, on in choices.items() if on}}


def ask_to_follow(client, show, jobs, email=READER, **choices):
    choices = choices or {"dates": True}
    with jobs():
        return client.post(f"/follow/show/{show.slug}/", follow_form(email, **choices))


def confirm_link(message) -> str:
    return CONFIRM_LINK.search(message.body).group(0)


def follow_confirmed(client, show, jobs, email=READER, **choices):
    """Ask, open the link from the e-mail and press Confirm: the reader's path."""
    sent = len(mail.outbox)
    ask_to_follow(client, show, jobs, email, **choices)
    link = confirm_link(mail.outbox[sent])
    client.post(link)
    return link


def set_premiere(season, date: PreciseDate, jobs):
    with jobs():
        season.premiere = date
        season.save()


def alerts(to=READER):
    """The alert e-mails sent to ``to`` (confirm e-mails carry no unsubscribe)."""
    return [
        m for m in mail.outbox if to in m.to and "List-Unsubscribe" in m.extra_headers
    ]


DAY = datetime.date(2027, 3, 4)
