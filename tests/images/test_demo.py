import pytest
from PIL import Image as PILImage

from images.demo import demo_image
from images.models import Image


@pytest.mark.django_db
def test_demo_image_is_a_real_poster_made_once_per_key():
    kwargs = {"title": "Heartstopper", "alt_text": "Poster", "subtitle": "Season 3"}
    first = demo_image(key="Heartstopper poster", **kwargs)
    again = demo_image(key="Heartstopper poster", **kwargs)
    other = demo_image(key="Alice Oseman", title="Alice Oseman", alt_text="Author")
    assert again.pk == first.pk != other.pk
    assert Image.objects.count() == 2
    assert first.file.name == "images/originals/demo-heartstopper-poster.png"
    with first.file.open("rb") as f, PILImage.open(f) as poster:
        assert poster.size == (800, 1200)
        assert (
            len(set(poster.convert("RGB").get_flattened_data())) > 100
        )  # a gradient, text


@pytest.mark.django_db
def test_demo_image_reuses_its_name_after_a_database_reset():
    first = demo_image(key="poster", title="A", alt_text="A")
    name = first.file.name
    Image.objects.all().delete()  # the row goes; the file stays until commit
    assert demo_image(key="poster", title="A", alt_text="A").file.name == name
