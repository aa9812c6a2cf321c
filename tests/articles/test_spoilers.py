"""Spoiler passages: absent from a reader's page until some days after the episode
aired in the reader's country, then behind a "Show spoiler" control; never in feeds,
structured data, share tags, cards or the search index; fresh under stored shells and
the page cache as the days pass; checked in the admin form."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalog.dates import PreciseDate
from livefacts.body import compile_body
from livefacts.spoilers import strip_passages
from showsite.search import ranked_article_ids
from tests.articles_helpers import admin_form_data
from tests.factories import (
    ArticleFactory,
    EpisodeFactory,
    PlatformFactory,
    ReleaseFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.shell_helpers import get, whole

pytestmark = pytest.mark.django_db

PASSAGE = "Nick finally tells Charlie the truth at the lighthouse."
GB_AIR = datetime.date(2031, 3, 5)  # + 7 days: shown from 12 March
US_AIR = datetime.date(2031, 4, 9)  # + 7 days: shown from 16 April
OWN_AIR = datetime.date(2031, 3, 1)  # the episode's own date: elsewhere from 8 March
BODY = f"""Before the spoiler.

[[spoiler episode=tidewater/2/3 days=7]]
{PASSAGE}

A second paragraph of it.
[[/spoiler]]

After the spoiler."""


def at(day: datetime.date, hour: int = 0, second: int = 0):
    """Travel to a time of the site's day (reveals happen at its midnights)."""
    moment = datetime.datetime.combine(day, datetime.time(hour, 0, second))
    return time_machine.travel(timezone.make_aware(moment), tick=False)


def noon(day: datetime.date):
    return at(day, hour=12)


@pytest.fixture
def episode():
    season = SeasonFactory(
        show=ShowFactory(title="Tidewater", slug="tidewater"), number=2
    )
    episode = EpisodeFactory(season=season, number=3, air=PreciseDate.day(OWN_AIR))
    for country, day, platform in (("GB", GB_AIR, "BBC"), ("US", US_AIR, "Hulu")):
        ReleaseFactory(
            season=season,
            episode=episode,
            country=country,
            platform=PlatformFactory(name=platform),
            release=PreciseDate.day(day),
        )
    return episode


@pytest.fixture
def article(episode):
    with noon(GB_AIR - datetime.timedelta(days=30)):
        return ArticleFactory(
            title="Tidewater 2x03 reviewed",
            standfirst="The episode everyone talks about.",
            body=BODY,
        )


def page(client, article, country: str) -> str:
    return get(client, article.get_absolute_url() + f"?country={country}")


# --- on the page ---------------------------------------------------------------------


def test_passage_is_absent_before_its_day_with_a_notice_saying_when(client, article):
    with noon(datetime.date(2031, 3, 11)):
        html = page(client, article, "GB")
    assert PASSAGE not in html
    assert "A second paragraph" not in html
    assert "Spoiler for S2E3</strong> — shown from 12 March in your country" in html
    assert "Before the spoiler." in html and "After the spoiler." in html


def test_passage_shows_behind_a_closed_control_from_its_day(client, article):
    with noon(datetime.date(2031, 3, 12)):
        html = page(client, article, "GB")
    control = html.index('<details class="spoiler">')
    assert html.index("Show spoiler", control) < html.index(PASSAGE)
    assert '<details class="spoiler" open' not in html
    assert "<summary" in html[control : html.index(PASSAGE)]
    assert "shown from" not in html


def test_each_country_goes_by_its_own_release(client, article):
    with noon(datetime.date(2031, 3, 20)):
        gb, us = page(client, article, "GB"), page(client, article, "US")
    assert PASSAGE in gb
    assert PASSAGE not in us
    assert "shown from 16 April in your country" in us


def test_a_country_without_releases_goes_by_the_episodes_own_date(client, article):
    with noon(datetime.date(2031, 3, 7)):
        assert PASSAGE not in page(client, article, "DE")
    with noon(datetime.date(2031, 3, 8)):
        assert PASSAGE in page(client, article, "DE")


def test_an_episode_with_no_known_day_keeps_the_passage_hidden(client):
    season = SeasonFactory(show=ShowFactory(slug="fogbound"), number=1)
    EpisodeFactory(season=season, number=1, air=PreciseDate.month(2020, 5))
    article = ArticleFactory(
        body="[[spoiler episode=fogbound/1/1]]\nThe twist.\n[[/spoiler]]"
    )
    html = page(client, article, "GB")
    assert "The twist." not in html
    assert "shown once the episode has aired in your country" in html


