"""Deleting and recovering catalog rows in the admin.

Every catalog admin derives from ``CatalogAdmin``: django-reversion's ``VersionAdmin``
(history, "Recover deleted") with deletes that go through ``catalog_delete``. A row
that published or scheduled pieces show cannot be deleted (single or "delete
selected"): the page lists those pieces, linked to where an editor replaces the
embeds. Rows only drafts show are deleted once the editor confirms, the drafts listed.
"""

import reversion
from django.contrib import admin
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from .deletion import LISTED_PIECES, deletion_plan
from .services import catalog_delete

CONFIRM_DRAFTS = "drafts_confirmed"
PLAN_ATTRIBUTE = "catalog_deletion_plan"


def _confirming(request) -> bool:
    """Whether the request is the "Yes, I'm sure" of a delete: any POST to the delete
    page; for "delete selected", the POST from its confirmation page."""
    if request.method != "POST":
        return False
    return "action" not in request.POST or bool(request.POST.get("post"))


def _piece_link(piece) -> str:
    return format_html('<a href="{}">{}</a> ({})', piece.url, piece.title, piece.state)


@admin.action(
    permissions=["delete"], description="Delete selected %(verbose_name_plural)s"
)
def delete_selected(modeladmin, request, queryset):
    """Django's action, with the catalog's refusal and confirmation."""
    response = django_delete_selected(modeladmin, request, queryset)
    return modeladmin.with_deletion_plan(request, response)


class CatalogInlineFormSet(BaseInlineFormSet):
    """Rows ticked "Delete" in an inline get the delete page's rule: refused while
    published or scheduled pieces show them, and sent to their own delete page (which
    lists the drafts and asks) while drafts do."""

    def clean(self):
        super().clean()
        doomed = [form.instance for form in self.deleted_forms if form.instance.pk]
        if not doomed:
            return
        plan = deletion_plan(doomed)
        pieces = ", ".join(f"“{p.title}” ({p.state})" for p in plan.pieces[:10])
        if plan.blocking:
            raise ValidationError(
                f"Published or scheduled pieces show rows ticked for deletion: "
                f"{pieces}. Replace or remove those embeds first."
            )
        if plan.drafts:
            raise ValidationError(
                f"Drafts show rows ticked for deletion: {pieces}. Delete those rows "
                "from their own page, which lists the drafts and asks to confirm."
            )


class CatalogAdmin(VersionAdmin):
    """History and recovery for a catalog model; deletes that keep pieces whole."""

    actions = [delete_selected]
    delete_confirmation_template = "admin/catalog/delete_confirmation.html"
    delete_selected_confirmation_template = (
        "admin/catalog/delete_selected_confirmation.html"
    )

    def get_deleted_objects(self, objs, request):
        """Django's list, plus the pieces that stop the delete: published ones always,
        drafts when a POST comes without the confirmation."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        plan = deletion_plan(objs)
        setattr(request, PLAN_ATTRIBUTE, plan)
        stopping = plan.blocking
        if not stopping and plan.drafts and _confirming(request):
            if not request.POST.get(CONFIRM_DRAFTS):
                stopping = plan.drafts
        protected = [*protected, *(_piece_link(p) for p in stopping[:LISTED_PIECES])]
        return deleted, model_count, perms_needed, protected

    def with_deletion_plan(self, request, response):
        """Show the plan on the confirmation page; a POST that deleted nothing because
        pieces stand in the way is a conflict (409), not a success."""
        plan = getattr(request, PLAN_ATTRIBUTE, None)
        if not isinstance(response, TemplateResponse) or plan is None:
            return response
        response.context_data["deletion_plan"] = plan
        response.context_data["listed_pieces"] = LISTED_PIECES
        response.context_data["confirm_drafts_field"] = CONFIRM_DRAFTS
        if _confirming(request) and response.context_data.get("protected"):
            response.status_code = 409
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Before VersionAdmin opens the revision the save goes into.
        if request.method == "POST" and not reversion.is_active():
            if any(name.endswith("-DELETE") for name in request.POST):
                self._keep_before_inline_deletes(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _keep_before_inline_deletes(self, request, object_id) -> None:
        """A revision of the row with its inline rows as they are, saved before the
        form deletes some: the revision the save itself keeps cannot hold rows that
        are gone by then, and "Recover deleted" needs one that does."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            return
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Before rows were deleted from this form.")
            reversion.add_to_revision(obj)

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        return self.with_deletion_plan(request, response)

    def changelist_view(self, request, extra_context=None):
        if request.POST.get("action") == delete_selected.__name__:
            # The delete keeps its own revision, which must be saved before the rows
            # go: skip the revision VersionAdmin opens around the whole list.
            return super(VersionAdmin, self).changelist_view(request, extra_context)
        return super().changelist_view(request, extra_context)

    def delete_model(self, request, obj):
        catalog_delete(objects=[obj], by=request.user, drafts_confirmed=True)

    def delete_queryset(self, request, queryset):
        catalog_delete(objects=queryset, by=request.user, drafts_confirmed=True)
