"""Rendering a body's embeds together gives what rendering each alone gave.

Inline facts share one template render and block embeds of a kind share a template
and a context; the reference here renders every embed on its own, as the page did
before, with the inline fact's markup as it was. Catalog strings are hostile, every
block kind and target appears, some twice, and one object has been deleted.
"""

import pytest
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Article
from livefacts.body import placeholders, render_live_body
from livefacts.registry import TARGETS
from livefacts.renderers import render_missing
from livefacts.resolvers import load_objects
from tests.factories import ArticleFactory, ImageFactory, VideoFactory
from tests.livefacts_helpers import make_catalog

pytestmark = pytest.mark.django_db

# The inline fact's template as it was when each fact had its own render.
ONE_FACT = engines["django"].engine.from_string(
    '{% load livefacts %}{% if fact.date %}{% fact_date fact.date %}{% else %}<span class="fact{% if fact.speculative %} fact--speculative is-speculative{% endif %}">{% if fact.url %}<a href="{{ fact.url }}">{{ fact.text }}</a>{% else %}{{ fact.text }}{% endif %}{% if fact.note %} <span class="fact__confidence badge badge--{{ fact.note|slugify }}">{{ fact.note }}</span>{% endif %}</span>{% endif %}\n'  # noqa: E501
)
HOSTILE = "<script>alert(\"x\")</script> & 'quoted' <!--fact-->"


def one_at_a_time(stored_html: str) -> str:
    """Each placeholder rendered alone, as before the batching."""
    found = placeholders(stored_html)
    needs = {}
    for p in found:
        needs.setdefault(p.target, {}).setdefault(p.pk, set()).add(p.kind)
    objects = load_objects(needs)
    today = timezone.localdate()
    html = stored_html
    for p in found:
        obj = objects.get((p.target, p.pk))
        target = TARGETS[p.target]
        if obj is None:
            alone = render_missing(p.is_block)
        elif p.is_block:
            context = target.block_context(p.kind, obj, p.option)
            alone = render_to_string(
                target.template(p.kind), {**context, "today": today}
            )
        else:
            value = target.inline_value(obj, p.option)
            alone = ONE_FACT.render(Context({"fact": value, "today": today})).strip()
        html = html.replace(
            f"<!--lf:{p.kind}:{p.target}:{p.pk}:{p.option}-->", alone, 1
        )
    return html


def test_every_embed_kind_renders_as_it_did_alone():
    catalog = make_catalog(cast=11)
    catalog.show.title = HOSTILE
    catalog.show.save()
    catalog.character.name = HOSTILE
    catalog.character.save()
    catalog.actor.name = f"{HOSTILE} Kit"
    catalog.actor.save()
    video = VideoFactory(show=catalog.show, title=HOSTILE)
    image = ImageFactory(alt_text=HOSTILE)
    blocks = [
        "[[factbox season=heartstopper/2]]",
        "[[release season=heartstopper/2]]",
        "[[cast season=heartstopper/2 all]]",
        "[[trailers season=heartstopper/2]]",
        "[[volumes season=heartstopper/2]]",
        "[[rating show=heartstopper]]",
        "[[cast show=heartstopper]]",
        "[[factbox show=heartstopper]]",
        "[[trailers show=heartstopper]]",
        "[[volumes work=heartstopper-books]]",
        "[[factbox season=heartstopper/3]]",
        "[[factbox season=heartstopper/2]]",
        f"[[video video={video.pk}]]",
        f"[[image image={image.pk}]]",
        '[[quote text="Never <b>bold</b> & never quiet." by="A & B"]]',
    ]
    facts = [
        "{{season:heartstopper/2.premiere}}",
        "{{season:heartstopper/3.premiere}}",
        "{{character:heartstopper/nick-nelson.actor}}",
        "{{volume:heartstopper-books/3.publication}}",
        "{{person:kit-connor.name}}",
        "{{season:heartstopper/2.premiere}}",
    ]
    body = "\n\n".join(blocks) + "\n\nFacts: " + ", ".join(facts) + "."
    article = ArticleFactory(body=body, state="draft")  # a draft: its embeds may go
    stored = Article.objects.get(pk=article.pk).body_html
    assert len(placeholders(stored)) == len(blocks) - 1 + len(facts)  # quote: inline
    catalog.other_season.delete()  # an embedded object gone from the catalog

    batched = str(render_live_body(stored))
    assert batched == one_at_a_time(stored)
    assert "<script>" not in batched
    assert "&lt;script&gt;" in batched
    assert "<!--fact-->" not in batched.replace("&lt;!--fact--&gt;", "")
