"""The follow form: an address and what to hear about."""

from django import forms

from .models import CHOICE_FIELDS, Follow


class FollowForm(forms.ModelForm):
    """No label suffix: the templates write labels and the legend themselves."""

    class Meta:
        model = Follow
        fields = ("email", *CHOICE_FIELDS)
        labels = {
            "email": "Your e-mail address",
            "dates": "A release date is announced or changes",
            "official_only": "Only official dates (from the platform or studio)",
            "seasons": "A new season is announced",
            "articles": "We publish an article about the show",
        }
        help_texts = {
            "email": "We send a link to confirm; nothing is sent until you open it.",
            "dates": "",
            "official_only": "",
        }
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("dates", "seasons", "articles")):
            raise forms.ValidationError(
                "Pick at least one thing to hear about: dates, seasons or articles."
            )
        return data

    def validate_unique(self):
        """An address may ask again (new choices, a lost confirm e-mail): the
        service updates the row instead of refusing."""

    def choice_fields(self):
        return [self[name] for name in CHOICE_FIELDS]
