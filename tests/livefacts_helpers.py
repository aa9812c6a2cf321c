"""A small catalog the live-facts tests embed: one show, season 2, cast, volumes."""

import datetime
from dataclasses import dataclass

from catalog.dates import Confidence, PreciseDate
from tests.factories import (
    CharacterFactory,
    CreditFactory,
    ExternalRatingFactory,
    PersonFactory,
    SeasonAdaptationFactory,
    SeasonFactory,
    ShowFactory,
    SourceVolumeFactory,
    SourceWorkFactory,
    VideoFactory,
)


@dataclass
class Catalog:
    show: object
    season: object
    other_season: object
    character: object
    actor: object
    work: object
    volume: object


def make_catalog(*, cast: int = 3) -> Catalog:
    show = ShowFactory(slug="heartstopper", title="Heartstopper")
    season = SeasonFactory(
        show=show,
        number=2,
        release_status="renewed",
        premiere=PreciseDate.year(2023, Confidence.REPORTED),
    )
    other = SeasonFactory(show=show, number=3, release_status="renewed")
    actor = PersonFactory(name="Kit Connor", slug="kit-connor")
    character = CharacterFactory(show=show, name="Nick Nelson", slug="nick-nelson")
    CreditFactory(person=actor, show=show, character=character, billing_order=0)
    for _ in range(cast - 1):
        CreditFactory(show=show)
    work = SourceWorkFactory(slug="heartstopper-books", title="Heartstopper")
    volume = SourceVolumeFactory(work=work, number=3)
    SeasonAdaptationFactory(season=season, volume=volume, certainty="speculated")
    VideoFactory(show=show, season=season, title="Season 2 teaser")
    ExternalRatingFactory(show=show)
    return Catalog(show, season, other, character, actor, work, volume)


AUG_3 = PreciseDate.day(datetime.date(2023, 8, 3))
