"""/sitemap-news.xml: Google News's sitemap of the pieces of the last 48 hours."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.pages import ARTICLE_LISTS
from core.models import PageList
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
HOST = "http://testserver"
URL = "/sitemap-news.xml"


def _hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def _news(client, url=URL) -> dict[str, ElementTree.Element]:
    """Each listed piece's path and its <news:news> element."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        entry.find("sm:loc", NS).text.removeprefix(HOST): entry.find("news:news", NS)
        for entry in root.findall("sm:url", NS)
    }


def test_lists_a_recent_piece_with_publication_date_and_title(client, settings):
    settings.SITE_NAME = "Showsite & Co"
    piece = ArticleFactory(title="Season 3 <dated> & more", published_at=_hours_ago(2))
    news = _news(client)[piece.get_absolute_url()]
    assert news.find("news:publication/news:name", NS).text == "Showsite & Co"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Season 3 <dated> & more"
    published = news.find("news:publication_date", NS).text
    assert timezone.datetime.fromisoformat(published) == piece.published_at


def test_only_public_pieces_of_the_last_48_hours(client):
    now = timezone.now()
    recent = ArticleFactory(published_at=_hours_ago(47))
    hidden = [
        ArticleFactory(published_at=_hours_ago(49)),
        ArticleFactory(state="draft", published_at=None),
        ArticleFactory(state="review", published_at=None),
        ArticleFactory(published_at=now + timedelta(hours=1)),  # scheduled
        ArticleFactory(state="unpublished", published_at=_hours_ago(1)),
    ]
    listed = _news(client)
    assert recent.get_absolute_url() in listed
    for piece in hidden:
        assert piece.get_absolute_url() not in listed


def test_the_index_links_the_news_sitemap(client):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locs = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert HOST + URL in locs


def test_capped_at_its_limit_newest_first_on_one_page(client, monkeypatch):
    """Google reads at most 1,000 pieces from a news sitemap: the newest are kept,
    and there is never a second page."""
    from showsite.sitemaps import NewsSitemap

    assert NewsSitemap.limit == 1000
    monkeypatch.setattr(NewsSitemap, "limit", 2)
    pieces = [ArticleFactory(published_at=_hours_ago(hours)) for hours in (3, 2, 1)]
    assert set(_news(client)) == {p.get_absolute_url() for p in pieces[1:]}
    assert client.get(URL + "?p=2").status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_query_count_is_flat(client, django_assert_num_queries, n):
    for hours in range(n):
        ArticleFactory(published_at=_hours_ago(hours + 1))
    with django_assert_num_queries(1):  # the page of rows; one page, never counted
        assert len(_news(client)) == n


def test_a_piece_leaves_the_cached_sitemap_when_48_hours_old(
    client, page_cache, time_machine, django_capture_on_commit_callbacks
):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        piece = ArticleFactory(published_at=now - timedelta(hours=30))
    path = piece.get_absolute_url()
    assert path in _news(client)
    response = client.get(URL)
    assert response["X-Page-Cache"] == "hit"

    # The article lists (this sitemap among them) are due again when it leaves.
    lists = PageList.objects.get(key=ARTICLE_LISTS)
    assert lists.valid_until == now + timedelta(hours=18)
    time_machine.move_to(now + timedelta(hours=18, seconds=-1), tick=False)
    assert path in _news(client)

    time_machine.move_to(now + timedelta(hours=18), tick=False)
    assert path not in _news(client)


def test_a_new_or_edited_piece_shows_in_the_cached_sitemap_at_once(
    client, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        piece = ArticleFactory(title="Old title", published_at=_hours_ago(1))
    assert _news(client)[piece.get_absolute_url()].find("news:title", NS).text == (
        "Old title"
    )
    assert client.get(URL)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        piece.title = "New title"
        piece.save()
        other = ArticleFactory(published_at=_hours_ago(0.5))
    listed = _news(client)
    assert listed[piece.get_absolute_url()].find("news:title", NS).text == "New title"
    assert other.get_absolute_url() in listed
