"""Every public page costs the same number of queries with five times the data.

Each case reads the same newsroom at scale 1 and scale 5 (tests/pages_helpers.py,
built once per scale for the module) and holds its page to one budget, written down
in ``PAGES``. Renditions are made on a page's first view, so each budget is for a
warm page.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory
from tests.pages_helpers import World, build_world, scaled_world_fixture

pytestmark = pytest.mark.django_db

SCALES = [1, 5]


# The worlds, each built once for the class below.
kept_world, scaled_world = scaled_world_fixture(SCALES)


def _warm(client, url):
    assert client.get(url).status_code == 200


def _assert_budget(client, django_assert_num_queries, url, budget):
    _warm(client, url)
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200


def _archive_pieces(scale: int) -> None:
    """A second page of pieces on the home page, growing with the scale."""
    ArticleFactory.create_batch(12 * scale, hero_image=ImageFactory())


@dataclass(frozen=True)
class Page:
    url: Callable[[World], str]
    queries: int
    more_data: Callable[[int], None] = lambda scale: None


PAGES = {
    # count, the page of cards, their renditions and authors; the next premieres.
    "home": Page(lambda world: "/", 5),
    # count, the page of cards, their renditions and authors: no premieres box.
    "archive": Page(lambda world: "/?page=2", 4, more_data=_archive_pieces),
    # count, cards, renditions, authors (a kind is no row).
    "kind": Page(lambda world: "/kinds/news/", 4),
    # the tag, count, cards, renditions, authors.
    "tag": Page(lambda world: world.tag.get_absolute_url(), 5),
    # the show, count, cards, renditions, authors.
    "show-articles": Page(lambda world: f"/shows/{world.show.slug}/articles/", 5),
    # the piece (renditions, authors, tags, subjects in its query), the related
    # cards, comments.
    "article": Page(lambda world: world.article.get_absolute_url(), 3),
    # the show's prefetches (poster, seasons, cast with photos, videos with their
    # posters' renditions, ratings…), fact history and its latest articles (cards
    # with renditions and authors, one). and where to watch.
    "show": Page(lambda world: world.show.get_absolute_url(), 15),
    # the season's prefetches (trailer posters' renditions too), fact history and its
    # latest articles (one query). Its releases, its offers and its show's; its
    # episodes' releases (one query).
    "season": Page(lambda world: world.season.get_absolute_url(), 18),
    # the person with photo and credits, books, fact history, latest articles.
    "person": Page(lambda world: world.person.get_absolute_url(), 6),
    # the work, authors, shows, volumes with adaptations, history, latest articles.
    "book": Page(lambda world: world.work.get_absolute_url(), 7),
    # count, the shows with posters, poster renditions, platforms.
    "show-index": Page(lambda world: "/shows/", 4),
    # upcoming seasons (with shows), upcoming episodes (with seasons and shows).
    # and the page's releases in the reader's country.
    "upcoming": Page(lambda world: "/upcoming/", 3),
}


class TestEveryPageAtBothScales:
    """Each page at scale 1 and at scale 5, each world built once."""

    @pytest.mark.parametrize("name", list(PAGES))
    def test_page_query_count_is_flat(
        self, scaled_world, client, django_assert_num_queries, name
    ):
        scale, world = scaled_world
        page = PAGES[name]
        page.more_data(scale)
        _assert_budget(client, django_assert_num_queries, page.url(world), page.queries)


def test_a_catalog_page_costs_the_same_with_no_pieces_about_it(
    client, django_assert_num_queries
):
    """The latest pieces come in one query (cards with renditions and authors as
    JSON), so an empty list does not save the prefetches a full one runs."""
    world = build_world(1)
    url = world.person.get_absolute_url()
    assert world.article.get_absolute_url() in client.get(url).content.decode()
    Article.subject_people.through.objects.filter(person=world.person).delete()
    assert world.article.get_absolute_url() not in client.get(url).content.decode()
    _assert_budget(client, django_assert_num_queries, url, 6)
