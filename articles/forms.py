"""The article change form: workflow rules and the stale-edit check (which hands a
refused save to the merge view) live here."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property

from livefacts.forms import LiveFactsFormMixin

from .merge import has_conflict_markers
from .merge_form import (
    FORM_TO_SNAPSHOT,
    SNAPSHOT_TO_FORM,
    merge_article,
    merge_panel_rows,
    put_form_value,
)
from .models import Article, unique_slug
from .permissions import allowed_states, can_publish
from .revisions import COMPARED_FIELDS, RESTORABLE_M2M, snapshot, snapshot_at_version


class ArticleAdminForm(LiveFactsFormMixin, forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    significant_update = forms.BooleanField(
        required=False,
        help_text="Tick when readers should see an “Updated” time (new facts, a "
        "correction); leave it for typos.",
    )
    user = None  # set per request by ArticleAdmin.get_form

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
        self.merge = None  # the merge of a refused save, for the merge view
        self.merge_who = ""
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
        if "significant_update" in self.fields and not can_publish(self.user):
            del self.fields["significant_update"]

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
        if has_conflict_markers(cleaned.get("body")):
            self.add_error(
                "body",
                "Resolve the marked conflicts first: keep your paragraph, theirs "
                "or both, and remove the marker lines.",
            )
            return cleaned
        if self.instance.pk:
            self._refuse_stale_save(cleaned)
        return cleaned

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
            elif name not in ("loaded_version", "significant_update"):
                data[name] = value
        return data
