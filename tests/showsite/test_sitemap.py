"""/sitemap.xml and /robots.txt: valid XML listing every public page, nothing else."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
    SourceWorkFactory,
)
from tests.module_rows import kept_for_module

pytestmark = pytest.mark.django_db

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NS = {"sm": SITEMAP_NS}
HOST = "http://testserver"


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def _all_urls(client):
    """Every <loc> in every section the index lists, with its <lastmod>."""
    index = _xml(client, "/sitemap.xml")
    assert index.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    urls = {}
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        assert loc.text.startswith(HOST + "/sitemap-")
        section = _xml(client, loc.text.removeprefix(HOST))
        assert section.tag == f"{{{SITEMAP_NS}}}urlset"
        for url in section.findall("sm:url", NS):
            lastmod = url.find("sm:lastmod", NS)
            loc = url.find("sm:loc", NS).text
            # A piece is in the articles and the news sections; only one has dates.
            urls[loc] = lastmod.text if lastmod is not None else urls.get(loc)
    return urls


def _catalog():
    season = SeasonFactory(number=2)
    return [season.show, season, PersonFactory(), SourceWorkFactory(), ShowFactory()]


def test_sitemap_lists_every_public_object(client):
    objects = _catalog()
    article = ArticleFactory()
    urls = _all_urls(client)
    assert HOST + "/" in urls
    for obj in [*objects, article]:
        assert HOST + obj.get_absolute_url() in urls, obj
    assert urls[HOST + article.get_absolute_url()].startswith(
        article.modified_at.date().isoformat()
    )


def test_sitemap_never_lists_unpublished_pieces(client):
    now = timezone.now()
    hidden = [
        ArticleFactory(state="draft", published_at=None),
        ArticleFactory(state="review", published_at=None),
        ArticleFactory(published_at=now + timedelta(days=1)),
        ArticleFactory(state="unpublished", published_at=now - timedelta(days=1)),
    ]
    urls = _all_urls(client)
    for article in hidden:
        assert HOST + article.get_absolute_url() not in urls


def test_index_gives_the_articles_section_its_newest_change(client):
    old = ArticleFactory()
    newest = ArticleFactory()
    assert newest.modified_at >= old.modified_at
    index = _xml(client, "/sitemap.xml")
    for entry in index.findall("sm:sitemap", NS):
        if entry.find("sm:loc", NS).text.endswith("/sitemap-articles.xml"):
            lastmod = entry.find("sm:lastmod", NS).text
            assert lastmod.startswith(newest.modified_at.date().isoformat())
            return
    raise AssertionError("no articles section in the index")


def test_unknown_section_is_404(client):
    assert client.get("/sitemap-nope.xml").status_code == 404
    assert client.get("/sitemap-articles.xml?p=999").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines
    assert f"Sitemap: {HOST}/sitemap.xml" in lines


def _fill(n):
    for _ in range(n):
        ArticleFactory()
        SeasonFactory()
        PersonFactory()
        SourceWorkFactory()


@pytest.fixture(scope="class", params=[2, 20], ids=lambda n: f"rows{n}")
def filled(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """2 or 20 rows of every kind, built once for the class that asks."""
    media = tmp_path_factory.mktemp("sitemap")
    with kept_for_module(django_db_blocker, media, lambda: _fill(request.param)):
        yield


class TestSitemapsAtTwoSizes:
    """Each sitemap with 2 and with 20 rows of every kind, each size built once."""

    @pytest.mark.parametrize(
        "section", ["home", "articles", "shows", "seasons", "people", "books"]
    )
    def test_sitemap_query_count_is_flat(
        self, filled, client, django_assert_num_queries, section
    ):
        # Each section: the count for paging, then the page of rows.
        with django_assert_num_queries(0 if section == "home" else 2):
            assert client.get(f"/sitemap-{section}.xml").status_code == 200

    def test_sitemap_index_query_count_is_flat(
        self, filled, client, django_assert_num_queries
    ):
        # A count per section to know its pages; the newest article change,
        # aggregated.
        with django_assert_num_queries(6):
            assert client.get("/sitemap.xml").status_code == 200


def test_index_counts_pages_from_the_highest_id_and_lists_every_piece(
    client, monkeypatch
):
    """Pages come from the highest id (one index read), never fewer than needed:
    every public piece is on a listed page, and a gap can leave a page empty."""
    from showsite.sitemaps import ArticleSitemap

    pieces = [ArticleFactory() for _ in range(3)]
    top = ArticleFactory(state="draft", published_at=None).pk  # highest, unlisted
    # Two per page where ids start at 1; about four pages where an earlier test
    # moved the sequence on (PostgreSQL), rather than hundreds of empty ones.
    limit = max(2, -(-top // 4))
    monkeypatch.setattr(ArticleSitemap, "limit", limit)
    index = _xml(client, "/sitemap.xml")
    pages = [
        loc.text.removeprefix(HOST)
        for loc in index.findall("sm:sitemap/sm:loc", NS)
        if "sitemap-articles.xml" in loc.text
    ]
    last = -(-top // limit)  # ids need not start at 1 in a test database
    assert len(pages) == last >= 2
    listed = set()
    for page in pages:
        for loc in _xml(client, page).findall("sm:url/sm:loc", NS):
            listed.add(loc.text.removeprefix(HOST))
    assert listed == {piece.get_absolute_url() for piece in pieces}
    assert client.get(f"/sitemap-articles.xml?p={last + 1}").status_code == 404
