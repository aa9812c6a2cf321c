from django import forms

from .models import NOTE_MAX_LENGTH, EmailPreference, Kind


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only staff who may open this piece see notes. "
        "Write @username to tell a colleague.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EmailPreferenceForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label="E-mail me when",
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Your inbox gets every notification; these choose which also "
        "come by e-mail.",
    )

    class Meta:
        model = EmailPreference
        fields = ["kinds"]
