"""Embeds show the catalog's current values with precision and confidence, escaped,
in a number of queries that does not grow with embeds or cast."""

import datetime

import pytest
from django.utils import timezone

from catalog import services
from catalog.dates import Confidence, PreciseDate
from catalog.deletion import without_usage_check
from catalog.models import Credit, Person
from core.jsonprefetch import DEFAULT_LIMIT
from livefacts.renderers import CAST_LIMIT
from tests.factories import (
    ArticleFactory,
    CreditFactory,
    EpisodeFactory,
    SourceFactory,
)
from tests.livefacts_helpers import AUG_3, make_catalog

pytestmark = pytest.mark.django_db


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_upcoming_dates_show_precision_and_confidence(client, time_machine):
    time_machine.move_to(datetime.datetime(2022, 7, 1, tzinfo=datetime.UTC))
    make_catalog()
    article = ArticleFactory(
        body="[[factbox season=heartstopper/2]]\n\n"
        "Out {{season:heartstopper/2.premiere}}."
    )
    html = page(client, article)
    assert (
        'Expected <time datetime="2023">2023</time> '
        '<span class="fact__confidence badge badge--reported">reported</span>'
    ) in html
    assert (
        'Out <span class="fact fact--reported"><time datetime="2023">2023</time>'
        in (html)
    )


def test_an_official_day_shows_as_such(client):
    catalog = make_catalog()
    services.season_set_release(
        season=catalog.season, status="date_announced", premiere=AUG_3, source=None
    )
    article = ArticleFactory(body="{{season:heartstopper/2.premiere}}")
    assert (
        '<time datetime="2023-08-03">3 August 2023</time> '
        '<span class="fact__confidence badge badge--official">official</span>'
    ) in page(client, article)


def test_speculative_facts_look_different(client):
    catalog = make_catalog()
    services.season_set_release(
        season=catalog.season,
        status="renewed",
        premiere=PreciseDate.quarter(2030, 3, Confidence.ESTIMATE),
        source=None,
    )
    rumoured = CreditFactory(show=catalog.show, status="rumoured")
    article = ArticleFactory(
        body="{{season:heartstopper/2.premiere}}\n\n[[cast show=heartstopper]]\n\n"
        "[[volumes season=heartstopper/2]]"
    )
    html = page(client, article)
    assert (
        '<span class="fact fact--estimate fact--speculative is-speculative">Q3 2030'
        in html
    )
    assert '<li class="cast-entry fact--speculative is-speculative">' in html
    assert f">{rumoured.person.name}</a>" in html
    assert '<span class="badge badge--speculated">speculated</span>' in html


def test_main_cast_by_default_and_everyone_with_all(client):
    catalog = make_catalog()
    guest = CreditFactory(show=catalog.show, kind="guest")
    main_only = page(client, ArticleFactory(body="[[cast show=heartstopper]]"))
    everyone = page(client, ArticleFactory(body="[[cast show=heartstopper all]]"))
    assert "Kit Connor" in main_only and guest.person.name not in main_only
    assert guest.person.name in everyone


def test_trailers_are_click_to_play_links_without_iframes(client):
    make_catalog()
    html = page(client, ArticleFactory(body="[[trailers season=heartstopper/2]]"))
    assert 'class="trailer__play" href="https://www.youtube.com/watch?v=vid' in html
    assert "<iframe" not in html and "ytimg" not in html


def test_inline_actor_and_catalog_strings_are_escaped(client):
    catalog = make_catalog()
    catalog.actor.name = "<script>alert(1)</script>"
    catalog.actor.save()
    html = page(
        client, ArticleFactory(body="{{character:heartstopper/nick-nelson.actor}}")
    )
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_current_values_show_without_resaving_the_article(client):
    catalog = make_catalog()
    article = ArticleFactory(body="{{season:heartstopper/2.status}}")
    assert ">renewed<" in page(client, article)
    services.season_set_release(
        season=catalog.season, status="airing", premiere=AUG_3, source=None
    )
    assert ">airing<" in page(client, article)


def test_a_deleted_object_leaves_a_dash_not_an_error(client):
    catalog = make_catalog()
    article = ArticleFactory(
        body="Actor: {{character:heartstopper/nick-nelson.actor}}\n\n"
        "[[factbox season=heartstopper/3]]"
    )
    with without_usage_check():  # refused by the catalog: what if they go anyway?
        catalog.character.delete()
        catalog.other_season.delete()
    html = page(client, article)
    assert 'Actor: <span class="fact fact--missing"' in html
    assert "livefact--factbox" not in html


