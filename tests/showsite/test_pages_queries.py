"""Every public page costs the same number of queries with ten times the data.

Each test builds the same newsroom at scale 1 and scale 10 (tests/pages_helpers.py)
and holds the page to one budget. Renditions are made on a page's first view, so
each budget is for a warm page.
"""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory
from tests.pages_helpers import build_world

pytestmark = pytest.mark.django_db

SCALES = [1, 10]


def _warm(client, url):
    assert client.get(url).status_code == 200


def _assert_budget(client, django_assert_num_queries, url, budget):
    _warm(client, url)
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("scale", SCALES)
def test_home_query_count_is_flat(client, django_assert_num_queries, scale):
    build_world(scale)
    # count, the page of cards, their renditions and authors; the next premieres.
    _assert_budget(client, django_assert_num_queries, "/", 5)


@pytest.mark.parametrize("scale", SCALES)
def test_archive_page_query_count_is_flat(client, django_assert_num_queries, scale):
    build_world(scale)
    ArticleFactory.create_batch(12 * scale, hero_image=ImageFactory())
    # count, the page of cards, their renditions and authors: no premieres box.
    _assert_budget(client, django_assert_num_queries, "/?page=2", 4)


@pytest.mark.parametrize("scale", SCALES)
def test_list_pages_query_count_is_flat(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the tag (or nothing for a kind, the show for a show), count, cards,
    # renditions, authors.
    _assert_budget(client, django_assert_num_queries, "/kinds/news/", 4)
    _assert_budget(client, django_assert_num_queries, world.tag.get_absolute_url(), 5)
    url = f"/shows/{world.show.slug}/articles/"
    _assert_budget(client, django_assert_num_queries, url, 5)


@pytest.mark.parametrize("scale", SCALES)
def test_article_query_count_is_flat(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the piece (renditions, authors, tags, subjects in its query), the related
    # cards, comments.
    _assert_budget(
        client, django_assert_num_queries, world.article.get_absolute_url(), 3
    )


@pytest.mark.parametrize("scale", SCALES)
def test_show_page_query_count_is_flat(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the show's prefetches (poster, seasons, cast with photos, videos, ratings…),
    # fact history and its latest articles (cards with renditions and authors, one).
    _assert_budget(client, django_assert_num_queries, world.show.get_absolute_url(), 13)


@pytest.mark.parametrize("scale", SCALES)
def test_season_page_query_count_is_flat(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the season's prefetches, fact history and its latest articles (one query).
    _assert_budget(
        client, django_assert_num_queries, world.season.get_absolute_url(), 13
    )


@pytest.mark.parametrize("scale", SCALES)
def test_person_page_query_count_is_flat(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the person with photo and credits, books, fact history, latest articles.
    _assert_budget(
        client, django_assert_num_queries, world.person.get_absolute_url(), 6
    )


@pytest.mark.parametrize("scale", SCALES)
def test_book_page_query_count_is_flat(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the work, authors, shows, volumes with adaptations, history, latest articles.
    _assert_budget(client, django_assert_num_queries, world.work.get_absolute_url(), 7)


@pytest.mark.parametrize("scale", SCALES)
def test_show_index_query_count_is_flat(client, django_assert_num_queries, scale):
    build_world(scale)
    # count, the shows with posters, poster renditions, platforms.
    _assert_budget(client, django_assert_num_queries, "/shows/", 4)


@pytest.mark.parametrize("scale", SCALES)
def test_upcoming_query_count_is_flat(client, django_assert_num_queries, scale):
    build_world(scale)
    # upcoming seasons (with shows), upcoming episodes (with seasons and shows).
    _assert_budget(client, django_assert_num_queries, "/upcoming/", 2)


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
