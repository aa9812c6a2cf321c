import json

from django.core.management.base import BaseCommand, CommandError

from follows.services import address_delete, address_export


class Command(BaseCommand):
    help = (
        "Everything stored for a reader's e-mail address (follows, failed e-mail "
        "jobs to it): --export prints it as JSON, --delete deletes it (both: "
        "export, then delete)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The reader's e-mail address.")
        parser.add_argument("--export", action="store_true", help="Print as JSON.")
        parser.add_argument("--delete", action="store_true", help="Delete it all.")

    def handle(self, *args, email, export, delete, **options):
        if not export and not delete:
            raise CommandError("Say --export, --delete or both.")
        if export:
            self.stdout.write(json.dumps(address_export(email), indent=2))
        if delete:
            deleted = address_delete(email)
            self.stderr.write(
                f"Deleted {deleted.follows} follow(s) and {deleted.failed_jobs} "
                f"failed job(s) of {email}."
            )
