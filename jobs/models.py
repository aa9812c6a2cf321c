"""What the job runner keeps in the database: the keys of jobs that have had their
effect (so a job run twice has one), and the jobs that failed for good (so staff see
them, in the admin and with ``manage.py jobs_failed``, whichever mode ran them)."""

from django.db import models


class DoneKey(models.Model):
    """A job's idempotency key, written in the same transaction as its effect."""

    key = models.CharField(max_length=200, unique=True)
    done_at = models.DateTimeField(auto_now_add=True, db_index=True)

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
