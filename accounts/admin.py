from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from .models import SignInEvent


@admin.register(SignInEvent)
class SignInEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The sign-in log: read-only, newest first, filtered by event and person."""

    list_display = ["at", "kind", "username", "user", "address"]
    list_filter = ["kind", ("user", admin.RelatedOnlyFieldListFilter), "at"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()


# The sign-in log above replaces axes' own logs (AXES_DISABLE_ACCESS_LOG); its
# "Access attempts" list stays: deleting a row there unlocks that username/address.
for model in (AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
