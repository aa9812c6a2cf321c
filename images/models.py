"""The image library shared by articles and the catalog: one row per uploaded picture.

Uploads are validated and cleaned by ``images.services.image_save``; smaller WebP copies
(``Rendition``) are made once per width and reused by the ``{% image %}`` tag.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from .fields import UploadedImageField
from .querysets import ImageQuerySet

# Alt text that is only a file name ("IMG_2041.JPG") tells a screen reader nothing.
FILE_NAME = re.compile(r"^\S+\.(jpe?g|png|gif|webp|heic|tiff?)$", re.IGNORECASE)


def image_upload_to(instance: "Image", filename: str) -> str:
    return f"images/originals/{filename}"


def rendition_upload_to(instance: "Rendition", filename: str) -> str:
    return f"images/renditions/{filename}"


class Image(models.Model):
    file = UploadedImageField(
        upload_to=image_upload_to,
        max_length=255,
        help_text="JPEG, PNG, WebP or GIF. Location data and camera details are "
        "removed when you save; an animated GIF is kept as a still of its first frame.",
    )
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        help_text="Describe what the picture shows for a reader who cannot see it, "
        'in one short sentence: who, doing what, where ("Joe Locke and Kit Connor '
        'on a school bench"). Don\'t start with "Image of", don\'t repeat the '
        "caption, and don't put the credit here.",
    )
    caption = models.CharField(
        max_length=500,
        blank=True,
        help_text="Shown under the picture. Optional; say what the alt text does not "
        "(context, date, place).",
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text='Who owns the picture, as it should be printed: "© Netflix", '
        '"Photo: Jane Doe / Netflix".',
    )
    focal_point_x = models.PositiveSmallIntegerField(
        "focal point X (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Optional: where the subject is, from the left edge (0–100). "
        "Crops keep this point in view.",
    )
    focal_point_y = models.PositiveSmallIntegerField(
        "focal point Y (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Optional: where the subject is, from the top edge (0–100).",
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_images",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="images_image_focal_point_both_or_neither",
                condition=Q(focal_point_x__isnull=True, focal_point_y__isnull=True)
                | Q(focal_point_x__isnull=False, focal_point_y__isnull=False),
            ),
            models.CheckConstraint(
                name="images_image_focal_point_in_range",
                condition=(
                    Q(focal_point_x__isnull=True)
                    | Q(focal_point_x__lte=100, focal_point_y__lte=100)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text or self.file.name

    def clean(self):
        super().clean()
        if FILE_NAME.match(self.alt_text.strip()):
            raise ValidationError(
                {
                    "alt_text": "This is a file name, not a description. Say what the "
                    "picture shows."
                },
                code="alt_text_file_name",
            )
        if (self.focal_point_x is None) != (self.focal_point_y is None):
            raise ValidationError(
                "Give both focal point values, or leave both empty.",
                code="focal_point_incomplete",
            )

    @property
    def orientation(self) -> str:
        """ "landscape", "portrait" or "square", for layouts that pick a crop."""
        if self.width > self.height:
            return "landscape"
        return "portrait" if self.height > self.width else "square"


class Rendition(models.Model):
    """A resized copy of an image, made once per (width, format) and reused."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"

    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions"
    )
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=8, choices=Format, default=Format.WEBP)
    file = models.ImageField(upload_to=rendition_upload_to, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["width"]
        constraints = [
            # Two requests rendering the same picture at once: one row wins.
            models.UniqueConstraint(
                fields=["image", "width", "format"],
                name="images_rendition_unique_width_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.image_id} @ {self.width}w {self.format}"

    @property
    def url(self) -> str:
        return self.file.url
