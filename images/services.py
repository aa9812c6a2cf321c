"""Writes to the image library: saving an upload and making renditions.

``processing`` (Pillow) is imported where a picture is read: pages only list
renditions that exist, and a web worker that serves them is ~3 MiB smaller without it.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from jobs.queue import enqueue

from .models import Image, Rendition

logger = logging.getLogger(__name__)


def image_save(*, image: Image, by=None) -> Image:
    """Save ``image``; a new file is validated, made upright and stripped first.

    The stored file and the row are written together: if the database write fails the
    new file is deleted, and a replaced file (with its renditions) is deleted only once
    the transaction has committed.
    """
    new_upload = bool(image.file) and not image.file._committed
    old_name = ""
    if new_upload:
        if image.pk:
            old_name = (
                Image.objects.filter(pk=image.pk).values_list("file", flat=True).first()
                or ""
            )
        from . import processing  # Pillow, only when a file is uploaded

        cleaned = processing.clean_upload(image.file)
        image.file = ContentFile(cleaned.content, name=cleaned.name)
        image.width, image.height = cleaned.width, cleaned.height
        if by is not None and image.uploaded_by_id is None:
            image.uploaded_by = by
    try:
        with transaction.atomic():
            if old_name:
                # Their files go on commit (see signals); new ones are made on demand.
                image.renditions.all().delete()
            image.save()
    except BaseException:
        if new_upload and image.file._committed:
            image.file.storage.delete(image.file.name)
        raise
    if old_name and old_name != image.file.name:
        from .tasks import files_delete

        enqueue(files_delete, names=[old_name])
    if new_upload:
        from .tasks import renditions_make

        # A job makes the renditions after commit, rather than the first public page
        # view; the template tag still makes any that are missing.
        enqueue(renditions_make, image_id=image.pk)
    return image


def rendition_widths(*, width: int) -> list[int]:
    """The widths to offer for a picture ``width`` pixels wide: never wider than it."""
    configured = sorted(settings.IMAGE_RENDITION_WIDTHS)
    widths = [w for w in configured if w < width]
    if width <= configured[-1]:
        widths.append(width)
    elif configured[-1] not in widths:
        widths.append(configured[-1])
    return widths


def rendition_get_or_create(*, image: Image, width: int) -> Rendition:
    """The WebP rendition of ``image`` at ``width``, made once and stored.

    Safe when several requests ask at once: the unique constraint lets one row win and
    the others delete the file they wrote and use the winner's.
    """
    fmt = Rendition.Format.WEBP
    existing = Rendition.objects.filter(image=image, width=width, format=fmt).first()
    if existing is not None:
        return existing
    from . import processing  # Pillow, only when a rendition is made

    with image.file.open("rb") as source:
        content, height = processing.render_webp(source, width)
    rendition = Rendition(image=image, width=width, height=height, format=fmt)
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    rendition.file.save(
        f"{image.pk}/{stem}-{width}w.{fmt}", ContentFile(content), save=False
    )
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        rendition.file.storage.delete(rendition.file.name)
        return Rendition.objects.get(image=image, width=width, format=fmt)
    return rendition


def image_renditions(*, image: Image) -> list[Rendition]:
    """Every rendition the picture should have, narrowest first; missing ones are made.

    Uses prefetched renditions when the caller prefetched them
    (``Image.objects.with_renditions()``), so a page of pictures costs no query each.
    """
    by_width = {
        r.width: r for r in image.renditions.all() if r.format == Rendition.Format.WEBP
    }
    wanted = rendition_widths(width=image.width) if image.width else []
    for width in wanted:
        if width not in by_width:
            by_width[width] = rendition_get_or_create(image=image, width=width)
    return [by_width[w] for w in wanted]
