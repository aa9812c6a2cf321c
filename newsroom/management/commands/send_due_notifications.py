from django.core.management.base import BaseCommand

from newsroom.golive import announce_due_go_lives


class Command(BaseCommand):
    help = (
        "Tell authors whose scheduled pieces have gone live. Admin requests do this "
        "too (at most once a minute); run it from cron for a quiet site."
    )

    def handle(self, *args, **options):
        announced = announce_due_go_lives()
        self.stdout.write(f"Announced {announced} piece(s) that went live.")
