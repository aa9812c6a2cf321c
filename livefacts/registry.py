"""What editors may embed: target types (what a reference names) and embed kinds.

One table each, so the parser, the validator, the admin's "available embeds" panel and
the docs all read the same list. Adding a kind is a row here, a loader in
``resolvers.py``, a renderer in ``renderers.py`` and a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"


@dataclass(frozen=True)
class TargetType:
    """A kind of catalog object a reference can name, and how its reference reads."""

    name: str  # "season"
    model: str  # "catalog.season" (label_lower)
    ref_help: str  # "show/number"
    ref_pattern: str  # regex for the reference, with named groups
    example: str
    inline_fields: dict[str, str] = field(default_factory=dict)  # name -> help


TARGETS: dict[str, TargetType] = {
    target.name: target
    for target in [
        TargetType(
            "show",
            "catalog.show",
            "show-slug",
            rf"(?P<slug>{SLUG})",
            "heartstopper",
            {
                "title": "the show's title",
                "status": "production status (returning, ended…)",
                "first_air": "first air date, with precision and confidence",
                "last_air": "last air date",
                "platform": "where it streams or airs",
            },
        ),
        TargetType(
            "season",
            "catalog.season",
            "show-slug/number",
            rf"(?P<show>{SLUG})/(?P<number>\d{{1,4}})",
            "heartstopper/2",
            {
                "premiere": "premiere date, with precision and confidence",
                "finale": "finale date",
                "status": "release status (renewed, airing, concluded…)",
                "episode_count": "planned number of episodes",
                "release_model": "all at once, weekly, in parts",
                "title": "the season's title",
            },
        ),
        TargetType(
            "character",
            "catalog.character",
            "show-slug/character-slug",
            rf"(?P<show>{SLUG})/(?P<slug>{SLUG})",
            "heartstopper/nick-nelson",
            {
                "actor": "who plays the character (rumoured casting is marked)",
                "name": "the character's name",
            },
        ),
        TargetType(
            "person",
            "catalog.person",
            "person-slug",
            rf"(?P<slug>{SLUG})",
            "alice-oseman",
            {"name": "the person's name"},
        ),
        TargetType(
            "work",
            "catalog.sourcework",
            "work-slug",
            rf"(?P<slug>{SLUG})",
            "heartstopper",
            {"title": "the book or series title", "volumes": "number of volumes"},
        ),
        TargetType(
            "volume",
            "catalog.sourcevolume",
            "work-slug/number",
            rf"(?P<work>{SLUG})/(?P<number>\d{{1,4}})",
            "heartstopper/5",
            {
                "publication": "publication date, with precision and confidence",
                "status": "announced or published",
                "title": "the volume's title",
            },
        ),
    ]
}


@dataclass(frozen=True)
class EmbedKind:
    """A block embed: what it shows, which targets it accepts, which flags."""

    name: str
    label: str
    targets: tuple[str, ...]
    flags: tuple[str, ...] = ()
    default_flag: str = ""
    help: str = ""


KINDS: dict[str, EmbedKind] = {
    kind.name: kind
    for kind in [
        EmbedKind(
            "factbox",
            "Fact box",
            ("season", "show"),
            help="status, dates, episodes, platform, source",
        ),
        EmbedKind(
            "release",
            "Release status",
            ("season",),
            help="where the release stands, with the premiere's precision",
        ),
        EmbedKind(
            "cast",
            "Cast list",
            ("show", "season"),
            flags=("main", "all"),
            default_flag="main",
            help="main cast by default; add `all` for recurring and guest roles",
        ),
        EmbedKind(
            "trailers",
            "Trailers",
            ("season", "show"),
            help="click-to-play links to YouTube; nothing loads until clicked",
        ),
        EmbedKind(
            "volumes",
            "Source volumes",
            ("season", "work"),
            help="the books a season adapts (confirmed or speculated), or a series",
        ),
        EmbedKind(
            "rating",
            "Ratings",
            ("show", "season"),
            help="IMDb and other ratings, with their date",
        ),
    ]
}
