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

from images.models import Image, Rendition

ROOTS = ("images/originals", "images/renditions")


def _walk(storage, path: str):
    if not storage.exists(path):
        return
    directories, files = storage.listdir(path)
    for name in files:
        yield f"{path}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}")


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
            for name in _walk(storage, root):
                if name in used or storage.get_modified_time(name) > cutoff:
                    continue
                if not dry_run:
                    storage.delete(name)
                pruned += 1
                self.stdout.write(f"{'Would delete' if dry_run else 'Deleted'} {name}")
        self.stdout.write(f"{pruned} unused file(s).")
