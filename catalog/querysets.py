"""Querysets: the catalog's read rules, each defined once."""

import datetime

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from images.querysets import renditions_prefetch

# Caps on what one page lists, so a long-running soap cannot make a page huge.
PAGE_CREDITS = 150
PAGE_EPISODES = 300
PAGE_VIDEOS = 12
PERSON_CREDITS = 200
# What a cast list shows of each credit: the cast on catalog pages and in embeds.
CAST_LIST_RELATED = ("person__photo", "character", "season")


def count_of(queryset, *, matching: str, outer: str = "pk"):
    """How many rows of ``queryset`` have ``matching`` equal to the outer row's
    ``outer``, as a column of the outer query: a capped list's full length without a
    query of its own."""
    rows = (
        queryset.filter(**{matching: OuterRef(outer)})
        .order_by()
        .values(matching)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def not_listed(obj, total: str, listed: str) -> int:
    """How many rows of a capped list its page leaves out: the ``count_of`` column
    ``for_page`` annotates as ``total`` less the rows it prefetched as ``listed``
    (0 on an object not loaded by ``for_page``)."""
    count = getattr(obj, total, None)
    return 0 if count is None else max(count - len(getattr(obj, listed)), 0)


def _show_wide_cast(lookup: str) -> Prefetch:
    """A show's own cast and crew (no season), capped, as ``show_credits``."""
    from catalog.models import Credit

    return Prefetch(
        lookup,
        queryset=Credit.objects.for_cast_list().show_wide()[:PAGE_CREDITS],
        to_attr="show_credits",
    )


class PreciseDateQuerySetMixin:
    """Ordering and "upcoming" filters for any ``PreciseDateField`` on the model."""

    def _precise(self, name: str):
        return self.model._meta.precise_dates[name]

    def by_date(self, name: str, *, descending: bool = False):
        """Sorted by a precise date across precisions; unknown dates last."""
        return self.order_by(*self._precise(name).ordering(descending=descending))

    def in_calendar_order(self, name: str, *tiebreak: str):
        """Sorted as the upcoming calendar lists them: by the end of each period,
        unknown last (served by the calendar index on the model)."""
        return self.order_by(*self._precise(name).calendar_ordering(), *tiebreak)

    def upcoming(self, name: str, *, today: datetime.date | None = None):
        """Rows whose date has not passed (a whole period counts) or is unknown."""
        today = today or timezone.localdate()
        return self.filter(self._precise(name).upcoming_q(today))

    def dated_between(self, name: str, start: datetime.date, end: datetime.date):
        """Rows whose period starts within [start, end]."""
        date_name = self._precise(name).date_name
        return self.filter(**{f"{date_name}__range": (start, end)})


class ShowQuerySet(PreciseDateQuerySetMixin, models.QuerySet):
    def for_list(self):
        """What a show card touches (poster, platforms), A to Z."""
        return (
            self.select_related("poster")
            .prefetch_related(renditions_prefetch("poster"), "platforms")
            .order_by("title", "pk")
        )

    def for_page(self):
        """Everything the show page touches, in a fixed number of queries."""
        from catalog.models import Credit, Season, Video

        return (
            self.select_related("poster")
            .annotate(
                show_credit_total=count_of(Credit.objects.show_wide(), matching="show"),
                video_total=count_of(Video.objects, matching="show"),
            )
            .prefetch_related(
                renditions_prefetch("poster"),
                "platforms",
                "genres",
                "based_on__authors",
                Prefetch("seasons", queryset=Season.objects.order_by("number")),
                _show_wide_cast("credits"),
                Prefetch(
                    "videos",
                    queryset=Video.objects.select_related("season")[:PAGE_VIDEOS],
                    to_attr="page_videos",
                ),
                Prefetch("ratings", queryset=_ratings()),
            )
        )


def _ratings():
    from catalog.models import ExternalRating

    return ExternalRating.objects.select_related("season", "source")


class SeasonQuerySet(PreciseDateQuerySetMixin, models.QuerySet):
    def for_page(self):
        """Everything the season page touches, in a fixed number of queries."""
        from catalog.models import Credit, Episode, Season, SeasonAdaptation, Video

        return (
            self.select_related("show", "source")
            .annotate(
                show_credit_total=count_of(
                    Credit.objects.show_wide(), matching="show", outer="show"
                ),
                season_credit_total=count_of(Credit.objects, matching="season"),
                episode_total=count_of(Episode.objects, matching="season"),
                video_total=count_of(Video.objects, matching="season"),
            )
            .prefetch_related(
                Prefetch(
                    "episodes",
                    queryset=Episode.objects.order_by("number")[:PAGE_EPISODES],
                    to_attr="page_episodes",
                ),
                _show_wide_cast("show__credits"),
                Prefetch("show__seasons", queryset=Season.objects.order_by("number")),
                Prefetch(
                    "credits",
                    queryset=Credit.objects.for_cast_list()[:PAGE_CREDITS],
                    to_attr="season_credits",
                ),
                Prefetch(
                    "adaptations",
                    queryset=SeasonAdaptation.objects.select_related("volume__work"),
                ),
                Prefetch(
                    "videos",
                    queryset=Video.objects.all()[:PAGE_VIDEOS],
                    to_attr="page_videos",
                ),
                Prefetch("ratings", queryset=_ratings()),
                "show__platforms",
            )
        )

    def upcoming_premieres(self, *, today: datetime.date | None = None):
        """Seasons still to premiere (or with no date yet), in calendar order."""
        return (
            self.exclude(release_status__in=["concluded", "cancelled", "airing"])
            .upcoming("premiere", today=today)
            .in_calendar_order("premiere", "show__title", "pk")
            .select_related("show")
        )


class EpisodeQuerySet(PreciseDateQuerySetMixin, models.QuerySet):
    def upcoming_airings(self, *, today: datetime.date | None = None):
        """Episodes with an announced air date still to come, soonest first.

        Episodes with no date are left to their season's premiere: listing every
        undated episode of an unannounced season would say nothing new.
        """
        return (
            self.filter(air_date__isnull=False)
            .upcoming("air", today=today)
            .in_calendar_order("air", "season__show__title", "pk")
            .select_related("season__show")
        )


class CreditQuerySet(models.QuerySet):
    def for_cast_list(self):
        """Credits with the person (and their photo), character and season."""
        return (
            self.select_related(*CAST_LIST_RELATED)
            .prefetch_related(renditions_prefetch("person__photo"))
            .in_billing_order()
        )

    def in_billing_order(self):
        return self.order_by("billing_order", "person__name")

    def show_wide(self):
        """Credits for the whole show, not one season."""
        return self.filter(season__isnull=True)

    def cast(self):
        return self.exclude(kind="crew")

    def crew(self):
        return self.filter(kind="crew")


class PersonQuerySet(models.QuerySet):
    def for_page(self):
        """A person with every credit and the show it belongs to."""
        from catalog.models import Credit

        return (
            self.select_related("photo")
            .annotate(credit_total=count_of(Credit.objects, matching="person"))
            .prefetch_related(
                renditions_prefetch("photo"),
                Prefetch(
                    "credits",
                    queryset=Credit.objects.select_related(
                        "show", "season", "character"
                    ).order_by(
                        "show__title", "show_id", "season__number", "billing_order"
                    )[:PERSON_CREDITS],
                    to_attr="page_credits",
                ),
                "works",
            )
        )


class SourceWorkQuerySet(models.QuerySet):
    def for_page(self):
        """A work with its authors, volumes and the seasons adapting each volume."""
        from catalog.models import SeasonAdaptation, SourceVolume

        return self.prefetch_related(
            "authors",
            "shows",
            Prefetch(
                "volumes",
                queryset=SourceVolume.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "adaptations",
                        queryset=SeasonAdaptation.objects.select_related(
                            "season__show"
                        ).order_by("season__show__title", "season__number"),
                    )
                ),
            ),
        )
