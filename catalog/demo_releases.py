"""Demo releases by country and platform, and where to watch, for the demo shows.

Heartstopper's seasons came out on Netflix worldwide on the day; the other rows
show the kinds of fact the catalog keeps (a free-TV run in one country, digital
purchase) and are marked as the demo's own estimates, from the demo's source, so
no one takes them for reporting. Idempotent, and a dozen rows: other tests load
the demo.
"""

import datetime

from catalog.dates import Confidence, PreciseDate, Precision
from catalog.models import Platform, Release, Season, Show, Source, WatchOption

PLATFORMS = {
    "netflix": ("Netflix", Platform.Kind.STREAMING, "https://www.netflix.com/"),
    "channel-4": ("Channel 4", Platform.Kind.BROADCAST, "https://www.channel4.com/"),
    "apple-tv": ("Apple TV", Platform.Kind.STREAMING, "https://tv.apple.com/"),
    "prime-video": (
        "Prime Video",
        Platform.Kind.STREAMING,
        "https://www.primevideo.com/",
    ),
}
# (season, country, platform, date, precision, confidence, note)
RELEASES = [
    (1, "", "netflix", datetime.date(2022, 4, 22), Precision.DAY, "official", ""),
    (2, "", "netflix", datetime.date(2023, 8, 3), Precision.DAY, "official", ""),
    (3, "", "netflix", datetime.date(2024, 10, 3), Precision.DAY, "official", ""),
    (
        1,
        "GB",
        "channel-4",
        datetime.date(2025, 7, 1),
        Precision.QUARTER,
        "estimate",
        "free-TV run",
    ),
    (
        1,
        "US",
        "apple-tv",
        datetime.date(2022, 6, 1),
        Precision.MONTH,
        "estimate",
        "to buy",
    ),
    (
        2,
        "DE",
        "prime-video",
        datetime.date(2024, 1, 1),
        Precision.YEAR,
        "rumour",
        "to buy",
    ),
]
# (season or None for the show, country, platform, offer)
OFFERS = [
    (None, "", "netflix", WatchOption.Offer.SUBSCRIPTION),
    (1, "GB", "channel-4", WatchOption.Offer.FREE),
    (None, "US", "apple-tv", WatchOption.Offer.BUY),
    (None, "GB", "apple-tv", WatchOption.Offer.BUY),
    (2, "DE", "prime-video", WatchOption.Offer.RENT),
]


def platforms() -> dict[str, Platform]:
    """The demo's platforms by slug, made on the first call."""
    return {
        slug: Platform.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "website": website}
        )[0]
        for slug, (name, kind, website) in PLATFORMS.items()
    }


def load(*, show: Show, sources: dict[str, Source]) -> int:
    """Releases and offers for ``show``'s seasons; how many rows there are."""
    by_slug = platforms()
    demo = Source.objects.get_or_create(
        publisher="Showsite demo", title="Illustrative releases and offers"
    )[0]
    seasons = {s.number: s for s in Season.objects.filter(show=show)}
    for number, country, slug, day, precision, confidence, note in RELEASES:
        if number not in seasons:
            continue
        official = confidence == Confidence.OFFICIAL
        Release.objects.get_or_create(
            season=seasons[number],
            episode=None,
            country=country,
            platform=by_slug[slug],
            defaults={
                "release": PreciseDate(day, precision, Confidence(confidence)),
                "note": note,
                "source": sources["netflix"] if official else demo,
            },
        )
    for number, country, slug, offer in OFFERS:
        if number is not None and number not in seasons:
            continue
        WatchOption.objects.get_or_create(
            show=show,
            season=seasons.get(number) if number else None,
            country=country,
            platform=by_slug[slug],
            offer=offer,
            defaults={"source": sources["netflix"] if slug == "netflix" else demo},
        )
    return len(RELEASES) + len(OFFERS)
