"""The "Insert fact" picker's catalog search: who may use it, what it answers (all
from the registry), how it matches, and its fixed number of queries."""

import pytest

from livefacts.body import compile_body
from livefacts.registry import KINDS, TARGETS
from tests.factories import (
    CharacterFactory,
    EpisodeFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
    SourceVolumeFactory,
    SourceWorkFactory,
    VideoFactory,
)
from tests.livefacts_helpers import make_catalog

pytestmark = pytest.mark.django_db
URL = "/admin/articles/article/catalog-search/"


def search(client, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    return response.json()["groups"]


def by_target(groups):
    return {group["target"]: group["results"] for group in groups}


@pytest.fixture
def catalog():
    return make_catalog()


# --- who may search ---------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_login_page(client, catalog):
    response = client.get(URL, {"q": "heart"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_moderator_may_not_search(client, moderator, catalog):
    client.force_login(moderator)
    assert client.get(URL, {"q": "heart"}).status_code == 403


@pytest.mark.parametrize("role", ["author", "editor"])
def test_authors_and_editors_may_search(client, request, role, catalog):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL, {"q": "heart"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # admin_view: never cached
    assert response.json()["groups"]


def test_search_is_read_only(client, editor, catalog):
    client.force_login(editor)
    assert client.post(URL, {"q": "heart"}).status_code == 405


# --- what it answers ----------------------------------------------------------------


def test_a_season_result_carries_its_kinds_and_fields_from_the_registry(
    client, editor, catalog
):
    client.force_login(editor)
    [season] = by_target(search(client, "heartstopper season 2"))["season"]
    assert season["label"] == "Heartstopper season 2"
    assert season["target"] == "season"
    assert season["ref"] == "heartstopper/2"
    expected_kinds = [k for k in KINDS.values() if "season" in k.targets]
    assert [k["name"] for k in season["kinds"]] == [k.name for k in expected_kinds]
    factbox = season["kinds"][[k["name"] for k in season["kinds"]].index("factbox")]
    assert factbox["label"] == KINDS["factbox"].label
    assert factbox["embeds"] == [
        {"flag": "", "syntax": "[[factbox season=heartstopper/2]]"}
    ]
    cast = season["kinds"][[k["name"] for k in season["kinds"]].index("cast")]
    assert cast["flags"] == ["main", "all"]
    assert [e["syntax"] for e in cast["embeds"]] == [
        "[[cast season=heartstopper/2]]",
        "[[cast season=heartstopper/2 all]]",
    ]
    assert [f["name"] for f in season["inline_fields"]] == list(
        TARGETS["season"].inline_fields
    )
    assert season["inline_fields"][0] == {
        "name": "premiere",
        "help": TARGETS["season"].inline_fields["premiere"],
        "syntax": "{{season:heartstopper/2.premiere}}",
    }
    assert season["subject"] == {
        "field": "subject_seasons",
        "id": catalog.season.pk,
        "label": str(catalog.season),
    }


def test_every_searchable_target_has_a_group(client, editor, catalog):
    client.force_login(editor)
    groups = search(client, "heartstopper")
    labels = {g["target"]: g["label"] for g in groups}
    assert labels == {
        "show": "Shows",
        "season": "Seasons",
        "work": "Books",
        "volume": "Volumes",
        "video": "Videos",
    }
    [show] = by_target(groups)["show"]
    assert show["ref"] == "heartstopper"
    assert show["subject"]["field"] == "subject_shows"


def test_a_character_is_subject_through_its_show(client, editor, catalog):
    client.force_login(editor)
    [character] = by_target(search(client, "nick nelson"))["character"]
    assert character["ref"] == "heartstopper/nick-nelson"
    assert character["kinds"] == []  # no block kind accepts a character
    assert [f["syntax"] for f in character["inline_fields"]] == [
        "{{character:heartstopper/nick-nelson.actor}}",
        "{{character:heartstopper/nick-nelson.name}}",
    ]
    assert character["subject"] == {
        "field": "subject_shows",
        "id": catalog.show.pk,
        "label": "Heartstopper",
    }


def test_a_volume_is_subject_through_its_work(client, editor, catalog):
    client.force_login(editor)
    volumes = by_target(search(client, "heartstopper"))["volume"]
    assert volumes[0]["ref"] == "heartstopper-books/3"
    assert volumes[0]["subject"]["field"] == "subject_works"
    assert volumes[0]["subject"]["id"] == catalog.work.pk


def test_people_are_found_whatever_the_accents_and_case(client, editor, db):
    PersonFactory(name="Zoë Kravitz", slug="zoe-kravitz")
    PersonFactory(name="Chloë Grace Moretz", slug="chloe")
    client.force_login(editor)
    for typed in ("zoe", "ZOË", "kravitz zoe", "Zoé"):
        people = by_target(search(client, typed))["person"]
        assert [p["ref"] for p in people] == ["zoe-kravitz"], typed
    assert "person" not in by_target(search(client, "zoey"))


@pytest.mark.parametrize(
    "typed", ["heartstopper 3", "season 3", "3", "Heartstopper season 3"]
)
def test_seasons_are_found_by_number(client, editor, catalog, typed):
    ShowFactory(title="Bridgerton", slug="bridgerton")
    SeasonFactory(show__title="Bridgerton", show__slug="bridgerton-2", number=2)
    client.force_login(editor)
    seasons = by_target(search(client, typed))["season"]
    assert [s["ref"] for s in seasons] == ["heartstopper/3"]


def test_empty_or_unmatched_text_finds_nothing(client, editor, catalog):
    client.force_login(editor)
    assert search(client, "") == []
    assert search(client, "   ") == []
    assert search(client, "no such thing") == []


def test_each_group_is_capped(client, editor, db):
    show = ShowFactory(title="Doctor Who", slug="doctor-who")
    for number in range(1, 15):
        SeasonFactory(show=show, number=number)
    client.force_login(editor)
    assert len(by_target(search(client, "doctor who"))["season"]) == 8


def test_an_episode_is_found_by_title_and_offers_its_inline_facts(
    client, editor, catalog
):
    EpisodeFactory(season=catalog.season, number=1, title="Meet")
    client.force_login(editor)
    [episode] = by_target(search(client, "meet"))["episode"]
    assert episode["ref"] == "heartstopper/2/1"
    syntax = {field["syntax"] for field in episode["inline_fields"]}
    assert syntax == {
        "{{episode:heartstopper/2/1.air}}",
        "{{episode:heartstopper/2/1.title}}",
    }
    assert episode["subject"]["field"] == "subject_seasons"
    assert episode["subject"]["id"] == catalog.season.pk


def test_an_episode_offers_a_spoiler_around_an_empty_passage(client, editor, catalog):
    EpisodeFactory(season=catalog.season, number=3, title="Secrets")
    client.force_login(editor)
    [episode] = by_target(search(client, "secrets"))["episode"]
    [spoiler] = episode["kinds"]
    assert spoiler["name"] == "spoiler"
    syntax = spoiler["embeds"][0]["syntax"]
    assert syntax == "[[spoiler episode=heartstopper/2/3 days=7]]\n\n[[/spoiler]]"
    compile_body(syntax.replace("\n\n", "\nThe passage.\n"), strict=True)


def test_a_video_is_found_by_title_and_embeds_as_a_video_card(client, editor, catalog):
    video = VideoFactory(show=catalog.show, title="Teaser: Paris")
    client.force_login(editor)
    [found] = by_target(search(client, "teaser paris"))["video"]
    assert found["ref"] == str(video.pk)
    assert [kind["name"] for kind in found["kinds"]] == ["video"]
    assert found["subject"]["field"] == "subject_shows"
    assert found["subject"]["id"] == catalog.show.pk


# --- cost ---------------------------------------------------------------------------


def _grow_catalog(n):
    for i in range(n):
        show = ShowFactory(title=f"Heart of the City {i}", slug=f"heart-city-{i}")
        SeasonFactory(show=show, number=3)
        CharacterFactory(show=show, name=f"Heart Surgeon {i}", slug=f"surgeon-{i}")
        PersonFactory(name=f"Hearty Person {i}")
        work = SourceWorkFactory(title=f"Heartbeats {i}")
        SourceVolumeFactory(work=work, number=1, title=f"Heartbeats {i} vol 1")
        EpisodeFactory(season__show=show, title=f"Heartache {i}")
        VideoFactory(show=show, title=f"Heart trailer {i}")


@pytest.mark.parametrize("size", [1, 12])
def test_search_costs_the_same_queries_at_any_catalog_size(
    client, editor, catalog, django_assert_num_queries, size
):
    _grow_catalog(size)
    client.force_login(editor)
    client.get(URL, {"q": "x"})  # the session and permissions are cached after this
    # session, user, permissions (user + groups), then one per searchable target (8)
    with django_assert_num_queries(12):
        groups = search(client, "heart 3")
    assert groups


def test_a_kind_added_to_the_registry_is_offered_without_other_edits(
    client, editor, catalog, monkeypatch
):
    from livefacts import registry

    quote = registry.EmbedKind(
        "spotlight", "Spotlight", ("season", "person"), flags=("wide",), help="h"
    )
    monkeypatch.setitem(registry.KINDS, "spotlight", quote)
    client.force_login(editor)
    [season] = by_target(search(client, "heartstopper 2"))["season"]
    spotlight = [k for k in season["kinds"] if k["name"] == "spotlight"]
    assert spotlight == [
        {
            "name": "spotlight",
            "label": "Spotlight",
            "help": "h",
            "flags": ["wide"],
            "default_flag": "",
            "embeds": [
                {"flag": "wide", "syntax": "[[spotlight season=heartstopper/2 wide]]"}
            ],
        }
    ]
    [person] = by_target(search(client, "kit connor"))["person"]
    assert [k["name"] for k in person["kinds"]] == ["spotlight"]


def test_a_target_joins_the_picker_by_declaring_search_fields(
    client, editor, catalog, monkeypatch
):
    from livefacts import registry

    class EpisodeTarget(registry.Target):
        name = "episode"
        model = "catalog.episode"
        ref_pattern = r"(?P<show>[a-z0-9-]+)/(?P<season>\d+)/(?P<number>\d+)"
        example = "heartstopper/2/1"
        inline_fields = {"title": "the episode's title"}
        lookup = (
            ("show", "season__show__slug"),
            ("season", "season__number"),
            ("number", "number"),
        )
        picker_label = "Episodes"
        search_fields = ("title",)
        subject = "season"

    from tests.factories import EpisodeFactory

    EpisodeFactory(season=catalog.season, number=1, title="Meet")
    monkeypatch.setitem(registry.TARGETS, "episode", EpisodeTarget())
    client.force_login(editor)
    [episode] = by_target(search(client, "meet"))["episode"]
    assert episode["ref"] == "heartstopper/2/1"
    assert episode["inline_fields"][0]["syntax"] == "{{episode:heartstopper/2/1.title}}"
    assert episode["subject"]["field"] == "subject_seasons"
