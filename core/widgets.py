"""Form widgets that write Django's own input and textarea markup without templates.

Django renders every widget through a template (``input.html``, which includes
``attrs.html`` and loops over the attributes): some 900 Python calls for one field. A
form printed on a busy public page (the comment form under every article) pays that
for each of its fields on each render. These widgets write the same bytes as those
templates do, escaping every name and value as their autoescaping does
(``tests/core/test_widgets.py`` compares them, bound and unbound, with hostile values).
"""

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe


def _value(value) -> str:
    """``{{ value|stringformat:'s' }}``: a safe string as is, the rest escaped."""
    if isinstance(value, SafeData):
        return str(value)
    return escape("%s" % value)  # noqa: UP031 - the filter's own formatting


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``: ``False`` leaves an attribute out, ``True``
    writes its bare name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        name = conditional_escape(name)
        parts.append(f" {name}" if value is True else f' {name}="{_value(value)}"')
    return "".join(parts)


class PlainHTML:
    """Mixin for a widget rendered with Django's ``input.html`` or ``textarea.html``."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        name = conditional_escape(widget["name"])
        attrs = _attrs(widget["attrs"])
        if isinstance(self, forms.Textarea):
            value = conditional_escape(widget["value"]) if widget["value"] else ""
            html = f'<textarea name="{name}"{attrs}>\n{value}</textarea>'
        else:
            value = widget["value"]
            value = "" if value is None else f' value="{_value(value)}"'
            kind = conditional_escape(widget["type"])
            html = f'<input type="{kind}" name="{name}"{value}{attrs}>'
        # Safe: every name and value above went through the escaping the widget
        # templates' autoescaping applies.
        return mark_safe(html)


class TextInput(PlainHTML, forms.TextInput):
    pass


class EmailInput(PlainHTML, forms.EmailInput):
    pass


class Textarea(PlainHTML, forms.Textarea):
    pass
