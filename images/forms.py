"""The upload form field used by every form that edits an ``Image``."""

from django import forms


class ImageUploadField(forms.ImageField):
    """A file field that only accepts what ``processing.open_upload`` accepts."""

    def to_python(self, data):
        # Skip forms.ImageField.to_python: it lets Pillow open any format it knows.
        from . import processing  # Pillow, only when a file is uploaded

        file = forms.FileField.to_python(self, data)
        if file is None:
            return None
        image = processing.open_upload(file)
        file.image = image
        file.content_type = image.get_format_mimetype()
        file.seek(0)
        return file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        return attrs
