"""The article change form: workflow rules and the stale-edit check (which hands a
refused save to the merge view) live here."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify

from livefacts.forms import LiveFactsFormMixin

from . import workflow
from .checklist import Piece, failures, run_checklist
from .corrections import (
    READER_NOTICE_CHOICES,
    READER_TEXT_FIELDS,
    SILENT,
    asks_reader_notice,
    text_changed,
)
from .live_edits import change_initial, change_snapshot
from .merge import has_conflict_markers
from .merge_form import (
    FORM_TO_SNAPSHOT,
    SNAPSHOT_TO_FORM,
    merge_article,
    merge_panel_rows,
    put_form_value,
)
from .models import Article, ArticleChange, UpdateNote, unique_slug
from .permissions import can_publish
from .revisions import COMPARED_FIELDS, RESTORABLE_M2M, snapshot, snapshot_at_version

READER_NOTICE_FIELDS = ("reader_notice", "reader_notice_text")
NOT_SNAPSHOT = {
    "loaded_version",
    *READER_NOTICE_FIELDS,
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
    reader_notice = forms.ChoiceField(
        label="How are readers told?",
        choices=READER_NOTICE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text="This piece is public. A change to its title, standfirst or body "
        "is either a silent fix or shown to readers with its date.",
    )
    reader_notice_text = forms.CharField(
        label="Note for readers",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        help_text="Plain text, shown at the end of the piece. Optional for an "
        "update; a correction says what was wrong.",
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

    class Media:
        js = ["js/desk-reader-notice.js"]

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
        error_messages = {
            "slug": {
                "unique": "Another piece already has this address. Change it, or "
                "empty the field to make one from the title."
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.merge = None  # the merge of a refused save, for the merge view
        self.merge_who = ""
        self.reader_text_changed = False
        self.fields["loaded_version"].initial = self.instance.version
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text += " Leave empty to make it from the title."
        if not asks_reader_notice(self.instance):  # drafts never ask
            for name in READER_NOTICE_FIELDS:
                self.fields.pop(name, None)
        self.fields[
            "schedule_at"
        ].help_text = (
            f"Site time ({settings.TIME_ZONE}). Required to schedule; in the future."
        )
        if self.instance.is_scheduled:  # moving it by an hour is one edit, not two
            self.fields["schedule_at"].initial = self.instance.published_at
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
        """Empty, or on a new piece the title's own slug (the admin's script types
        it in as the title is typed), the slug is the title's made unique: a second
        piece called "Season 3: what we know" saves as …-2 instead of failing on a
        field its writer never touched. A slug written by hand must be free."""
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title") or self.data.get(
            self.add_prefix("title")
        )
        max_length = Article._meta.get_field("slug").max_length
        typed_in = slug == slugify(title or "")[:max_length]
        if slug and not (self.instance.pk is None and typed_in):
            return slug
        return unique_slug(Article, title or "", exclude_pk=self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if has_conflict_markers(cleaned.get("body")):
            self.add_error(
                "body",
                "Resolve the marked conflicts first: keep your paragraph, theirs "
                "or both, and remove the marker lines.",
            )
            return cleaned
        # Compared now: after clean() the instance holds the submitted values.
        self.reader_text_changed = self._reader_text_changed(cleaned)
        if "reader_notice" in self.fields:
            self._ask_how_readers_are_told(cleaned)
        if self.workflow_action:
            self._check_workflow_action(cleaned)
        if self.instance.pk:
            self._refuse_stale_save(cleaned)
            self._refuse_stale_change(cleaned)
        return cleaned

    def _reader_text_changed(self, cleaned) -> bool:
        """Whether the title, standfirst or body readers see would change."""
        return any(
            name in cleaned
            and text_changed(name, getattr(self.instance, name), cleaned[name])
            for name in READER_TEXT_FIELDS
        )

    def _ask_how_readers_are_told(self, cleaned):
        """A public piece's text changes only with a choice of silent fix, update
        or correction; unpublishing it needs none."""
        if self.workflow_action == "unpublish":
            return
        if cleaned.get("state", self.instance.state) != Article.State.PUBLISHED:
            return
        if not self.reader_text_changed:
            return
        kind = cleaned.get("reader_notice")
        if not kind:
            self.add_error(
                "reader_notice",
                "Readers can see this piece: choose how they are told about this "
                "change (a silent fix, an update or a correction).",
            )
        elif (
            kind == UpdateNote.Kind.CORRECTION
            and not cleaned.get("reader_notice_text", "").strip()
        ):
            self.add_error(
                "reader_notice_text",
                "Write the correction readers will see: what was wrong, and what "
                "is right.",
            )

    def chosen_reader_notice(self) -> tuple[str, str]:
        """The chosen (kind, text) for a valid form; silent when nothing asked."""
        if "reader_notice" not in self.fields or not self.reader_text_changed:
            return SILENT, ""
        cleaned = self.cleaned_data
        return cleaned.get("reader_notice") or SILENT, cleaned.get(
            "reader_notice_text", ""
        )

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
        theirs = {**snapshot(self.instance), **change_snapshot(current.data)}
        mine = {**theirs, **self._submitted_snapshot(cleaned)}
        # Opened from the live piece: it is the base. Opened from an earlier state of
        # the change: that state is not kept, so every difference is shown.
        base = None
        if cleaned.get("loaded_change_version") is None:
            base = snapshot_at_version(self.instance, cleaned.get("loaded_version"))
        self.merge = merge_article(base, theirs, mine, fields=self._merged_fields())
        self.data = self.data.copy()
        self._fill_with_merge(cleaned)
        self.data[self.add_prefix("loaded_change_version")] = current.version
        who = current.modified_by.get_full_name() if current.modified_by else ""
        who = who or (current.modified_by.get_username() if current.modified_by else "")
        self.merge_who = who or "Someone"
        when = date_format(timezone.localtime(current.modified_at), "j M Y, H:i")
        raise ValidationError(
            "%(who)s saved this draft change at %(when)s, after you opened it. "
            "Nothing was saved yet: the form below now holds your changes merged "
            "with theirs. Check the merge, resolve any conflicts, then save to "
            "confirm.",
            code="stale",
            params={"who": self.merge_who, "when": when},
        )

    def _refuse_stale_save(self, cleaned):
        """Lock the row (the admin runs this inside its transaction) and refuse the
        save if someone saved after this form was loaded. The form comes back with
        both sides' changes merged, for the editor to check and save again; a save
        made meanwhile by a third editor refuses that one too and merges again."""
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("modified_by")
            .get(pk=self.instance.pk)
        )
        if cleaned.get("loaded_version") == current.version:
            self.instance.version = current.version
            return
        theirs = snapshot(current)
        mine = {**theirs, **self._submitted_snapshot(cleaned)}
        base = snapshot_at_version(current, cleaned.get("loaded_version"))
        self.merge = merge_article(base, theirs, mine, fields=self._merged_fields())
        self.data = self.data.copy()
        self._fill_with_merge(cleaned)
        self.data[self.add_prefix("loaded_version")] = current.version
        who = current.modified_by.get_full_name() if current.modified_by else ""
        who = who or (current.modified_by.get_username() if current.modified_by else "")
        when = date_format(timezone.localtime(current.modified_at), "j M Y, H:i")
        self.merge_who = who or "Someone"
        raise ValidationError(
            "%(who)s saved this article at %(when)s, after you opened it. Nothing "
            "was saved yet: the form below now holds your changes merged with "
            "theirs. Check the merge, resolve any conflicts, then save to confirm.",
            code="stale",
            params={"who": who or "Someone", "when": when},
        )

    @cached_property
    def merge_rows(self) -> list:
        """The merge view's rows; empty unless this save was refused as stale."""
        if self.merge is None:
            return []
        return merge_panel_rows(self, self.merge, who=self.merge_who)

    def _merged_fields(self) -> list[str]:
        """The snapshot's names of the fields this form edits."""
        return [
            name
            for name in COMPARED_FIELDS
            if SNAPSHOT_TO_FORM.get(name, name) in self.fields
        ]

    def _fill_with_merge(self, cleaned):
        """Put each merged value in the form where it differs from what was typed.
        A field that failed validation keeps the typed text and its error."""
        for merged in self.merge.fields:
            name = SNAPSHOT_TO_FORM.get(merged.name, merged.name)
            if name in cleaned and merged.result != merged.mine:
                put_form_value(self, name, merged.result)

    def _submitted_snapshot(self, cleaned) -> dict:
        data = {}
        for name, value in cleaned.items():
            if name in RESTORABLE_M2M:
                data[name] = [obj.pk for obj in value]
            elif name in FORM_TO_SNAPSHOT:
                data[FORM_TO_SNAPSHOT[name]] = value.pk if value else None
            elif name not in NOT_SNAPSHOT:
                data[name] = value
        return data
