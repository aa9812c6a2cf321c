from django import forms


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a backup code. The input is
    written out in accounts/includes/code_field.html (one-time-code autocomplete)."""

    code = forms.CharField(label="Code", max_length=32, strip=True)


class EnrolForm(forms.Form):
    """The first code from a newly set-up app, proving it holds the secret."""

    code = forms.CharField(label="Six-digit code from the app", max_length=12)
