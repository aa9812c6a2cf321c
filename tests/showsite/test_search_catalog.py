"""Catalog search beyond names of shows, people and books: characters, episodes, and
"did you mean" for a misspelt name (pg_trgm on PostgreSQL, difflib on SQLite)."""

import pytest
from django.db import connection

from showsite.search import search, suggest
from tests.factories import (
    ArticleFactory,
    CharacterFactory,
    EpisodeFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
    SourceWorkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def heartstopper():
    show = ShowFactory(title="Heartstopper")
    SourceWorkFactory(title="Heartstopper: The Novels")
    CharacterFactory(show=show, name="Nick Nelson")
    CharacterFactory(show=show, name="Charlie Spring")
    season = SeasonFactory(show=show, number=1)
    EpisodeFactory(season=season, number=1, title="Meet")
    return show


def test_a_misspelt_show_finds_it_and_says_did_you_mean(client, heartstopper):
    results = search("heartstoper")
    assert results.suggestion == "Heartstopper"
    assert [s.title for s in results.groups["shows"].items] == ["Heartstopper"]
    html = client.get("/search/?q=heartstoper").content.decode()
    assert 'Did you mean <a href="/search/?q=Heartstopper">' in html
    assert f'href="{heartstopper.get_absolute_url()}"' in html


def test_a_character_is_found_by_name_and_links_to_the_show_cast(client, heartstopper):
    results = search("nick nelson")
    assert results.suggestion == ""
    [character] = results.groups["characters"].items
    assert character.name == "Nick Nelson"
    html = client.get("/search/?q=nick+nelson").content.decode()
    assert f'href="{heartstopper.get_absolute_url()}#cast-title"' in html
    assert "Nick Nelson (Heartstopper)" in html


def test_a_misspelt_character_is_suggested(heartstopper):
    results = search("nick nelsn")
    assert results.suggestion == "Nick Nelson"
    assert [c.name for c in results.groups["characters"].items] == ["Nick Nelson"]


def test_an_episode_is_found_by_title_and_links_to_its_season(client, heartstopper):
    [episode] = search("meet").groups["episodes"].items
    assert str(episode) == "Heartstopper Season 1 Episode 1: Meet"
    html = client.get("/search/?q=meet").content.decode()
    assert 'href="/shows/' in html and '/1/#episode-1"' in html


def test_no_suggestion_for_a_match_a_stranger_or_a_loose_likeness(heartstopper):
    ShowFactory(title="Comedy Hour")
    assert search("heartstopper").suggestion == ""
    assert suggest("Heartstopper") == ""  # the name itself is no correction
    assert search("zzqx wvvk").suggestion == ""
    assert search("comet").suggestion == ""
    assert search("heartstoper").articles.query == "heartstoper"


def test_suggestion_is_escaped_in_the_page(client):
    ShowFactory(title="Heart<b>stopper")
    html = client.get("/search/", {"q": "heart<b>stoper"}).content.decode()
    notice = html.split("search-suggestion", 1)[1].split("</p>", 1)[0]
    assert "<b>" not in notice
    assert "Heart&lt;b&gt;stopper" in notice
    assert "?q=Heart%3Cb%3Estopper" in notice


def _fill(n):
    for i in range(n):
        show = ShowFactory(title=f"Comet show {i}")
        CharacterFactory(show=show, name=f"Comet character {i}")
        EpisodeFactory(season=SeasonFactory(show=show), title=f"Comet episode {i}")
        PersonFactory(name=f"Comet person {i}")
        ArticleFactory(title=f"Comet report {i}")


@pytest.mark.parametrize("n", [3, 12])
def test_typo_search_page_query_count_is_flat(client, django_assert_num_queries, n):
    _fill(n)
    # Ranked ids and cards; five catalog kinds for the query, none found; the
    # closest name; five catalog kinds for it.
    with django_assert_num_queries(1 + 5 + 1 + 5):
        response = client.get("/search/?q=comet+shw")
    assert response.context["results"].suggestion.startswith("Comet show ")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm")
def test_suggestion_uses_the_trigram_indexes():
    from catalog.models import Character, Show

    Show.objects.bulk_create(
        [Show(title=f"Filler show {i}", slug=f"filler-{i}") for i in range(3000)]
    )
    Character.objects.bulk_create(
        [
            Character(show_id=Show.objects.first().pk, name=f"Filler {i}", slug=f"f{i}")
            for i in range(3000)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_show")
        cursor.execute("ANALYZE catalog_character")
        # Small test tables are cheaper read whole; price that out (see
        # test_search.py's _plan).
        cursor.execute("SET LOCAL enable_seqscan = off")
        from showsite.search import _PG_CLOSEST_NAME, _SPELLING_SOURCES

        params = ["heartstoper"] * (2 * len(_SPELLING_SOURCES)) + [0.7]
        cursor.execute("EXPLAIN " + _PG_CLOSEST_NAME, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalog_show_title_trgm" in plan, plan
    assert "catalog_character_name_trgm" in plan, plan
