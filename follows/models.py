"""Readers following a show by e-mail, and the show events their alerts are made of.

A ``Follow`` stores only what sending needs: the address, the show, the reader's
choices, when it was asked for and confirmed, how far alerts have gone, and the
random token its links carry. No IP address, no name, no account.

A ``ShowEvent`` is one thing worth telling a show's followers (a date announced or
changed, with its confidence; a new season), written in the transaction that made
the change, once per show rather than once per follower. New articles are not
events: they are read from the public articles at sending time, so a scheduled
piece counts only once it is public.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from catalog.dates import Confidence
from catalog.models import FactChange, Show


def new_token() -> str:
    return secrets.token_urlsafe(24)


def normalise_address(address: str) -> str:
    """One spelling per address: the export, delete and per-address limits find
    "Reader@Example.com " as "reader@example.com"."""
    return address.strip().lower()


class FollowQuerySet(models.QuerySet):
    def for_address(self, address: str) -> FollowQuerySet:
        return self.filter(email=normalise_address(address))

    def confirmed(self) -> FollowQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def expired(self, *, now: datetime.datetime | None = None) -> FollowQuerySet:
        """Requests never confirmed within ``FOLLOWS_CONFIRM_MAX_AGE``: deleted by
        ``follows_send_alerts``, never sent anything."""
        since = (now or timezone.now()) - datetime.timedelta(
            seconds=settings.FOLLOWS_CONFIRM_MAX_AGE
        )
        return self.filter(confirmed_at__isnull=True, requested_at__lt=since)

    def with_news(self) -> FollowQuerySet:
        """Confirmed follows whose show has an event or a public article they have
        not been told about (a superset: choices are applied when the alert is
        built)."""
        events = ShowEvent.objects.filter(
            show=OuterRef("show"), happened_at__gt=OuterRef("notified_until")
        )
        return self.confirmed().filter(Exists(events) | self._articles_condition())

    @staticmethod
    def _articles_condition() -> Q:
        # Imported here: articles import the catalog, this module is imported early.
        from articles.models import Article

        articles = Article.objects.public().filter(
            Q(subject_shows=OuterRef("show"))
            | Q(subject_seasons__show=OuterRef("show")),
            published_at__gt=OuterRef("notified_until"),
        )
        return Q(articles=True) & Q(Exists(articles))

    def counts_by_show(self):
        """Confirmed followers per show, for the admin's summary."""
        return (
            self.confirmed()
            .values("show__title")
            .annotate(followers=models.Count("pk"))
            .order_by("-followers", "show__title")
        )


class Follow(models.Model):
    """One address following one show, pending until its confirm link is opened."""

    email = models.EmailField("e-mail address", max_length=254)
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="follows")
    dates = models.BooleanField(
        "dates", default=True, help_text="A date announced or changed."
    )
    official_only = models.BooleanField(
        "official dates only",
        default=False,
        help_text="Only dates the platform or studio has confirmed.",
    )
    seasons = models.BooleanField("new seasons", default=True)
    articles = models.BooleanField("new articles", default=False)
    token = models.CharField(
        max_length=64,
        unique=True,
        default=new_token,
        help_text="The secret the confirm and unsubscribe links carry.",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    notified_until = models.DateTimeField(
        default=timezone.now,
        help_text="Events and articles up to this time have been sent (or predate "
        "the follow).",
    )

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["email", "show"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "show"], name="follows_follow_unique_address_show"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.show}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def unsubscribe_url(self) -> str:
        """Absolute, for e-mails: no request is at hand in a job."""
        return settings.SITE_URL + reverse("follows:unsubscribe", args=[self.token])

    def wants(self, event: ShowEvent) -> bool:
        """Whether this reader asked to hear about ``event``."""
        if event.kind == ShowEvent.Kind.SEASON:
            return self.seasons
        if not self.dates:
            return False
        return not self.official_only or event.confidence == Confidence.OFFICIAL

    def choices(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name in CHOICE_FIELDS}


CHOICE_FIELDS = ("dates", "official_only", "seasons", "articles")


class ShowEventQuerySet(models.QuerySet):
    def after(self, when: datetime.datetime, *, until: datetime.datetime):
        return self.filter(happened_at__gt=when, happened_at__lte=until)


class ShowEvent(models.Model):
    """Something a show's followers may want to hear, built from the fact history."""

    class Kind(models.TextChoices):
        DATE = "date", "date announced or changed"
        SEASON = "season", "new season"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    confidence = models.CharField(
        max_length=10,
        choices=Confidence.choices,
        blank=True,
        help_text="For a date: how sure the new date is.",
    )
    text = models.CharField(max_length=300, help_text="The alert's line.")
    url = models.CharField(max_length=300, help_text="Where the line links (a path).")
    fact_change = models.ForeignKey(
        FactChange,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The fact history row this event comes from.",
    )
    happened_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ShowEventQuerySet.as_manager()

    class Meta:
        ordering = ["happened_at", "pk"]
        indexes = [
            models.Index(fields=["show", "happened_at"], name="follows_event_show")
        ]

    def __str__(self) -> str:
        return self.text
