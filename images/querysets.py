from django.db import models


class ImageQuerySet(models.QuerySet):
    def with_renditions(self) -> "ImageQuerySet":
        """Images with their renditions in one extra query, for lists of pictures."""
        return self.prefetch_related("renditions")


def renditions_prefetch(lookup: str) -> str:
    """The prefetch lookup for the renditions of an image reached through ``lookup``.

    ``Article.objects.select_related("hero_image")
    .prefetch_related(renditions_prefetch("hero_image"))``
    """
    return f"{lookup}__renditions"
