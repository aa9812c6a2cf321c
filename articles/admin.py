"""The newsroom's article desk. Every rule is checked on the server, per request."""

from dataclasses import asdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from reversion.models import Version

from core.markdown import dropped_by_sanitiser
from livefacts.admin import LiveFactsArticleAdminMixin

from . import services, workflow
from .admin_autosave import AutosaveAdminMixin
from .admin_calendar import CalendarAdminMixin
from .admin_images import BodyImageUploadMixin
from .admin_workflow import HISTORY_TRANSITIONS, WorkflowAdminMixin
from .admin_writing import WritingAidsAdminMixin
from .checklist import run_checklist
from .desk import desk_preview
from .forms import ArticleAdminForm
from .models import Article, AuthorProfile, PreviewLink, SlugRedirect, Tag
from .permissions import can_edit, can_publish, can_view
from .revisions import (
    article_restore_version,
    article_versions,
    diff_versions,
    record_revision,
)


class StatusFilter(admin.SimpleListFilter):
    """State as editors think of it, with "Scheduled" apart from "Live"."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("changes", "Changes requested"),
            ("writing", "Being written (draft, sent back or a live change)"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "writing":
            return queryset.being_written()
        if value == "live":
            return queryset.public()
        if value in Article.State.values:
            return queryset.filter(state=value)
        return queryset


class MineFilter(admin.SimpleListFilter):
    """Only the pieces I created or am credited on (the desk's "My drafts")."""

    title = "whose"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "Mine")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(
                pk__in=Article.objects.owned_by(request.user).values("pk")
            )
        return queryset


class PreviewLinkInline(admin.StackedInline):  # a table's empty corner fails axe
    model = PreviewLink
    classes = ["collapse"]
    extra = 0
    fields = ["note", "link", "expires", "created_by", "revoked"]
    readonly_fields = ["link", "expires", "created_by"]
    verbose_name = "shareable preview link"

    @admin.display(description="Link")
    def link(self, obj):
        if not obj.pk:
            return "Save to create the link."
        if obj.revoked or obj.expires_at < timezone.now():
            return "Revoked" if obj.revoked else "Expired"
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())

    @admin.display(description="Expires")
    def expires(self, obj):
        return obj.expires_at if obj.pk else "—"


