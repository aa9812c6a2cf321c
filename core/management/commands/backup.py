"""Back up the database and the uploaded media into one new folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL) and the uploaded media into a "
        "new folder with a manifest. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder that receives the backup folder (default: BACKUP_ROOT).",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, output, database, **options):
        try:
            folder = backup_create(root=output or settings.BACKUP_ROOT, using=database)
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(folder.as_posix())
