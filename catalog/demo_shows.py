"""Invented shows for the demo, dated relative to the day ``load_demo`` runs.

Heartstopper's facts are history; these shows keep the calendar busy whenever the
demo is opened: a season next month (official, to the day), one in a month two
months out (reported), one in Q3 of next year (reported), one some time next year
(rumour), and a season airing weekly with episodes on both sides of today. Every
name and person here is made up, and each synopsis says so.

Idempotent, and fresh on a later day: rows are found by natural key; a date that
has moved since the last load (the demo was reloaded weeks later) is updated
through fact history, attributed to the demo's source, so nothing drifts into the
past while still saying "coming soon".
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from catalog.dates import Confidence, PreciseDate
from catalog.models import (
    Character,
    Credit,
    Episode,
    Genre,
    Person,
    Release,
    Season,
    Show,
    Source,
    Video,
    WatchOption,
)
from catalog.models.facts import recording
from core import pageversions

FICTION = "A show invented for the Showsite demo; its people and dates are made up."
Status = Season.ReleaseStatus


@dataclass
class SeasonSpec:
    number: int
    status: str
    premiere: PreciseDate
    episodes: list[str] = field(default_factory=list)
    weekly: bool = False
    # (country, platform slug, date, offer or "")
    releases: list[tuple] = field(default_factory=list)
    trailer: str = ""  # a YouTube-shaped id for the demo's own trailer card


@dataclass
class ShowSpec:
    slug: str
    title: str
    kind: str
    genre: str
    synopsis: str
    colours: tuple
    platforms: list[str]
    creator: str
    cast: list[tuple[str, str]]  # actor, character
    seasons: list[SeasonSpec]
    watch: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # country, slug, offer


def _next_month(today: datetime.date, day: int = 15) -> datetime.date:
    """``day`` of next month: after today whatever today is."""
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first.replace(day=day)


def _months_ahead(today: datetime.date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + months
    return index // 12, index % 12 + 1


def shows_for(today: datetime.date) -> list[ShowSpec]:
    """The invented catalog as of ``today``."""
    year = today.year
    airing_from = today - datetime.timedelta(days=20)  # three aired, five to come
    next_month = _next_month(today)
    later_year, later_month = _months_ahead(today, 2)
    reported, rumour = Confidence.REPORTED, Confidence.RUMOUR
    return [
        ShowSpec(
            slug="harbour-lights",
            title="Harbour Lights",
            kind=Show.Kind.SCRIPTED,
            genre="Drama",
            synopsis="A lighthouse keeper's daughter comes home to a fishing town "
            "that would rather forget the night the lamp went out. " + FICTION,
            colours=((18, 42, 74), (236, 170, 84)),
            platforms=["netflix"],
            creator="Delia Fenwick",
            cast=[
                ("Maren Okafor", "Ines Calder"),
                ("Tobias Wren", "Luka Marsh"),
                ("Priya Halloran", "Ruth Abbey"),
            ],
            seasons=[
                SeasonSpec(
                    1,
                    Status.CONCLUDED,
                    PreciseDate.day(today - datetime.timedelta(days=400)),
                    ["The Dark Lamp", "Low Water", "Salt", "Inquest", "Flare", "Dawn"],
                    releases=[("", "netflix", None, "")],
                    trailer="DemoHLs1Trl",
                ),
                SeasonSpec(
                    2,
                    Status.DATE_ANNOUNCED,
                    PreciseDate.day(next_month),
                    releases=[("", "netflix", None, "")],
                    trailer="DemoHLs2Trl",
                ),
            ],
            watch=[("", "netflix", WatchOption.Offer.SUBSCRIPTION)],
        ),
        ShowSpec(
            slug="the-quiet-orbit",
            title="The Quiet Orbit",
            kind=Show.Kind.SCRIPTED,
            genre="Science fiction",
            synopsis="The crew of a research station lose contact with Earth and "
            "start to suspect the silence is deliberate. " + FICTION,
            colours=((12, 16, 40), (96, 120, 210)),
            platforms=["apple-tv"],
            creator="Hollis Brandt",
            cast=[
                ("Juno Adeyemi", "Commander Sela Voss"),
                ("Rafael Lindqvist", "Dr Oren Hale"),
                ("Noor Castellane", "Pip Arkwright"),
            ],
            seasons=[
                SeasonSpec(
                    1,
                    Status.AIRING,
                    PreciseDate.day(airing_from),
                    [
                        "Signal",
                        "Drift",
                        "Perihelion",
                        "Blackout",
                        "Relay",
                        "Echoes",
                        "Burn",
                        "Home",
                    ],  # fmt: skip
                    weekly=True,
                    releases=[
                        ("US", "apple-tv", None, ""),
                        ("GB", "apple-tv", None, ""),
                        (
                            "DE",
                            "prime-video",
                            PreciseDate.month(later_year, later_month, reported),
                            "dubbed",
                        ),
                    ],
                    trailer="DemoQOs1Trl",
                ),
                SeasonSpec(2, Status.RUMOURED, PreciseDate.year(year + 1, rumour)),
            ],
            watch=[
                ("US", "apple-tv", WatchOption.Offer.SUBSCRIPTION),
                ("GB", "apple-tv", WatchOption.Offer.SUBSCRIPTION),
            ],
        ),
        ShowSpec(
            slug="marigold-street",
            title="Marigold Street",
            kind=Show.Kind.SCRIPTED,
            genre="Comedy",
            synopsis="Three generations of the Pennington family run the last "
            "launderette on a street that is going up in the world. " + FICTION,
            colours=((120, 60, 20), (240, 200, 90)),
            platforms=["channel-4", "prime-video"],
            creator="Ottilie Sandberg",
            cast=[
                ("Bea Ashworth", "Dot Pennington"),
                ("Kwame Doyle", "Sid Pennington"),
                ("Lotte Varga", "Mrs Amsel"),
            ],
            seasons=[
                SeasonSpec(
                    1,
                    Status.CONCLUDED,
                    PreciseDate.day(today - datetime.timedelta(days=700)),
                    [
                        "Spin Cycle",
                        "Delicates",
                        "Colour Run",
                        "Tumble Dry",
                        "Lost Sock",
                        "Fresh Start",
                    ],  # fmt: skip
                    weekly=True,
                    releases=[
                        ("GB", "channel-4", None, ""),
                        (
                            "US",
                            "prime-video",
                            PreciseDate.day(today - datetime.timedelta(days=520)),
                            "",
                        ),
                    ],
                ),
                SeasonSpec(
                    2,
                    Status.FILMING,
                    PreciseDate.quarter(year + 1, 3, reported),
                    releases=[("GB", "channel-4", None, "")],
                    trailer="DemoMSs2Tsr",
                ),
            ],
            watch=[
                ("GB", "channel-4", WatchOption.Offer.FREE),
                ("US", "prime-video", WatchOption.Offer.SUBSCRIPTION),
                ("DE", "prime-video", WatchOption.Offer.BUY),
            ],
        ),
        ShowSpec(
            slug="northbound",
            title="Northbound",
            kind=Show.Kind.DOCUMENTARY,
            genre="Documentary",
            synopsis="A year on the night trains between Edinburgh and the far "
            "north, told by the crews who run them. " + FICTION,
            colours=((20, 52, 48), (150, 200, 190)),
            platforms=["prime-video"],
            creator="Saoirse Lindgren",
            cast=[("Callum Rourke", "Narrator")],
            seasons=[
                SeasonSpec(
                    1,
                    Status.POST_PRODUCTION,
                    PreciseDate.month(later_year, later_month, reported),
                    releases=[("", "prime-video", None, "")],
                    trailer="DemoNBs1Tsr",
                ),
            ],
        ),
    ]


def load(*, today: datetime.date | None = None, platforms, editor) -> list[Show]:
    """Create the invented shows (or move their dates to stay relative to today)."""
    from images.demo import demo_image, demo_portrait  # Pillow, only for the demo

    today = today or timezone.localdate()
    source = Source.objects.get_or_create(
        publisher="Showsite demo", title="Invented shows for the demo"
    )[0]
    art = {"image": demo_image, "portrait": demo_portrait, "today": today}
    with recording(by=editor, source=source, note="Demo dates kept relative to today."):
        return [_show(spec, platforms, source, art) for spec in shows_for(today)]


def _put(model, *, lookup: dict, values: dict):
    """The row found by ``lookup``, made with ``values``; on a later load, values
    that differ (a date that moved with today) are saved, so history records them."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changed and not created:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save()
    return obj


