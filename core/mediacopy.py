"""Copy every uploaded file from one storage to another: moving a site to a bucket.

Run it again and it copies only what is missing or differs, so a site can be copied
while it runs and once more, briefly, after uploads stop; then ``MEDIA_STORAGE_URL``
is switched. Names stay as they are, so the database needs no change.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import Storage, storages

from .backup import storage_files
from .storageurl import parse_storage_url


class MediaCopyError(Exception):
    """The target would not keep a file under its own name."""


@dataclass
class CopyResult:
    copied: int = 0
    skipped: int = 0


def storage_for(url: str) -> Storage:
    """The storage ``url`` names; ``default`` is the site's own media storage."""
    if url == "default":
        return storages.create_storage(settings.STORAGES["default"])
    return storages.create_storage(
        parse_storage_url(url, cache_control=settings.MEDIA_CACHE_CONTROL)
    )


def media_copy(
    *,
    source: Storage,
    target: Storage,
    dry_run: bool = False,
    on_copy: Callable[[str], None] = lambda name: None,
) -> CopyResult:
    """Copy each file of ``source`` that ``target`` lacks, or holds at another size.

    The size is what both backends know without reading the file; a picture is
    never rewritten in place under the same name and size, so it is enough.
    """
    result = CopyResult()
    for name in storage_files(source):
        if target.exists(name) and target.size(name) == source.size(name):
            result.skipped += 1
            continue
        result.copied += 1
        on_copy(name)
        if dry_run:
            continue
        if target.exists(name):
            target.delete(name)
        with source.open(name, "rb") as f:
            saved = target.save(name, f)
        if saved != name:
            raise MediaCopyError(f"{name} was stored as {saved}; copy stopped.")
    return result
