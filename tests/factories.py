"""factory-boy factories for every model. One section per app, in dependency order."""

import io
import os
import struct
import zlib

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image as PILImage

# --- accounts ----------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("password")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)


# --- images ------------------------------------------------------------------------


def image_bytes(
    *, size=(64, 48), image_format="PNG", colour=(200, 40, 60), **save_options
) -> bytes:
    """A real picture, made in memory: left half ``colour``, right half blue."""
    picture = PILImage.new("RGB", size, colour)
    picture.paste((20, 40, 220), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    picture.save(out, format=image_format, **save_options)
    return out.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    """An ``images.Image`` with a real file, saved by ``image_save`` like an upload."""

    class Meta:
        model = "images.Image"

    class Params:
        pixels = (64, 48)
        image_format = "PNG"

    file = factory.LazyAttribute(
        lambda o: ContentFile(
            image_bytes(size=o.pixels, image_format=o.image_format),
            name=f"picture.{o.image_format.lower()}",
        )
    )
    alt_text = factory.Faker("sentence", nb_words=6)
    caption = factory.Faker("sentence", nb_words=10)
    credit = "© Showsite"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from images.services import image_save

        return image_save(image=model_class(*args, **kwargs))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bomb_png(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG of ``width`` × ``height`` zeros.

    Every row is compressed as it is made, so building a 200-megapixel picture takes a
    few kilobytes of file and no large allocation; decoding it would take hundreds of
    megabytes.
    """
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then packed bits
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height))
    idat += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def noise_png(size: int) -> bytes:
    """A PNG that does not compress: about 3 × size² bytes."""
    picture = PILImage.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'
)
TEXT = b"Season 2 is out on 3 October.\nThis is a text file, not a poster.\n"


def truncated_jpeg() -> bytes:
    whole = image_bytes(size=(400, 300), image_format="JPEG")
    return whole[: len(whole) // 2]


# --- catalog -----------------------------------------------------------------------


# --- articles ----------------------------------------------------------------------


# --- comments ----------------------------------------------------------------------
