"""The JSON-LD tag: hostile strings stay inside one inert, parseable script element."""

import json
import re
from datetime import date

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from core.templatetags.site_tags import json_ld

HOSTILE = "Season 2 </script><script>alert(\"x\")</script> <!-- & 'quotes' \u2028"


def _render(data):
    return Template("{% load site_tags %}{% json_ld data %}").render(
        Context({"data": data})
    )


def _payload(html):
    match = re.fullmatch(
        r'<script type="application/ld\+json">(.*)</script>', html, flags=re.S
    )
    assert match, html
    return match.group(1)


def test_title_with_closing_script_tag_cannot_break_out():
    html = _render({"@type": "NewsArticle", "headline": HOSTILE})
    assert html.count("</script>") == 1
    assert html.count("<script") == 1
    payload = _payload(html)
    assert "<" not in payload and ">" not in payload and "&" not in payload
    assert "<!--" not in html


def test_escaped_json_parses_back_to_the_same_data():
    data = {"headline": HOSTILE, "author": [{"name": "Zoë & Co"}]}
    assert json.loads(_payload(_render(data))) == data


def test_dates_are_serialised_as_iso_strings():
    payload = _payload(_render({"datePublished": date(2026, 11, 25)}))
    assert json.loads(payload) == {"datePublished": "2026-11-25"}


def test_empty_data_renders_nothing():
    assert _render({}) == ""
    assert _render(None) == ""


@given(st.recursive(st.text(), lambda inner: st.dictionaries(st.text(), inner)))
def test_any_string_round_trips_and_never_closes_the_element(value):
    payload = _payload(json_ld({"value": value}))
    assert "</" not in payload
    assert json.loads(payload) == {"value": value}
