"""When and where a season or an episode comes out, country by country, and where a
show or a season can be watched."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When

from catalog.countries import COUNTRY_CHOICES, WORLDWIDE, country_name, first_for
from catalog.dates import Precision
from catalog.models.facts import FactHistoryMixin
from catalog.models.fields import HttpsURLField, PreciseDateField
from catalog.models.shows import Episode, Platform, Season, Show, _source_fk
from catalog.querysets import PreciseDateQuerySetMixin


def _country_field():
    return models.CharField(
        max_length=2,
        blank=True,
        choices=COUNTRY_CHOICES,
        help_text="Leave empty (worldwide) only when one date holds everywhere.",
    )


class ReleaseQuerySet(PreciseDateQuerySetMixin, models.QuerySet):
    def for_display(self) -> ReleaseQuerySet:
        """What a release table touches: its platform and source."""
        return self.select_related("platform", "source")

    def of_seasons(self) -> ReleaseQuerySet:
        """Premieres of whole seasons, not of single episodes."""
        return self.filter(episode__isnull=True)

    def in_country(self, code: str) -> ReleaseQuerySet:
        """Releases a reader in ``code`` can see: that country's and worldwide."""
        return self.filter(country__in=[code, WORLDWIDE])

    def for_reader(self, code: str) -> ReleaseQuerySet:
        """Dated releases a reader in ``code`` can see, their country's before the
        worldwide ones, earliest first: the first is the date to show them."""
        theirs_first = Case(When(country=code, then=Value(0)), default=Value(1))
        return (
            self.in_country(code)
            .filter(release_date__isnull=False)
            .order_by(theirs_first, *self._precise("release").ordering(), "pk")
        )

    def day_precise(self) -> ReleaseQuerySet:
        return self.filter(release_date__isnull=False, release_precision=Precision.DAY)

    def on_or_after(self, day: datetime.date) -> ReleaseQuerySet:
        return self.filter(release_date__gte=day)


class Release(FactHistoryMixin, models.Model):
    """One country's (or the world's) release of a season or an episode on one
    platform, with the precision, confidence and source of its date."""

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="releases"
    )
    episode = models.ForeignKey(
        Episode,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="releases",
        help_text="Only for one episode's own date; empty for the season's premiere.",
    )
    country = _country_field()
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="releases"
    )
    release = PreciseDateField("release")
    note = models.CharField(
        max_length=200, blank=True, help_text="Shown beside the date, e.g. “dubbed”."
    )
    source = _source_fk("Where this date comes from.")

    tracked_facts = ("release", "platform", "country")
    record_rows = True

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["release_date", "country", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "country", "platform"],
                condition=Q(episode__isnull=True),
                name="catalog_release_unique_season",
                violation_error_message="This season already has a release in this "
                "country on this platform: edit that one.",
            ),
            models.UniqueConstraint(
                fields=["episode", "country", "platform"],
                condition=Q(episode__isnull=False),
                name="catalog_release_unique_episode",
                violation_error_message="This episode already has a release in this "
                "country on this platform: edit that one.",
            ),
        ]

    def __str__(self):
        what = self.episode if self.episode_id else self.season
        return f"{what} in {self.country_name} on {self.platform}"

    def save(self, *args, **kwargs):
        if self.episode_id and not self.season_id:
            self.season_id = self.episode.season_id
        super().save(*args, **kwargs)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def clean(self):
        # The constraints again, with the field named: an inline form leaves the
        # row's parent out of its own constraint checks.
        errors = {}
        if self.episode_id and self.season_id:
            if self.episode.season_id != self.season_id:
                errors["episode"] = "This episode belongs to another season."
        if self.episode_id:
            same = Q(episode_id=self.episode_id)
        else:
            same = Q(season_id=self.season_id, episode__isnull=True)
        if (self.episode_id or self.season_id) and self.platform_id:
            taken = Release.objects.filter(
                same, country=self.country, platform_id=self.platform_id
            )
            if taken.exclude(pk=self.pk).exists():
                what = "episode" if self.episode_id else "season"
                errors["platform"] = (
                    f"This {what} already has a release in this country on this "
                    "platform: edit that one."
                )
        if errors:
            raise ValidationError(errors)


class WatchOptionQuerySet(models.QuerySet):
    def for_display(self) -> WatchOptionQuerySet:
        return self.select_related("platform", "season")

    def in_country(self, code: str) -> WatchOptionQuerySet:
        return self.filter(country__in=[code, WORLDWIDE])


