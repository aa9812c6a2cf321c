"""A rendition shows wherever its image does."""

from core import pageversions

from .models import Image, Rendition


def register() -> None:
    pageversions.register_pages(
        Rendition,
        lambda qs: pageversions.pages_for(
            Image.objects.filter(pk__in=qs.values("image_id"))
        ),
    )
