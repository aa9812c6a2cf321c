"""Share metadata on every page type: canonical, description, Open Graph, Twitter."""

import re

import pytest

from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    ImageFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
    SourceWorkFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def _meta(html, attribute, name):
    match = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html
    )
    return match.group(1) if match else None


def _pages():
    picture = ImageFactory(pixels=(1600, 900), alt_text="A poster")
    show = ShowFactory(title="Meta Show", poster=picture)
    tag = TagFactory(name="Meta tag")
    author = AuthorProfileFactory(name="Meta Author", photo=picture)
    article = ArticleFactory(
        title="Meta piece",
        standfirst="What the piece says.",
        hero_image=picture,
        tags=[tag],
        authors=[author],
    )
    return {
        # path, og:type, has an image
        "home": ("/", "website", False),
        "article": (article.get_absolute_url(), "article", True),
        "author": (author.get_absolute_url(), "profile", True),
        "tag list": (tag.get_absolute_url(), "website", False),
        "kind list": ("/kinds/news/", "website", False),
        "show": (show.get_absolute_url(), "video.tv_show", True),
        "season": (SeasonFactory(show=show).get_absolute_url(), "video.tv_show", False),
        "person": (PersonFactory().get_absolute_url(), "profile", False),
        "book": (SourceWorkFactory().get_absolute_url(), "book", False),
        "search": ("/search/?q=meta", "website", False),
    }


def test_every_page_type_has_share_and_search_metadata(client):
    for name, (path, og_type, has_image) in _pages().items():
        html = client.get(path).content.decode()
        head = html.split("<body")[0]
        title = re.search(r"<title>(.*)</title>", head).group(1)
        description = _meta(head, "name", "description")
        assert description, name
        canonical = re.search(r'<link rel="canonical" href="([^"]*)">', head)
        assert canonical.group(1) == HOST + path.split("?")[0], name
        assert _meta(head, "property", "og:url") == canonical.group(1), name
        assert _meta(head, "property", "og:title") == title, name
        assert _meta(head, "property", "og:description") == description, name
        assert _meta(head, "property", "og:type") == og_type, name
        assert _meta(head, "property", "og:site_name") == "Showsite", name
        assert _meta(head, "name", "twitter:title") == title, name
        image = _meta(head, "property", "og:image")
        if has_image:
            assert image.startswith(HOST + "/media/") and image.endswith(".webp")
            assert _meta(head, "property", "og:image:alt") == "A poster", name
        else:  # the site's default share card
            assert image == HOST + "/static/img/og-default.png", name
        assert _meta(head, "name", "twitter:card") == "summary_large_image", name


def test_article_share_tags_use_its_seo_fields(client):
    article = ArticleFactory(
        title="Long headline", seo_title="Short", seo_description="SEO says this."
    )
    head = client.get(article.get_absolute_url()).content.decode().split("<body")[0]
    assert _meta(head, "property", "og:title").startswith("Short")
    assert _meta(head, "property", "og:description") == "SEO says this."


def test_page_whose_picture_file_is_lost_falls_back_to_the_default_card(client):
    picture = ImageFactory()
    article = ArticleFactory(hero_image=picture)
    picture.width = 0  # what the image tag treats as unreadable
    picture.save()
    head = client.get(article.get_absolute_url()).content.decode().split("<body")[0]
    assert _meta(head, "property", "og:image").endswith("/static/img/og-default.png")


def test_share_image_is_the_1280_rendition(client):
    article = ArticleFactory(hero_image=ImageFactory(pixels=(2400, 1350)))
    head = client.get(article.get_absolute_url()).content.decode().split("<body")[0]
    assert _meta(head, "property", "og:image").endswith("-1280w.webp")
    assert _meta(head, "property", "og:image:alt")
