"""What is stored: upright pixels, no metadata, no orphan files."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from PIL import Image as PILImage
from PIL import ImageCms

from core.backup import storage_files
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


def stored_files() -> list[str]:
    """Every stored file, listed through the storage: a folder or a bucket."""
    return sorted(storage_files(default_storage))


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
def test_failed_database_write_leaves_no_file_behind(media_storage):
    # Half a focal point breaks a database constraint after the file was written.
    image = Image(
        file=ContentFile(image_bytes(), "a.png"), alt_text="A", focal_point_x=10
    )
    with pytest.raises(IntegrityError):
        image_save(image=image)
    assert stored_files() == []


@pytest.mark.django_db
def test_validation_failure_stores_nothing():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        image_save(
            image=Image(file=ContentFile(b"not a picture", "a.png"), alt_text="A")
        )
    assert stored_files() == []
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_replacing_the_file_deletes_old_file_and_renditions_after_commit(
    media_storage, django_capture_on_commit_callbacks
):
    image = ImageFactory(pixels=(400, 200))
    image_renditions(image=image)
    old = set(stored_files())
    assert len(old) == 3  # original, 320w, 400w

    image.file = ContentFile(image_bytes(size=(100, 50)), "new.png")
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image)

    image.refresh_from_db()
    assert (image.width, image.height) == (100, 50)
    assert stored_files() == [image.file.name, *rendition_names(image)]
    assert old.isdisjoint(stored_files())


def rendition_names(image: Image) -> list[str]:
    return [r.file.name for r in Rendition.objects.filter(image=image)]


@pytest.mark.django_db
def test_deleting_an_image_deletes_its_files_after_commit(
    media_storage, django_capture_on_commit_callbacks
):
    image = ImageFactory(pixels=(700, 350))
    image_renditions(image=image)
    assert len(stored_files()) == 4
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert stored_files() == []


@pytest.mark.django_db
def test_saving_without_a_new_file_does_not_touch_the_stored_one():
    image = ImageFactory()
    before = stored_files()
    image.alt_text = "Changed"
    image_save(image=image)
    assert stored_files() == before


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


@pytest.mark.django_db
def test_objects_in_a_bucket_carry_their_content_type_and_cache_control(s3_media):
    from tests.s3_helpers import BUCKET

    image = ImageFactory(pixels=(400, 200), image_format="JPEG")
    renditions = image_renditions(image=image)
    client = s3_media.client()
    location = default_storage.location

    def head(name: str) -> tuple[str, str]:
        meta = client.head_object(Bucket=BUCKET, Key=f"{location}/{name}")
        return meta["ContentType"], meta["CacheControl"]

    assert head(image.file.name) == ("image/jpeg", "public, max-age=86400")
    for rendition in renditions:
        assert head(rendition.file.name) == ("image/webp", "public, max-age=86400")
    # Renditions live beside their original, in the same bucket and prefix.
    assert all(r.file.storage.location == location for r in renditions)


@pytest.mark.django_db
def test_two_uploads_of_the_same_name_keep_both_files_in_a_bucket(s3_media):
    first, second = ImageFactory(), ImageFactory()
    assert first.file.name != second.file.name
    assert default_storage.open(first.file.name).read() != b""
    assert default_storage.exists(second.file.name)


@pytest.mark.django_db
def test_signed_urls_read_a_private_bucket_that_plain_urls_cannot(s3_media, settings):
    from urllib.error import HTTPError

    from tests.s3_helpers import PRIVATE_BUCKET, fetch_media

    url = s3_media.url(bucket=PRIVATE_BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_media.storage_config(
            url, signed_urls=True, signed_url_seconds=600
        ),
    }
    image = ImageFactory()
    signed = image.file.url
    assert "X-Amz-Signature=" in signed
    with image.file.open("rb") as stored:
        assert fetch_media(signed) == (stored.read(), "image/png")
    with pytest.raises(HTTPError) as refused:
        fetch_media(signed.partition("?")[0])
    assert refused.value.code == 403
