"""Delete stored picture files that no row uses any more.

``image_save`` cleans up after its own failures, but a transaction rolled back around
it (an admin save that fails later on) can still leave a file behind. Run this daily;
files younger than ``--older-than-hours`` are left alone because their row may not
have committed yet.

The deletes are jobs (``images.tasks.files_delete``, a batch of names each), run by
the workers when ``JOBS_URL`` is set and by this command itself when it is not; each
checks again that no row uses the file.
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.backup import storage_files
from images.models import Image, Rendition
from images.tasks import files_delete
from jobs.queue import enqueue

# Listed through the storage API, so the same walk serves a folder and a bucket.
ROOTS = ("images/originals", "images/renditions")
BATCH = 100


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
        pruned, batch = 0, []
        for root in ROOTS:
            for name in storage_files(storage, root):
                if name in used or storage.get_modified_time(name) > cutoff:
                    continue
                pruned += 1
                self.stdout.write(f"{'Would delete' if dry_run else 'Deleting'} {name}")
                if not dry_run:
                    batch.append(name)
                if len(batch) == BATCH:
                    enqueue(files_delete, names=batch)
                    batch = []
        if batch:
            enqueue(files_delete, names=batch)
        self.stdout.write(f"{pruned} unused file(s).")
