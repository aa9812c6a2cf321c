"""Demo catalog: Heartstopper as it stood in mid-2022, then what changed after.

The starting state is what the seed article knew (season 1 out, seasons 2 and 3 renewed
without dates). Every later fact is applied through the services with the day it became
known, so the demo's fact history reads like a real newsroom's. Facts we are only
moderately sure of are recorded as estimates or speculation, and every fact names its
source; no URL is invented, so sources without a known address have none.

Idempotent: objects are looked up by natural key and a dated change is applied only if
the object has no fact-history entry at that moment yet.
"""

import datetime
from decimal import Decimal

from django.utils.text import slugify

from catalog import demo_releases, demo_shows, services
from catalog.dates import Confidence, PreciseDate
from catalog.models import (
    Character,
    Credit,
    Episode,
    ExternalRating,
    FactChange,
    Genre,
    Person,
    Platform,
    Season,
    SeasonAdaptation,
    Show,
    Source,
    SourceVolume,
    SourceWork,
)
from catalog.models.facts import recording
from core import pageversions

UTC = datetime.UTC
SEED_DATE = datetime.date(2022, 6, 1)  # the seed article: after the renewal, mid-2022

CAST = [
    # actor, character
    ("Kit Connor", "Nick Nelson"),
    ("Joe Locke", "Charlie Spring"),
    ("Yasmin Finney", "Elle Argent"),
    ("William Gao", "Tao Xu"),
    ("Tobie Donovan", "Isaac Henderson"),
    ("Corinna Brown", "Tara Jones"),
    ("Kizzy Edgell", "Darcy Olsson"),
    ("Jenny Walser", "Tori Spring"),
    ("Sebastian Croft", "Ben Hope"),
    ("Cormac Hyde-Corrin", "Harry Greene"),
    ("Rhea Norwood", "Imogen Heaney"),
]

SEASON_1_EPISODES = [
    "Meet",
    "Crush",
    "Kiss",
    "Secret",
    "Friend",
    "Girls",
    "Bully",
    "Boyfriend",
]


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=UTC)


def _source(publisher: str, title: str, published_on=None) -> Source:
    return Source.objects.get_or_create(
        publisher=publisher, title=title, defaults={"published_on": published_on}
    )[0]


def _already_recorded(obj, at: datetime.datetime) -> bool:
    return FactChange.objects.for_objects([obj]).filter(changed_at=at).exists()


def load(*, users, stdout) -> None:
    editor = users.get("editor")
    sources = _sources()
    show, seasons, work, volumes = _catalog_as_of_seed(sources)
    _later_changes(show, seasons, volumes, sources, editor)
    demo_releases.load(show=show, sources=sources)
    invented = demo_shows.load(platforms=demo_releases.platforms(), editor=editor)
    stdout.write(
        f"Catalog: {show.title} with {len(seasons)} seasons, "
        f"{show.credits.count()} credits and {work.volumes.count()} volumes; "
        f"{len(invented)} invented shows dated from today."
    )


def _sources() -> dict[str, Source]:
    return {
        "netflix": _source("Netflix", "Heartstopper on Netflix"),
        "tudum": _source(
            "Netflix (Tudum)",
            "Heartstopper renewed for seasons 2 and 3",
            published_on=datetime.date(2022, 5, 20),
        ),
        "publisher": _source("Hodder Children's Books", "Heartstopper graphic novels"),
        "imdb": _source("IMDb", "Heartstopper (TV series) user rating"),
        "s2_date": _source("Netflix", "Heartstopper season 2 release date"),
        "s3_date": _source("Netflix", "Heartstopper season 3 release date"),
        "film": _source("Netflix", "Heartstopper concluding film announcement"),
        "reviews": _source("Press reviews", "Heartstopper season reviews"),
    }


