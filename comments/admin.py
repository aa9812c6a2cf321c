"""The moderation queue: pending and reported comments first, oldest first, with
one-click approve / reject / spam per row and the same as bulk actions.

Every decision goes through ``services.comment_moderate`` (or its bulk twin), which
checks the permission again, follows the state machine and writes the log. Comments
are never edited here: moderators decide, they do not rewrite readers' words.
"""

from ipaddress import ip_address

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from articles.models import Article
from catalog.models import Show
from core.admin import ReadOnlyAdminMixin

from . import services
from .models import (
    BannedEmail,
    BannedNetwork,
    Comment,
    CommentReport,
    HeldWord,
    ModerationLogEntry,
)

State = Comment.State
DECISIONS = {
    "approve": (State.APPROVED, "Approve", "approved"),
    "reject": (State.REJECTED, "Reject", "rejected"),
    "spam": (State.SPAM, "Spam", "marked as spam"),
}
FILTER_CHOICES_MAX = 30


# --- Filters --------------------------------------------------------------------------


class QueueFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("attention", "Needs attention"),
            ("reported", "Reported"),
            ("hidden", "Hidden by reports"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "attention":
                return queryset.filter(queue_rank=0)
            case "reported":
                return queryset.reported()
            case "hidden":
                return queryset.filter(hidden_by_reports=True)
        return queryset


class ReasonFilter(admin.SimpleListFilter):
    title = "report reason"
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return CommentReport.Reason.choices

    def queryset(self, request, queryset):
        if self.value() not in CommentReport.Reason.values:
            return queryset
        reports = CommentReport.objects.filter(
            comment=models.OuterRef("pk"), reason=self.value()
        )
        return queryset.filter(models.Exists(reports))


class _IdFilter(admin.SimpleListFilter):
    """A filter by a related row's ID, offering the rows that matter most now and
    accepting any ID, so it stays short with thousands of articles."""

    def selected_id(self) -> int | None:
        try:
            return int(self.value())
        except (TypeError, ValueError):
            return None


class ArticleFilter(_IdFilter):
    title = "article"
    parameter_name = "article"

    def lookups(self, request, model_admin):
        waiting = Comment.objects.needing_attention().values("article_id")
        articles = Article.objects.filter(
            models.Q(pk__in=waiting) | models.Q(pk=self.selected_id() or 0)
        ).order_by("title")[:FILTER_CHOICES_MAX]
        return [(str(a.pk), Truncator(a.title).chars(50)) for a in articles]

    def queryset(self, request, queryset):
        selected = self.selected_id()
        return queryset if selected is None else queryset.filter(article_id=selected)


class ShowFilter(_IdFilter):
    title = "show"
    parameter_name = "show"

    def lookups(self, request, model_admin):
        shows = (
            Show.objects.filter(
                models.Q(articles__comments__isnull=False)
                | models.Q(pk=self.selected_id() or 0)
            )
            .distinct()
            .order_by("title")[:FILTER_CHOICES_MAX]
        )
        return [(str(show.pk), show.title) for show in shows]

    def queryset(self, request, queryset):
        selected = self.selected_id()
        if selected is None:
            return queryset
        return queryset.filter(article__subject_shows=selected)


# --- The queue ------------------------------------------------------------------------


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["comment", "on_article", "status", "received"]
    list_display_links = ["received"]
    list_filter = [QueueFilter, "state", ReasonFilter, ArticleFilter, ShowFilter]
    search_fields = ["name", "email", "body", "article__title"]
    search_help_text = "Name, e-mail, text or article title; or an exact IP address."
    actions = ["approve_selected", "reject_selected", "spam_selected"]
    list_per_page = 50
    show_full_result_count = False
    fields = [
        "article",
        "parent",
        "name",
        "email",
        "body",
        "contains_spoilers",
        "state",
        "hidden_by_reports",
        "hold_reason",
        "ip_address",
        "user_agent",
        "created_at",
        "moderated_at",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["css/comments-admin.css"]}

    # --- who may do what -----------------------------------------------------------

    def has_add_permission(self, request):
        return False  # readers write comments, on the site

    def has_change_permission(self, request, obj=None):
        return False  # decisions are buttons and actions; the text is the reader's

    def has_moderate_permission(self, request):
        return services.can_moderate(request.user)

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self.has_moderate_permission(request):
            columns.insert(1, "decide")  # beside the text it decides on
        return columns

    # --- the list ------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).for_queue()

    def get_ordering(self, request):
        return [
            models.F("queue_rank").asc(),
            models.F("queue_since").asc(nulls_last=True),
            models.F("created_at").desc(),
        ]

    def get_search_results(self, request, queryset, search_term):
        """Exact IP addresses too, without asking the database to compare text with
        an ``inet`` column (PostgreSQL refuses that)."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        try:
            address = str(ip_address(search_term.strip()))
        except ValueError:
            return found, duplicates
        return found | queryset.filter(ip_address=address), duplicates

    @admin.display(description="Comment")
    def comment(self, obj):
        context = ""
        if obj.parent_id:
            context = format_html(
                '<div class="mod-parent">↳ In reply to <strong>{}</strong>: “{}”</div>',
                obj.parent.name,
                obj.parent.excerpt,
            )
        return format_html(
            '{}<div class="mod-author"><strong>{}</strong> '
            '<span class="mod-email">{}</span></div><div class="mod-body">{}</div>',
            context,
            obj.name,
            obj.email or "(anonymised)",
            linebreaksbr(Truncator(obj.body).chars(600)),  # linebreaksbr escapes
        )

    @admin.display(description="Article", ordering="article__title")
    def on_article(self, obj):
        article = obj.article
        if article.is_public():
            return format_html(
                '<a href="{}#comment-{}">{}</a>',
                article.get_absolute_url(),
                obj.pk,
                article.title,
            )
        return article.title

    @admin.display(description="State", ordering="state")
    def status(self, obj):
        """The state, then why it may need a look: hidden, held, reported; and
        whether its writer marked it as giving a plot away."""
        flags = []
        if obj.contains_spoilers:
            flags.append(("mod-flag mod-flag--spoiler", "Contains spoilers"))
        if obj.hidden_by_reports:
            flags.append(("mod-flag mod-flag--hidden", "Hidden by reports"))
        if obj.hold_reason:
            flags.append(("mod-flag", obj.hold_reason))
        if obj.open_reports:
            reasons = sorted({r.get_reason_display() for r in obj.open_reports})
            count = len(obj.open_reports)
            flags.append(
                (
                    "mod-flag mod-flag--reports",
                    f"{count} report(s): {', '.join(reasons)}",
                )
            )
        return format_html(
            '<span class="mod-state mod-state--{}">{}</span>{}',
            obj.state,
            obj.get_state_display(),
            format_html_join("", '<div class="{}">{}</div>', flags),
        )

    @admin.display(description="Received", ordering="created_at")
    def received(self, obj):
        return date_format(timezone.localtime(obj.created_at), "j M Y H:i")

    @admin.display(description="Decide")
    def decide(self, obj):
        """One-click buttons. They submit the separate moderation form of the
        change-list template (forms cannot nest inside the actions form)."""
        reported = obj.hidden_by_reports or bool(obj.open_reports)
        buttons = [
            (
                reverse("admin:comments_comment_moderate", args=[obj.pk, decision]),
                f"mod-button mod-button--{decision}",
                "Keep" if to_state == obj.state else label,
            )
            for decision, (to_state, label, _) in DECISIONS.items()
            if services.can_move(obj, to_state, reported=reported)
        ]
        return format_html_join(
            "",
            '<button type="submit" form="comment-moderation" formaction="{}" '
            'class="{}">{}</button>',
            buttons,
        )

    # --- decisions -----------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:object_id>/moderate/<slug:decision>/",
                self.admin_site.admin_view(self.moderate_view),
                name="comments_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, object_id, decision):
        """A per-row button: one decision on one comment, then back to the queue."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        if decision not in DECISIONS:
            raise PermissionDenied
        to_state, _, done = DECISIONS[decision]
        comment = get_object_or_404(Comment, pk=object_id)
        try:
            services.comment_moderate(
                comment=comment, to_state=to_state, by=request.user
            )
        except services.InvalidTransition as error:
            self.message_user(request, str(error), messages.WARNING)
        else:
            self.message_user(request, f"Comment by {comment.name} {done}.")
        changelist = reverse("admin:comments_comment_changelist")
        target = request.POST.get("next", "")
        if not target.startswith(changelist) or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}
        ):
            target = changelist
        return redirect(target)

    def _bulk(self, request, queryset, decision):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        to_state, _, done = DECISIONS[decision]
        result = services.comments_moderate_bulk(
            comments=queryset, to_state=to_state, by=request.user
        )
        message = f"{result.moved} comment(s) {done}."
        if result.skipped:
            message += f" {result.skipped} already {done}, left as they were."
        self.message_user(request, message)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description="Reject selected comments", permissions=["moderate"])
    def reject_selected(self, request, queryset):
        self._bulk(request, queryset, "reject")

    @admin.action(
        description="Mark selected comments as spam", permissions=["moderate"]
    )
    def spam_selected(self, request, queryset):
        self._bulk(request, queryset, "spam")


