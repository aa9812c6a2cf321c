"""The catalog's models, one module per area; import them from here."""

from catalog.models.books import SourceVolume, SourceWork
from catalog.models.facts import FactChange, FactKey, Source, recording
from catalog.models.people import Person
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
    "Season",
    "SeasonAdaptation",
    "Show",
    "Source",
    "SourceVolume",
    "SourceWork",
    "Video",
    "recording",
]
