"""Demo pictures made with Pillow, so ``load_demo`` needs no network.

Other apps' demo modules call ``demo_image``; it returns the same ``Image`` every time
for the same ``key``.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from .models import Image, image_upload_to
from .services import image_save

POSTER = (800, 1200)


def poster_png(
    *,
    title: str,
    subtitle: str = "",
    colours=((28, 40, 92), (220, 80, 120)),
    size: tuple[int, int] = POSTER,
) -> bytes:
    """A poster-like PNG: a two-colour gradient, a band, and the title in big type."""
    width, height = size
    top, bottom = colours
    picture = PILImage.new("RGB", size, top)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / (height - 1)
        colour = tuple(
            round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)
        )
        draw.line([(0, y), (width, y)], fill=colour)
    draw.rectangle([(0, height * 2 // 3), (width, height * 2 // 3 + 12)], fill="white")
    title_font = ImageFont.load_default(size=max(24, width // 11))
    small_font = ImageFont.load_default(size=max(14, width // 22))
    draw.multiline_text(
        (width // 2, height // 3),
        _wrap(title, max(8, width // 50)),
        font=title_font,
        fill="white",
        anchor="mm",
        align="center",
    )
    if subtitle:
        draw.text(
            (width // 2, height * 2 // 3 + height // 15),
            subtitle,
            font=small_font,
            fill="white",
            anchor="mm",
        )
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def demo_image(
    *,
    key: str,
    title: str,
    alt_text: str,
    subtitle: str = "",
    caption: str = "",
    credit: str = "Showsite demo artwork",
    colours=((28, 40, 92), (220, 80, 120)),
    size: tuple[int, int] = POSTER,
) -> Image:
    """The demo picture named ``key``: made on the first call, found afterwards."""
    return _stored(
        key=key,
        content=lambda: poster_png(
            title=title, subtitle=subtitle, colours=colours, size=size
        ),
        alt_text=alt_text,
        caption=caption,
        credit=credit,
    )


def _stored(*, key: str, content, alt_text: str, caption: str, credit: str) -> Image:
    """The picture stored for ``key``, or a new one from ``content()``."""
    filename = f"demo-{slugify(key)}.png"
    name = image_upload_to(None, filename)
    image = Image.objects.filter(file=name).first()
    if image is not None:
        return image
    if default_storage.exists(name):
        # Left behind by a database reset; reuse the name rather than get a suffix.
        default_storage.delete(name)
    return image_save(
        image=Image(
            file=ContentFile(content(), name=filename),
            alt_text=alt_text,
            caption=caption,
            credit=credit,
        )
    )


PORTRAIT = (320, 400)
# Muted pairs that read well behind white initials, light or dark page.
PORTRAIT_PALETTE = [
    ((40, 58, 110), (120, 150, 210)),
    ((88, 40, 96), (200, 120, 170)),
    ((24, 84, 78), (110, 190, 160)),
    ((110, 52, 32), (220, 150, 90)),
    ((50, 50, 60), (150, 150, 170)),
    ((30, 70, 110), (90, 180, 200)),
]


def initials(name: str) -> str:
    """ "Kit Connor" -> "KC"; "Cormac Hyde-Corrin" -> "CH"; one word -> one letter."""
    words = [w for w in name.split() if w[:1].isalpha()]
    letters = [words[0][0], words[-1][0]] if len(words) > 1 else words[:1]
    return "".join(letter[0].upper() for letter in letters) or "?"


def portrait_png(*, name: str, size: tuple[int, int] = PORTRAIT) -> bytes:
    """A portrait-shaped PNG: a diagonal-ish gradient chosen by the name, and the
    initials. The same name always gives the same picture."""
    width, height = size
    top, bottom = PORTRAIT_PALETTE[
        sum(name.encode()) % len(PORTRAIT_PALETTE)  # stable across processes
    ]
    picture = PILImage.new("RGB", size, top)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / (height - 1)
        colour = tuple(
            round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)
        )
        draw.line([(0, y), (width, y)], fill=colour)
    radius = width * 3 // 10
    centre = (width // 2, height * 9 // 20)
    draw.ellipse(
        [
            (centre[0] - radius, centre[1] - radius),
            (centre[0] + radius, centre[1] + radius),
        ],
        outline=(255, 255, 255),
        width=max(2, width // 80),
    )
    draw.text(
        centre,
        initials(name),
        font=ImageFont.load_default(size=width // 4),
        fill="white",
        anchor="mm",
    )
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=False)
    return out.getvalue()


def demo_portrait(*, name: str) -> Image:
    """The demo's illustrated portrait of ``name``: initials, not a likeness."""
    return _stored(
        key=f"portrait {name}",
        content=lambda: portrait_png(name=name),
        alt_text=f"Illustration with the initials of {name}",
        caption="",
        credit="Showsite demo illustration, not a photo",
    )
