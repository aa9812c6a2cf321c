"""The reader's comment and report forms."""

from django import forms
from django.conf import settings

from core import widgets

from .models import Comment, CommentReport
from .text import normalise_body, normalise_name
from .tokens import FormTokenError, check_form_token

TOKEN_MESSAGES = {
    "invalid": "This form could not be checked. Please send your comment again.",
    "too_fast": "That was quick! Please check your comment and send it again.",
    "stale": "This form was open for a long time and has expired. Your text is "
    "still here: please send it again.",
}
HONEYPOT_FIELD = "homepage"


class CommentForm(forms.Form):
    """Name, e-mail, text and an optional reply target, plus the signed timestamp and
    a honeypot field people never see."""

    name = forms.CharField(
        max_length=Comment.NAME_MAX_LENGTH,
        help_text="Shown with your comment.",
        widget=widgets.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="E-mail",
        help_text="Never shown. Used only to recognise you and if we need to reach "
        "you.",
        widget=widgets.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = forms.CharField()  # replaced in __init__: its limit is a setting
    contains_spoilers = forms.BooleanField(
        required=False,
        label="Contains spoilers",
        help_text="Tick if it gives away what happens: readers see it folded until "
        "they choose to open it.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
    homepage = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.article = article
        max_length = settings.COMMENTS_MAX_LENGTH  # a setting: read per form
        self.fields["body"] = forms.CharField(
            label="Comment",
            min_length=Comment.BODY_MIN_LENGTH,
            max_length=max_length,
            widget=widgets.Textarea(attrs={"rows": 6}),
            help_text=f"Plain text, up to {max_length} characters; links become "
            "clickable. A moderator reads comments before they appear.",
        )

    def is_bot(self) -> bool:
        """Filled in the field only bots see."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_name(self):
        name = normalise_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Please give a name.")
        return name

    def clean_body(self):
        body = normalise_body(self.cleaned_data["body"])
        if len(body) < Comment.BODY_MIN_LENGTH:
            raise forms.ValidationError("Please write a comment.")
        return body

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = (
            Comment.objects.public()
            .filter(article=self.article, parent__isnull=True, pk=parent_id)
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                "The comment you were replying to is no longer available. Send "
                "your comment again to post it on its own."
            )
        return parent

    def clean(self):
        cleaned = super().clean()
        try:
            check_form_token(
                self.cleaned_data.get("form_token") or "", article_id=self.article.pk
            )
        except FormTokenError as error:
            raise forms.ValidationError(
                TOKEN_MESSAGES[error.code], code=error.code
            ) from None
        return cleaned


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
        label="What is wrong with this comment?",
    )
