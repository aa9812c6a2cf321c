from django import forms


class ImageUploadField(forms.ImageField):
    """Placeholder replaced by the validating field below."""
