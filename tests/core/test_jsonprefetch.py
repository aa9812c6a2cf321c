"""JSON prefetches load the same rows as prefetch_related, inside the parent's query.

Every test compares what ``json_prefetch`` builds with what the ORM loads the usual
way, field by field, so a type the JSON round trip gets wrong (a date, a datetime with
its time zone, a decimal, a boolean, a null foreign key) fails here on SQLite and on
PostgreSQL alike.
"""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Prefetch
from django.utils import timezone

from articles.models import Article
from catalog.models import Credit, ExternalRating, Season, Show
from core.jsonprefetch import JSONPrefetch, json_prefetch, load_by_pk
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CharacterFactory,
    CreditFactory,
    ExternalRatingFactory,
    ImageFactory,
    PersonFactory,
    PlatformFactory,
    SeasonFactory,
    ShowFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def _values(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _same_rows(built, loaded):
    assert [o.pk for o in built] == [o.pk for o in loaded]
    for a, b in zip(built, loaded, strict=True):
        assert _values(a) == _values(b)
        for f in a._meta.concrete_fields:  # same Python types, not just equal
            assert type(getattr(a, f.attname)) is type(getattr(b, f.attname)), f


@pytest.fixture
def show():
    show = ShowFactory()
    show.platforms.add(PlatformFactory(name="Netflix"), PlatformFactory(name="BBC"))
    season = SeasonFactory(show=show, number=2)
    ExternalRatingFactory(
        show=show,
        season=season,
        value=Decimal("8.60"),
        as_of=datetime.date(2025, 4, 30),
    )
    ExternalRatingFactory(
        show=show, season=season, value=Decimal("7.25"), provider="tmdb"
    )
    VideoFactory(show=show, season=season, is_official=True)
    VideoFactory(show=show, season=season, is_official=False)
    photo = ImageFactory()
    CreditFactory(
        show=show,
        person=PersonFactory(name="B", photo=photo),
        billing_order=2,
        character=None,
    )
    CreditFactory(
        show=show,
        person=PersonFactory(name="A"),
        billing_order=1,
        character=CharacterFactory(show=show),
    )
    CreditFactory(show=show, season=season, person=PersonFactory(name="C"))
    return show


def test_reverse_foreign_keys_load_like_prefetch_related(
    show, django_assert_num_queries
):
    with django_assert_num_queries(1):
        season = json_prefetch(
            Season.objects.all(),
            JSONPrefetch("ratings", related=("source",)),
            JSONPrefetch("videos"),
        ).get()
        ratings, videos = list(season.ratings.all()), list(season.videos.all())
        assert all(r.season is season for r in ratings)  # parent cached, no query
    expected = Season.objects.prefetch_related("ratings", "videos").get()
    _same_rows(ratings, list(expected.ratings.all()))
    _same_rows(videos, list(expected.videos.all()))
    assert {r.value for r in ratings} == {Decimal("8.60"), Decimal("7.25")}


def test_many_to_many_through_a_foreign_key_attaches_to_the_related_object(
    show, django_assert_num_queries
):
    with django_assert_num_queries(1):
        season = json_prefetch(
            Season.objects.select_related("show"), JSONPrefetch("show__platforms")
        ).get()
        names = [p.name for p in season.show.platforms.all()]
    assert names == ["BBC", "Netflix"]  # Platform's default ordering (name)


def test_nested_relations_and_null_foreign_keys(show, django_assert_num_queries):
    cast = Credit.objects.order_by("billing_order", "person__name")
    with django_assert_num_queries(1):
        loaded = json_prefetch(
            Show.objects.all(),
            JSONPrefetch(
                "credits",
                cast,
                related=("person__photo", "character", "season"),
                prefetch=(JSONPrefetch("person__photo__renditions"),),
                to_attr="credit_list",
            ),
        ).get()
        people = [c.person.name for c in loaded.credit_list]
        photos = [c.person.photo for c in loaded.credit_list]
        characters = [c.character for c in loaded.credit_list]
    assert people == ["A", "B", "C"]
    assert photos[0] is None and photos[1] is not None
    assert characters[0] is not None and characters[1] is None
    expected = Show.objects.prefetch_related(
        Prefetch("credits", cast.select_related("person__photo"), to_attr="credit_list")
    ).get()
    _same_rows(loaded.credit_list, expected.credit_list)
    _same_rows(
        [c.person for c in loaded.credit_list], [c.person for c in expected.credit_list]
    )
    _same_rows([photos[1]], [expected.credit_list[1].person.photo])


def test_the_cached_manager_still_filters_in_the_database(show):
    season = json_prefetch(Season.objects.all(), JSONPrefetch("ratings")).get()
    other = SeasonFactory(show=show, number=3)
    ExternalRatingFactory(show=show, season=other, provider="tmdb")
    # .filter() on a prefetched relation queries again, scoped to this season.
    assert season.ratings.filter(value__gt=0).count() == 2


def test_order_and_limit_are_kept(show):
    ratings = ExternalRating.objects.order_by("-value")
    season = json_prefetch(
        Season.objects.all(), JSONPrefetch("ratings", ratings, limit=1)
    ).get()
    assert [r.value for r in season.ratings.all()] == [Decimal("8.60")]


def test_datetimes_keep_their_time_zone(django_assert_num_queries):
    author = AuthorProfileFactory()
    ArticleFactory(authors=[author])
    with django_assert_num_queries(1):
        article = json_prefetch(Article.objects.all(), JSONPrefetch("authors")).get()
        authors = list(article.authors.all())
    _same_rows(authors, list(author.__class__.objects.filter(pk=author.pk)))


def test_several_models_load_in_one_union_query(show, django_assert_num_queries):
    seasons = list(Season.objects.order_by("pk"))
    specs = {
        "show": (Show, {"prefetch": (JSONPrefetch("platforms"),)}),
        "season": (Season, {"related": ("show",)}),
    }
    wanted = {"show": [show.pk], "season": [s.pk for s in seasons]}
    with django_assert_num_queries(1):
        found = load_by_pk(wanted, specs.__getitem__, shape="test")
        assert [p.name for p in found["show"][0].platforms.all()] == ["BBC", "Netflix"]
        assert found["season"][0].show.title == show.title
    _same_rows(found["season"], seasons)


def test_compiled_queries_are_reused_with_other_keys(show):
    """The second call has the same shape: its SQL comes from the first, with the
    new keys bound, and must not return the first call's rows."""
    other = SeasonFactory(show=show, number=9)
    first = SeasonFactory(show=show, number=8)
    specs = {"season": (Season, {"related": ("show",)})}
    one = load_by_pk({"season": [first.pk]}, specs.__getitem__, shape="reuse")
    two = load_by_pk({"season": [other.pk]}, specs.__getitem__, shape="reuse")
    assert [s.number for s in one["season"]] == [8]
    assert [s.number for s in two["season"]] == [9]


def test_first_cards_are_the_first_rows_in_order_in_one_query(
    django_assert_num_queries,
):
    author = AuthorProfileFactory()
    for hours in (5, 1, 3, 2, 4):
        ArticleFactory(
            authors=[author],
            published_at=timezone.now() - datetime.timedelta(hours=hours),
        )
    expected = list(Article.objects.public().latest_first()[:3])
    with django_assert_num_queries(1):
        cards = list(Article.objects.public().latest_first().first_cards(3))
        assert [a.authors.all()[0].name for a in cards] == [author.name] * 3
    assert [a.pk for a in cards] == [a.pk for a in expected]
