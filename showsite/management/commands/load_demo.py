from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from showsite import demo


class Command(BaseCommand):
    help = "Create the newsroom roles, demo users and demo content. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create demo users even with DEBUG=False (random passwords).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo users with DEBUG=False: they would be staff "
                "accounts on a live site. Pass --force if you really mean it."
            )
        logins = demo.load(stdout=self.stdout, fixed_passwords=settings.DEBUG)
        self.stdout.write(self.style.SUCCESS("Demo content loaded. Admin logins:"))
        for username, password in logins.items():
            self.stdout.write(f"  {username:<10} password: {password}")