def _show(spec: ShowSpec, platforms, source, art) -> Show:
    first = spec.seasons[0]
    aired = first.status != Status.POST_PRODUCTION
    show = _put(
        Show,
        lookup={"slug": spec.slug},
        values={
            "title": spec.title,
            "kind": spec.kind,
            "status": Show.Status.RETURNING if aired else Show.Status.IN_DEVELOPMENT,
            "synopsis": spec.synopsis,
            "first_air": first.premiere if aired else PreciseDate.unknown(),
            "source": source,
        },
    )
    if show.poster_id is None:
        poster = art["image"](
            key=f"{spec.title} poster",
            title=spec.title,
            subtitle=platforms[spec.platforms[0]].name,
            alt_text=f"{spec.title} poster artwork",
            colours=spec.colours,
            size=(600, 900),
        )
        Show.objects.filter(pk=show.pk).update(poster=poster)
        pageversions.bump_pages_of(Show.objects.filter(pk=show.pk))
    show.platforms.add(*(platforms[slug] for slug in spec.platforms))
    show.genres.add(
        Genre.objects.get_or_create(
            slug=slugify(spec.genre), defaults={"name": spec.genre}
        )[0]
    )
    _credits(show, spec, source, art)
    for season_spec in spec.seasons:
        _season(show, season_spec, platforms, source, spec, art)
    for country, slug, offer in spec.watch:
        WatchOption.objects.get_or_create(
            show=show,
            season=None,
            country=country,
            platform=platforms[slug],
            offer=offer,
            defaults={"source": source},
        )
    return show


