"""Erase a commenter on request: every comment of one e-mail address, deleted or
anonymised, in one transaction."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from comments.services import commenter_forget


class Command(BaseCommand):
    help = (
        "Anonymise (the default: name, e-mail, IP address and browser removed, text "
        "kept) or delete every comment of an e-mail address."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The commenter's e-mail address.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--anonymise",
            action="store_true",
            help="Keep the comments, remove who wrote them (default).",
        )
        mode.add_argument(
            "--delete",
            action="store_true",
            help="Delete the comments. Other readers' replies to them stay.",
        )

    def handle(self, *args, email, delete, **options):
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        result = commenter_forget(email=email, delete=delete)
        verb = "Deleted" if delete else "Anonymised"
        self.stdout.write(f"{verb} {result.comments} comment(s) of {email}.")
        if result.replies_kept:
            self.stdout.write(
                f"Kept {result.replies_kept} repl(ies) by other readers; they now "
                "stand on their own."
            )
