"""Copy uploaded media between storages (a folder, a bucket), skipping what is there."""

from django.core.management.base import BaseCommand, CommandError

from core.mediacopy import MediaCopyError, media_copy, storage_for
from core.storageurl import StorageURLError


class Command(BaseCommand):
    help = (
        "Copy every media file from one storage to another: file:///path, "
        "s3://bucket?endpoint=…, or default (this site's). Files already there at "
        "the same size are skipped, so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", default="default")
        parser.add_argument("--to", dest="target", default="default")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *, source, target, dry_run, **options):
        if source == target:
            raise CommandError("--from and --to name the same storage.")
        try:
            result = media_copy(
                source=storage_for(source),
                target=storage_for(target),
                dry_run=dry_run,
                on_copy=lambda name: self.stdout.write(
                    f"{'Would copy' if dry_run else 'Copied'} {name}"
                ),
            )
        except (StorageURLError, MediaCopyError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.copied} file(s) {'to copy' if dry_run else 'copied'}, "
            f"{result.skipped} already there."
        )
