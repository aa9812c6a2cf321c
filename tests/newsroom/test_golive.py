"""“Your scheduled piece went live”: found lazily, announced exactly once."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsroom.golive import (
    CHECK_GATE_KEY,
    announce_due_go_lives,
    announce_due_go_lives_at_most_every_minute,
)
from newsroom.models import Kind, Notification, ScheduledGoLive

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(piece, other_author):
    """``piece`` (ada, otto on the byline) scheduled an hour from now."""
    from tests.factories import AuthorProfileFactory

    piece.authors.add(AuthorProfileFactory(user=other_author))
    piece.state = "published"
    piece.published_at = timezone.now() + datetime.timedelta(hours=1)
    piece.save()
    return piece


def _went_live():
    return sorted(
        Notification.objects.filter(kind=Kind.WENT_LIVE).values_list(
            "recipient__username", flat=True
        )
    )


def test_saving_a_scheduled_piece_remembers_its_time_once(scheduled):
    scheduled.save()
    assert ScheduledGoLive.objects.filter(article=scheduled).count() == 1


def test_nothing_is_announced_before_the_time(scheduled):
    assert announce_due_go_lives() == 0
    assert _went_live() == []


def test_authors_hear_once_the_time_has_passed(scheduled, time_machine):
    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    assert announce_due_go_lives() == 1
    assert _went_live() == ["ada", "otto"]
    assert "is live" in Notification.objects.first().text


def test_announcing_is_idempotent(scheduled, time_machine):
    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    announce_due_go_lives()
    assert announce_due_go_lives() == 0
    assert _went_live() == ["ada", "otto"]


def test_a_row_claimed_by_another_worker_is_never_sent_again(scheduled, time_machine):
    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    # Another worker's claim landed between our read and our update.
    ScheduledGoLive.objects.update(announced_at=timezone.now())
    assert announce_due_go_lives() == 0
    assert _went_live() == []


def test_the_same_time_cannot_be_recorded_twice(scheduled):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledGoLive.objects.create(article=scheduled, due_at=scheduled.published_at)


def test_a_rescheduled_piece_is_announced_at_its_new_time_only(scheduled, time_machine):
    first = scheduled.published_at
    scheduled.published_at = first + datetime.timedelta(days=1)
    scheduled.save()
    time_machine.move_to(first + datetime.timedelta(minutes=1))
    assert announce_due_go_lives() == 0
    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    assert announce_due_go_lives() == 1
    assert _went_live() == ["ada", "otto"]


def test_an_unpublished_piece_is_not_announced(scheduled, time_machine):
    scheduled.state = "draft"
    scheduled.save()
    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    assert announce_due_go_lives() == 0


def test_requests_check_at_most_once_a_minute(scheduled, time_machine):
    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    from django.core.cache import cache

    cache.add(CHECK_GATE_KEY, True, 60)  # someone checked a moment ago
    assert announce_due_go_lives_at_most_every_minute() == 0
    cache.delete(CHECK_GATE_KEY)
    assert announce_due_go_lives_at_most_every_minute() == 1


@pytest.fixture
def checks_on_requests(settings):
    settings.NEWSROOM_DUE_CHECK_ON_REQUESTS = True


@pytest.mark.usefixtures("checks_on_requests")
def test_an_admin_page_view_announces_due_pieces(
    client, editor, scheduled, time_machine
):
    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    client.force_login(editor)
    client.get("/admin/")
    assert _went_live() == ["ada", "otto"]


@pytest.mark.usefixtures("checks_on_requests")
def test_public_pages_and_admin_saves_do_not(client, editor, scheduled, time_machine):
    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    client.get("/")
    client.force_login(editor)
    client.post(f"/admin/newsroom/note/article/{scheduled.pk}/add/", {"text": "Hi"})
    assert _went_live() == []


def test_the_command_announces_for_cron(scheduled, time_machine):
    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("send_due_notifications", stdout=out)
    assert "Announced 1 piece(s)" in out.getvalue()
    assert _went_live() == ["ada", "otto"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_announce_once(roles):
    """Two threads, each its own connection, race for the same due row."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections: PostgreSQL (CI runs it)")
    from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory

    writer = UserFactory(username="wren", groups=[roles["Authors"]], is_staff=True)
    article = ArticleFactory(
        state="published",
        published_at=timezone.now() + datetime.timedelta(hours=1),
        created_by=writer,
    )
    article.authors.add(AuthorProfileFactory(user=writer))
    later = article.published_at + datetime.timedelta(minutes=1)
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait()
            results.append(announce_due_go_lives(now=later))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert Notification.objects.filter(kind=Kind.WENT_LIVE).count() == 1


def test_went_live_is_emailed_after_commit(
    scheduled, time_machine, django_capture_on_commit_callbacks
):
    from django.core import mail

    time_machine.move_to(scheduled.published_at + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_notifications", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada@example.com",
        "otto@example.com",
    ]
    assert "“Season two review” is live" in mail.outbox[0].subject
