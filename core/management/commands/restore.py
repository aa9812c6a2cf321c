"""Put a backup made by `manage.py backup` back: the database, then the media."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `manage.py backup`: the whole database is "
        "replaced, then the backup's media files are written back. Stop the app "
        "servers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="The backup folder.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a site that has content without asking.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ask nothing: a site with content is replaced, as with --force.",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, folder, force, interactive, database, **options):
        ask = interactive and not force
        try:
            report = backup_restore(
                folder=folder, using=database, confirm=self._confirm if ask else None
            )
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {report.created_at}: the database and "
                f"{report.media_files} media file(s)."
            )
        )
        if report.pending_migrations:
            self.stdout.write(
                f"The backup predates {len(report.pending_migrations)} migration(s) "
                "of this code: run `manage.py migrate` now."
            )

    def _confirm(self, manifest: dict) -> None:
        """Asked only once the backup passed its checks, so nobody agrees in vain."""
        question = (
            "This site has content. The restore replaces the whole database with the "
            f"backup of {manifest['created_at']} and writes back its media files.\n"
            "Type 'yes' to continue: "
        )
        try:
            answer = input(question)
        except (EOFError, OSError):  # no terminal to ask on (cron, a pipe)
            raise CommandError(
                "This site has content and there is nobody to ask: pass --force to "
                "replace it with the backup."
            ) from None
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")
