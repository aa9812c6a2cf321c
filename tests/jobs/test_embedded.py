"""Jobs without a queue (JOBS_URL empty, as in `make run` and the test suite): they
run in this process after the commit, are retried at once, and a job that keeps
failing is kept for staff, who retry it with `manage.py jobs_failed` or the admin."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction

from jobs.mail import mail_enqueue
from jobs.models import DoneKey, FailedJob
from jobs.queue import enqueue
from tests.factories import UserFactory
from tests.jobs.tasks import flaky, lines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _embedded(settings):
    settings.JOBS_URL = ""
    settings.JOBS_EMBEDDED_ATTEMPTS = 3


def failed_command(*args) -> str:
    out = io.StringIO()
    call_command("jobs_failed", *args, stdout=out)
    return out.getvalue()


def test_a_rolled_back_transaction_enqueues_nothing(
    tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue(flaky, folder=str(tmp_path), key="k", failures=0)
            raise RuntimeError("the write failed")
    assert callbacks == []
    assert lines(tmp_path, "attempts") == []


def test_a_job_runs_only_once_its_transaction_commits(
    tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue(flaky, folder=str(tmp_path), key="k", failures=0)
    assert lines(tmp_path, "attempts") == []
    for callback in callbacks:  # the commit
        callback()
    assert lines(tmp_path, "effects") == ["k"]


def test_a_job_that_fails_twice_then_succeeds_completes_once(
    tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(flaky, folder=str(tmp_path), key="k", failures=2)
    assert len(lines(tmp_path, "attempts")) == 3
    assert lines(tmp_path, "effects") == ["k"]
    assert not FailedJob.objects.exists()

    # The same job again (a retry by staff, a duplicate message): no second effect.
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(flaky, folder=str(tmp_path), key="k", failures=2)
    assert len(lines(tmp_path, "attempts")) == 4
    assert lines(tmp_path, "effects") == ["k"]
    assert DoneKey.objects.filter(key="k").count() == 1


def test_a_job_that_keeps_failing_is_kept_and_the_command_retries_it(
    tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(flaky, folder=str(tmp_path), key="k", failures=3)
    failed = FailedJob.objects.get()
    assert (failed.function, failed.attempts, failed.ran_in) == (
        "tests.jobs.tasks.flaky",
        3,
        "web",
    )
    assert failed.kwargs["key"] == "k"
    assert "RuntimeError: This attempt fails on purpose" in failed.summary
    listed = failed_command()
    assert f"#{failed.pk} " in listed
    assert "tests.jobs.tasks.flaky (3 attempt(s), web)" in listed
    assert "1 failed job(s)." in listed

    with django_capture_on_commit_callbacks(execute=True):
        assert "1 failed job(s) retried." in failed_command("--retry", str(failed.pk))
    assert lines(tmp_path, "effects") == ["k"]
    assert not FailedJob.objects.exists()


def test_the_command_deletes_failures_and_wants_ids_or_all():
    FailedJob.objects.bulk_create(
        FailedJob(function="x.y", error="E", ran_in="web") for _ in range(2)
    )
    with pytest.raises(CommandError, match="ids, or --all"):
        failed_command("--delete")
    assert "2 failed job(s) deleted." in failed_command("--delete", "--all")
    assert "0 failed job(s)." in failed_command()


def test_mail_jobs_reach_the_outbox_once_per_key(django_capture_on_commit_callbacks):
    message = {"subject": "Hello", "body": "Body", "to": ["a@example.com"]}
    with django_capture_on_commit_callbacks(execute=True):
        mail_enqueue(key="greeting:1", **message)
        mail_enqueue(key="greeting:1", **message)
        mail_enqueue(key="greeting:2", **message)
    assert [m.subject for m in mail.outbox] == ["Hello", "Hello"]


def test_a_job_is_a_module_function_with_json_arguments(tmp_path):
    with pytest.raises(ValueError, match="module-level function"):
        enqueue(lambda: None)
    with pytest.raises(TypeError):
        enqueue(flaky, folder=tmp_path, key="k", failures=0)


def test_the_worker_needs_a_queue():
    with pytest.raises(CommandError, match="JOBS_URL is not set"):
        call_command("jobs_worker", "--burst")


# --- the admin's list of failed jobs -----------------------------------------------


def _changelist_queries(client, django_assert_max_num_queries, n: int) -> int:
    FailedJob.objects.all().delete()
    FailedJob.objects.bulk_create(
        FailedJob(function="tests.jobs.tasks.flaky", error="E: boom", ran_in="web")
        for _ in range(n)
    )
    with django_assert_max_num_queries(50) as queries:
        response = client.get("/admin/jobs/failedjob/")
    assert response.status_code == 200
    assert response.content.decode().count("E: boom") == n
    return len(queries)


def test_staff_list_failed_jobs_in_flat_queries(
    admin_client, django_assert_max_num_queries
):
    one = _changelist_queries(admin_client, django_assert_max_num_queries, 1)
    five = _changelist_queries(admin_client, django_assert_max_num_queries, 5)
    assert one == five


def test_staff_retry_failed_jobs_from_the_admin(
    admin_client, tmp_path, django_capture_on_commit_callbacks
):
    failed = FailedJob.objects.create(
        function="tests.jobs.tasks.flaky",
        kwargs={"folder": str(tmp_path), "key": "k", "failures": 0},
        error="E",
        ran_in="web",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/jobs/failedjob/",
            {"action": "retry", "_selected_action": [failed.pk]},
        )
    assert response.status_code == 302
    assert lines(tmp_path, "effects") == ["k"]
    assert not FailedJob.objects.exists()


def test_readers_and_writers_without_the_permission_see_no_failed_jobs(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/jobs/failedjob/").status_code == 403