def _credits(show, spec, source, art) -> None:
    for order, (actor, role) in enumerate(spec.cast, start=1):
        character, _ = Character.objects.get_or_create(
            show=show, slug=slugify(role), defaults={"name": role}
        )
        Credit.objects.get_or_create(
            person=demo_person(actor, art["portrait"]),
            show=show,
            season=None,
            kind=Credit.Kind.MAIN,
            defaults={"character": character, "billing_order": order, "source": source},
        )
    Credit.objects.get_or_create(
        person=demo_person(spec.creator, art["portrait"]),
        show=show,
        season=None,
        kind=Credit.Kind.CREW,
        job=Credit.Job.CREATOR,
        defaults={"source": source},
    )


def demo_person(name: str, demo_portrait) -> Person:
    """The person called ``name``, with the demo's illustrated portrait."""
    person, _ = Person.objects.get_or_create(
        slug=slugify(name), defaults={"name": name}
    )
    if person.photo_id is None:
        person.photo = demo_portrait(name=name)
        Person.objects.filter(pk=person.pk).update(photo=person.photo)
        pageversions.bump_pages_of(Person.objects.filter(pk=person.pk))
    return person


def _release_model(spec: SeasonSpec) -> str:
    if not spec.episodes:
        return Season.ReleaseModel.UNKNOWN
    return (
        Season.ReleaseModel.WEEKLY if spec.weekly else Season.ReleaseModel.ALL_AT_ONCE
    )


def _season(show, spec: SeasonSpec, platforms, source, show_spec, art) -> None:
    step = datetime.timedelta(days=7 if spec.weekly else 0)
    airs = [spec.premiere.start + step * n for n in range(len(spec.episodes))]
    season = _put(
        Season,
        lookup={"show": show, "number": spec.number},
        values={
            "release_status": spec.status,
            "premiere": spec.premiere,
            "finale": PreciseDate.day(airs[-1]) if airs else PreciseDate.unknown(),
            "planned_episode_count": len(spec.episodes) or None,
            "release_model": _release_model(spec),
            "source": source,
        },
    )
    for number, (title, day) in enumerate(zip(spec.episodes, airs, strict=True), 1):
        _put(
            Episode,
            lookup={"season": season, "number": number},
            values={"title": title, "air": PreciseDate.day(day)},
        )
    for country, slug, date, note in spec.releases:
        _put(
            Release,
            lookup={
                "season": season,
                "episode": None,
                "country": country,
                "platform": platforms[slug],
            },
            values={"release": date or spec.premiere, "note": note, "source": source},
        )
    if spec.trailer:
        _trailer(show, season, spec, show_spec, art)


def _trailer(show, season, spec: SeasonSpec, show_spec, art) -> None:
    kind = Video.Kind.TEASER if spec.trailer.endswith("Tsr") else Video.Kind.TRAILER
    published = min(spec.premiere.start, art["today"]) - datetime.timedelta(days=21)
    video = _put(
        Video,
        lookup={"youtube_id": spec.trailer},
        values={
            "show": show,
            "season": season,
            "kind": kind,
            "title": f"{show.title}: {season.label} {kind.label}",
            "published_on": published,
        },
    )
    if video.poster_id is None:
        poster = art["image"](
            key=f"{show.title} {season.label} {kind.label}",
            title=show.title,
            subtitle=f"{season.label} {kind.label}",
            alt_text=f"Key art from the {show.title} {season.label} {kind.label}",
            colours=show_spec.colours,
            size=(640, 360),
        )
        Video.objects.filter(pk=video.pk).update(poster=poster)
        pageversions.bump_pages_of(Show.objects.filter(pk=show.pk))
        pageversions.bump_pages_of(Season.objects.filter(show=show))
