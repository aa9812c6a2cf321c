"""The catalog's models, one module per area; import them from here."""

import reversion

from catalog.models.books import SourceVolume, SourceWork
from catalog.models.facts import FactChange, FactKey, Source, recording
from catalog.models.people import Person
from catalog.models.releases import Release, WatchOption
from catalog.models.shows import (
    Character,
    Credit,
    Episode,
    ExternalRating,
    Genre,
    Platform,
    Season,
    SeasonAdaptation,
    Show,
    Video,
)

# Revision history for every catalog row (django-reversion). ``follow`` names the rows
# a revision carries along, so recovering a deleted show brings back its seasons,
# episodes, cast and videos, and a recovered character its credits' links.
FOLLOW = {
    Show: ["seasons", "characters", "credits", "videos", "ratings", "watch_options"],
    Season: [
        "episodes",
        "credits",
        "videos",
        "ratings",
        "adaptations",
        "releases",
        "watch_options",
    ],
    Episode: ["releases"],
    Person: ["credits"],
    Character: ["credits"],
    SourceWork: ["volumes"],
    SourceVolume: ["adaptations"],
}
VERSIONED = (
    Character,
    Credit,
    Episode,
    ExternalRating,
    Genre,
    Person,
    Platform,
    Release,
    Season,
    SeasonAdaptation,
    Show,
    Source,
    SourceVolume,
    SourceWork,
    Video,
    WatchOption,
)
for _model in VERSIONED:
    reversion.register(_model, follow=FOLLOW.get(_model, ()))

__all__ = [
    "Character",
    "Credit",
    "Episode",
    "ExternalRating",
    "FactChange",
    "FactKey",
    "Genre",
    "Person",
    "Platform",
    "Release",
    "Season",
    "SeasonAdaptation",
    "Show",
    "Source",
    "SourceVolume",
    "SourceWork",
    "Video",
    "WatchOption",
    "recording",
]
