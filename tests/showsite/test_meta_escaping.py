"""Every page carries canonical, description, Open Graph and Twitter card tags."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory


def _meta(html, attribute, name):
    match = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html
    )
    return match.group(1) if match else None


def _canonical(html):
    match = re.search(r'<link rel="canonical" href="([^"]*)">', html)
    return match.group(1) if match else None


@pytest.mark.django_db
def test_home_has_canonical_without_tracking_parameters(client):
    html = client.get("/?utm_source=newsletter&page=abc").content.decode()
    assert _canonical(html) == "http://testserver/"
    assert _meta(html, "property", "og:url") == "http://testserver/"


@pytest.mark.django_db
def test_home_share_tags_repeat_title_and_description(client):
    html = client.get("/").content.decode()
    title = re.search(r"<title>(.*)</title>", html).group(1)
    description = _meta(html, "name", "description")
    assert title == "Showsite"
    assert description.startswith("Entertainment news")
    assert _meta(html, "property", "og:title") == title
    assert _meta(html, "name", "twitter:title") == title
    assert _meta(html, "property", "og:description") == description
    assert _meta(html, "name", "twitter:description") == description
    assert _meta(html, "property", "og:site_name") == "Showsite"
    assert _meta(html, "property", "og:type") == "website"
    assert _meta(html, "name", "twitter:card") == "summary_large_image"
    assert re.fullmatch(
        r"http://testserver/static/img/og-default(\.\w+)?\.png",
        _meta(html, "property", "og:image"),
    )


CHILD = """{% extends "base.html" %}
{% block title %}{{ headline }} | {{ SITE_NAME }}{% endblock %}
{% block meta_description %}{{ standfirst }}{% endblock %}
{% block og_type %}article{% endblock %}
{% block og_image %}/media/hero.jpg{% endblock %}
{% block og_image_alt %}A hero{% endblock %}
"""


def _render_child(**context):
    request = RequestFactory().get("/news/a-piece/?ref=x")
    return engines["django"].from_string(CHILD).render(context, request)


@pytest.mark.django_db
def test_a_page_overrides_blocks_and_every_tag_follows():
    html = _render_child(headline="Season 2 dated", standfirst="All eight at once.")
    assert "<title>Season 2 dated | Showsite</title>" in html
    assert _meta(html, "property", "og:title") == "Season 2 dated | Showsite"
    assert _meta(html, "property", "og:description") == "All eight at once."
    assert _meta(html, "property", "og:type") == "article"
    assert _meta(html, "property", "og:image") == "http://testserver/media/hero.jpg"
    assert _meta(html, "property", "og:image:alt") == "A hero"
    assert _meta(html, "name", "twitter:card") == "summary_large_image"
    assert _canonical(html) == "http://testserver/news/a-piece/"


@pytest.mark.django_db
def test_quotes_and_tags_in_titles_stay_inside_attributes():
    html = _render_child(headline='"Quoted" <b>bold</b>', standfirst="It's <i>here</i>")
    assert _meta(html, "property", "og:title") == (
        "&quot;Quoted&quot; &lt;b&gt;bold&lt;/b&gt; | Showsite"
    )
    assert _meta(html, "name", "description") == "It&#x27;s &lt;i&gt;here&lt;/i&gt;"
    assert "<b>" not in html and "<i>" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.browser.urls")
def test_later_pages_of_a_list_keep_their_page_in_the_canonical(client):
    html = client.get("/__test__/styleguide/?page=3&sort=old").content.decode()
    assert _canonical(html) == "http://testserver/__test__/styleguide/?page=3"
    first = client.get("/__test__/styleguide/?page=1").content.decode()
    assert _canonical(first) == "http://testserver/__test__/styleguide/"


@pytest.mark.django_db
def test_current_section_is_marked_in_the_navigation(client):
    html = client.get("/").content.decode()
    assert '<a href="/" aria-current="page">Latest</a>' in html


def test_favicon_ico_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
