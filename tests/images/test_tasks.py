"""The image library's jobs are idempotent: run twice, they have one effect."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from images.models import Rendition
from images.tasks import files_delete, renditions_make
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def test_making_renditions_twice_makes_them_once():
    image = ImageFactory(pixels=(400, 200))
    renditions_make(image_id=image.pk)
    made = list(Rendition.objects.filter(image=image).values_list("file", flat=True))
    renditions_make(image_id=image.pk)
    assert made
    assert (
        list(Rendition.objects.filter(image=image).values_list("file", flat=True))
        == made
    )
    renditions_make(image_id=image.pk + 1000)  # deleted since: nothing to do


def test_deleting_files_spares_a_name_a_row_uses_and_tolerates_a_gone_one():
    image = ImageFactory(pixels=(40, 20))
    stray = default_storage.save("images/originals/stray.png", ContentFile(b"x"))
    names = [image.file.name, stray, "images/originals/never-was.png"]
    files_delete(names=names)
    files_delete(names=names)
    assert default_storage.exists(image.file.name)
    assert not default_storage.exists(stray)
