"""Writing aids on the article form: word count and reading time under the body, SEO
counters with a search result and a share card preview (static/js/desk-counters.js).

The rules and limits travel to the script as data attributes of the fields, so they
live once, in ``articles.writing``.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.templatetags.static import static
from django.urls import path, reverse

from images.models import Image
from images.templatetags.images import image_url

from . import writing

SHARE_IMAGE_WIDTH = 1280  # as the article page's og:image


class WritingAidsAdminMixin:
    """Mixed into ``ArticleAdmin`` before the live-facts mixin."""

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["css/desk-writing.css"]}, js=["js/desk-counters.js"]
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None:
            return field
        attrs = field.widget.attrs
        if db_field.name == "body":
            attrs["data-words-per-minute"] = writing.WORDS_PER_MINUTE
        elif db_field.name == "seo_title":
            page = reverse("articles:detail", kwargs={"slug": "SLUG"})
            hero = reverse(f"admin:{self._share_image_url_name}", args=[0])
            attrs |= {
                "data-max": writing.SEO_TITLE_MAX,
                "data-site-name": settings.SITE_NAME,
                "data-page-url": request.build_absolute_uri(page),
                "data-default-image": static("img/og-default.png"),
                "data-share-image": hero,
            }
        elif db_field.name == "seo_description":
            attrs |= {
                "data-min": writing.SEO_DESCRIPTION_MIN,
                "data-max": writing.SEO_DESCRIPTION_MAX,
            }
        return field

    @property
    def _share_image_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_share_image"

    def get_urls(self):
        return [
            path(
                "share-image/<int:image_id>/",
                self.admin_site.admin_view(self.share_image_view),
                name=self._share_image_url_name,
            ),
            *super().get_urls(),
        ]

    def share_image_view(self, request, image_id):
        """The share card picture (og:image) a hero image gives: its URL and alt."""
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        image = Image.objects.with_renditions().filter(pk=image_id).first()
        if image is None:
            raise Http404("No such image")
        return JsonResponse(
            {"url": image_url(image, SHARE_IMAGE_WIDTH), "alt": image.alt_text}
        )
