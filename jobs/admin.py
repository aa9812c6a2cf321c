"""Failed jobs for staff: what failed, how often, the traceback; retry or delete."""

from django.contrib import admin, messages

from .models import FailedJob
from .queue import delete_failed, retry_failed


@admin.register(FailedJob)
class FailedJobAdmin(admin.ModelAdmin):
    list_display = ["function", "summary", "attempts", "ran_in", "failed_at"]
    list_filter = ["ran_in", "function"]
    search_fields = ["function", "error"]
    date_hierarchy = "failed_at"
    list_per_page = 50
    actions = ["retry", "forget"]
    fields = [
        "function",
        "kwargs",
        "attempts",
        "ran_in",
        "queue_id",
        "failed_at",
        "error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        """The list's retry action needs it; a failure itself is read-only."""
        return obj is None and super().has_change_permission(request)

    def delete_model(self, request, obj):
        delete_failed(obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The built-in bulk delete would leave RQ's copy behind.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(permissions=["change"], description="Retry the selected jobs")
    def retry(self, request, queryset):
        count = 0
        for failed in queryset:
            retry_failed(failed)
            count += 1
        self.message_user(request, f"{count} job(s) enqueued again.", messages.SUCCESS)

    @admin.action(permissions=["delete"], description="Delete the selected failures")
    def forget(self, request, queryset):
        count = 0
        for failed in queryset:
            delete_failed(failed)
            count += 1
        self.message_user(request, f"{count} failure(s) deleted.", messages.SUCCESS)