def test_a_month_precise_local_release_is_not_replaced_by_another_date(
    client, article, episode
):
    ReleaseFactory(
        season=episode.season,
        episode=episode,
        country="FR",
        release=PreciseDate.month(2031, 3),
    )
    with noon(datetime.date(2031, 6, 1)):
        assert PASSAGE not in page(client, article, "FR")
        assert PASSAGE in page(client, article, "DE")


def test_hostile_text_inside_a_spoiler_is_escaped_when_shown(client, episode):
    article = ArticleFactory(
        body="[[spoiler episode=tidewater/2/3]]\n"
        '<script>alert(1)</script> <img src=x onerror="alert(2)"> '
        "Ends **badly** & <b onclick=x>sadly</b>\n[[/spoiler]]"
    )
    with noon(datetime.date(2031, 6, 1)):
        html = page(client, article, "GB")
    passage = html[html.index('<div class="spoiler__passage">') :]
    passage = passage[: passage.index("</details>")]
    assert "<strong>badly</strong> &amp;" in passage
    assert "<script" not in passage and "onerror" not in passage
    assert "onclick" not in passage


def test_a_spoiler_inside_code_is_shown_as_written(client, episode):
    article = ArticleFactory(
        body="```\n[[spoiler episode=tidewater/2/3]]\ntext\n[[/spoiler]]\n```"
    )
    html = page(client, article, "GB")
    assert "[[spoiler episode=tidewater/2/3]]" in html
    assert "spoiler-notice" not in html


def test_a_body_saved_by_code_with_an_unclosed_spoiler_never_shows_it(episode):
    article = ArticleFactory(
        body=f"Intro.\n\n[[spoiler episode=tidewater/2/3]]\n{PASSAGE}"
    )
    assert PASSAGE not in article.body_html
    assert "Intro." in article.body_html


def test_an_episode_missing_from_the_catalog_keeps_its_passage_hidden(client):
    article = ArticleFactory(  # saved by code: an unknown episode is no error
        body=f"[[spoiler episode=nowhere/1/1]]\n{PASSAGE}\n[[/spoiler]]"
    )
    with noon(datetime.date(2031, 6, 1)):
        html = page(client, article, "GB")
    assert PASSAGE not in html
    assert "Spoiler</strong> — shown once it has aired in your country" in html


# --- never anywhere else -------------------------------------------------------------


def test_passage_is_absent_from_feeds_structured_data_and_share_tags(client, episode):
    with noon(datetime.date(2031, 6, 1)):
        article = ArticleFactory(title="Tidewater 2x03 reviewed", body=BODY)
        html = page(client, article, "GB")
        assert PASSAGE in html  # shown on the page by now
        head = html[: html.index("</head>")]
        for url in (
            reverse("articles:feed_rss"),
            reverse("articles:feed_atom"),
            reverse("sitemap_news"),
            "/",
            reverse("articles:kind", args=["news"]),
        ):
            body = get(client, url)
            assert "Tidewater 2x03" in body or "tidewater-2x03" in body, url
            assert PASSAGE not in body and "lighthouse" not in body, url
    assert "lighthouse" not in head  # title, description, share tags, JSON-LD
    assert "application/ld+json" in head


def test_passage_is_not_in_the_search_index(article):
    assert "lighthouse" not in article.search_body
    assert "Before the spoiler." in article.search_body
    with noon(datetime.date(2031, 6, 1)):
        assert ranked_article_ids("lighthouse") == []
        assert ranked_article_ids("spoiler") == [article.pk]


def test_strip_passages_follows_the_parser_on_fences():
    text = "a\n```\n[[spoiler episode=x/1/1]]\n```\nb\n[[spoiler episode=x/1/1]]\nc\n"
    text += "```\n[[/spoiler]]\n```\nd\n[[/spoiler]]\ne"
    assert strip_passages(text).split("\n") == [
        "a",
        "```",
        "[[spoiler episode=x/1/1]]",
        "```",
        "b",
        "e",
    ]


