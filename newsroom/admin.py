"""The newsroom in the admin: each user's inbox and e-mail choices, and the URLs the
article form's Notes panel posts to.

Both admins replace Django's generic views with their own: a notification is only
ever its recipient's, and a note is only ever seen beside its piece.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.permissions import can_view

from .forms import EmailPreferenceForm, NoteForm
from .models import EmailPreference, Kind, Note, Notification
from .panel import notes_panel_context
from .services import article_admin_url, note_post, note_set_resolved

INBOX_PAGE_SIZE = 25


def _is_staff(request) -> bool:
    return request.user.is_active and request.user.is_staff


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Every staff user's own inbox; nobody sees anyone else's."""

    def has_module_permission(self, request):
        return _is_staff(request)

    def has_view_permission(self, request, obj=None):
        return _is_staff(request) and (
            obj is None or obj.recipient_id == request.user.pk
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.inbox_view), name="newsroom_notification_changelist"),
            path(
                "read/",
                view(require_POST(self.mark_read_view)),
                name="newsroom_notification_read",
            ),
            path(
                "<int:pk>/open/",
                view(self.open_view),
                name="newsroom_notification_open",
            ),
            path(
                "preferences/",
                view(self.preferences_view),
                name="newsroom_notification_preferences",
            ),
        ]

    def _context(self, request, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "media": self.media,
        }

    def inbox_view(self, request):
        """The user's notifications, newest first, paginated; unread ones marked."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"])
        mine = Notification.objects.for_user(request.user)
        if request.GET.get("unread"):
            mine = mine.unread()
        page = Paginator(mine.for_list(), INBOX_PAGE_SIZE).get_page(
            request.GET.get("p")
        )
        context = {
            **self._context(request, "Inbox"),
            "page": page,
            "only_unread": bool(request.GET.get("unread")),
        }
        return TemplateResponse(request, "admin/newsroom/inbox.html", context)

    def mark_read_view(self, request):
        """POST ``notification`` ids (or ``all``): mark the user's own as read."""
        mine = Notification.objects.for_user(request.user)
        if not request.POST.get("all"):
            mine = mine.filter(pk__in=_ids(request.POST.getlist("notification")))
        marked = mine.mark_read()
        self.message_user(request, f"Marked {marked} notification(s) as read.")
        return redirect(
            _back(request, reverse("admin:newsroom_notification_changelist"))
        )

    def open_view(self, request, pk):
        """Follow a notification to its piece, marking it read on the way."""
        notification = get_object_or_404(
            Notification.objects.for_user(request.user), pk=pk
        )
        if notification.read_at is None:
            Notification.objects.filter(pk=pk).mark_read()
        url = notification.url or reverse("admin:newsroom_notification_changelist")
        if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
            url = reverse("admin:newsroom_notification_changelist")
        return redirect(url)

    def preferences_view(self, request):
        """Each user chooses, for themself only, which kinds they get by e-mail."""
        preference = EmailPreference.objects.filter(user=request.user).first()
        if preference is None:
            preference = EmailPreference(user=request.user, kinds=list(Kind.values))
        form = EmailPreferenceForm(request.POST or None, instance=preference)
        if request.method == "POST" and form.is_valid():
            form.save()
            self.message_user(request, "Your e-mail choices were saved.")
            return redirect("admin:newsroom_notification_preferences")
        context = {**self._context(request, "E-mail notifications"), "form": form}
        return TemplateResponse(request, "admin/newsroom/preferences.html", context)


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    """No list of notes: they live on their piece's form. Only the Notes panel's
    write URLs, open to whoever may view the piece in the admin."""

    def has_module_permission(self, request):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "article/<int:article_id>/add/",
                view(require_POST(self.add_view_for_article)),
                name="newsroom_note_add",
            ),
            path(
                "<int:pk>/resolve/",
                view(require_POST(self.resolve_view)),
                name="newsroom_note_resolve",
            ),
        ]

    def add_view_for_article(self, request, article_id):
        article = _viewable_article(request, article_id)
        form = NoteForm(request.POST)
        if not form.is_valid():
            error = "Note not added: " + " ".join(
                str(error) for errors in form.errors.values() for error in errors
            )
            if _wants_json(request):
                return JsonResponse({"error": error}, status=400)
            self.message_user(request, error, messages.ERROR)
            return redirect(article_admin_url(article, "notes"))
        parent = None
        if form.cleaned_data["parent"]:
            parent = get_object_or_404(
                Note, pk=form.cleaned_data["parent"], article=article
            )
        note = note_post(
            article=article,
            by=request.user,
            text=form.cleaned_data["text"],
            parent=parent,
        )
        return _answer(request, article, "Note added.", f"note-{note.pk}")

    def resolve_view(self, request, pk):
        note = get_object_or_404(Note.objects.select_related("parent"), pk=pk)
        article = _viewable_article(request, note.article_id)
        resolved = request.POST.get("resolved", "1") == "1"
        thread = note_set_resolved(note=note, by=request.user, resolved=resolved)
        message = "Thread resolved." if resolved else "Thread reopened."
        return _answer(request, article, message, f"note-{thread.pk}")


def _wants_json(request) -> bool:
    """The Notes panel's script asks for JSON, to refresh the panel in place and
    leave the article form (and its unsaved edits) alone."""
    return request.headers.get("Accept", "").startswith("application/json")


def _answer(request, article, message: str, anchor: str):
    """Back to the piece at ``anchor``; or, for the script, the refreshed panel."""
    if _wants_json(request):
        context = notes_panel_context(request.user, article, get_token(request))
        html = render_to_string(
            "admin/newsroom/includes/notes_section.html", context, request=request
        )
        return JsonResponse({"html": html, "message": message, "focus": anchor})
    messages.success(request, message)
    return redirect(article_admin_url(article, anchor))


def _viewable_article(request, article_id) -> Article:
    """The piece, if this user may view it in the admin (editors; its own authors),
    else 403 (404 when it does not exist)."""
    article = get_object_or_404(Article, pk=article_id)
    if not can_view(request.user, article):
        raise PermissionDenied
    return article


def _ids(values) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _back(request, default: str) -> str:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return default
