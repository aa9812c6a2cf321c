"""A query compiled once gives, for every value, what building it again would give.

Each test compares a ``QueryShape``'s rows with the same queryset built and run the
usual way, so a parameter bound in the wrong place, a value frozen into the SQL or a
relation the compiled rows lose fails here, on SQLite and on PostgreSQL alike.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from core.queryshapes import QueryShape
from tests.factories import ArticleFactory, ShowFactory, TagFactory

pytestmark = pytest.mark.django_db

SLUG = Article._meta.get_field("slug")
AT = Article._meta.get_field("published_at")
PK = Article._meta.get_field("id")


def page_shape():
    return QueryShape(
        lambda slug, at: (
            Article.objects.public(at=at)
            .for_detail()
            .with_subjects()
            .filter(slug=slug)[:1]
        ),
        slug=SLUG,
        at=AT,
    )


def _fields(article):
    return {f.attname: getattr(article, f.attname) for f in Article._meta.fields} | {
        "tags": [t.pk for t in article.tags.all()],
        "shows": [s.pk for s in article.subject_shows.all()],
        "authors": [a.pk for a in article.authors.all()],
        "last_fact_change": article.last_fact_change,
    }


def test_rows_match_the_queryset_built_each_time():
    tagged = ArticleFactory(slug="tagged", tags=[TagFactory(), TagFactory()])
    tagged.subject_shows.add(ShowFactory())
    ArticleFactory(slug="plain")
    shape = page_shape()
    now = timezone.now()
    for slug in ("tagged", "plain", "tagged"):
        built = (
            Article.objects.public(at=now)
            .for_detail()
            .with_subjects()
            .filter(slug=slug)
            .first()
        )
        assert _fields(shape.first(slug=slug, at=now)) == _fields(built)


def test_the_time_is_a_parameter_not_frozen_into_the_sql():
    soon = timezone.now() + datetime.timedelta(hours=2)
    ArticleFactory(slug="scheduled", published_at=soon)
    shape = page_shape()
    assert shape.first(slug="scheduled", at=timezone.now()) is None
    later = soon + datetime.timedelta(minutes=1)
    assert shape.first(slug="scheduled", at=later).slug == "scheduled"
    assert shape.first(slug="scheduled", at=timezone.now()) is None


def test_hostile_values_are_bound_not_spliced():
    ArticleFactory(slug="real")
    shape = page_shape()
    assert shape.first(slug="x' OR '1'='1", at=timezone.now()) is None
    assert shape.first(slug="real", at=timezone.now()).slug == "real"


def test_list_values_compile_once_per_length():
    first, second, third = ArticleFactory(), ArticleFactory(), ArticleFactory()
    shape = QueryShape(
        lambda pks: Article.objects.filter(pk__in=pks).order_by("pk"), pks=PK
    )
    assert [a.pk for a in shape.all(pks=[third.pk, first.pk])] == [
        first.pk,
        third.pk,
    ]
    assert [a.pk for a in shape.all(pks=[second.pk])] == [second.pk]
    assert [a.pk for a in shape.all(pks=[second.pk, first.pk])] == [
        first.pk,
        second.pk,
    ]


def test_the_compiled_query_is_reused(django_assert_num_queries):
    ArticleFactory(slug="one")
    shape = page_shape()
    shape.first(slug="one", at=timezone.now())
    compiled = dict(shape._compiled)
    with django_assert_num_queries(1):
        assert shape.first(slug="one", at=timezone.now()).slug == "one"
    assert shape._compiled == compiled


def test_a_builder_whose_sql_changes_with_its_values_is_refused():
    shape = QueryShape(
        lambda slug: (
            Article.objects.filter(slug=slug)
            if slug.endswith("1000~")
            else Article.objects.filter(title=slug)
        ),
        slug=SLUG,
    )
    with pytest.raises(ValueError, match="changes with its values"):
        shape.all(slug="anything")


def test_a_value_that_never_reaches_the_sql_is_refused():
    shape = QueryShape(lambda slug: Article.objects.all(), slug=SLUG)
    with pytest.raises(ValueError, match="do not reach the SQL"):
        shape.all(slug="anything")
