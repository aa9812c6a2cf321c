"""The RQ side of ``jobs.queue``: pushing a job to Redis, the worker, and recording
what failed for good. Imported only when ``JOBS_URL`` is set.

Every job is the same RQ function, ``jobs.rqueue.perform(path, kwargs)``, so the
message is plain JSON (no pickles cross the network) and each job closes its own
database connections. The worker forks a child per job (RQ's default), so one job's
leaks or crash do not outlive it.
"""

from __future__ import annotations

import functools
import logging
import traceback

import redis
from django.conf import settings
from rq import Queue, Retry, Worker
from rq.job import Job
from rq.registry import FailedJobRegistry
from rq.results import Result
from rq.serializers import JSONSerializer

from .queue import close_connections, record_failure, resolve

logger = logging.getLogger(__name__)


@functools.cache
def connection(url: str, *, blocking: bool = False) -> redis.Redis:
    """One client per process and URL. A web process waits at most
    ``JOBS_TIMEOUT`` seconds for Redis; a worker's client gets RQ's own timeout,
    longer than its blocking wait for the next job."""
    if blocking:
        return redis.Redis.from_url(url)
    timeout = settings.JOBS_TIMEOUT
    return redis.Redis.from_url(
        url, socket_timeout=timeout, socket_connect_timeout=timeout
    )


def queue(*, blocking: bool = False) -> Queue:
    return Queue(
        settings.JOBS_QUEUE,
        connection=connection(settings.JOBS_URL, blocking=blocking),
        serializer=JSONSerializer,
    )


def push(path: str, kwargs: dict) -> Job:
    retries = settings.JOBS_RETRIES
    return queue().enqueue(
        perform,
        args=(path, kwargs),
        description=path,
        retry=Retry(max=retries, interval=settings.JOBS_RETRY_INTERVALS)
        if retries
        else None,
        failure_ttl=settings.JOBS_FAILED_TTL,
    )


def perform(path: str, kwargs: dict) -> None:
    """What a worker runs for every job."""
    try:
        resolve(path)(**kwargs)
    finally:
        close_connections()


def on_failure(job: Job, exc_type, exc_value, tb) -> None:
    """RQ's exception handler, called before RQ requeues or gives up: a job with no
    retry left is recorded for staff (one that will be retried is only logged)."""
    if job.should_retry:
        return
    path, kwargs = (list(job.args) + [None, None])[:2]
    try:
        record_failure(
            function=str(path or job.func_name),
            kwargs=kwargs if isinstance(kwargs, dict) else {},
            attempts=settings.JOBS_RETRIES + 1 if job.retries_left == 0 else 1,
            error="".join(traceback.format_exception(exc_type, exc_value, tb)),
            ran_in="worker",
            queue_id=job.id,
        )
    finally:
        # This handler can run in the worker itself (a killed child): leave no
        # connection for the next fork to inherit.
        close_connections()


def forget(job_id: str) -> None:
    """Delete a failed job and its results from Redis."""
    q = queue()
    job = q.fetch_job(job_id)
    if job is not None:
        Result.delete_all(job)
    FailedJobRegistry(queue=q).remove(job_id, delete_job=True)


def worker(*, name: str | None = None) -> Worker:
    return Worker(
        [queue(blocking=True)],
        name=name,
        connection=connection(settings.JOBS_URL, blocking=True),
        serializer=JSONSerializer,
        exception_handlers=[on_failure],
    )
