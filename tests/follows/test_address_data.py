"""An address's data, exported and deleted by the command: its follows, and the
e-mail jobs to it that failed for good."""

import json
import smtplib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from follows import services
from follows.models import Follow
from jobs.models import FailedJob
from tests.factories import ShowFactory

from .conftest import READER, ask_to_follow, follow_confirmed


@pytest.fixture
def mail_refused(monkeypatch):
    """Every e-mail is refused, as a mail server refuses a dead mailbox."""

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, b"No such user") for m in messages for address in m.to}
        )

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", refuse
    )


def failed_mail_to(address: str, *, ran_in="web", queue_id="") -> FailedJob:
    return FailedJob.objects.create(
        function="jobs.mail.send_message",
        kwargs={"key": "k", "subject": "S", "body": "B", "to": [address]},
        error="Traceback …\nsmtplib.SMTPRecipientsRefused: refused",
        ran_in=ran_in,
        queue_id=queue_id,
    )


def test_export_lists_everything_stored_for_an_address(client, show, jobs):
    follow_confirmed(client, show, jobs, dates=True, official_only=True)
    Follow.objects.create(email="other@example.com", show=show)
    out = StringIO()

    call_command("follows_address", "READER@example.com", "--export", stdout=out)

    data = json.loads(out.getvalue())
    assert data["email"] == READER
    [entry] = data["follows"]
    assert entry["show"] == "Moonbase"
    assert entry["choices"] == {
        "dates": True,
        "official_only": True,
        "seasons": False,
        "articles": False,
    }
    assert entry["confirmed_at"]
    assert entry["token"] == Follow.objects.get(email=READER).token
    assert data["failed_jobs"] == []


def test_export_lists_the_failed_e_mails_to_the_address(
    client, show, jobs, mail_refused
):
    ask_to_follow(client, show, jobs)  # its confirm e-mail fails three times
    failed_mail_to("other@example.com")
    failed = FailedJob.objects.get(kwargs__icontains=READER)
    out = StringIO()

    call_command("follows_address", "Reader@Example.com", "--export", stdout=out)

    data = json.loads(out.getvalue())
    assert data["failed_jobs"] == [
        {
            "id": failed.pk,
            "function": "jobs.mail.send_message",
            "failed_at": failed.failed_at.isoformat(),
            "error": failed.summary,
        }
    ]
    assert "SMTPRecipientsRefused" in failed.summary


def test_delete_removes_every_follow_of_the_address_and_nothing_else(show):
    Follow.objects.create(email=READER, show=show)
    Follow.objects.create(email=READER, show=ShowFactory())
    Follow.objects.create(email="other@example.com", show=show)

    call_command("follows_address", READER, "--delete", stderr=StringIO())

    assert list(Follow.objects.values_list("email", flat=True)) == ["other@example.com"]


def test_delete_removes_the_failed_e_mails_to_the_address_and_nothing_else(
    client, show, jobs, mail_refused
):
    ask_to_follow(client, show, jobs)
    failed_mail_to(READER)
    to_other = failed_mail_to("other@example.com")
    err = StringIO()

    call_command("follows_address", READER, "--delete", stderr=err)

    assert list(FailedJob.objects.all()) == [to_other]
    assert not Follow.objects.exists()
    assert err.getvalue() == (f"Deleted 1 follow(s) and 2 failed job(s) of {READER}.\n")


def test_delete_forgets_the_worker_copy_once_the_deletion_commits(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.JOBS_URL = "redis://127.0.0.1:6379/11"
    forgotten = []
    monkeypatch.setattr("jobs.rqueue.forget", forgotten.append)
    failed_mail_to(READER, ran_in="worker", queue_id="rq-job-1")

    with django_capture_on_commit_callbacks() as on_commit:
        services.address_delete(READER)
    assert forgotten == []  # not before the commit
    for callback in on_commit:
        callback()

    assert forgotten == ["rq-job-1"]
    assert not FailedJob.objects.exists()


def test_a_deletion_that_fails_keeps_the_follows_and_the_failed_jobs(show, monkeypatch):
    Follow.objects.create(email=READER, show=show)
    failed_mail_to(READER)

    def fail(failed):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "delete_failed", fail)
    with pytest.raises(RuntimeError):
        services.address_delete(READER)

    assert Follow.objects.for_address(READER).exists()
    assert FailedJob.objects.exists()


def test_the_command_wants_an_action(db):
    with pytest.raises(CommandError):
        call_command("follows_address", READER)
