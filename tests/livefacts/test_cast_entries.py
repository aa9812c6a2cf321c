"""A cast list's entries are written as the template loop wrote them, byte for byte,
with hostile names, every kind and status, and a role or none."""

import itertools

import pytest
from django.template import Context, engines

from catalog.models import Credit
from core.reversing import url_for_each_slug
from livefacts.renderers import cast_entries
from tests.factories import CharacterFactory, CreditFactory, PersonFactory, ShowFactory

pytestmark = pytest.mark.django_db

# The loop of livefacts/includes/cast.html before the entries were written in Python.
LOOP = engines["django"].engine.from_string(
    """{% for credit in credits %}
    <li class="cast-entry{% if credit.status == 'rumoured' %} fact--speculative is-speculative{% endif %}{% if credit.status == 'departed' or credit.status == 'recast' %} cast-entry--gone{% endif %}">
      <a href="{{ credit.person.get_absolute_url }}">{{ credit.person.name }}</a>{% if credit.character %} <span class="cast-entry__role">as {{ credit.character.name }}</span>{% endif %}
      {% if credit.kind != "main" %}<span class="badge">{{ credit.get_kind_display }}</span>{% endif %}
      {% if credit.status != "confirmed" %}<span class="badge badge--{{ credit.status }}">{{ credit.get_status_display }}</span>{% endif %}
    </li>
    {% endfor %}"""  # noqa: E501
)
HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"


def test_cast_entries_render_as_the_template_loop_did():
    show = ShowFactory()
    kinds = [k for k in Credit.Kind.values if k != "crew"]
    credits = []
    for n, (kind, status, role) in enumerate(
        itertools.product(kinds, Credit.Status.values, (True, False))
    ):
        person = PersonFactory(name=f"{HOSTILE} {n}")
        character = CharacterFactory(show=show, name=HOSTILE) if role else None
        credits.append(
            CreditFactory(
                show=show, person=person, character=character, kind=kind, status=status
            )
        )
    expected = LOOP.render(Context({"credits": credits}))
    assert str(cast_entries(credits)) == expected
    assert "<script>" not in expected and "cast-entry--gone" in expected


def test_a_slug_url_for_each_row_is_the_one_reverse_gives():
    person_url = url_for_each_slug("catalog:person_detail", "slug")
    for slug in ("kit-connor", "a_b-9", "x"):
        person = PersonFactory(slug=slug)
        assert person_url(person.slug) == person.get_absolute_url()
