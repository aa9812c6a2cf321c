"""Two requests rendering the same picture at the same moment, in real threads."""

import threading

import pytest
from django.db import connection

from images import processing
from images.models import Image, Rendition
from images.services import rendition_get_or_create
from tests.factories import ImageFactory


@pytest.mark.django_db(transaction=True)
def test_two_requests_making_the_same_rendition_at_once_leave_one_row_and_file(
    settings, monkeypatch
):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's shared-cache in-memory test database refuses a second writer "
            "('database table is locked') instead of waiting; the real race runs on "
            "PostgreSQL in CI, and test_images_renditions simulates it on SQLite."
        )
    image = ImageFactory(pixels=(400, 200))
    # Outside a test transaction the upload's on-commit renditions already ran.
    Rendition.objects.all().delete()
    rendered = []
    # The timeout only stops a hang; a loaded CI machine can take a while to render.
    both_rendered = threading.Barrier(2, timeout=120)
    real_render = processing.render_webp

    def render_then_wait_for_the_other(file, width):
        result = real_render(file, width)
        rendered.append(width)
        both_rendered.wait()  # both have missed the lookup before either inserts
        return result

    monkeypatch.setattr(processing, "render_webp", render_then_wait_for_the_other)
    results, errors = [], []

    def request():
        try:
            own = Image.objects.get(pk=image.pk)
            results.append(rendition_get_or_create(image=own, width=320))
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert rendered == [320, 320]  # both really raced
    assert len({rendition.pk for rendition in results}) == 1
    assert Rendition.objects.count() == 1
    root = settings.MEDIA_ROOT
    files = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    assert files == {image.file.name, results[0].file.name}
