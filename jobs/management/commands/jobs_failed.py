"""List the jobs that failed for good (the admin lists them too: Background jobs →
Failed jobs), and retry or delete them. A retried job is enqueued again, after its
failure record is removed; it is idempotent, so retrying one that half ran is safe."""

from django.core.management.base import BaseCommand, CommandError

from jobs.models import FailedJob
from jobs.queue import delete_failed, retry_failed

LIST_LIMIT = 100


class Command(BaseCommand):
    help = "List failed background jobs; --retry or --delete some (ids) or --all."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--retry", action="store_true", help="Enqueue them again.")
        action.add_argument("--delete", action="store_true", help="Forget them.")
        parser.add_argument("ids", nargs="*", type=int, help="Failed job ids.")
        parser.add_argument(
            "--all", action="store_true", dest="every", help="Every failed job."
        )

    def handle(self, *, retry, delete, ids, every, **options):
        if not (retry or delete):
            return self.list()
        if bool(ids) == every:
            raise CommandError("Name failed job ids, or --all.")
        chosen = (
            FailedJob.objects.all() if every else FailedJob.objects.filter(pk__in=ids)
        )
        act, verb = (retry_failed, "Retried") if retry else (delete_failed, "Deleted")
        done = 0
        for failed in chosen.order_by("pk").iterator():
            act(failed)
            done += 1
            self.stdout.write(f"{verb} #{failed.pk} {failed.function}")
        self.stdout.write(f"{done} failed job(s) {verb.lower()}.")

    def list(self):
        total = FailedJob.objects.count()
        for failed in FailedJob.objects.all()[:LIST_LIMIT]:
            self.stdout.write(
                f"#{failed.pk} {failed.failed_at:%Y-%m-%d %H:%M} {failed.function} "
                f"({failed.attempts} attempt(s), {failed.ran_in}): {failed.summary}"
            )
        if total > LIST_LIMIT:
            self.stdout.write(f"… and {total - LIST_LIMIT} older.")
        self.stdout.write(f"{total} failed job(s).")
