"""The stored shell of a page (core/pageshell.py): markers of its own render only,
viewer parts never inside a stored part, and a page right with no cache at all."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

from core.fragments import Owner, PageFragments
from core.pageshell import Recorder
from tests.pages_helpers import build_world
from tests.shell_helpers import get, whole

pytestmark = pytest.mark.django_db


def test_a_shell_splits_at_its_own_markers_only():
    recorder, other = Recorder(), Recorder()
    html = (
        f"<p>a</p>{recorder.marker('slot', 'head')}<p>b</p>"
        f"{other.marker('viewer', 'messages')}{recorder.marker('viewer', 'banner')}"
    )
    assert recorder.split(html) == (
        "<p>a</p>",
        ("slot", "head"),
        f"<p>b</p>{other.marker('viewer', 'messages')}",
        ("viewer", "banner"),
        "",
    )


def test_a_viewer_part_inside_a_stored_part_is_refused():
    template = Template(
        '{% load fragments %}{% fragment "body" %}'
        '{% viewer "banner" %}hi{% endviewer %}{% endfragment %}'
    )
    parts = PageFragments(Owner("x.y", 1, 1, None), ["body"])
    with pytest.raises(TemplateSyntaxError, match="inside a stored"):
        template.render(Context({"fragments": parts}))


def test_without_fragments_a_viewer_part_renders_in_place():
    template = Template(
        '{% load fragments %}<b>{% viewer "banner" %}hi{% endviewer %}</b>'
    )
    assert template.render(Context({})) == "<b>hi</b>"


def test_pages_are_whole_renders_when_the_cache_keeps_nothing(
    client, fragments, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    world = build_world(1)
    for url in ("/", world.show.get_absolute_url(), world.article.get_absolute_url()):
        assert get(client, url) == whole(client, url, settings)
        assert get(client, url) == whole(client, url, settings)
