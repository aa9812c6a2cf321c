"""Pillow work on uploaded pictures: refuse what is unsafe, clean what we keep.

Everything here is pure (bytes in, bytes out) so the service and the form share it and
tests can feed it hand-made files.
"""

import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

# The only decoders Pillow may run on an upload. MPO is how Pillow names a JPEG from a
# phone camera that carries a second (depth or preview) picture; it opens through the
# JPEG plugin and is stored as a plain JPEG.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
SAVE_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "GIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# What a damaged or hostile file makes Pillow raise while reading headers or pixels.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)

ERRORS = {
    "format": "“%(name)s” is not a JPEG, PNG, WebP or GIF picture. SVG, HEIC, TIFF "
    "and other files are not accepted: export the picture as JPEG or PNG and try "
    "again.",
    "damaged": "“%(name)s” looks like a picture but could not be read: it is damaged "
    "or incomplete. Export it again and upload the new file.",
    "too_big": "“%(name)s” is %(size)s; the largest upload is %(limit)s. Export a "
    "smaller version (a long side of 3000 pixels is plenty).",
    "too_many_pixels": "“%(name)s” is too large in pixels (%(pixels)s megapixels; "
    "the limit is %(limit)s). Export a smaller version.",
}


@dataclass(frozen=True)
class CleanedImage:
    content: bytes
    name: str
    width: int
    height: int


def _error(code: str, name: str, **params) -> ValidationError:
    return ValidationError(ERRORS[code], code=code, params={"name": name, **params})


def _too_many_pixels(name: str, pixels: int) -> ValidationError:
    limit = settings.IMAGE_MAX_PIXELS
    return _error(
        "too_many_pixels",
        name,
        pixels=f"{pixels / 1e6:.3g}" if pixels else "too many",
        limit=f"{limit / 1e6:.3g}",
    )


def open_upload(file) -> PILImage.Image:
    """Open and decode an uploaded file, or raise a ValidationError saying why not.

    Size is checked before Pillow reads a byte; the pixel count before any pixel is
    decoded. A decompression bomb between Pillow's warning and error thresholds only
    warns, so the warning is turned into a refusal here (and our own pixel limit,
    which is lower, refuses it anyway should another thread reset the filters).
    """
    name = PurePath(getattr(file, "name", "") or "upload").name
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    if size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise _error(
            "too_big",
            name,
            size=filesizeformat(size),
            limit=filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
        )
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            image = PILImage.open(file, formats=ALLOWED_FORMATS)
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise _too_many_pixels(name, 0) from None
        except UnidentifiedImageError:
            raise _error("format", name) from None
        except DECODE_ERRORS:
            raise _error("damaged", name) from None
        if image.format not in SAVE_AS:
            raise _error("format", name)
        pixels = image.width * image.height
        if pixels > settings.IMAGE_MAX_PIXELS:
            raise _too_many_pixels(name, pixels)
        try:
            # Only the first frame is kept (animations are stored as a still), so it is
            # the only one decoded.
            image.seek(0)
            image.load()
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise _too_many_pixels(name, pixels) from None
        except DECODE_ERRORS:
            raise _error("damaged", name) from None
    return image


def clean_upload(file) -> CleanedImage:
    """Validate an upload; re-encode it upright, with no metadata but its colours.

    Re-encoding drops EXIF (camera, GPS), XMP, IPTC and comments; the ICC profile stays
    so colours do not shift. Animated GIF and WebP keep their first frame only.
    """
    source = open_upload(file)
    save_as = SAVE_AS[source.format]
    icc_profile = source.info.get("icc_profile")
    transparency = source.info.get("transparency")
    upright = ImageOps.exif_transpose(source)
    upright.info = {}
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if save_as == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options.update(quality=90, optimize=True, progressive=True)
    elif save_as == "WEBP":
        options.update(quality=90, method=4)
    elif save_as in ("PNG", "GIF") and transparency is not None:
        options["transparency"] = transparency
    out = io.BytesIO()
    upright.save(out, format=save_as, **options)
    stem = slugify(PurePath(getattr(file, "name", "") or "image").stem)[:80] or "image"
    return CleanedImage(
        content=out.getvalue(),
        name=f"{stem}.{EXTENSIONS[save_as]}",
        width=upright.width,
        height=upright.height,
    )


def has_alpha(image: PILImage.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def render_webp(file, width: int) -> tuple[bytes, int]:
    """A WebP copy of a stored (already cleaned) picture, ``width`` pixels wide."""
    file.seek(0)
    with PILImage.open(file, formats=ALLOWED_FORMATS) as source:
        height = max(1, round(source.height * width / source.width))
        icc_profile = source.info.get("icc_profile")
        # JPEG can decode straight to a smaller scale, which is much faster.
        source.draft("RGB", (width, height))
        image = source.convert("RGBA" if has_alpha(source) else "RGB")
    if image.width != width:
        image = image.resize(
            (width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0
        )
    out = io.BytesIO()
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    image.save(out, format="WEBP", quality=80, method=4, **options)
    return out.getvalue(), height
