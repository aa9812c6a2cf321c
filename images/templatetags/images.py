"""``{% image %}``: a responsive ``<img>`` built from an image's stored renditions.

    {% load images %}
    {% image article.hero_image sizes="(min-width: 60rem) 60rem, 100vw" %}
    {% image person.photo sizes="8rem" class="avatar" %}
    {% include "images/figure.html" with image=article.hero_image sizes="100vw" %}

Prefetch renditions in the view so a list costs no query per picture:
``Image.objects.with_renditions()``, or through a ForeignKey
``.select_related("hero_image").prefetch_related(renditions_prefetch("hero_image"))``.
"""

import logging

from django import template

from images.models import Image
from images.services import image_renditions

register = template.Library()
logger = logging.getLogger(__name__)

LOADING = ("lazy", "eager")
FETCHPRIORITY = ("high", "low", "auto")
# What a ``src`` falls back to for a browser that ignores srcset: a mid-size copy.
FALLBACK_WIDTH = 960


def _renditions(img: Image | None) -> list:
    """The picture's renditions, or none when its file is gone: a page still renders."""
    if img is None or not img.width:
        return []
    try:
        return image_renditions(image=img)
    except OSError:
        logger.exception("Image %s has no readable file", img.pk)
        return []


@register.inclusion_tag("images/image.html")
def image(img: Image | None, sizes: str = "", loading: str = "", **attrs) -> dict:
    """Context for an ``<img>`` with srcset, sizes, width, height, alt and lazy loading.

    ``loading="eager"`` (with ``fetchpriority="high"``) is for the picture above the
    fold; everything else loads lazily. Renders nothing for a missing image.
    """
    unknown = set(attrs) - {"class", "fetchpriority"}
    if unknown:
        raise template.TemplateSyntaxError(
            f"{{% image %}} got unknown arguments: {', '.join(sorted(unknown))}"
        )
    renditions = _renditions(img)
    if not renditions:
        return {"image": None}
    fallback = next(
        (r for r in renditions if r.width >= FALLBACK_WIDTH), renditions[-1]
    )
    fetchpriority = attrs.get("fetchpriority", "")
    return {
        "image": img,
        "src": fallback.url,
        "srcset": ", ".join(f"{r.url} {r.width}w" for r in renditions),
        "sizes": sizes or "100vw",
        "loading": loading if loading in LOADING else "lazy",
        "css_class": attrs.get("class", ""),
        "fetchpriority": fetchpriority if fetchpriority in FETCHPRIORITY else "",
    }


@register.simple_tag
def image_url(img: Image | None, width: int = 1280) -> str:
    """The URL of the widest rendition not wider than ``width`` (share cards, feeds)."""
    renditions = _renditions(img)
    if not renditions:
        return ""
    fitting = [r for r in renditions if r.width <= width] or renditions[:1]
    return fitting[-1].url
