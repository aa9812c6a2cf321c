"""Delete idempotency keys (``jobs.DoneKey``) older than ``JOBS_DONE_KEYS_KEEP_DAYS``,
as Django's ``clearsessions`` does for sessions: run it daily from one machine's cron,
or the table grows by a row per e-mail for good."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jobs.models import DoneKey


class Command(BaseCommand):
    help = "Delete job idempotency keys older than JOBS_DONE_KEYS_KEEP_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead (default JOBS_DONE_KEYS_KEEP_DAYS).",
        )

    def handle(self, *, days, **options):
        days = settings.JOBS_DONE_KEYS_KEEP_DAYS if days is None else days
        if days < 1:
            raise CommandError(
                "Keep idempotency keys at least a day (--days 1 or more)."
            )
        count = DoneKey.objects.prune(days=days)
        self.stdout.write(f"Deleted {count} idempotency key(s) older than {days} days.")
