"""The article's history page and Restore. Restore never writes: it opens the change
form with an old revision's values loaded, and the editor's Save is the confirmation,
so a published piece's restore takes whatever path any edit of it takes."""

from dataclasses import dataclass

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from reversion.models import Version

from .admin_workflow import HISTORY_TRANSITIONS
from .revisions import (
    article_history,
    change_comment,
    diff_versions,
    local_when,
    record_revision,
    restore_initial,
    saved_by,
)


@dataclass
class Restoring:
    """A revision loaded into the change form, not saved yet."""

    version: Version
    cancel_url: str

    @property
    def when(self) -> str:
        return local_when(self.version.revision.date_created)

    @property
    def who(self) -> str:
        return saved_by(self.version)


class RevisionHistoryAdminMixin:
    """For ArticleAdmin: ``history/`` lists and compares revisions; ``change/?restore=
    <version id>`` loads one into the form."""

    def history_view(self, request, object_id, extra_context=None):
        """Revisions that changed something (who, when, state), a side-by-side diff of
        any two, and a Restore link for each older one."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        article = get_object_or_404(self.get_queryset(request), pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        history = article_history(article)
        versions = history.versions
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
            "truncated": history.truncated,
            "old": old,
            "new": new,
            "diffs": diff_versions(old, new) if old and new else [],
            "transitions": article.transitions.select_related("by")[
                :HISTORY_TRANSITIONS
            ],
            "old_label": f"Before: {old.when} ({old.who})" if old else "",
            "new_label": f"After: {new.when} ({new.who})" if new else "",
            "can_restore": self.has_change_permission(request, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def _restoring(self, request, object_id) -> Restoring | None:
        """The revision named by ``?restore=``, checked: the user may edit the piece
        and the revision is this piece's."""
        version_id = request.GET.get("restore")
        if version_id is None:
            return None
        if not self.has_change_permission(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return None  # the admin's own "does not exist" answer follows
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if not version_id.isdigit():
            raise Http404("No such revision.")
        version = (
            Version.objects.get_for_object(article)
            .select_related("revision__user")
            .filter(pk=version_id)
            .first()
        )
        if version is None:
            raise Http404("No such revision of this piece.")
        cancel = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[article.pk],
            current_app=self.admin_site.name,
        )
        return Restoring(version=version, cancel_url=cancel)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        restoring = self._restoring(request, object_id)
        if restoring is not None:
            request.article_restoring = restoring
            extra_context = {**(extra_context or {}), "restoring": restoring}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """On a GET with ``?restore=``, a form whose initial values are the
        revision's; a POST compares what is sent with the piece as saved, as always."""
        form = super().get_form(request, obj, change=change, **kwargs)
        restoring = getattr(request, "article_restoring", None)
        if restoring is None or request.method != "GET":
            return form
        initial = restore_initial(restoring.version, form_fields=form.base_fields)

        class RestoredForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                if not self.is_bound:
                    self.initial.update(initial)

        RestoredForm.__name__ = form.__name__
        return RestoredForm

    def record_change(self, request, form) -> None:
        """The save's revision, noting a restore it completes."""
        restoring = getattr(request, "article_restoring", None)
        article = form.instance
        record_revision(
            article,
            user=request.user,
            comment=change_comment(
                form,
                state_label=article.get_state_display(),
                restored=restoring.version if restoring else None,
            ),
        )
