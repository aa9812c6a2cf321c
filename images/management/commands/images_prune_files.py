"""Delete stored picture files that no row uses any more.

``image_save`` cleans up after its own failures, but a transaction rolled back around
it (an admin save that fails later on) can still leave a file behind. Run this daily;
files younger than ``--older-than-hours`` are left alone because their row may not
have committed yet.
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.backup import storage_files
from images.models import Image, Rendition

# Listed through the storage API, so the same walk serves a folder and a bucket.
ROOTS = ("images/originals", "images/renditions")


class Command(BaseCommand):
    help = "Delete picture files that no Image or Rendition refers to."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=float, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *, older_than_hours, dry_run, **options):
        storage = default_storage
        used = set(Image.objects.values_list("file", flat=True))
        used |= set(Rendition.objects.values_list("file", flat=True))
        cutoff = timezone.now() - timedelta(hours=older_than_hours)
        pruned = 0
        for root in ROOTS:
            for name in storage_files(storage, root):
                if name in used or storage.get_modified_time(name) > cutoff:
                    continue
                if not dry_run:
                    storage.delete(name)
                pruned += 1
                self.stdout.write(f"{'Would delete' if dry_run else 'Deleted'} {name}")
        self.stdout.write(f"{pruned} unused file(s).")
