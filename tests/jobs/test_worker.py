"""A real worker process (`manage.py jobs_worker --burst`) against the shared Redis,
database 12, and the test database. PostgreSQL only: SQLite's in-memory test
database cannot be reached from another process (tests/jobs/test_embedded.py covers
the same behaviour in process on both).

Each test uses a queue of its own and removes its keys (its jobs', its queue's, its
workers') after, rather than flushing database 12 under another test's worker.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from rq import Queue
from rq.registry import FailedJobRegistry, FinishedJobRegistry, ScheduledJobRegistry
from rq.serializers import JSONSerializer

from comments import services as comments_services
from jobs import rqueue
from jobs.models import DoneKey, FailedJob
from jobs.queue import enqueue
from tests.factories import ArticleFactory
from tests.jobs.tasks import flaky, lines

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The shared Redis, database 12 (TEST_JOBS_REDIS_URL names another).
REDIS_URL = os.environ.get("TEST_JOBS_REDIS_URL", "redis://127.0.0.1:6379/12")


def _database_url() -> str:
    db = django_settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def worker_queue(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a database it can reach: PostgreSQL")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    name = f"test-{uuid.uuid4().hex[:12]}"
    settings.JOBS_URL = REDIS_URL
    settings.JOBS_QUEUE = name
    settings.JOBS_RETRIES = 2
    settings.JOBS_RETRY_INTERVALS = [0]  # retried at once: a burst worker sees it
    rqueue.connection.cache_clear()
    yield name
    queue = rqueue.queue()
    registries = (FailedJobRegistry, FinishedJobRegistry, ScheduledJobRegistry)
    job_ids = {*queue.job_ids}
    for registry in registries:
        job_ids.update(registry(queue=queue).get_job_ids())
    for job_id in job_ids:
        client.delete(*(key for key in client.scan_iter(f"rq:*{job_id}*")))
    # The queue's keys and its workers' (named after it).
    for key in client.scan_iter(f"*{name}*"):
        client.delete(key)
    client.srem("rq:queues", f"rq:queue:{name}")
    rqueue.connection.cache_clear()


def run_worker(queue_name: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
        "DATABASE_URL": _database_url(),
        "JOBS_URL": REDIS_URL,
        "JOBS_QUEUE": queue_name,
        "JOBS_RETRIES": "2",
        "TEST_MAIL_DIR": str(tmp_path / "mail"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "jobs_worker", "--burst", "-v0"]
        + ["--name", f"{queue_name}-{uuid.uuid4().hex[:6]}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_a_job_that_fails_twice_then_succeeds_is_retried_and_completes_once(
    worker_queue, tmp_path
):
    enqueue(flaky, folder=str(tmp_path), key="k", failures=2)
    run_worker(worker_queue, tmp_path)
    assert len(lines(tmp_path, "attempts")) == 3
    assert lines(tmp_path, "effects") == ["k"]
    assert DoneKey.objects.filter(key="k").exists()  # written by the worker
    assert not FailedJob.objects.exists()

    # The same job run again has no second effect.
    enqueue(flaky, folder=str(tmp_path), key="k", failures=2)
    run_worker(worker_queue, tmp_path)
    assert len(lines(tmp_path, "attempts")) == 4
    assert lines(tmp_path, "effects") == ["k"]


def test_a_job_out_of_retries_is_kept_for_staff_and_retried(worker_queue, tmp_path):
    enqueue(flaky, folder=str(tmp_path), key="k", failures=3)
    run_worker(worker_queue, tmp_path)
    failed = FailedJob.objects.get()
    assert (failed.function, failed.attempts, failed.ran_in) == (
        "tests.jobs.tasks.flaky",
        3,
        "worker",
    )
    assert "This attempt fails on purpose" in failed.error
    registry = FailedJobRegistry(queue=rqueue.queue())
    assert registry.get_job_ids() == [failed.queue_id]

    call_command("jobs_failed", "--retry", str(failed.pk), stdout=open(os.devnull, "w"))
    assert registry.get_job_ids() == []
    run_worker(worker_queue, tmp_path)
    assert lines(tmp_path, "effects") == ["k"]
    assert not FailedJob.objects.exists()


def test_the_moderator_notice_is_mailed_by_the_worker(
    worker_queue, tmp_path, moderator
):
    comments_services.comment_submit(
        article=ArticleFactory(),
        name="Reader",
        email="reader@example.com",
        body="Waiting for moderation",
    )
    queue = Queue(worker_queue, connection=rqueue.connection(REDIS_URL))
    queue.serializer = JSONSerializer
    assert len(queue) == 1
    run_worker(worker_queue, tmp_path)
    sent = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    assert "1 comment(s) waiting for moderation" in sent
    assert "To: mo@example.com" in sent
