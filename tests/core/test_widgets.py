"""``core.widgets`` write the bytes Django's widget templates write, hostile values
escaped the same way."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from comments.forms import CommentForm
from core import widgets
from tests.factories import ArticleFactory

HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"
PAIRS = [
    (widgets.TextInput, forms.TextInput),
    (widgets.EmailInput, forms.EmailInput),
    (widgets.Textarea, forms.Textarea),
]
VALUES = [None, "", "plain", HOSTILE, mark_safe("<b>already safe</b>"), 42]
ATTRS = [
    {},
    {"id": "id_name", "required": True, "maxlength": 80, "autocomplete": "name"},
    {"disabled": False, "aria-describedby": HOSTILE, 'data-"odd"': "<v>"},
]


@pytest.mark.parametrize("ours, django", PAIRS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_a_widget_renders_as_its_django_template_does(ours, django, value, attrs):
    base_attrs = {"rows": 6, "class": "a&b"}
    expected = django(attrs=base_attrs).render("na<me", value, attrs=attrs)
    assert ours(attrs=base_attrs).render("na<me", value, attrs=attrs) == expected


def test_the_comment_form_fields_render_as_django_widgets_do(article_form_pair):
    ours, theirs = article_form_pair
    for name in ("name", "email", "body"):
        assert str(ours[name]) == str(theirs[name])


@pytest.fixture
def article_form_pair(db):
    """A comment form sent back with errors, and the same with Django's widgets."""
    article = ArticleFactory()
    data = {"name": HOSTILE, "email": "not an address", "body": "x\n<y>"}
    ours = CommentForm(data=data, article=article)
    theirs = CommentForm(data=data, article=article)
    for field in theirs.fields.values():
        plain = next((d for o, d in PAIRS if type(field.widget) is o), None)
        if plain is not None:
            widget = plain(attrs=field.widget.attrs)
            widget.is_required = field.widget.is_required
            field.widget = widget
    ours.is_valid(), theirs.is_valid()
    return ours, theirs
