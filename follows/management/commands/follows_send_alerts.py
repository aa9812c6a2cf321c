from django.core.management.base import BaseCommand

from follows.services import expired_requests_delete, old_events_delete
from follows.tasks import alerts_due


class Command(BaseCommand):
    help = (
        "Send followers the news that waited (held back by the one-a-day limit, or "
        "pieces that went live on schedule), delete follow requests never "
        "confirmed and events a week old. Run it from cron, hourly."
    )

    def handle(self, *args, **options):
        expired = expired_requests_delete()
        addresses = alerts_due()
        old_events_delete()  # after sending: the last run's leftovers go first
        self.stdout.write(
            f"Alerts queued for {addresses} address(es); {expired} expired "
            "request(s) deleted."
        )