@admin.register(Article)
class ArticleAdmin(
    CalendarAdminMixin,
    WorkflowAdminMixin,
    AutosaveAdminMixin,
    WritingAidsAdminMixin,
    LiveFactsArticleAdminMixin,
    BodyImageUploadMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    inlines = [PreviewLinkInline]
    list_display = ["title", "status", "published_at", "byline", "kind", "site_link"]
    list_filter = [StatusFilter, MineFilter, "kind", "authors", "tags"]
    list_select_related = ["modified_by", "pending_change"]
    search_fields = ["title", "standfirst", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hero_image", "authors", "tags", *Article.SUBJECT_FIELDS]
    date_hierarchy = "published_at"
    actions = ["publish_now", "unpublish", "mark_reviewed"]
    # The writing desk: the words first, then publication times, then metadata folded
    # away (the change form puts the live preview beside them on wide screens).
    fieldsets = [
        (
            None,
            {"fields": ["title", "standfirst", "body"], "classes": ["desk-writing"]},
        ),
        (
            "Publication",
            {
                "fields": [
                    "published_at",
                    "significant_update",
                    "first_published_at",
                    "updated_at",
                    "loaded_version",
                    "loaded_change_version",
                ]
            },
        ),
        (
            "Kind, address and credits",
            {
                "fields": ["kind", "slug", "hero_image", "authors", "tags"],
                "classes": ["collapse"],
            },
        ),
        (
            "Subjects",
            {
                "fields": list(Article.SUBJECT_FIELDS),
                "classes": ["collapse"],
                "description": "The shows, seasons, people and books this piece is "
                "about. They link the piece to their pages.",
            },
        ),
        (
            "Comments",
            {"fields": ["comments_open", "comments_close_at"], "classes": ["collapse"]},
        ),
        (
            "Search and sharing",
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]

    # --- who sees and edits what -------------------------------------------------

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("authors")
        if can_publish(request.user):
            return qs
        return qs.filter(
            Q(created_by=request.user) | Q(authors__user=request.user)
        ).distinct()

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_publish(request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = [
            *super().get_readonly_fields(request, obj),
            "published_at",
            "first_published_at",
            "updated_at",
        ]
        if not can_publish(request.user):
            fields += ["comments_close_at"]
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            actions.pop("publish_now", None)
            actions.pop("unpublish", None)
        return actions

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "title":  # a headline wraps in the desk, never cut
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "class": "desk-title"})
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, AdminSplitDateTime):
            # The field's label points at neither box; name each one.
            label = capfirst(formfield.label or db_field.verbose_name)
            date, time = formfield.widget.widgets
            date.attrs["aria-label"] = f"{label}: date"
            time.attrs["aria-label"] = f"{label}: time"
        return formfield

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # a fresh class per request, so this is not shared
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user):
            return fieldsets
        return [
            (
                name,
                {
                    **opts,
                    "fields": [f for f in opts["fields"] if f != "significant_update"],
                },
            )
            for name, opts in fieldsets
        ]

    # --- list columns ------------------------------------------------------------

    @admin.display(description="Status", ordering="state")
    def status(self, obj):
        if obj.is_scheduled:
            when = timezone.localtime(obj.published_at).strftime("%d %b %Y %H:%M")
            return format_html("<strong>Scheduled</strong> for {}", when)
        change = workflow.pending_change(obj)  # joined by list_select_related
        if change is not None:
            return f"Live, {change.get_state_display().lower()}"
        return obj.get_state_display()

    @admin.display(description="On site")
    def site_link(self, obj):
        label = "View" if obj.is_public() else "Preview"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    @admin.display(description="Authors")
    def byline(self, obj):
        return ", ".join(a.name for a in obj.authors.all())

    # --- saving ------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.modified_by = request.user
        obj.title = " ".join(obj.title.split())  # the desk's title box is a textarea
        if form.cleaned_data.get("significant_update") and obj.first_published_at:
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        for dropped in dropped_by_sanitiser(obj.body):
            messages.warning(request, f"Readers will not see this: {dropped}")

    def save_related(self, request, form, formsets, change):
        if change and form.edits_live_change:
            # A draft change: the live row's relations stay as readers see them.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
        else:
            super().save_related(request, form, formsets, change)
        article = form.instance
        for formset in formsets:
            for link in formset.new_objects:
                if link.created_by_id is None and isinstance(link, PreviewLink):
                    PreviewLink.objects.filter(pk=link.pk).update(
                        created_by=request.user
                    )
        if change and form.edits_live_change:
            self.save_workflow(request, form)
            return
        if not can_publish(request.user):
            profile = services.author_profile_for(request.user)
            article.authors.add(profile)
        if form.workflow_action:  # the transition records the revision
            self.save_workflow(request, form)
            return
        changed = ", ".join(form.changed_data) or "nothing"
        record_revision(
            article,
            user=request.user,
            comment=f"{article.get_state_display()}; changed {changed}",
        )

    # --- history -----------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "desk-preview/",
                self.admin_site.admin_view(self.desk_preview_view),
                name="articles_article_desk_preview_add",
            ),
            path(
                "<int:object_id>/desk-preview/",
                self.admin_site.admin_view(self.desk_preview_view),
                name="articles_article_desk_preview",
            ),
            *super().get_urls(),
        ]

    # --- the desk's live preview ----------------------------------------------------

    def desk_preview_view(self, request, object_id=None):
        """POST the change (or add) form, get back the piece as readers will see it,
        its body errors and what the sanitiser will drop, each with its line. Saves
        nothing; ``admin_view`` makes it CSRF-checked and never cached."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        saved = None
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
        else:
            # Viewing is enough: a piece its author may no longer edit (in review)
            # still shows its preview, from the saved values.
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            saved = get_object_or_404(self.get_queryset(request), pk=object_id)
            if not self.has_view_or_change_permission(request, saved):
                raise PermissionDenied
        form_class = self.get_form(request, saved, change=saved is not None)
        with transaction.atomic():  # rolled back: a preview never writes
            form = form_class(request.POST, instance=saved)
            preview = desk_preview(form, saved=saved, user=request.user)
            checklist = run_checklist(form.piece())
            html = render_to_string(
                "articles/article_desk_preview.html",
                {"article": preview.article},
                request=request,
            )
            transaction.set_rollback(True)
        return JsonResponse(
            {
                "seq": request.POST.get("desk_seq", ""),
                "html": html,
                **preview.problems(),
                "checklist": [asdict(check) for check in checklist],
            }
        )

    def history_view(self, request, object_id, extra_context=None):
        """Revisions (who, when, state), a diff of any two, and restore buttons."""
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = list(article_versions(article))
        for version in versions:
            version.state_label = Article.State(version.field_dict["state"]).label
        by_pk = {str(v.pk): v for v in versions}
        old, new = by_pk.get(request.GET.get("from")), by_pk.get(request.GET.get("to"))
        if old is None and new is None and len(versions) >= 2:
            old, new = versions[1], versions[0]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"History: {article}",
            "article": article,
            "versions": versions,
            "old": old,
            "new": new,
            "diffs": diff_versions(old, new) if old and new else [],
            "transitions": article.transitions.select_related("by")[
                :HISTORY_TRANSITIONS
            ],
            "can_restore": can_edit(request.user, article),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return redirect(reverse("admin:articles_article_history", args=[object_id]))
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(article), pk=version_id
        )
        article_restore_version(article=article, version=version, user=request.user)
        messages.success(request, "Revision restored as a new revision.")
        return redirect(reverse("admin:articles_article_change", args=[object_id]))


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "slug"]
    search_fields = ["name", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    raw_id_fields = ["article"]


# "Used in N articles" on catalog admin pages (catalog's admin is loaded first).
import catalog.admin  # noqa: E402, F401

from .admin_references import extend_catalog_admin  # noqa: E402

extend_catalog_admin()
