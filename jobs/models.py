"""What the job runner keeps in the database: the keys of jobs that have had their
effect (so a job run twice has one), and the jobs that failed for good (so staff see
them, in the admin and with ``manage.py jobs_failed``, whichever mode ran them)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class DoneKeyQuerySet(models.QuerySet):
    def older_than(
        self, days: int, *, now: datetime.datetime | None = None
    ) -> DoneKeyQuerySet:
        return self.filter(
            done_at__lt=(now or timezone.now()) - datetime.timedelta(days=days)
        )

    def prune(self, *, days: int | None = None, batch_size: int = 1000) -> int:
        """Delete keys older than ``days`` (default ``JOBS_DONE_KEYS_KEEP_DAYS``) a
        batch at a time, each batch its own short transaction, so a large backlog
        never holds a long lock; the number deleted.

        A job run again after its key is gone would repeat its effect. Every key
        names one message or one day and retries come within minutes or hours, so
        only a staff retry of a weeks-old failure that had had its effect could.
        """
        days = settings.JOBS_DONE_KEYS_KEEP_DAYS if days is None else days
        if days < 1:
            raise ValueError("Keep idempotency keys at least a day.")
        old = self.older_than(days)  # the cut-off is fixed here, so the loop ends
        deleted = 0
        while pks := list(old.values_list("pk", flat=True)[:batch_size]):
            count, _ = DoneKey.objects.filter(pk__in=pks).delete()
            deleted += count
        return deleted


class DoneKey(models.Model):
    """A job's idempotency key, written in the same transaction as its effect."""

    key = models.CharField(max_length=200, unique=True)
    done_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = DoneKeyQuerySet.as_manager()

    def __str__(self) -> str:
        return self.key


class FailedJob(models.Model):
    """A job that failed on its last attempt. Retrying enqueues it again."""

    function = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(help_text="The last attempt's traceback.")
    ran_in = models.CharField(
        max_length=20, help_text="“web” (no JOBS_URL: in the web process) or “worker”."
    )
    queue_id = models.CharField(
        max_length=100, blank=True, help_text="The RQ job id, when a worker ran it."
    )
    failed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-failed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.function} ({self.failed_at:%Y-%m-%d %H:%M})"

    @property
    def summary(self) -> str:
        """The traceback's last line: the exception and its message."""
        lines = self.error.strip().splitlines()
        return lines[-1] if lines else ""
