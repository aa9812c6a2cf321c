"""Which pieces may display a catalog row: those to compare again when it changes.

Every embed shows rows of one show (its seasons, characters, credits, videos,
ratings, episodes), of one book series (its volumes), or one person. A changed row
leads to the shows, works and people it belongs to or is shown with; the pieces that
embed any object of those (or have one as a subject) are compared again. Wider than
needed is only slower, never wrong: the comparison decides.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from catalog import models as catalog

from .models import ArticleReference


def _owners(instance) -> tuple[Q, Q, Q]:
    """(shows, works, people) filters the row belongs to or is shown with."""
    none = Q(pk__in=[])
    shows, works, people = none, none, none
    match instance:
        case catalog.Show():
            shows = Q(pk=instance.pk)
        case (
            catalog.Season()
            | catalog.Character()
            | catalog.Credit()
            | catalog.Video()
            | catalog.ExternalRating()
        ):
            shows = Q(pk=instance.show_id)
            if isinstance(instance, catalog.Credit):
                people = Q(pk=instance.person_id)
        case catalog.Episode() | catalog.Release():
            shows = Q(seasons=instance.season_id)
        case catalog.WatchOption():
            shows = Q(pk=instance.show_id)
        case catalog.SeasonAdaptation():
            shows = Q(seasons=instance.season_id)
            works = Q(volumes=instance.volume_id)
        case catalog.SourceVolume():
            works = Q(pk=instance.work_id)
            shows = Q(seasons__adaptations__volume=instance.pk)
        case catalog.SourceWork():
            works = Q(pk=instance.pk)
            shows = Q(based_on=instance.pk) | Q(
                seasons__adaptations__volume__work=instance.pk
            )
        case catalog.Person():
            people = Q(pk=instance.pk)
            shows = Q(credits__person=instance.pk)
        case catalog.Platform():
            shows = (
                Q(platforms=instance.pk)
                | Q(seasons__releases__platform=instance.pk)
                | Q(watch_options__platform=instance.pk)
            )
        case catalog.Source():
            shows = (
                Q(source=instance.pk)
                | Q(seasons__source=instance.pk)
                | Q(credits__source=instance.pk)
                | Q(ratings__source=instance.pk)
            )
            works = Q(volumes__source=instance.pk)
    return shows, works, people


def watching(instance, also_shows=()) -> Q:
    """``ArticleReference`` rows of pieces that may display ``instance`` (and the
    shows ``also_shows``, for a link added from the other side)."""
    shows_q, works_q, people_q = _owners(instance)
    shows = catalog.Show.objects.filter(shows_q | Q(pk__in=list(also_shows)))
    shows = shows.values("pk")
    works = catalog.SourceWork.objects.filter(works_q).values("pk")
    ct = ContentType.objects.get_for_model
    condition = (
        Q(content_type=ct(catalog.Show), object_id__in=shows)
        | Q(
            content_type=ct(catalog.Season),
            object_id__in=catalog.Season.objects.filter(show__in=shows).values("pk"),
        )
        | Q(
            content_type=ct(catalog.Character),
            object_id__in=catalog.Character.objects.filter(show__in=shows).values("pk"),
        )
        | Q(
            content_type=ct(catalog.Episode),
            object_id__in=catalog.Episode.objects.filter(season__show__in=shows).values(
                "pk"
            ),
        )
        | Q(
            content_type=ct(catalog.Video),
            object_id__in=catalog.Video.objects.filter(show__in=shows).values("pk"),
        )
        | Q(content_type=ct(catalog.SourceWork), object_id__in=works)
        | Q(
            content_type=ct(catalog.SourceVolume),
            object_id__in=catalog.SourceVolume.objects.filter(work__in=works).values(
                "pk"
            ),
        )
        | Q(
            content_type=ct(catalog.Person),
            object_id__in=catalog.Person.objects.filter(people_q).values("pk"),
        )
    )
    return condition


def pieces_watching(instance, also_shows=()) -> list[int]:
    """The ids of pieces that may display ``instance``: one query."""
    refs = ArticleReference.objects.filter(watching(instance, also_shows))
    return list(refs.values_list("article_id", flat=True).distinct())
