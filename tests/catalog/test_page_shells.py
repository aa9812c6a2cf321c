"""Show, season and person pages served from their stored shells: the bytes of a
whole render for every viewer, one query and no template when warm, however big the
show, and a new page after each write."""

import pytest

from catalog.models import Person, Show
from catalog.services import season_set_release
from tests.pages_helpers import build_world, scaled_world_fixture
from tests.shell_helpers import get, give_message, whole

pytestmark = pytest.mark.django_db

PAGES = {
    "show": lambda world: world.show.get_absolute_url(),
    "season": lambda world: world.season.get_absolute_url(),
    "person": lambda world: world.person.get_absolute_url(),
}


@pytest.mark.parametrize("page", PAGES)
def test_served_shell_is_the_whole_render_for_readers_editors_and_notices(
    client, fragments, settings, stored, editor, page
):
    url = PAGES[page](build_world(2))
    reference = whole(client, url, settings)
    assert get(client, url) == reference  # rendered, its shell stored
    assert get(client, url) == reference  # from the shell
    assert len(stored.shells) == 1

    give_message(client)
    with_notice = get(client, url)
    give_message(client)
    assert with_notice == whole(client, url, settings)
    assert "awaits moderation" in with_notice

    client.force_login(editor)
    assert get(client, url) == whole(client, url, settings)
    assert len(stored.shells) == 1  # every viewer's page from the one shell


# The worlds, each built once for the class below.
kept_world, scaled_world = scaled_world_fixture([1, 4])


class TestWarmPagesAtBothScales:
    """Each page warm at scale 1 and at scale 4, each world built once."""

    @pytest.mark.parametrize("page", PAGES)
    def test_warm_page_is_one_query_and_no_template_at_any_size(
        self,
        scaled_world,
        client,
        fragments,
        stored,
        django_assert_max_num_queries,
        page,
    ):
        url = PAGES[page](scaled_world[1])
        first = get(client, url)
        renders = stored.renders
        with django_assert_max_num_queries(1):  # the owner's version
            assert get(client, url) == first
        assert stored.renders == renders


def test_each_write_to_a_page_serves_it_anew(client, fragments, settings):
    world = build_world(1)
    urls = [url(world) for url in PAGES.values()]
    for url in urls:
        get(client, url)
    Show.objects.get(pk=world.show.pk).__class__  # noqa: B018 (loaded, unchanged)
    show = Show.objects.get(pk=world.show.pk)
    show.title = "A Renamed Show"
    show.save()
    person = Person.objects.get(pk=world.person.pk)
    person.name = "A Renamed Actor"
    person.save()
    season_set_release(
        season=world.season,
        status="cancelled",
        premiere=world.season.premiere,
        planned_episode_count=None,
        source=None,
        by=None,
    )
    for url in urls:
        html = get(client, url)
        assert html == whole(client, url, settings)
        assert "A Renamed Show" in html or "A Renamed Actor" in html


def test_a_missing_row_is_a_404_and_stores_nothing(client, fragments, stored):
    assert client.get("/shows/nothing-here/").status_code == 404
    assert client.get("/shows/nothing-here/season/1/").status_code == 404
    assert stored.shells == []
