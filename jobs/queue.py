"""Background jobs: ``enqueue(function, **kwargs)`` runs a function after the current
transaction commits, ``once(key)`` makes its effect happen once however often it runs.

Two modes, chosen by the ``JOBS_URL`` setting:

- Unset or empty (the embedded default: ``make run`` and the tests): the job runs in
  this process right after the commit, needing no other service. A failure is
  retried at once, up to ``JOBS_EMBEDDED_ATTEMPTS`` attempts in all: no backoff, since
  sleeping would hold up the request that caused the job. After the last attempt the
  failure is logged and recorded as a ``FailedJob``, listed in the admin and by
  ``manage.py jobs_failed``, which retries it.
- ``redis://host:port/db``: the job goes to an RQ queue on that Redis and any
  ``manage.py jobs_worker`` on any machine runs it. A failure is retried
  ``JOBS_RETRIES`` times after the delays in ``JOBS_RETRY_INTERVALS`` (seconds; the
  worker's scheduler requeues it when due); the last failure is recorded as a
  ``FailedJob`` as above. If Redis cannot take the job (down, unreachable), the
  failure is logged and the job runs here as in the embedded mode: the write that
  caused it is already committed and the request does not fail.

Nothing is enqueued if the transaction rolls back. A job is a module-level function
taking keyword arguments that survive JSON (ids, strings, numbers, lists, dicts):
it reads current rows by id rather than carrying stale objects, and the same message
travels through Redis, into ``FailedJob`` and back. It may run more than once (a
retry after a partial failure, a worker killed mid-job, a retry by staff), so it must
be idempotent: get-or-create what it makes, and wrap effects that cannot be undone
(an e-mail) in ``once(key)``.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
import traceback
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, connections, transaction

from .models import DoneKey, FailedJob

logger = logging.getLogger(__name__)


def enqueue(function: Callable, /, **kwargs) -> None:
    """Run ``function(**kwargs)`` as a job once the current transaction commits
    (at once outside a transaction); nothing if it rolls back."""
    path = function_path(function)
    json.dumps(kwargs)  # a job that cannot travel fails here, in its caller
    transaction.on_commit(functools.partial(dispatch, path, kwargs), robust=True)


def function_path(function: Callable) -> str:
    path = f"{function.__module__}.{function.__qualname__}"
    if "<" in path or resolve(path) is not function:
        raise ValueError(f"A job must be a module-level function, not {path}.")
    return path


def resolve(path: str) -> Callable:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def dispatch(path: str, kwargs: dict) -> None:
    """Hand the job to the queue, or run it here (embedded mode, or the queue is
    unreachable). Never raises: the caller's write has committed."""
    if settings.JOBS_URL:
        from . import rqueue  # rq and redis only where a queue is configured

        try:
            rqueue.push(path, kwargs)
            return
        except Exception:
            logger.exception(
                "Could not enqueue %s on the job queue; running it in this process",
                path,
            )
    run_here(path, kwargs)


def run_here(path: str, kwargs: dict) -> bool:
    """Run a job in this process, retrying at once; True if it succeeded."""
    attempts = max(1, settings.JOBS_EMBEDDED_ATTEMPTS)
    error = ""
    for attempt in range(1, attempts + 1):
        try:
            resolve(path)(**kwargs)
            return True
        except Exception:
            error = traceback.format_exc()
            logger.warning("Job %s failed (attempt %d of %d)", path, attempt, attempts)
    record_failure(
        function=path, kwargs=kwargs, attempts=attempts, error=error, ran_in="web"
    )
    return False


def record_failure(**fields) -> None:
    """Keep a failed job for staff. Logged whatever happens, so a database that is
    down too still leaves a trace."""
    logger.error("Job %s failed for good:\n%s", fields["function"], fields["error"])
    try:
        FailedJob.objects.create(**fields)
    except Exception:
        logger.exception("Could not record the failed job %s", fields["function"])


def retry_failed(failed: FailedJob) -> None:
    """Enqueue a failed job again and forget the failure (in one transaction: the job
    goes out when the row is gone)."""
    with transaction.atomic():
        FailedJob.objects.filter(pk=failed.pk).delete()
        transaction.on_commit(
            functools.partial(dispatch, failed.function, failed.kwargs), robust=True
        )
    forget_in_queue(failed)


def delete_failed(failed: FailedJob) -> None:
    """Forget a failure, and RQ's copy once the deletion commits (inside a larger
    transaction that rolls back, both stay)."""
    failed.delete()
    transaction.on_commit(functools.partial(forget_in_queue, failed), robust=True)


def forget_in_queue(failed: FailedJob) -> None:
    """Drop the worker's copy from RQ's failed-job registry, if there is one."""
    if failed.queue_id and settings.JOBS_URL:
        from . import rqueue

        try:
            rqueue.forget(failed.queue_id)
        except Exception:
            logger.warning("Could not remove job %s from RQ", failed.queue_id)


@contextmanager
def once(key: str):
    """Yield True if the effect keyed ``key`` has not happened yet, inside a
    transaction that records the key; False if it has (do nothing then).

    The key and the job's database writes commit together; an exception in the block
    rolls the key back, so the retry does the work. Two runs at the same moment: the
    second waits on the unique key and then sees it. An effect outside the database
    (an e-mail) happens at least once and, unless the commit itself fails after it,
    exactly once.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                DoneKey.objects.create(key=key)
        except IntegrityError:
            yield False
            return
        yield True


def close_connections() -> None:
    """Between jobs in a worker: a job opens its own database connections."""
    for connection in connections.all(initialized_only=True):
        connection.close()
