"""The model field for uploaded images, so every ModelForm gets our validation."""

from django.db import models

from .forms import ImageUploadField


class UploadedImageField(models.ImageField):
    """An ImageField whose form field validates with ``images.validation``.

    Django's own ``forms.ImageField`` lets Pillow open any format it knows and does not
    refuse decompression bombs between Pillow's warning and error thresholds; ours does.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})
