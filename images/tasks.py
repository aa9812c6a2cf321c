"""The image library's background jobs (see jobs/queue.py). Each is idempotent:
renditions are got or made, and deleting a file that is gone does nothing."""

from django.core.files.storage import default_storage

from .models import Image, Rendition
from .services import image_renditions


def renditions_make(*, image_id: int) -> None:
    """Make the picture's missing renditions (nothing if it was deleted since)."""
    image = Image.objects.filter(pk=image_id).first()
    if image is not None and image.file:
        image_renditions(image=image)


def files_delete(*, names: list[str]) -> None:
    """Delete stored files that no Image or Rendition uses (checked again here: a
    row may have taken the name since the job was enqueued)."""
    used = set(Image.objects.filter(file__in=names).values_list("file", flat=True))
    used |= set(Rendition.objects.filter(file__in=names).values_list("file", flat=True))
    for name in names:
        if name not in used:
            default_storage.delete(name)
