"""Uploads are refused with a clear form error, never a 500, when they are unsafe."""

import warnings

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageFile

from images import processing
from images.forms import ImageUploadField
from tests.factories import SVG, TEXT, bomb_png, image_bytes, noise_png, truncated_jpeg


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(content: bytes, name: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        ImageUploadField().clean(upload(content, name))
    return caught.value


@pytest.mark.parametrize(
    ("image_format", "name"),
    [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp"), ("GIF", "a.gif")],
)
def test_jpeg_png_webp_and_gif_are_accepted(image_format, name):
    file = ImageUploadField().clean(
        upload(image_bytes(image_format=image_format), name)
    )
    assert file.image.size == (64, 48)
    assert file.content_type.startswith("image/")


def test_a_real_decompression_bomb_png_is_refused_without_decoding():
    content = bomb_png(14_000, 14_000)  # 196 Mpx: past Pillow's own error threshold
    assert len(content) < 100_000
    assert 14_000 * 14_000 > 2 * PILImage.MAX_IMAGE_PIXELS
    error = refusal(content, "poster.png")
    assert error.code == "too_many_pixels"
    assert "too large in pixels" in error.messages[0]


def test_bomb_between_pillows_warning_and_error_thresholds_is_refused(settings):
    # 100 Mpx only makes Pillow warn. Lift our own limit so that the warning alone
    # has to refuse it, and silence warnings so the test's filters don't help.
    settings.IMAGE_MAX_PIXELS = 10**9
    content = bomb_png(10_000, 10_000)
    assert PILImage.MAX_IMAGE_PIXELS < 10_000 * 10_000 < 2 * PILImage.MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        error = refusal(content, "poster.png")
    assert error.code == "too_many_pixels"


def test_pixel_limit_from_settings_is_checked_before_decoding(settings, monkeypatch):
    content = image_bytes(size=(40, 30))
    settings.IMAGE_MAX_PIXELS = 1000
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(1))
    error = refusal(content, "wide.png")
    assert error.code == "too_many_pixels"
    assert decoded == []
    assert "(0.0012 megapixels; the limit is 0.001)" in error.messages[0]


def test_renamed_text_file_is_refused():
    error = refusal(TEXT, "poster.jpg")
    assert error.code == "format"
    assert "“poster.jpg” is not a JPEG, PNG, WebP or GIF picture" in error.messages[0]


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_svg_is_refused_whatever_its_name(name):
    assert refusal(SVG, name).code == "format"


def test_formats_pillow_knows_but_we_do_not_allow_are_refused():
    assert refusal(image_bytes(image_format="BMP"), "a.bmp").code == "format"
    assert refusal(image_bytes(image_format="TIFF"), "a.png").code == "format"


def test_truncated_file_is_refused_as_damaged():
    error = refusal(truncated_jpeg(), "half.jpg")
    assert error.code == "damaged"
    assert "damaged or incomplete" in error.messages[0]


def test_oversized_file_is_refused_before_pillow_reads_it(settings, monkeypatch):
    content = noise_png(100)
    settings.IMAGE_MAX_UPLOAD_BYTES = len(content) - 1
    opened = []
    monkeypatch.setattr(processing.PILImage, "open", lambda *a, **k: opened.append(a))
    error = refusal(content, "huge.png")
    assert error.code == "too_big"
    assert "the largest upload is" in error.messages[0]
    assert opened == []


def test_form_field_offers_only_allowed_types_to_the_file_picker():
    widget = ImageUploadField().widget
    assert widget.attrs["accept"] == "image/jpeg,image/png,image/webp,image/gif"
