"""What is stored: upright pixels, no metadata, no orphan files."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError
from PIL import Image as PILImage
from PIL import ImageCms

from images.models import Image, Rendition
from images.services import image_renditions, image_save
from tests.factories import ImageFactory, image_bytes

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def camera_jpeg() -> bytes:
    """A 40 × 20 phone photo: red left half, blue right half, turned sideways by EXIF
    orientation 6 (rotate 90° clockwise to display), with GPS, XMP and a comment."""
    exif = PILImage.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return image_bytes(
        size=(40, 20),
        image_format="JPEG",
        quality=95,
        exif=exif,
        icc_profile=icc,
        xmp=b"<x:xmpmeta><secret>Home address</secret></x:xmpmeta>",
        comment=b"private comment",
    )


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.django_db
def test_gps_and_all_exif_are_stripped_and_orientation_is_applied():
    original = camera_jpeg()
    with PILImage.open(io.BytesIO(original)) as source:  # the fixture is what we say
        assert source.getexif().get_ifd(GPS_IFD)[2] == (51.0, 30.0, 12.5)
        assert source.size == (40, 20)

    image = image_save(
        image=Image(file=ContentFile(original, name="IMG_0001.JPG"), alt_text="A")
    )

    stored = image.file.storage.open(image.file.name).read()
    assert b"Exif" not in stored
    assert b"Home address" not in stored
    assert b"private comment" not in stored
    with PILImage.open(io.BytesIO(stored)) as kept:
        assert kept.format == "JPEG"
        assert not kept.getexif()
        assert not kept.getexif().get_ifd(GPS_IFD)
        assert "xmp" not in kept.info
        assert kept.info.get("icc_profile")  # colours are kept
        assert kept.size == (20, 40)  # turned upright
        top_r, _, top_b = kept.convert("RGB").getpixel((10, 5))
        bottom_r, _, bottom_b = kept.convert("RGB").getpixel((10, 35))
    assert top_r > 150 > top_b  # the red left half is now on top
    assert bottom_b > 150 > bottom_r
    assert (image.width, image.height) == (20, 40)
    assert image.file.name == "images/originals/img_0001.jpg"


@pytest.mark.django_db
def test_png_text_chunks_and_exif_are_stripped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "shot at 12 Secret Road")
    exif = PILImage.Exif()
    exif[GPS_IFD] = {1: "N", 2: (1.0, 2.0, 3.0)}
    content = image_bytes(pnginfo=info, exif=exif)
    image = image_save(image=Image(file=ContentFile(content, "a.png"), alt_text="A"))
    stored = image.file.storage.open(image.file.name).read()
    assert b"Secret Road" not in stored
    assert b"eXIf" not in stored


@pytest.mark.django_db
def test_stored_extension_follows_the_content_not_the_name():
    content = image_bytes(image_format="WEBP")
    image = image_save(
        image=Image(file=ContentFile(content, "still.png"), alt_text="A")
    )
    assert image.file.name == "images/originals/still.webp"


@pytest.mark.django_db
def test_failed_database_write_leaves_no_file_behind(settings):
    # Half a focal point breaks a database constraint after the file was written.
    image = Image(
        file=ContentFile(image_bytes(), "a.png"), alt_text="A", focal_point_x=10
    )
    with pytest.raises(IntegrityError):
        image_save(image=image)
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_validation_failure_stores_nothing(settings):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        image_save(
            image=Image(file=ContentFile(b"not a picture", "a.png"), alt_text="A")
        )
    assert stored_files(settings) == []
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_replacing_the_file_deletes_old_file_and_renditions_after_commit(
    settings, django_capture_on_commit_callbacks
):
    image = ImageFactory(pixels=(400, 200))
    image_renditions(image=image)
    old = set(stored_files(settings))
    assert len(old) == 3  # original, 320w, 400w

    image.file = ContentFile(image_bytes(size=(100, 50)), "new.png")
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image)

    image.refresh_from_db()
    assert (image.width, image.height) == (100, 50)
    assert stored_files(settings) == [image.file.name, *rendition_names(image)]
    assert old.isdisjoint(stored_files(settings))


def rendition_names(image: Image) -> list[str]:
    return [r.file.name for r in Rendition.objects.filter(image=image)]


@pytest.mark.django_db
def test_deleting_an_image_deletes_its_files_after_commit(
    settings, django_capture_on_commit_callbacks
):
    image = ImageFactory(pixels=(700, 350))
    image_renditions(image=image)
    assert len(stored_files(settings)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_saving_without_a_new_file_does_not_touch_the_stored_one(settings):
    image = ImageFactory()
    before = stored_files(settings)
    image.alt_text = "Changed"
    image_save(image=image)
    assert stored_files(settings) == before


@pytest.mark.django_db
def test_uploader_is_recorded_once(django_user_model):
    first = django_user_model.objects.create(username="first")
    second = django_user_model.objects.create(username="second")
    image = image_save(
        image=Image(file=ContentFile(image_bytes(), "a.png"), alt_text="A"), by=first
    )
    image_save(image=image, by=second)
    assert image.uploaded_by == first


@pytest.mark.django_db
def test_half_a_focal_point_is_a_validation_error():
    from django.core.exceptions import ValidationError

    image = ImageFactory.build(focal_point_x=30)
    with pytest.raises(ValidationError, match="both focal point values"):
        image.clean()


@pytest.mark.django_db
def test_animated_gif_is_kept_as_a_still_of_its_first_frame():
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    frames = [PILImage.new("RGB", (30, 20), colour) for colour in colours]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    with PILImage.open(io.BytesIO(out.getvalue())) as source:
        assert source.n_frames == 3
    image = image_save(
        image=Image(file=ContentFile(out.getvalue(), "a.gif"), alt_text="A")
    )
    with image.file.open("rb") as f, PILImage.open(f) as kept:
        assert kept.format == "GIF"
        assert getattr(kept, "n_frames", 1) == 1
        assert kept.size == (30, 20)