class WatchOption(FactHistoryMixin, models.Model):
    """A platform carrying a show (or one season of it) in a country: by
    subscription, free, to rent or to buy."""

    class Offer(models.TextChoices):
        SUBSCRIPTION = "subscription", "subscription"
        FREE = "free", "free"
        RENT = "rent", "rent"
        BUY = "buy", "buy"

    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="watch_options"
    )
    season = models.ForeignKey(
        Season,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watch_options",
        help_text="Only when the offer is for one season; empty for the whole show.",
    )
    country = _country_field()
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="offers"
    )
    offer = models.CharField(
        max_length=12, choices=Offer.choices, default=Offer.SUBSCRIPTION
    )
    url = HttpsURLField(
        "URL", max_length=500, blank=True, help_text="The show's page on the platform."
    )
    source = _source_fk("Where this offer was seen.")

    tracked_facts = ("offer", "platform", "country")
    record_rows = True

    objects = WatchOptionQuerySet.as_manager()

    class Meta:
        verbose_name = "where to watch"
        verbose_name_plural = "where to watch"
        ordering = ["country", "offer", "platform__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "country", "platform", "offer"],
                condition=Q(season__isnull=True),
                name="catalog_watch_unique_show",
                violation_error_message="This show already has this offer in this "
                "country on this platform.",
            ),
            models.UniqueConstraint(
                fields=["season", "country", "platform", "offer"],
                condition=Q(season__isnull=False),
                name="catalog_watch_unique_season",
                violation_error_message="This season already has this offer in this "
                "country on this platform.",
            ),
        ]

    def __str__(self):
        what = self.season if self.season_id else self.show
        return (
            f"{what} on {self.platform} in {self.country_name} "
            f"({self.get_offer_display()})"
        )

    def save(self, *args, **kwargs):
        if self.season_id and not self.show_id:
            self.show_id = self.season.show_id
        super().save(*args, **kwargs)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def clean(self):
        errors = {}
        if self.show_id and self.season_id and self.season.show_id != self.show_id:
            errors["season"] = "This season belongs to another show."
        if self.season_id:
            same = Q(season_id=self.season_id)
        else:
            same = Q(show_id=self.show_id, season__isnull=True)
        if (self.season_id or self.show_id) and self.platform_id:
            taken = WatchOption.objects.filter(
                same,
                country=self.country,
                platform_id=self.platform_id,
                offer=self.offer,
            )
            if taken.exclude(pk=self.pk).exists():
                errors["platform"] = (
                    "This offer is already listed for this country and platform."
                )
        if errors:
            raise ValidationError(errors)


OFFER_ORDER = [value for value, _ in WatchOption.Offer.choices]


def watch_for(options, code: str) -> list[WatchOption]:
    """The offers a reader in ``code`` has: that country's and the worldwide ones,
    by kind of offer then platform."""
    mine = [o for o in options if o.country in (code, WORLDWIDE)]
    return sorted(mine, key=lambda o: (OFFER_ORDER.index(o.offer), o.platform.name))


def releases_first(releases, code: str) -> list[Release]:
    """A release table: the reader's country first, worldwide next, then the rest
    in date order."""
    return first_for(code, releases)


@dataclass(frozen=True)
class EpisodeAirDays:
    """The day an episode aired (or airs), as far as day-precise dates say: per
    country that has releases of its own, and for the rest the worldwide release,
    else the episode's own air date. None: no day is known there."""

    season: int
    number: int
    fallback: datetime.date | None
    by_country: dict[str, datetime.date | None] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"S{self.season}E{self.number}"

    def day_in(self, code: str) -> datetime.date | None:
        """A country with releases of its own goes by them alone: a month-precise
        local date is not replaced by another country's day."""
        return self.by_country.get(code, self.fallback)

    def known_days(self) -> set[datetime.date]:
        """Every day the episode airs somewhere (a reader's country's or the rest's)."""
        return {day for day in (self.fallback, *self.by_country.values()) if day}


def episode_air_days(pks: Iterable[int]) -> dict[int, EpisodeAirDays]:
    """``{episode pk: EpisodeAirDays}`` for these episodes, in two queries."""
    pks = sorted(set(pks))
    if not pks:
        return {}
    releases = Release.objects.filter(episode_id__in=pks).values_list(
        "episode_id", "country", "release_date", "release_precision"
    )
    days: dict[int, dict[str, list]] = {}
    for pk, country, day, precision in releases:
        local = days.setdefault(pk, {}).setdefault(country, [])
        if day is not None and precision == Precision.DAY:
            local.append(day)
    episodes = Episode.objects.filter(pk__in=pks).values_list(
        "pk", "season__number", "number", "air_date", "air_precision"
    )
    found = {}
    for pk, season, number, air, precision in episodes:
        local = {code: min(d, default=None) for code, d in days.get(pk, {}).items()}
        own = air if air is not None and precision == Precision.DAY else None
        worldwide = local.pop(WORLDWIDE, None)
        found[pk] = EpisodeAirDays(season, number, worldwide or own, local)
    return found
