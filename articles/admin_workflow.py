"""The workflow on the article form: the status banner, the buttons each role is
offered, the pre-publish checklist, draft changes to live pieces, and the messages
that say what happened. The rules are ``articles.workflow``'s; the writes are
``services.article_transition``'s.

``WorkflowAdminMixin`` is mixed into ``ArticleAdmin`` first."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from . import services, workflow
from .autosave import autosave_discard
from .checklist import failures, run_checklist
from .forms import ACTION_FIELD
from .live_edits import article_change_discard, article_change_save, change_data
from .models import Article
from .permissions import can_publish, is_owner

HISTORY_TRANSITIONS = 50  # the history page lists this many moves, newest first
# What a read-only view of a draft change shows from it.
TEXT_FIELDS = ["title", "standfirst", "body", "kind", "seo_title", "seo_description"]


class WorkflowAdminMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/transition/",
                view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<int:object_id>/discard-change/",
                view(self.discard_change_view),
                name="{}_{}_discard_change".format(*info),
            ),
            *super().get_urls(),
        ]

    # --- the form ---------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        """A live piece whose change this user may only view (its author, while it
        is in review) shows the change's text, as the editable form does."""
        obj = super().get_object(request, object_id, from_field)
        change = workflow.pending_change(obj) if obj is not None else None
        if change is not None and not self.has_change_permission(request, obj):
            for name in TEXT_FIELDS:
                if name in change.data:
                    setattr(obj, name, change.data[name])
        return obj

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        form = context["adminform"].form
        context["workflow"] = self._workflow_context(
            request, form, obj if change else None
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_context(self, request, form, article):
        editable = self.has_change_permission(request, article)
        if article is None:
            return {"editable": editable, "save_label": "Save draft"}
        change = form.pending_change
        transitions = workflow.offered(request.user, article, change)
        checklist = []
        if any(t.checklist for t in transitions):
            checklist = form.checklist or run_checklist(form.piece())
        info = self.opts.app_label, self.opts.model_name
        return {
            "status": workflow.status_label(article, change),
            "last": article.transitions.select_related("by").first(),
            "change": change,
            "live": article.is_live,
            "transitions": transitions,
            "needs_note": any(t.needs_note for t in transitions),
            "can_schedule": any(t.action == "schedule" for t in transitions),
            "checklist": checklist,
            "checklist_failing": bool(failures(checklist)),
            "can_override": can_publish(request.user),
            "editable": editable,
            # A piece this user may not edit (an author's piece in review) takes its
            # buttons to the transition endpoint instead of the form.
            "action_url": ""
            if editable
            else reverse("admin:{}_{}_transition".format(*info), args=[article.pk]),
            "discard_url": reverse(
                "admin:{}_{}_discard_change".format(*info), args=[article.pk]
            ),
            "can_discard": change is not None and editable,
            "save_label": "Save draft change"
            if article.is_live
            else _save_label(article),
        }

    # --- saving: one transaction with the form's save ------------------------------

    def save_model(self, request, obj, form, change):
        if change and form.edits_live_change:
            # Readers keep the live row: the form's values become the draft change.
            article_change_save(
                article=obj,
                data=change_data(form.cleaned_data),
                by=request.user,
                base_version=obj.version,
            )
            autosave_discard(user=request.user, article=obj)
            return
        if change and obj.is_live:  # an editor publishes the form as it stands
            article_change_discard(article=obj)
        super().save_model(request, obj, form, change)

    def save_workflow(self, request, form) -> bool:
        """Apply the pressed workflow button after the save; False when refused
        (the save is rolled back and the desk told why)."""
        action = form.workflow_action
        if not action:
            if form.edits_live_change:
                request.workflow_message = (
                    "Draft change saved. Readers still see the live version."
                )
            return True
        try:
            done = services.article_transition(
                article=form.instance,
                action=action,
                by=request.user,
                note=form.cleaned_data.get("workflow_note", ""),
                when=form.cleaned_data.get("schedule_at"),
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except workflow.TransitionRefused as refused:
            transaction.set_rollback(True)
            messages.error(request, f"Nothing was saved: {refused}")
            request.workflow_message = ""
            return False
        request.workflow_message = done.message
        return True

    def response_change(self, request, obj):
        """After a workflow button or a draft change: say what happened, in place
        of "was changed successfully", and stay on the piece."""
        if not hasattr(request, "workflow_message"):
            return super().response_change(request, obj)
        if request.workflow_message:
            messages.success(request, request.workflow_message)
        return redirect(request.path)

    # --- buttons on a piece this user may not edit, and Discard -------------------

    @method_decorator(require_POST)
    def transition_view(self, request, object_id):
        """A workflow button without the form's save (Withdraw on a piece in
        review, which its author may no longer edit). Refused actions are 403."""
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        try:
            done = services.article_transition(
                article=article,
                action=request.POST.get(ACTION_FIELD, ""),
                by=request.user,
                note=request.POST.get("workflow_note", ""),
                override_reason=request.POST.get("override_reason", ""),
            )
        except workflow.TransitionRefused as refused:
            raise PermissionDenied(str(refused)) from refused
        messages.success(request, done.message)
        return redirect(self._change_url(article))

    @method_decorator(require_POST)
    def discard_change_view(self, request, object_id):
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if not (can_publish(request.user) or is_owner(request.user, article)):
            raise PermissionDenied
        if article_change_discard(article=article):
            messages.success(request, "Draft change discarded: the live version stays.")
        return redirect(self._change_url(article))

    def _change_url(self, article):
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_change".format(*info), args=[article.pk])

    # --- list actions ------------------------------------------------------------

    def _bulk(self, request, queryset, action: str, done_label: str):
        if not can_publish(request.user):
            raise PermissionDenied
        moved, refused = 0, []
        for article in queryset:
            if action == "publish" and article.is_live:
                continue  # already public: nothing to publish
            try:
                services.article_transition(
                    article=article, action=action, by=request.user
                )
                moved += 1
            except workflow.TransitionRefused as error:
                refused.append(f"“{article}”: {error}")
        self.message_user(request, f"{done_label} {moved} piece(s).")
        for reason in refused[:10]:
            self.message_user(request, reason, messages.WARNING)

    @admin.action(description="Publish now (pieces that pass the checklist)")
    def publish_now(self, request, queryset):
        self._bulk(request, queryset, "publish", "Published")

    @admin.action(description="Unpublish")
    def unpublish(self, request, queryset):
        self._bulk(request, queryset, "unpublish", "Unpublished")


def _save_label(article: Article) -> str:
    if article.state in (Article.State.DRAFT, Article.State.CHANGES_REQUESTED):
        return "Save draft"
    return "Save"
