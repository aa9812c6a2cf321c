"""Seasons found the way editors type them, in the picker and every Seasons
autocomplete: "heartstopper 3", "Heartstopper season 3", "season 3", "3"."""

import pytest

from catalog.models import Season
from catalog.models.shows import season_query
from tests.factories import SeasonFactory, ShowFactory

AUTOCOMPLETE = (
    "/admin/autocomplete/?app_label=articles&model_name=article"
    "&field_name=subject_seasons&term={}"
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("heartstopper 3", (["heartstopper"], 3, False)),
        ("Heartstopper season 3", (["heartstopper"], 3, True)),
        ("season 3", ([], 3, True)),
        ("  SEASON   3 ", ([], 3, True)),
        ("s3", ([], 3, True)),
        ("heartstopper s03", (["heartstopper"], 3, True)),
        ("3", ([], 3, False)),
        ("Heartstopper", (["heartstopper"], None, False)),
        ("heartstopper season", (["heartstopper"], None, False)),
        ("Élite 2", (["elite"], 2, False)),
        ("", ([], None, False)),
    ],
)
def test_season_query_reads_show_words_and_number(typed, expected):
    assert season_query(typed) == expected


@pytest.fixture
def seasons(db):
    heartstopper = ShowFactory(title="Heartstopper", slug="heartstopper")
    derive = ShowFactory(title="Dérive", slug="derive")
    numbered = ShowFactory(title="The 3 Body Problem", slug="3-body-problem")
    made = {
        (show.slug, number): SeasonFactory(show=show, number=number)
        for show in (heartstopper, derive, numbered)
        for number in (1, 2, 3)
        if not (show is numbered and number == 3)
    }
    return made


def found(text):
    return [(s.show.slug, s.number) for s in Season.objects.matching(text)]


@pytest.mark.parametrize(
    "typed", ["heartstopper 3", "Heartstopper season 3", "HEARTSTOPPER S3", "heart 3"]
)
def test_show_and_number_find_that_one_season(seasons, typed):
    assert found(typed) == [("heartstopper", 3)]


def test_season_3_finds_every_third_season_and_nothing_else(seasons):
    assert found("season 3") == [("derive", 3), ("heartstopper", 3)]


def test_a_lone_number_finds_third_seasons_first_then_titles_with_it(seasons):
    assert found("3") == [
        ("derive", 3),
        ("heartstopper", 3),
        ("3-body-problem", 1),
        ("3-body-problem", 2),
    ]


def test_accents_and_case_are_ignored_both_ways(seasons):
    assert found("derive 2") == [("derive", 2)]
    assert found("DÉRIVE season 2") == [("derive", 2)]
    ShowFactory(title="Heartstöpper Redux", slug="redux")
    assert found("héartstopper 1") == [("heartstopper", 1)]


def test_show_name_alone_lists_its_seasons_in_order(seasons):
    assert found("heartstopper") == [
        ("heartstopper", 1),
        ("heartstopper", 2),
        ("heartstopper", 3),
    ]


def test_unknown_show_or_number_finds_nothing(seasons):
    assert found("heartstopper 9") == []
    assert found("season 9") == []
    assert found("bridgerton 2") == []
    assert found("") == []


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("heartstopper 3", ["Heartstopper Season 3"]),
        ("Heartstopper season 3", ["Heartstopper Season 3"]),
        ("season 3", ["Dérive Season 3", "Heartstopper Season 3"]),
        (
            "3",
            [
                "Dérive Season 3",
                "Heartstopper Season 3",
                "The 3 Body Problem Season 1",
                "The 3 Body Problem Season 2",
            ],
        ),
        ("derive", ["Dérive Season 1", "Dérive Season 2", "Dérive Season 3"]),
        ("nothing 3", []),
    ],
)
def test_subject_seasons_autocomplete_finds_seasons_by_number(
    client, editor, seasons, term, expected
):
    client.force_login(editor)
    response = client.get(AUTOCOMPLETE.format(term))
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == expected


def test_season_changelist_search_uses_the_same_reading(admin_client, seasons):
    response = admin_client.get("/admin/catalog/season/", {"q": "heartstopper 3"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [
        Season.objects.get(show__slug="heartstopper", number=3)
    ]
