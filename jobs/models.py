"""What the job runner keeps in the database: the keys of jobs that have had their
effect (so a job run twice has one), and the jobs that failed for good (so staff see
them, in the admin and with ``manage.py jobs_failed``, whichever mode ran them)."""

from __future__ import annotations

import datetime
import json
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
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


# A character that may continue an e-mail address: "a@example.com" is not found in
# "ba@example.com" nor in "a@example.com.au".
ADDRESS_CHARACTER = r"[\w!#$%&'*+/=?^`{|}~@-]"


class FailedJobQuerySet(models.QuerySet):
    def mentioning_address(self, address: str) -> FailedJobQuerySet:
        """Failed jobs whose arguments hold this e-mail address anywhere (a mail
        job's ``to``, a message's text), for a reader's export and deletion.

        The database narrows by text, portably (JSON ``contains`` does not work on
        SQLite, which also stores non-ASCII letters as ``\\u`` escapes); Python then
        keeps the rows where it is the whole address, case aside.
        """
        address = address.strip()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+", address):
            return self.none()  # "" or a word would match far too much
        escaped = json.dumps(address)[1:-1]
        candidates = self.filter(
            Q(kwargs__icontains=address) | Q(kwargs__icontains=escaped)
        )
        whole = re.compile(
            rf"(?<!{ADDRESS_CHARACTER}|\.){re.escape(address)}"
            rf"(?!{ADDRESS_CHARACTER}|\.{ADDRESS_CHARACTER})",
            re.IGNORECASE,
        )
        pks = [
            failed.pk
            for failed in candidates.only("pk", "kwargs")
            if any(whole.search(text) for text in strings_in(failed.kwargs))
        ]
        return self.filter(pk__in=pks)


def strings_in(value) -> list[str]:
    """Every string in JSON data, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value, *(s for item in value.values() for s in strings_in(item))]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


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

    objects = FailedJobQuerySet.as_manager()

    class Meta:
        ordering = ["-failed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.function} ({self.failed_at:%Y-%m-%d %H:%M})"

    @property
    def summary(self) -> str:
        """The traceback's last line: the exception and its message."""
        lines = self.error.strip().splitlines()
        return lines[-1] if lines else ""