# --- the admin form ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "[[spoiler episode=tidewater/2/9]]\nx\n[[/spoiler]]",
            "Line 1: there is no episode “tidewater/2/9” in the catalog",
        ),
        (
            "[[spoiler episode=tidewater/2/3 days=week]]\nx\n[[/spoiler]]",
            "Line 1: days=week: write a whole number of days from 0 to 365",
        ),
        (
            "[[spoiler episode=tidewater/2/3 days=400]]\nx\n[[/spoiler]]",
            "days=400: write a whole number of days from 0 to 365",
        ),
        (
            "Intro\n\n[[spoiler episode=tidewater/2/3]]\nx",
            "Line 3: this spoiler is never closed; end its passage with [[/spoiler]]",
        ),
        ("x\n[[/spoiler]]", "Line 2: [[/spoiler]] closes no spoiler"),
        (
            "[[spoiler episode=tidewater/2/3]]\n[[spoiler episode=tidewater/2/3]]\n"
            "[[/spoiler]]",
            "Line 2: a spoiler cannot start inside another; close the one opened "
            "on line 1",
        ),
        (
            "[[spoiler season=tidewater/2]]\nx\n[[/spoiler]]",
            "“season=tidewater/2” is not understood by spoiler",
        ),
        ("[[spoiler days=3]]\nx\n[[/spoiler]]", "a spoiler names the episode"),
    ],
)
def test_the_form_names_each_spoiler_mistake_and_its_line(episode, body, message):
    with pytest.raises(ValidationError) as raised:
        compile_body(body, strict=True)
    assert any(message in m for m in raised.value.messages), raised.value.messages


def test_the_admin_form_shows_a_spoiler_error_and_keeps_the_text(
    client, editor, episode
):
    article = ArticleFactory(state="draft", published_at=None)
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    body = "[[spoiler episode=tidewater/2/3 days=-1]]\nSecret.\n[[/spoiler]]"
    response = client.post(url, admin_form_data(article, body=body))
    assert response.status_code == 200
    html = response.content.decode()
    assert "days=-1: write a whole number of days from 0 to 365" in html
    assert "Secret." in html  # in the textarea, nothing typed is lost


# --- freshness: the day passes without a write ---------------------------------------


def test_stored_shell_shows_the_passage_from_its_day(
    client, fragments, settings, stored, article
):
    url = article.get_absolute_url() + "?country=GB"
    with noon(datetime.date(2031, 3, 11)):
        before = get(client, url)
        assert get(client, url) == before  # from the stored shell
        assert PASSAGE not in before
    with at(datetime.date(2031, 3, 12), second=1):
        after = get(client, url)
        assert PASSAGE in after
        assert after == whole(client, url, settings)
    us = article.get_absolute_url() + "?country=US"
    with noon(datetime.date(2031, 3, 12)):
        assert PASSAGE not in get(client, us)


def test_page_cache_shows_the_passage_from_its_day(client, page_cache, article):
    url = article.get_absolute_url() + "?country=GB"
    with noon(datetime.date(2031, 3, 11)):
        client.get(url)
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert PASSAGE not in response.content.decode()
    with at(datetime.date(2031, 3, 12), second=1):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert PASSAGE in response.content.decode()


def test_a_release_change_moves_the_day_at_the_next_request(
    client, page_cache, article, episode
):
    """Travel stays within a day: past the cache's timeout any page is fresh."""
    url = article.get_absolute_url() + "?country=GB"
    with noon(datetime.date(2031, 4, 20)):  # shown everywhere: nothing left to expire
        client.get(url)
        assert PASSAGE in client.get(url).content.decode()
        release = episode.releases.get(country="GB")
        release.release = PreciseDate.day(datetime.date(2031, 4, 14))
        release.save()
        html = client.get(url).content.decode()
        assert PASSAGE not in html
        assert "shown from 21 April" in html
    with at(datetime.date(2031, 4, 20), hour=23):
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert PASSAGE not in response.content.decode()
    with at(datetime.date(2031, 4, 21), second=1):
        assert PASSAGE in client.get(url).content.decode()


# --- cost ----------------------------------------------------------------------------


@pytest.mark.parametrize("spoilers", [1, 6])
def test_the_page_costs_the_same_with_more_spoilers(
    client, django_assert_num_queries, episode, spoilers
):
    other = EpisodeFactory(season=episode.season, number=4)
    blocks = [
        f"[[spoiler episode=tidewater/2/{3 + n % 2} days={n}]]\nPart {n}.\n[[/spoiler]]"
        for n in range(spoilers)
    ]
    article = ArticleFactory(body="\n\n".join(blocks))
    assert other.pk
    url = article.get_absolute_url()
    with noon(datetime.date(2031, 6, 1)):
        client.get(url)
        # The piece, its comments; the spoilers' episodes and their releases.
        with django_assert_num_queries(4):
            assert "Part 0." in get(client, url)
