"""A small newsroom at any scale, for the page tests: same shape, ``scale`` times
the rows, so a query budget that holds at 1 and 10 does not grow with the data."""

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalog.dates import Confidence, PreciseDate
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CreditFactory,
    EpisodeFactory,
    ExternalRatingFactory,
    ImageFactory,
    PersonFactory,
    PlatformFactory,
    ReleaseFactory,
    SeasonAdaptationFactory,
    SeasonFactory,
    ShowFactory,
    SourceVolumeFactory,
    SourceWorkFactory,
    TagFactory,
    VideoFactory,
    WatchOptionFactory,
)
from tests.module_rows import copy_media, kept_for_module


@dataclass
class World:
    show: object
    season: object
    person: object
    work: object
    article: object
    tag: object
    author: object


def future(days: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=days)


def build_world(scale: int, *, images: bool = True, pixels=(64, 48)) -> World:
    """One show at the centre; ``scale`` seasons, cast, volumes and articles.
    Slugs come from the factories' sequences, so a test may build several."""

    def photo():
        return ImageFactory(pixels=pixels) if images else None

    show = ShowFactory(
        title="Centre Show",
        poster=photo(),
        platforms=[PlatformFactory()],
    )
    person = PersonFactory(name="Lead Actor", photo=photo())
    work = SourceWorkFactory(authors=[PersonFactory()])
    show.based_on.add(work)
    tag = TagFactory()
    author = AuthorProfileFactory()
    seasons = []
    for n in range(1, scale + 1):
        season = SeasonFactory(
            show=show,
            number=n,
            premiere=PreciseDate.quarter(2031, 1 + n % 4, Confidence.REPORTED),
        )
        seasons.append(season)
        for e in range(1, 3):
            EpisodeFactory(
                season=season, number=e, air=PreciseDate.day(future(30 * n + e))
            )
        volume = SourceVolumeFactory(work=work)
        SeasonAdaptationFactory(season=season, volume=volume)
        VideoFactory(show=show, season=season, poster=photo())
        ExternalRatingFactory(show=show, season=season, provider="imdb")
        CreditFactory(show=show, person=PersonFactory(photo=photo()))
        CreditFactory(show=show, season=season, person=person)
        # Releases in two countries on their own platforms; where to watch.
        for country, days in (("GB", 60), ("US", 61)):
            ReleaseFactory(
                season=season,
                country=country,
                release=PreciseDate.day(future(days * n)),
            )
            WatchOptionFactory(show=show, season=season, country=country)
        WatchOptionFactory(show=show, country="GB" if n % 2 else "US")
    season = seasons[0]
    for _ in range(scale):
        piece = ArticleFactory(
            authors=[author, AuthorProfileFactory()],
            tags=[tag],
            hero_image=photo(),
        )
        piece.subject_shows.add(show)
        piece.subject_seasons.add(season)
        piece.subject_people.add(person)
        piece.subject_works.add(work)
    article = ArticleFactory(authors=[author], tags=[tag], hero_image=photo())
    article.subject_seasons.add(season)
    article.subject_shows.add(show)
    article.subject_people.add(person)
    article.subject_works.add(work)
    return World(show, season, person, work, article, tag, author)


def scaled_world_fixture(scales: list[int]):
    """Fixtures giving ``(scale, world)`` for each of ``scales``, each world built
    once for a test class (tests/module_rows.py) with its pictures copied into every
    test's media folder. Class-scoped, so no test outside the class ever sees the
    rows. In a test module: ``kept_world, scaled_world = scaled_world_fixture([1, 5])``
    and the tests using ``scaled_world`` in one class."""

    @pytest.fixture(scope="class", params=scales, ids=lambda scale: f"scale{scale}")
    def kept_world(request, django_db_setup, django_db_blocker, tmp_path_factory):
        media = tmp_path_factory.mktemp(f"world-{request.param}")
        build = functools.partial(build_world, request.param)
        with kept_for_module(django_db_blocker, media, build) as world:
            yield request.param, world, media

    @pytest.fixture
    def scaled_world(kept_world, settings):
        scale, world, media = kept_world
        copy_media(media, Path(settings.MEDIA_ROOT))
        return scale, world

    return kept_world, scaled_world