def _catalog_as_of_seed(sources):
    netflix, _ = Platform.objects.get_or_create(
        slug="netflix",
        defaults={
            "name": "Netflix",
            "kind": Platform.Kind.STREAMING,
            "website": "https://www.netflix.com/",
        },
    )
    genres = [
        Genre.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in ("Drama", "Romance", "Coming of age")
    ]
    oseman = _person("Alice Oseman")
    work, _ = SourceWork.objects.get_or_create(
        slug="heartstopper",
        defaults={
            "title": "Heartstopper",
            "kind": SourceWork.Kind.GRAPHIC_NOVEL_SERIES,
            "publisher": "Hodder Children's Books",
            "description": "Alice Oseman's graphic-novel series about Charlie and "
            "Nick, which began as a webcomic.",
        },
    )
    work.authors.add(oseman)
    volumes = {}
    for number, year in [(1, 2019), (2, 2019), (3, 2020), (4, 2021)]:
        volumes[number] = SourceVolume.objects.get_or_create(
            work=work,
            number=number,
            defaults={
                "title": f"Heartstopper Volume {number}",
                "status": SourceVolume.Status.PUBLISHED,
                "publication": PreciseDate.year(year),
                "source": sources["publisher"],
            },
        )[0]
    volumes[5] = SourceVolume.objects.get_or_create(
        work=work,
        number=5,
        defaults={
            "title": "Heartstopper Volume 5",
            "status": SourceVolume.Status.ANNOUNCED,
            "publication": PreciseDate.year(2023, Confidence.REPORTED),
            "source": sources["publisher"],
        },
    )[0]

    show, _ = Show.objects.get_or_create(
        slug="heartstopper",
        defaults={
            "title": "Heartstopper",
            "kind": Show.Kind.SCRIPTED,
            "status": Show.Status.RETURNING,
            "synopsis": "Charlie, a shy student, falls for Nick, the school's "
            "good-natured rugby player, and the two grow from friends into something "
            "more while their group of friends finds its own way. Adapted by Alice "
            "Oseman from her graphic novels.",
            "first_air": PreciseDate.day(datetime.date(2022, 4, 22)),
            "source": sources["netflix"],
        },
    )
    if show.poster_id is None:
        from images.demo import demo_image  # Pillow, only when a poster is drawn

        poster = demo_image(
            key="Heartstopper poster",
            title="Heartstopper",
            subtitle="Netflix",
            alt_text="Heartstopper poster artwork",
            caption="Demo poster artwork.",
        )
        Show.objects.filter(pk=show.pk).update(poster=poster)
        pageversions.bump_pages_of(Show.objects.filter(pk=show.pk))
        show.poster = poster
    show.platforms.add(netflix)
    show.genres.add(*genres)
    show.based_on.add(work)

    season_1, _ = Season.objects.get_or_create(
        show=show,
        number=1,
        defaults={
            "release_status": Season.ReleaseStatus.CONCLUDED,
            "premiere": PreciseDate.day(datetime.date(2022, 4, 22)),
            "finale": PreciseDate.day(datetime.date(2022, 4, 22)),
            "planned_episode_count": 8,
            "release_model": Season.ReleaseModel.ALL_AT_ONCE,
            "source": sources["netflix"],
        },
    )
    for number, title in enumerate(SEASON_1_EPISODES, start=1):
        Episode.objects.get_or_create(
            season=season_1,
            number=number,
            defaults={
                "title": title,
                "air": PreciseDate.day(datetime.date(2022, 4, 22)),
            },
        )
    for number in (1, 2):
        _adapt(
            season_1,
            volumes[number],
            f"Volume {number}: how Charlie and Nick meet and get together.",
            SeasonAdaptation.Certainty.CONFIRMED,
        )
    seasons = {1: season_1}
    for number in (2, 3):
        seasons[number] = Season.objects.get_or_create(
            show=show,
            number=number,
            defaults={
                "release_status": Season.ReleaseStatus.RENEWED,
                "source": sources["tudum"],
            },
        )[0]

    for order, (actor, role) in enumerate(CAST, start=1):
        character, _ = Character.objects.get_or_create(
            show=show, slug=slugify(role), defaults={"name": role}
        )
        Credit.objects.get_or_create(
            person=_person(actor),
            show=show,
            season=None,
            kind=Credit.Kind.MAIN,
            defaults={
                "character": character,
                "billing_order": order,
                "source": sources["netflix"],
            },
        )
    for job in (Credit.Job.CREATOR, Credit.Job.WRITER):
        Credit.objects.get_or_create(
            person=oseman,
            show=show,
            season=None,
            kind=Credit.Kind.CREW,
            job=job,
            defaults={"source": sources["netflix"]},
        )
    Credit.objects.get_or_create(
        person=_person("Euros Lyn"),
        show=show,
        season=season_1,
        kind=Credit.Kind.CREW,
        job=Credit.Job.DIRECTOR,
        defaults={"source": sources["netflix"]},
    )
    ExternalRating.objects.get_or_create(
        show=show,
        season=None,
        provider=ExternalRating.Provider.IMDB,
        defaults={
            "value": Decimal("8.8"),
            "scale": Decimal("10"),
            "as_of": SEED_DATE,
            "source": sources["imdb"],
        },
    )
    return show, seasons, work, volumes