# --- Reports and the log: read-only records -------------------------------------------


@admin.register(CommentReport)
class CommentReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["comment", "reason", "created_at", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["comment"]
    raw_id_fields = ["comment"]


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "actor_name",
        "action",
        "from_state",
        "to_state",
        "comment_ref",
        "note",
    ]
    list_filter = ["action", "to_state", ("actor", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["actor"]
    search_fields = ["=comment_ref", "note", "actor__username"]
    date_hierarchy = "created_at"

    @admin.display(description="By", ordering="actor__username")
    def actor_name(self, obj):
        return obj.actor.get_username() if obj.actor else "system"


# --- Lists moderators keep ------------------------------------------------------------


@admin.register(HeldWord)
class HeldWordAdmin(admin.ModelAdmin):
    list_display = ["word", "created_at"]
    search_fields = ["word"]


@admin.register(BannedEmail)
class BannedEmailAdmin(admin.ModelAdmin):
    fields = ["pattern", "note"]  # the value first, before the inherited note
    list_display = ["pattern", "note", "created_at"]
    search_fields = ["pattern", "note"]


@admin.register(BannedNetwork)
class BannedNetworkAdmin(admin.ModelAdmin):
    fields = ["network", "note"]  # the value first, before the inherited note
    list_display = ["network", "note", "created_at"]
    search_fields = ["network", "note"]
