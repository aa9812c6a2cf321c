"""Autosave in the article admin: the endpoints the form posts to while an author
types, the restore offer on the change and add forms, and the clean-up on a real save.

``AutosaveAdminMixin`` is mixed into ``ArticleAdmin``; it asks that admin's own
permission checks, so whoever may edit a piece (and nobody else) may autosave it.
"""

import json
import uuid

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from .autosave import (
    AUTOSAVED_FIELDS,
    DRAFT_KEY,
    AutosaveError,
    autosave_discard,
    autosave_offer,
    autosave_store,
    clean_autosave_data,
    saved_at_label,
)

MAX_AUTOSAVE_BYTES = 1024 * 1024
KEY_FIELD = "_autosave_key"  # the add form's key, posted with the form


def _bad(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _read_json(request) -> dict:
    """The request's JSON object, refused before reading when it is too large."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    too_large = AutosaveError(
        f"Too large: an autosave holds at most {MAX_AUTOSAVE_BYTES // 1024} kB."
    )
    if length > MAX_AUTOSAVE_BYTES:
        raise too_large
    if len(request.body) > MAX_AUTOSAVE_BYTES:  # sent without a length
        raise too_large
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise AutosaveError("The body is not valid JSON.") from error
    if not isinstance(payload, dict):
        raise AutosaveError("The body must be a JSON object.")
    return payload


class AutosaveAdminMixin:
    """Autosave endpoints, the restore banner's context and the clean-up on save."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "autosave/",
                view(self.autosave_new_view),
                name="{}_{}_autosave_new".format(*info),
            ),
            path(
                "autosave/discard/",
                view(self.autosave_new_discard_view),
                name="{}_{}_autosave_new_discard".format(*info),
            ),
            path(
                "<int:object_id>/autosave/",
                view(self.autosave_view),
                name="{}_{}_autosave".format(*info),
            ),
            path(
                "<int:object_id>/autosave/discard/",
                view(self.autosave_discard_view),
                name="{}_{}_autosave_discard".format(*info),
            ),
            *super().get_urls(),
        ]

    # --- endpoints: POST only; admin_view adds the login, CSRF and never_cache ----

    def _editable_article(self, request, object_id):
        """The piece if this user may edit it: 403 without the right at all, 404 for
        a piece they may not see, 403 for one they may see but not edit."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _check_add(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied

    @staticmethod
    def _draft_key(payload) -> str:
        key = payload.get("draft_key")
        if not isinstance(key, str) or not DRAFT_KEY.fullmatch(key):
            raise AutosaveError("“draft_key” must be 8 to 64 letters, digits, - or _.")
        return key

    @staticmethod
    def _saved(row) -> JsonResponse:
        return JsonResponse(
            {
                "saved_at": row.saved_at.isoformat(),
                "label": saved_at_label(row.saved_at),
            }
        )

    @staticmethod
    def _base_version(payload):
        version = payload.get("base_version")
        if version in (None, ""):
            return None
        text = str(version)
        if isinstance(version, bool) or not (text.isascii() and text.isdigit()):
            raise AutosaveError("“base_version” must be a whole number.")
        return int(text)

    @method_decorator(require_POST)
    def autosave_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        try:
            payload = _read_json(request)
            data = clean_autosave_data(payload.get("fields"))
            base_version = self._base_version(payload)
        except AutosaveError as error:
            return _bad(str(error))
        row = autosave_store(
            user=request.user, article=article, data=data, base_version=base_version
        )
        return self._saved(row)

    @method_decorator(require_POST)
    def autosave_discard_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        removed = autosave_discard(user=request.user, article=article)
        return JsonResponse({"discarded": removed})

    @method_decorator(require_POST)
    def autosave_new_view(self, request):
        self._check_add(request)
        try:
            payload = _read_json(request)
            key = self._draft_key(payload)
            data = clean_autosave_data(payload.get("fields"))
        except AutosaveError as error:
            return _bad(str(error))
        row = autosave_store(user=request.user, draft_key=key, data=data)
        return self._saved(row)

    @method_decorator(require_POST)
    def autosave_new_discard_view(self, request):
        self._check_add(request)
        try:
            key = self._draft_key(_read_json(request))
        except AutosaveError as error:
            return _bad(str(error))
        removed = autosave_discard(user=request.user, draft_key=key)
        return JsonResponse({"discarded": removed})

    # --- the form --------------------------------------------------------------

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context["autosave"] = self._autosave_context(request, obj if change else None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _autosave_context(self, request, obj):
        if request.GET.get("_popup") or request.POST.get("_popup"):
            return None
        if obj is None:
            if not self.has_add_permission(request):
                return None
            info = self.opts.app_label, self.opts.model_name
            save_url = reverse("admin:{}_{}_autosave_new".format(*info))
            discard_url = reverse("admin:{}_{}_autosave_new_discard".format(*info))
            posted = request.POST.get(KEY_FIELD, "")
            key = posted if DRAFT_KEY.fullmatch(posted) else uuid.uuid4().hex
        else:
            if not self.has_change_permission(request, obj):
                return None
            info = self.opts.app_label, self.opts.model_name
            save_url = reverse("admin:{}_{}_autosave".format(*info), args=[obj.pk])
            discard_url = reverse(
                "admin:{}_{}_autosave_discard".format(*info), args=[obj.pk]
            )
            key = ""
        # A form sent back with errors holds the author's words already.
        offer = None
        if request.method == "GET":
            offer = autosave_offer(user=request.user, article=obj)
        return {
            "save_url": save_url,
            "discard_url": discard_url,
            "draft_key": key,
            "fields": " ".join(AUTOSAVED_FIELDS),
            "offer": offer,
        }

    def save_model(self, request, obj, form, change):
        """A real save makes the autosave redundant: drop it in the same
        transaction."""
        super().save_model(request, obj, form, change)
        key = request.POST.get(KEY_FIELD, "")
        autosave_discard(
            user=request.user,
            article=obj,
            draft_key=key if not change and DRAFT_KEY.fullmatch(key) else None,
        )
