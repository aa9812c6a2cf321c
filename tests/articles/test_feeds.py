"""RSS and Atom feeds: parsed with feedparser as a feed reader would."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.feeds import FEED_ITEMS
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    ShowFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def subjects():
    return {
        "author": AuthorProfileFactory(
            user=UserFactory(username="fiona"), name="Fiona Feed", slug="fiona"
        ),
        "tag": TagFactory(name="Renewals", slug="renewals"),
        "show": ShowFactory(title="Feed Show", slug="feed-show"),
    }


def _piece(subjects, title, **kwargs):
    article = ArticleFactory(
        title=title, authors=[subjects["author"]], tags=[subjects["tag"]], **kwargs
    )
    article.subject_shows.add(subjects["show"])
    return article


def _hidden(subjects):
    now = timezone.now()
    return [
        _piece(subjects, "Hidden draft", state="draft", published_at=None),
        _piece(subjects, "Hidden review", state="review", published_at=None),
        _piece(subjects, "Hidden scheduled", published_at=now + timedelta(hours=2)),
        _piece(
            subjects,
            "Hidden unpublished",
            state="unpublished",
            published_at=now - timedelta(hours=3),
        ),
    ]


FEED_URLS = [
    "/feeds/latest.{ext}",
    "/shows/feed-show/feed.{ext}",
    "/tags/renewals/feed.{ext}",
    "/authors/fiona/feed.{ext}",
]


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.bozo_exception)
    return response, feed


@pytest.mark.parametrize("ext,version", [("rss", "rss20"), ("atom", "atom10")])
@pytest.mark.parametrize("template", FEED_URLS)
def test_feed_has_latest_public_piece_and_no_hidden_one(
    client, subjects, template, ext, version
):
    now = timezone.now()
    _piece(subjects, "Older piece", published_at=now - timedelta(days=2))
    latest = _piece(subjects, "Latest piece", published_at=now - timedelta(minutes=5))
    hidden = _hidden(subjects)
    response, feed = _parse(client, template.format(ext=ext))
    assert feed.version == version
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == ["Latest piece", "Older piece"]
    for article in hidden:
        assert article.title not in response.content.decode()
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + latest.get_absolute_url()
    assert entry.author == "Fiona Feed"
    assert [t.term for t in entry.tags] == ["Renewals"]
    published = entry.published_parsed if ext == "rss" else entry.updated_parsed
    assert published[:5] == latest.published_at.utctimetuple()[:5]


def test_rss_dates_come_from_publication_and_atom_from_update(client, subjects):
    first = timezone.now() - timedelta(days=3)
    article = _piece(subjects, "Updated piece", published_at=first)
    article.updated_at = timezone.now() - timedelta(hours=1)
    article.save()
    rss = _parse(client, "/feeds/latest.rss")[1].entries[0]
    atom = _parse(client, "/feeds/latest.atom")[1].entries[0]
    assert rss.published_parsed[:5] == first.utctimetuple()[:5]
    assert atom.updated_parsed[:5] == article.updated_at.utctimetuple()[:5]
    assert atom.published_parsed[:5] == first.utctimetuple()[:5]


def test_feeds_are_capped(client, subjects):
    ArticleFactory.create_batch(FEED_ITEMS + 5)
    assert len(_parse(client, "/feeds/latest.rss")[1].entries) == FEED_ITEMS


def test_feed_for_a_show_lists_only_its_pieces(client, subjects):
    _piece(subjects, "About the show")
    ArticleFactory(title="About something else")
    titles = [e.title for e in _parse(client, "/shows/feed-show/feed.rss")[1].entries]
    assert titles == ["About the show"]


@pytest.mark.parametrize(
    "url",
    ["/shows/nope/feed.rss", "/tags/nope/feed.atom", "/authors/nope/feed.rss"],
)
def test_unknown_subject_feed_is_404(client, url):
    assert client.get(url).status_code == 404


def test_hostile_titles_are_escaped_in_the_feed(client, subjects):
    _piece(subjects, "Season 2 </title><script>alert(1)</script> & “more”")
    response, feed = _parse(client, "/feeds/latest.rss")
    assert "<script>" not in response.content.decode()
    assert feed.entries[0].title.startswith("Season 2 </title>")


def test_pages_link_their_feeds(client, subjects):
    home = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Showsite (RSS)" '
        'href="/feeds/latest.rss">'
    ) in home
    assert 'type="application/atom+xml"' in home
    for page, feed in [
        ("/shows/feed-show/", "/shows/feed-show/feed.rss"),
        ("/tags/renewals/", "/tags/renewals/feed.rss"),
        ("/authors/fiona/", "/authors/fiona/feed.rss"),
    ]:
        html = client.get(page).content.decode()
        head = html.split("<body")[0]
        assert 'type="application/rss+xml" title="' in head and feed in head, page


def _fill(subjects, n):
    for i in range(n):
        article = ArticleFactory(
            authors=[subjects["author"], AuthorProfileFactory()],
            tags=[subjects["tag"], TagFactory()],
            published_at=timezone.now() - timedelta(minutes=i + 1),
        )
        article.subject_shows.add(subjects["show"])


@pytest.mark.parametrize("n", [2, 20])
@pytest.mark.parametrize(
    "url,budget",
    [
        # items, their authors, their tags
        ("/feeds/latest.rss", 3),
        # plus the show, tag or author the feed is about
        ("/shows/feed-show/feed.atom", 4),
        ("/tags/renewals/feed.rss", 4),
        ("/authors/fiona/feed.atom", 4),
    ],
)
def test_feed_query_count_is_flat(
    client, django_assert_num_queries, subjects, n, url, budget
):
    _fill(subjects, n)
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200
