"""Pictures dropped or pasted onto an article's body go into the image library.

The change form's script (``static/js/body-images.js``) asks for the alt text first,
then posts the file here; the library's own upload form validates it (formats, size,
decompression bombs) and ``image_save`` strips it and writes file and row together, so
a refused or failed upload leaves nothing behind. The answer is the embed to insert.
"""

from django import forms
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path

from images.models import Image
from images.services import image_save


class BodyImageForm(forms.ModelForm):
    """What a reader needs of a picture. The model's file field gives the library's
    ``ImageUploadField`` and ``Image.clean`` checks the alt text, as in the library."""

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]


class BodyImageUploadMixin:
    """Adds ``upload-image/`` to the article admin: POST a picture, get its embed."""

    def get_urls(self):
        return [
            path(
                "upload-image/",
                self.admin_site.admin_view(self.body_image_upload_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_upload_image",
            ),
            *super().get_urls(),
        ]

    def may_upload_body_image(self, request) -> bool:
        """Who may add to the library, for the piece named in ``article`` (one they
        may edit) or for a new piece (one they may add)."""
        if not request.user.has_perm("images.add_image"):
            return False
        article_id = request.POST.get("article", "")
        if not article_id:
            return self.has_add_permission(request)
        if not article_id.isdigit():
            return False
        article = self.get_object(request, article_id)
        return article is not None and self.has_change_permission(request, article)

    def body_image_upload_view(self, request):
        """Never cached and CSRF-checked (``admin_view``); JSON either way."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.may_upload_body_image(request):
            return JsonResponse(
                {"errors": {"__all__": ["You may not add pictures to this piece."]}},
                status=403,
            )
        form = BodyImageForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = {name: list(messages) for name, messages in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        image = image_save(image=form.save(commit=False), by=request.user)
        return JsonResponse(
            {"id": image.pk, "embed": f"[[image id={image.pk}]]"}, status=201
        )