def test_code_saves_never_fail_on_unknown_references():
    article = ArticleFactory(body="Hi {{season:nope/1.premiere}}\n\n[[factbox show=x]]")
    assert article.body_html.strip() == "<p>Hi </p>"


# --- cost ---------------------------------------------------------------------------

BLOCKS = [
    "[[factbox season=heartstopper/2]]",
    "[[release season=heartstopper/2]]",
    "[[cast season=heartstopper/2 all]]",
    "[[trailers season=heartstopper/2]]",
    "[[volumes season=heartstopper/2]]",
    "[[rating show=heartstopper]]",
    "[[cast show=heartstopper]]",
    "[[factbox show=heartstopper]]",
    "[[volumes work=heartstopper-books]]",
    "{{character:heartstopper/nick-nelson.actor}}",
    "{{volume:heartstopper-books/3.publication}}",
    "{{person:kit-connor.name}}",
]


def _body(count: int) -> str:
    return "\n\n".join(BLOCKS[i % len(BLOCKS)] for i in range(count))


@pytest.mark.parametrize(("embeds", "cast"), [(12, 11), (30, CAST_LIMIT + 5)])
def test_article_page_queries_do_not_grow_with_embeds_or_cast(
    client, django_assert_num_queries, embeds, cast
):
    catalog = make_catalog(cast=cast)
    services.season_set_release(
        season=catalog.season, status="date_announced", premiere=AUG_3, source=None
    )
    article = ArticleFactory(body=_body(embeds), published_at=timezone.now())
    article.subject_seasons.add(catalog.season)
    services.season_set_release(
        season=catalog.season,
        status="airing",
        source=SourceFactory(),
        at=timezone.now() + datetime.timedelta(minutes=1),
    )
    html = page(client, article)  # warms per-process caches (content types)
    assert html.count('class="livefact ') >= 9
    assert "What’s changed since this article was published" in html
    # The article (with subjects, authors, tags), every live fact in one query
    # (read once for the body and for what it shows now), what changed (snapshots,
    # the changes), related pieces and comments.
    with django_assert_num_queries(6):
        page(client, article)


@pytest.mark.parametrize("embeds", [1, 30])
def test_one_or_thirty_factboxes_cost_the_same(
    client, django_assert_num_queries, embeds
):
    make_catalog()
    body = "\n\n".join(["[[factbox season=heartstopper/2]]"] * embeds)
    article = ArticleFactory(body=body)
    assert page(client, article).count("livefact--factbox") == embeds
    # The article (with its subjects), the live facts, the comments.
    with django_assert_num_queries(3):
        page(client, article)


def test_editors_cannot_forge_placeholders(client):
    catalog = make_catalog()
    article = ArticleFactory(
        body=f"<!--lf:factbox:season:{catalog.season.pk}:-->\n\n"
        f"LFX000000000000N0X <!--lf:fact:show:{catalog.show.pk}:title-->"
    )
    assert "<!--" not in article.body_html
    html = page(client, article)
    assert "livefact--" not in html and "fact--" not in html


def test_cast_beyond_the_cap_says_how_many_more(client):
    make_catalog(cast=45)
    html = page(client, ArticleFactory(body="[[cast show=heartstopper]]"))
    assert html.count('<li class="cast-entry') == CAST_LIMIT
    assert "and 5 more" in html and "at least" not in html


def test_cast_cut_short_by_the_prefetch_cap_never_undercounts(client):
    catalog = make_catalog(cast=1)
    people = Person.objects.bulk_create(
        [Person(name=f"Extra {i:03}", slug=f"extra-{i}") for i in range(DEFAULT_LIMIT)]
    )
    Credit.objects.bulk_create(
        [
            Credit(person=person, show=catalog.show, kind="main", billing_order=i + 1)
            for i, person in enumerate(people)
        ]
    )
    html = page(client, ArticleFactory(body="[[cast show=heartstopper]]"))
    assert html.count('<li class="cast-entry') == CAST_LIMIT
    # 201 credits, of which the page loaded the first 200: at least 160 more.
    assert f"and at least {DEFAULT_LIMIT - CAST_LIMIT} more" in html


def test_an_episode_shows_its_air_date_and_title_inline(client):
    catalog = make_catalog()
    EpisodeFactory(season=catalog.season, number=1, title="Meet", air=AUG_3)
    article = ArticleFactory(
        body="{{episode:heartstopper/2/1.title}} airs {{episode:heartstopper/2/1.air}}."
    )
    html = page(client, article)
    assert ">Meet</a>" in html
    assert '<time datetime="2023-08-03">3 August 2023</time>' in html
