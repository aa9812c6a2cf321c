from django.db import models


class ImageQuerySet(models.QuerySet):
    def with_renditions(self) -> "ImageQuerySet":
        """Images with their renditions in one extra query, for lists of pictures."""
        return self.prefetch_related("renditions")
