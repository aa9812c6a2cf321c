"""The article change form: workflow rules and the stale-edit check live here."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from livefacts.forms import LiveFactsFormMixin

from .corrections import (
    READER_NOTICE_CHOICES,
    READER_TEXT_FIELDS,
    SILENT,
    asks_reader_notice,
    text_changed,
)
from .models import Article, UpdateNote, unique_slug
from .permissions import allowed_states
from .revisions import RESTORABLE_M2M, diff_dicts, snapshot

READER_NOTICE_FIELDS = ("reader_notice", "reader_notice_text")


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
    user = None  # set per request by ArticleAdmin.get_form

    class Media:
        js = ["js/desk-reader-notice.js"]

    class Meta:
        model = Article
        fields = [
            "title", "slug", "kind", "standfirst", "body", "hero_image", "authors",
            "tags", "subject_shows", "subject_seasons", "subject_people",
            "subject_works", "state", "published_at", "comments_open",
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
        self.reader_text_changed = False
        self.fields["loaded_version"].initial = self.instance.version
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text += " Leave empty to make it from the title."
        if "state" in self.fields:
            allowed = allowed_states(self.user, self.instance)
            self.fields["state"].choices = [
                choice for choice in Article.State.choices if choice[0] in allowed
            ]
            self.fields["state"].error_messages["invalid_choice"] = (
                "You may not move this piece to “%(value)s”. Authors submit drafts "
                "for review; an editor publishes, schedules and unpublishes."
            )
        if not asks_reader_notice(self.instance):  # drafts never ask
            for name in READER_NOTICE_FIELDS:
                self.fields.pop(name, None)

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title") or self.data.get(
            self.add_prefix("title")
        )
        return slug or unique_slug(Article, title or "", exclude_pk=self.instance.pk)

    def clean_state(self):
        state = self.cleaned_data["state"]
        if state not in allowed_states(self.user, self.instance):
            raise ValidationError("You may not move this piece to that state.")
        return state

    def clean(self):
        cleaned = super().clean()
        state = cleaned.get("state", self.instance.state)
        if state == Article.State.PUBLISHED and not cleaned.get("published_at"):
            if "published_at" in self.fields:
                cleaned["published_at"] = timezone.now()
        # Compared now: after clean() the instance holds the submitted values.
        self.reader_text_changed = self._reader_text_changed(cleaned)
        if "reader_notice" in self.fields:
            self._ask_how_readers_are_told(cleaned)
        if self.instance.pk:
            self._refuse_stale_save(cleaned)
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
            elif name not in ("loaded_version", *READER_NOTICE_FIELDS):
                data[name] = value
        return data
