"""Followers for staff with the view permission: a read-only list with the number
of confirmed followers per show. Nobody adds, edits or deletes a follow here:
readers do that by e-mail, and ``manage.py follows_address`` exports or deletes an
address's data on request."""

from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from .models import Follow


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("email", "show", "is_confirmed", "requested_at", "confirmed_at")
    list_filter = (("confirmed_at", admin.EmptyFieldListFilter),)
    list_select_related = ("show",)
    search_fields = ("email", "show__title")
    fields = (
        "email",
        "show",
        "dates",
        "official_only",
        "seasons",
        "articles",
        "requested_at",
        "confirmed_at",
        "notified_until",
    )
    readonly_fields = fields
    change_list_template = "admin/follows/follow/change_list.html"

    @admin.display(boolean=True, description="confirmed")
    def is_confirmed(self, obj):
        return obj.is_confirmed

    def changelist_view(self, request, extra_context=None):
        counts = Follow.objects.counts_by_show()[:20]
        extra_context = {**(extra_context or {}), "counts": counts}
        return super().changelist_view(request, extra_context)