def _person(name: str) -> Person:
    from images.demo import demo_portrait  # Pillow, only when a portrait is drawn

    return demo_shows.demo_person(name, demo_portrait)


def _adapt(season, volume, note, certainty=SeasonAdaptation.Certainty.SPECULATED):
    SeasonAdaptation.objects.get_or_create(
        season=season,
        volume=volume,
        defaults={"certainty": certainty, "note": note},
    )


def _episodes(season, day: datetime.date, source, editor) -> None:
    """Eight episodes released together on ``day``, in its history on that day;
    their titles are not in the demo's sources, so they are left blank rather than
    guessed."""
    with recording(by=editor, source=source, at=_at(day.year, day.month, day.day)):
        for number in range(1, 9):
            Episode.objects.get_or_create(
                season=season, number=number, defaults={"air": PreciseDate.day(day)}
            )


def _later_changes(show, seasons, volumes, sources, editor) -> None:
    """What became known after the seed, in date order."""
    s2, s3 = seasons[2], seasons[3]

    at = _at(2023, 4, 1)
    if not _already_recorded(s2, at):
        services.season_set_release(
            season=s2,
            status=Season.ReleaseStatus.DATE_ANNOUNCED,
            premiere=PreciseDate.day(datetime.date(2023, 8, 3)),
            planned_episode_count=8,
            release_model=Season.ReleaseModel.ALL_AT_ONCE,
            source=sources["s2_date"],
            by=editor,
            at=at,
            note="Announced in spring 2023; the announcement day is approximate.",
        )
    at = _at(2023, 8, 3)
    if not _already_recorded(s2, at):
        services.season_set_release(
            season=s2,
            status=Season.ReleaseStatus.CONCLUDED,
            finale=PreciseDate.day(datetime.date(2023, 8, 3)),
            source=sources["s2_date"],
            by=editor,
            at=at,
            note="All eight episodes released at once.",
        )
    _episodes(s2, datetime.date(2023, 8, 3), sources["s2_date"], editor)
    _adapt(s2, volumes[3], "Mainly volume 3: the Paris trip, Nick coming out.")
    _adapt(s2, volumes[4], "Some threads from volume 4.")

    at = _at(2023, 12, 7)
    if not _already_recorded(volumes[5], at):
        services.volume_set_publication(
            volume=volumes[5],
            status=SourceVolume.Status.PUBLISHED,
            publication=PreciseDate.day(
                datetime.date(2023, 12, 7), Confidence.ESTIMATE
            ),
            source=sources["publisher"],
            by=editor,
            at=at,
            note="Publication day not yet checked by an editor.",
        )

    at = _at(2024, 6, 1)
    if not _already_recorded(s3, at):
        services.season_set_release(
            season=s3,
            status=Season.ReleaseStatus.DATE_ANNOUNCED,
            premiere=PreciseDate.day(datetime.date(2024, 10, 3)),
            planned_episode_count=8,
            source=sources["s3_date"],
            by=editor,
            at=at,
            note="Announced in 2024; the announcement day is approximate.",
        )
    at = _at(2024, 10, 3)
    if not _already_recorded(s3, at):
        services.season_set_release(
            season=s3,
            status=Season.ReleaseStatus.CONCLUDED,
            source=sources["s3_date"],
            by=editor,
            at=at,
            note="Released on Netflix.",
        )
    _episodes(s3, datetime.date(2024, 10, 3), sources["s3_date"], editor)
    _adapt(s3, volumes[4], "Volume 4.")
    _adapt(s3, volumes[5], "Parts of volume 5.")

    at = _at(2025, 4, 1)
    if not _already_recorded(show, at):
        show.status = Show.Status.IN_DEVELOPMENT
        show.source = sources["film"]
        with recording(
            by=editor,
            source=sources["film"],
            at=at,
            note="A feature film to finish the story was announced instead of a "
            "fourth season (reported in April 2025; an estimate until confirmed).",
        ):
            show.save()

    rating = ExternalRating.objects.get(
        show=show, season=None, provider=ExternalRating.Provider.IMDB
    )
    at = _at(2025, 4, 30)
    if not _already_recorded(rating, at):
        services.rating_update(
            rating=rating,
            value=Decimal("8.6"),
            as_of=at.date(),
            source=sources["imdb"],
            by=editor,
            at=at,
            note="About 8.6 some time after season 3; an estimate, date approximate.",
        )
