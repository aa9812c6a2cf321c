"""Which catalog pages show a catalog row: the versions a catalog write bumps.

``shown_on`` answers for every catalog model (and images, as posters and photos);
live facts adds the articles that embed those rows (livefacts/pages.py), and the
articles app the pages that list articles about them.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from core import pageversions
from core.models import PageList
from images.models import Image

from .models import (
    Character,
    Credit,
    Episode,
    ExternalRating,
    FactChange,
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

# The list pages built from catalog rows: the show list, upcoming, home's coming soon.
CATALOG_LISTS = "catalog"


def _of(model, qs: QuerySet, column: str) -> QuerySet:
    return model.objects.filter(pk__in=qs.values(column))


def _seasons_of_shows(qs: QuerySet) -> QuerySet:
    """A season page shows its show's own rows too (show-wide cast, trailers and
    ratings), so a change to one reaches every season of the show."""
    return Season.objects.filter(show_id__in=qs.values("show_id"))


# model -> the catalog pages (querysets of page-owning rows) that show its rows.
SHOWN_ON: dict[type, Callable[[QuerySet], list[QuerySet]]] = {
    Show: lambda qs: [
        qs,
        Season.objects.filter(show__in=qs),  # a season's page names its show
        Person.objects.filter(credits__show__in=qs),  # filmographies
        SourceWork.objects.filter(shows__in=qs),  # "adapted as"
    ],
    Season: lambda qs: [
        qs,
        _of(Show, qs, "show_id"),
        Person.objects.filter(credits__season__in=qs),
    ],
    Person: lambda qs: [
        qs,
        Show.objects.filter(credits__person__in=qs),
        Season.objects.filter(show__credits__person__in=qs),  # show-wide cast too
        SourceWork.objects.filter(authors__in=qs),
    ],
    SourceWork: lambda qs: [
        qs,
        Show.objects.filter(based_on__in=qs),
        Person.objects.filter(works__in=qs),
        Season.objects.filter(adapted_volumes__work__in=qs),  # "Source: <work> vol. 3"
    ],
    SourceVolume: lambda qs: [
        _of(SourceWork, qs, "work_id"),
        Season.objects.filter(adapted_volumes__in=qs),
        Show.objects.filter(seasons__adapted_volumes__in=qs),
    ],
    SeasonAdaptation: lambda qs: [
        _of(Season, qs, "season_id"),
        Show.objects.filter(seasons__adaptations__in=qs),
        SourceWork.objects.filter(volumes__adaptations__in=qs),
    ],
    Episode: lambda qs: [
        _of(Season, qs, "season_id"),
        Show.objects.filter(seasons__episodes__in=qs),
    ],
    Character: lambda qs: [
        _of(Show, qs, "show_id"),
        Season.objects.filter(show__credits__character__in=qs),
        Person.objects.filter(credits__character__in=qs),
    ],
    Credit: lambda qs: [
        _of(Person, qs, "person_id"),
        _of(Show, qs, "show_id"),
        _seasons_of_shows(qs),
    ],
    Video: lambda qs: [_of(Show, qs, "show_id"), _seasons_of_shows(qs)],
    ExternalRating: lambda qs: [_of(Show, qs, "show_id"), _seasons_of_shows(qs)],
    Platform: lambda qs: [
        Show.objects.filter(platforms__in=qs),
        Season.objects.filter(show__platforms__in=qs),
        Season.objects.filter(releases__platform__in=qs),
        Show.objects.filter(watch_options__platform__in=qs),
        Season.objects.filter(show__watch_options__platform__in=qs),
    ],
    Genre: lambda qs: [Show.objects.filter(genres__in=qs)],
    # A season's page lists its releases; its show's calendar feed dates by them.
    Release: lambda qs: [
        _of(Season, qs, "season_id"),
        _of(Show, qs, "season__show_id"),
    ],
    # Where to watch: on the show's page and every season's (show-wide offers).
    WatchOption: lambda qs: [_of(Show, qs, "show_id"), _seasons_of_shows(qs)],
    Image: lambda qs: [
        Show.objects.filter(poster__in=qs),
        Season.objects.filter(show__poster__in=qs),
        Person.objects.filter(photo__in=qs),
        _seasons_of_shows(Credit.objects.filter(person__photo__in=qs)),  # cast grids
        _of(Show, Credit.objects.filter(person__photo__in=qs), "show_id"),
        _of(Show, Video.objects.filter(poster__in=qs), "show_id"),  # trailer cards
        _seasons_of_shows(Video.objects.filter(poster__in=qs)),
    ],
}


def shown_on(queryset: QuerySet) -> list[QuerySet]:
    """The catalog pages showing the rows of ``queryset`` (a catalog model's, or
    images); the rows themselves first when they own pages."""
    return SHOWN_ON[queryset.model](queryset)


def catalog_pages(queryset: QuerySet) -> list:
    return [*shown_on(queryset), CATALOG_LISTS]


def fact_change_pages(changes: QuerySet) -> list:
    """A fact's history shows where the fact does ("What's changed")."""
    by_type = defaultdict(list)
    for ct_id, object_id in changes.values_list("content_type_id", "object_id"):
        by_type[ct_id].append(object_id)
    targets = []
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is not None:
            targets += pageversions.pages_for(model._base_manager.filter(pk__in=ids))
    return targets


def _next_day(rows: QuerySet, now: datetime) -> datetime | None:
    """What is upcoming changes as days pass: re-render the lists daily."""
    if not rows.filter(key=CATALOG_LISTS).exists():
        return None
    return (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def register() -> None:
    pageversions.register_horizon(PageList, _next_day)
    for model in SHOWN_ON:
        pageversions.register_pages(model, catalog_pages)
    pageversions.register_pages(FactChange, fact_change_pages)
    # A source is cited beside facts everywhere; renaming one is rare.
    pageversions.register_pages(Source, lambda qs: [pageversions.EVERYTHING])
