"""JSON-LD on every page type: parses as JSON, right @type, right fields, safe."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.dates import Confidence, PreciseDate
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CreditFactory,
    ImageFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
    SourceVolumeFactory,
    SourceWorkFactory,
    UserFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
HOSTILE = "Season 2 </script><script>alert(\"x\")</script> <!-- 'quoted' & more"
DAY = datetime.date(2023, 8, 3)


def json_ld(html: str) -> list[dict]:
    """Every JSON-LD block on the page, parsed."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S
    )
    return [json.loads(block) for block in blocks]


def _one(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    blocks = json_ld(response.content.decode())
    assert len(blocks) == 1, blocks
    assert blocks[0]["@context"] == "https://schema.org"
    return blocks[0]


@pytest.fixture
def show():
    show = ShowFactory(
        title="Heartfelt",
        slug="heartfelt",
        synopsis="Two boys meet at school.",
        imdb_id="tt10638036",
        tmdb_id="119051",
        wikidata_id="Q97267425",
        poster=ImageFactory(pixels=(400, 600)),
    )
    show.first_air = PreciseDate.day(datetime.date(2022, 4, 22))
    show.save()
    return show


def _season(show, number, date):
    season = SeasonFactory(show=show, number=number)
    season.premiere = date
    season.save()
    return season


def test_article_is_a_news_article_with_author_publisher_and_subjects(client, show):
    season = _season(show, 2, PreciseDate.day(DAY))
    author = AuthorProfileFactory(
        user=UserFactory(username="jl"), name="Jo Ledger", slug="jo"
    )
    article = ArticleFactory(
        title="Heartfelt season 2 dated",
        standfirst="All eight episodes at once.",
        authors=[author],
        hero_image=ImageFactory(pixels=(1600, 900)),
    )
    article.subject_shows.add(show)
    article.subject_seasons.add(season)
    data = _one(client, article.get_absolute_url())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Heartfelt season 2 dated"
    assert data["url"] == HOST + article.get_absolute_url()
    assert data["image"][0].startswith(HOST + "/media/")
    assert datetime.datetime.fromisoformat(data["datePublished"]) == (
        article.first_published_at
    )
    assert "dateModified" in data
    assert data["author"] == [
        {"@type": "Person", "name": "Jo Ledger", "url": HOST + "/authors/jo/"}
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["logo"]["url"].startswith(HOST + "/static/")
    about = {item["@type"]: item for item in data["about"]}
    assert about["TVSeries"]["url"] == HOST + show.get_absolute_url()
    assert about["TVSeason"]["seasonNumber"] == 2
    assert about["TVSeason"]["startDate"] == "2023-08-03"
    assert about["TVSeason"]["partOfSeries"]["name"] == "Heartfelt"


def test_hostile_title_cannot_break_out_of_the_block(client):
    article = ArticleFactory(title=HOSTILE)
    html = client.get(article.get_absolute_url()).content.decode()
    head = html.split("<body")[0]
    assert head.count("<script") == 1 and head.count("</script>") == 1
    assert "<!--" not in head
    assert json_ld(html)[0]["headline"] == HOSTILE


def test_unpublished_piece_has_no_json_ld_even_in_preview(admin_client):
    article = ArticleFactory(state="draft", published_at=None)
    html = admin_client.get(article.get_absolute_url()).content.decode()
    assert "Preview" in html
    assert json_ld(html) == []


def test_show_is_a_tv_series_with_seasons_cast_trailer_and_same_as(client, show):
    _season(show, 1, PreciseDate.day(datetime.date(2022, 4, 22)))
    _season(show, 2, PreciseDate.day(DAY, Confidence.REPORTED))
    CreditFactory(
        show=show,
        person=PersonFactory(name="Kit Connor"),
        character__name="Nick Nelson",
    )
    VideoFactory(show=show, title="Teaser", kind="teaser", youtube_id="aaaaaaaaaaa")
    VideoFactory(show=show, title="Season 2 trailer", youtube_id="bbbbbbbbbbb")
    data = _one(client, show.get_absolute_url())
    assert data["@type"] == "TVSeries"
    assert data["name"] == "Heartfelt"
    assert data["image"].startswith(HOST + "/media/")
    assert data["startDate"] == "2022-04-22"
    assert data["numberOfSeasons"] == 2
    seasons = data["containsSeason"]
    assert [s["seasonNumber"] for s in seasons] == [1, 2]
    assert seasons[0]["startDate"] == "2022-04-22"
    assert "startDate" not in seasons[1]  # reported, not official
    assert data["actor"] == [
        {
            "@type": "PerformanceRole",
            "actor": {
                "@type": "Person",
                "name": "Kit Connor",
                "url": HOST + data["actor"][0]["actor"]["url"].removeprefix(HOST),
            },
            "characterName": "Nick Nelson",
        }
    ]
    assert data["trailer"]["@type"] == "VideoObject"
    assert data["trailer"]["name"] == "Season 2 trailer"
    assert data["trailer"]["embedUrl"].endswith("/embed/bbbbbbbbbbb")
    assert data["sameAs"] == [
        "https://www.imdb.com/title/tt10638036/",
        "https://www.themoviedb.org/tv/119051",
        "https://www.wikidata.org/wiki/Q97267425",
    ]


@pytest.mark.parametrize(
    "premiere",
    [
        PreciseDate.month(2023, 8),
        PreciseDate.quarter(2023, 3),
        PreciseDate.year(2023),
        PreciseDate.day(DAY, Confidence.REPORTED),
        PreciseDate.day(DAY, Confidence.ESTIMATE),
        PreciseDate.day(DAY, Confidence.RUMOUR),
        PreciseDate.unknown(),
    ],
    ids=str,
)
def test_season_date_appears_only_when_official_and_to_the_day(client, show, premiere):
    season = _season(show, 3, premiere)
    data = _one(client, season.get_absolute_url())
    assert data["@type"] == "TVSeason"
    assert "startDate" not in data
    assert "2023" not in json.dumps(data)


def test_season_is_a_tv_season_of_its_series(client, show):
    season = _season(show, 2, PreciseDate.day(DAY))
    season.planned_episode_count = 8
    season.save()
    data = _one(client, season.get_absolute_url())
    assert data["@type"] == "TVSeason"
    assert data["seasonNumber"] == 2
    assert data["startDate"] == "2023-08-03"
    assert data["numberOfEpisodes"] == 8
    assert data["partOfSeries"] == {
        "@type": "TVSeries",
        "name": "Heartfelt",
        "url": HOST + show.get_absolute_url(),
    }


def test_person_has_same_as_links(client):
    person = PersonFactory(name="Joe Locke", imdb_id="nm12345678", bio="An actor.")
    data = _one(client, person.get_absolute_url())
    assert data["@type"] == "Person"
    assert data["name"] == "Joe Locke"
    assert data["url"] == HOST + person.get_absolute_url()
    assert data["sameAs"] == ["https://www.imdb.com/name/nm12345678/"]


def test_book_series_lists_volumes_with_isbn_and_official_days(client):
    writer = PersonFactory(name="Alice Oseman")
    work = SourceWorkFactory(title="Heartfelt novels", authors=[writer])
    first = SourceVolumeFactory(work=work, number=1, isbn13="9781444951387")
    first.publication = PreciseDate.day(datetime.date(2019, 2, 7))
    first.save()
    SourceVolumeFactory(work=work, number=2, isbn13="")
    data = _one(client, work.get_absolute_url())
    assert data["@type"] == "BookSeries"
    assert data["author"][0]["name"] == "Alice Oseman"
    assert data["hasPart"] == [
        {
            "@type": "Book",
            "name": "Volume 1",
            "isbn": "9781444951387",
            "position": 1,
            "datePublished": "2019-02-07",
        },
        {"@type": "Book", "name": "Volume 2", "position": 2},
    ]


def test_single_novel_is_a_book(client):
    work = SourceWorkFactory(kind="novel", title="A novel")
    SourceVolumeFactory(work=work, number=1, isbn13="9781444951387")
    data = _one(client, work.get_absolute_url())
    assert data["@type"] == "Book"
    assert data["isbn"] == "9781444951387"
    assert "datePublished" not in data  # the factory's volume is known to the year


def test_author_page_is_a_profile_page(client):
    author = AuthorProfileFactory(name="Jo Ledger", slug="jo", bio="Writes.")
    data = _one(client, author.get_absolute_url())
    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"]["@type"] == "Person"
    assert data["mainEntity"]["url"] == HOST + "/authors/jo/"


def test_home_is_a_website_with_site_search(client):
    data = _one(client, "/")
    assert data["@type"] == "WebSite"
    target = data["potentialAction"]["target"]
    assert target == HOST + "/search/?q={search_term_string}"


def _show_page_queries(client, n: int) -> int:
    """Queries for a show page (JSON-LD included) with n seasons, cast and videos."""
    show = ShowFactory(poster=ImageFactory())
    for number in range(1, n + 1):
        _season(show, number, PreciseDate.day(DAY))
        CreditFactory(show=show)
        VideoFactory(show=show)
    url = show.get_absolute_url()
    client.get(url)  # poster renditions are made on first view
    with CaptureQueriesContext(connection) as queries:
        assert "TVSeries" in client.get(url).content.decode()
    return len(queries)


def test_show_json_ld_adds_no_query_per_season_cast_member_or_video(client):
    assert _show_page_queries(client, 1) == _show_page_queries(client, 10)


def _article_page_queries(client, n: int) -> int:
    article = ArticleFactory(hero_image=ImageFactory())
    for _ in range(n):
        article.subject_seasons.add(SeasonFactory())
        article.subject_shows.add(ShowFactory())
        article.authors.add(AuthorProfileFactory())
    url = article.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert "NewsArticle" in client.get(url).content.decode()
    return len(queries)


def test_article_json_ld_adds_no_query_per_subject_or_author(client):
    assert _article_page_queries(client, 1) == _article_page_queries(client, 10)
