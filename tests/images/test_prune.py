import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from images.services import image_renditions
from tests.factories import ImageFactory


def prune(*args) -> str:
    out = io.StringIO()
    call_command("images_prune_files", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_prune_deletes_only_files_no_row_uses(
    media_storage, django_capture_on_commit_callbacks
):
    image = ImageFactory(pixels=(400, 200))
    renditions = image_renditions(image=image)
    stray = default_storage.save("images/originals/left-behind.png", ContentFile(b"x"))
    stray_rendition = default_storage.save(
        "images/renditions/999/gone-320w.webp", ContentFile(b"x")
    )

    assert "2 unused file(s)" in prune("--older-than-hours=0", "--dry-run")
    assert default_storage.exists(stray)

    with django_capture_on_commit_callbacks(execute=True):  # the delete jobs
        prune("--older-than-hours=0")
    assert not default_storage.exists(stray)
    assert not default_storage.exists(stray_rendition)
    assert default_storage.exists(image.file.name)
    assert all(default_storage.exists(r.file.name) for r in renditions)


@pytest.mark.django_db
def test_prune_leaves_recent_files_whose_row_may_not_have_committed(media_storage):
    stray = default_storage.save("images/originals/just-now.png", ContentFile(b"x"))
    assert "0 unused file(s)" in prune()
    assert default_storage.exists(stray)
