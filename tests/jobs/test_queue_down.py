"""With JOBS_URL set, jobs go to Redis with their retry plan; when that Redis is
down, the write that enqueued them stands, the request succeeds, and the job runs
in the web process instead. Against a private redis-server the test stops."""

import logging

import pytest
from django.core import mail
from rq import Queue
from rq.serializers import JSONSerializer

from comments.models import Comment
from jobs import rqueue
from jobs.queue import enqueue
from tests.factories import ArticleFactory, comment_form_data
from tests.faults_helpers import private_redis  # noqa: F401
from tests.jobs.tasks import flaky, lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, private_redis):  # noqa: F811
    settings.JOBS_URL = private_redis.url
    settings.JOBS_QUEUE = "showsite-test"
    settings.JOBS_RETRIES = 3
    settings.JOBS_RETRY_INTERVALS = [10, 60, 300]
    rqueue.connection.cache_clear()
    yield private_redis
    rqueue.connection.cache_clear()


def test_a_job_goes_to_the_queue_with_its_backoff(
    queued, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(flaky, folder=str(tmp_path), key="k", failures=0)
    assert lines(tmp_path, "attempts") == []  # not run here
    queue = Queue("showsite-test", connection=rqueue.connection(queued.url))
    queue.serializer = JSONSerializer
    (job,) = queue.get_jobs()
    assert job.func_name == "jobs.rqueue.perform"
    path, kwargs = job.args
    assert (path, kwargs["key"]) == ("tests.jobs.tasks.flaky", "k")
    assert job.description == "tests.jobs.tasks.flaky"
    assert (job.retries_left, job.retry_intervals) == (3, [10, 60, 300])


def test_with_redis_down_a_comment_is_stored_and_its_notice_sent_in_process(
    queued, client, moderator, caplog, django_capture_on_commit_callbacks
):
    queued.stop()
    article = ArticleFactory()
    with (
        caplog.at_level(logging.ERROR, logger="jobs.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            f"/comments/article/{article.pk}/write/", comment_form_data(article)
        )
    assert response.status_code == 302
    assert Comment.objects.filter(article=article).count() == 1
    assert [m.to for m in mail.outbox] == [["mo@example.com"]]
    assert "Could not enqueue jobs.mail.send_message" in caplog.text
