"""Presence in the article admin: the heartbeat and leave endpoints the change form's
script posts to, and the banner's first state, rendered with the page.

``PresenceAdminMixin`` is mixed into ``ArticleAdmin`` next to ``AutosaveAdminMixin``
and uses its ``_editable_article``: whoever may change a piece (nobody else) is seen
on it and sees who else is there.
"""

from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from .presence import others_present, presence_beat, presence_leave


class PresenceAdminMixin:
    def get_urls(self):
        return [
            path(
                "<int:object_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name="articles_article_presence",
            ),
            path(
                "<int:object_id>/presence/leave/",
                self.admin_site.admin_view(self.presence_leave_view),
                name="articles_article_presence_leave",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def presence_view(self, request, object_id):
        """A heartbeat: "I have this form open"; answers who else has."""
        article = self._editable_article(request, object_id)
        presence_beat(article=article, user=request.user)
        return JsonResponse(
            {"others": others_present(article=article, user=request.user)}
        )

    @method_decorator(require_POST)
    def presence_leave_view(self, request, object_id):
        """The form's page went away (sent as a beacon, whose answer nobody reads)."""
        article = self._editable_article(request, object_id)
        presence_leave(article=article, user=request.user)
        return JsonResponse({"others": []})

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # A page the user may only read (an author's piece in review) sends no
        # heartbeat: only those who may change a piece are present on it.
        if change and obj is not None and self.has_change_permission(request, obj):
            context["presence"] = {
                "others": others_present(article=obj, user=request.user),
                "url": reverse("admin:articles_article_presence", args=[obj.pk]),
                "leave_url": reverse(
                    "admin:articles_article_presence_leave", args=[obj.pk]
                ),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)
