"""The article change form: workflow rules and the stale-edit check live here."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from livefacts.forms import LiveFactsFormMixin

from . import workflow
from .checklist import Piece, failures, run_checklist
from .live_edits import change_initial
from .models import Article, ArticleChange, unique_slug
from .permissions import can_publish
from .revisions import RESTORABLE_M2M, diff_dicts, snapshot

NOT_SNAPSHOT = {
    "loaded_version",
    "significant_update",
    "workflow_note",
    "schedule_at",
    "override_reason",
    "loaded_change_version",
}
ACTION_FIELD = (
    "_workflow"  # the name of the workflow buttons; their value is the action
)


class ArticleAdminForm(LiveFactsFormMixin, forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    significant_update = forms.BooleanField(
        required=False,
        help_text="Tick when readers should see an “Updated” time (new facts, a "
        "correction); leave it for typos.",
    )
    # The workflow buttons' companions, rendered beside them (not in a fieldset).
    workflow_note = forms.CharField(
        label="Note to the author",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to request changes: say what to fix.",
    )
    schedule_at = forms.DateTimeField(
        label="Publish at",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    override_reason = forms.CharField(
        label="Publish anyway, because",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Editors only: why this piece goes out with the checklist failing. "
        "Kept in the log.",
    )
    loaded_change_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None  # set per request by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = [
            "title", "slug", "kind", "standfirst", "body", "hero_image", "authors",
            "tags", "subject_shows", "subject_seasons", "subject_people",
            "subject_works", "comments_open",
            "comments_close_at", "seo_title", "seo_description",
        ]  # fmt: skip
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "body": forms.Textarea(attrs={"rows": 30, "class": "vLargeTextField"}),
            "seo_description": forms.Textarea(
                attrs={"rows": 2, "class": "vLargeTextField"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict_diffs = []
        self.fields["loaded_version"].initial = self.instance.version
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text += " Leave empty to make it from the title."
        if "significant_update" in self.fields and not can_publish(self.user):
            del self.fields["significant_update"]
        self.fields[
            "schedule_at"
        ].help_text = (
            f"Site time ({settings.TIME_ZONE}). Required to schedule; in the future."
        )
        self.checklist = []
        # A live piece's draft change: the form shows (and saves) it, not the row.
        self.pending_change = workflow.pending_change(self.instance)
        if self.pending_change is not None:
            self.initial.update(change_initial(self.pending_change.data))
            self.fields["loaded_change_version"].initial = self.pending_change.version

    @property
    def workflow_action(self) -> str:
        """The workflow button pressed ("submit", "publish" …), or "" for Save."""
        return self.data.get(ACTION_FIELD, "") if self.is_bound else ""

    @property
    def edits_live_change(self) -> bool:
        """Saving keeps a draft change: the piece is live and no editor is
        publishing (or unpublishing) it."""
        return self.instance.is_live and self.workflow_action not in (
            "publish",
            "unpublish",
        )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title") or self.data.get(
            self.add_prefix("title")
        )
        return slug or unique_slug(Article, title or "", exclude_pk=self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.workflow_action:
            self._check_workflow_action(cleaned)
        if self.instance.pk:
            self._refuse_stale_save(cleaned)
            self._refuse_stale_change(cleaned)
        return cleaned

    def _check_workflow_action(self, cleaned):
        """The same rule the service applies, checked first so a refusal is a form
        error with nothing saved and nothing typed lost."""
        try:
            transition = workflow.find(
                self.workflow_action, self.user, self.instance, self.pending_change
            )
        except workflow.TransitionRefused as refused:
            raise ValidationError(str(refused), code="workflow") from refused
        if transition.needs_note and not cleaned.get("workflow_note", "").strip():
            self.add_error("workflow_note", "Write what the author should change.")
        if transition.action == "schedule":
            when = cleaned.get("schedule_at")
            if when is None and "schedule_at" not in self.errors:
                self.add_error("schedule_at", "Pick the date and time to publish at.")
            elif when is not None and when <= timezone.now():
                self.add_error("schedule_at", "Pick a time in the future.")
        if transition.checklist:
            self.checklist = run_checklist(self.piece(cleaned))
            reason = cleaned.get("override_reason", "").strip()
            if reason and not can_publish(self.user):
                self.add_error("override_reason", "Only an editor may override.")
            elif failures(self.checklist) and not reason:
                raise ValidationError(
                    "Not ready to publish: the checklist below says why. Fix it, "
                    "or (editors) write why it goes out anyway.",
                    code="checklist",
                )

    def piece(self, cleaned=None) -> Piece:
        """The piece as this form would save it, for the checklist."""
        if cleaned is None:
            cleaned = getattr(self, "cleaned_data", {})  # none on an unbound form
        values = {**self.initial, **cleaned}
        subjects = 0
        for name in Article.SUBJECT_FIELDS:
            value = values.get(name)
            if value is None and self.instance.pk:
                value = getattr(self.instance, name).all()
            subjects += len(value or [])
        return Piece.from_values(values, subject_count=subjects)

    def _refuse_stale_change(self, cleaned):
        """Two people editing one live piece's draft change: refuse the later save,
        as ``_refuse_stale_save`` does for the piece. A form loaded before the
        change existed carries no change version."""
        if self.add_prefix("loaded_change_version") not in self.data:
            return  # not the change form (the service re-validating a change)
        current = (
            ArticleChange.objects.select_for_update(of=("self",))
            .select_related("modified_by")
            .filter(article=self.instance)
            .first()
        )
        if current is None or cleaned.get("loaded_change_version") == current.version:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_change_version")] = current.version
        who = current.modified_by.get_username() if current.modified_by else "Someone"
        when = date_format(timezone.localtime(current.modified_at), "j M Y, H:i")
        raise ValidationError(
            "%(who)s saved this draft change at %(when)s, after you opened it. Your "
            "changes were NOT saved; they are still in the form below. Save again "
            "to keep yours.",
            code="stale",
            params={"who": who, "when": when},
        )

    def _refuse_stale_save(self, cleaned):
        """Lock the row (the admin runs this inside its transaction) and refuse the
        save if someone saved after this form was loaded."""
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("modified_by")
            .get(pk=self.instance.pk)
        )
        if cleaned.get("loaded_version") == current.version:
            self.instance.version = current.version
            return
        mine = {**snapshot(current), **self._submitted_snapshot(cleaned)}
        self.conflict_diffs = diff_dicts(snapshot(current), mine)
        # The next submit, after reading the differences, is a deliberate overwrite.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = current.version
        who = current.modified_by.get_full_name() if current.modified_by else ""
        who = who or (current.modified_by.get_username() if current.modified_by else "")
        when = date_format(timezone.localtime(current.modified_at), "j M Y, H:i")
        raise ValidationError(
            "%(who)s saved this article at %(when)s, after you opened it. Your "
            "changes were NOT saved; they are still in the form below. Compare them "
            "with the saved version and save again to keep yours.",
            code="stale",
            params={"who": who or "Someone", "when": when},
        )

    def _submitted_snapshot(self, cleaned) -> dict:
        data = {}
        for name, value in cleaned.items():
            if name in RESTORABLE_M2M:
                data[name] = [obj.pk for obj in value]
            elif name == "hero_image":
                data["hero_image_id"] = value.pk if value else None
            elif name not in NOT_SNAPSHOT:
                data[name] = value
        return data
