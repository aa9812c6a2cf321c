"""Admin pieces any app's admin may use."""


class ReadOnlyAdminMixin:
    """An admin that lists and shows rows but never adds, edits or deletes them: for
    logs the code writes (fact history, moderation records). Put it before
    ``admin.ModelAdmin`` in the bases."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
