"""Shows and what hangs off them: seasons, episodes, characters, credits, videos,
ratings, and the platforms and genres they belong to."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from catalog import querysets
from catalog.countries import reader_country
from catalog.models.books import SourceVolume, SourceWork
from catalog.models.facts import FactChange, FactHistoryMixin, Source
from catalog.models.fields import (
    CalendarKey,
    HttpsURLField,
    PreciseDateField,
    YouTubeIdField,
)
from catalog.models.people import Person
from catalog.querysets import (
    CAST_LIST_RELATED,
    PreciseDateQuerySetMixin,
    count_of,
    name_matches,
    name_terms,
    not_listed,
)
from catalog.validators import imdb_title_id, tmdb_id, wikidata_id
from core.models import PageVersioned
from images.querysets import renditions_prefetch


def _source_fk(help_text="Where these facts come from."):
    return models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class Platform(models.Model):
    class Kind(models.TextChoices):
        STREAMING = "streaming", "streaming"
        BROADCAST = "broadcast", "broadcast"
        CABLE = "cable", "cable"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    website = HttpsURLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Genre(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def _show_wide_cast(lookup: str) -> Prefetch:
    """A show's own cast and crew (no season), capped, as ``show_credits``."""
    return Prefetch(
        lookup,
        queryset=Credit.objects.for_cast_list().show_wide()[: querysets.PAGE_CREDITS],
        to_attr="show_credits",
    )


def _ratings():
    return ExternalRating.objects.select_related("season", "source")


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
                    queryset=Video.objects.for_cards()[: querysets.PAGE_VIDEOS],
                    to_attr="page_videos",
                ),
                Prefetch("ratings", queryset=_ratings()),
                _watch_prefetch(self.model, "watch_options"),
            )
        )


def _related(model, name: str):
    """The model of a reverse relation (releases.py imports this module)."""
    return model._meta.get_field(name).related_model


def _watch_prefetch(model, lookup: str) -> Prefetch:
    """Where to watch, as ``page_watch``: the offers for the whole show (those of
    one season are on its page), capped."""
    options = _related(model, "watch_options").objects.for_display()
    options = options.filter(season__isnull=True).order_by(
        "country", "offer", "platform__name", "pk"
    )
    return Prefetch(
        lookup, queryset=options[: querysets.PAGE_WATCH_OPTIONS], to_attr="page_watch"
    )


def _release_prefetches(model) -> list[Prefetch]:
    """A season page's releases (``page_releases``), its own offers
    (``page_watch``) and its show's (``show.page_watch``), each capped."""
    releases = _related(model, "releases").objects.of_seasons().for_display()
    own = _related(model, "watch_options").objects.for_display()
    return [
        Prefetch(
            "releases",
            queryset=releases.by_date("release")[: querysets.PAGE_RELEASES],
            to_attr="page_releases",
        ),
        Prefetch(
            "watch_options",
            queryset=own.order_by("country", "offer", "platform__name", "pk")[
                : querysets.PAGE_WATCH_OPTIONS
            ],
            to_attr="page_watch",
        ),
        _watch_prefetch(model, "show__watch_options"),
    ]


class Show(FactHistoryMixin, PageVersioned):
    class Kind(models.TextChoices):
        SCRIPTED = "scripted", "scripted series"
        MINISERIES = "miniseries", "miniseries"
        REALITY = "reality", "reality"
        DOCUMENTARY = "documentary", "documentary"
        ANIMATION = "animation", "animation"
        TALK = "talk", "talk show"
        GAME = "game", "game show"
        FILM = "film", "film"

    class Status(models.TextChoices):
        IN_DEVELOPMENT = "in_development", "in development"
        PLANNED = "planned", "planned"
        IN_PRODUCTION = "in_production", "in production"
        RETURNING = "returning", "returning"
        ON_HIATUS = "on_hiatus", "on hiatus"
        ENDED = "ended", "ended"
        CANCELLED = "cancelled", "cancelled"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    original_title = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SCRIPTED)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.IN_DEVELOPMENT
    )
    synopsis = models.TextField(blank=True)
    poster = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    genres = models.ManyToManyField(Genre, blank=True, related_name="shows")
    platforms = models.ManyToManyField(Platform, blank=True, related_name="shows")
    first_air = PreciseDateField("first aired")
    last_air = PreciseDateField("last aired")
    based_on = models.ManyToManyField(
        SourceWork, blank=True, related_name="shows", verbose_name="based on"
    )
    imdb_id = models.CharField(
        "IMDb id", max_length=12, blank=True, validators=[imdb_title_id]
    )
    tmdb_id = models.CharField(
        "TMDB id", max_length=10, blank=True, validators=[tmdb_id]
    )
    wikidata_id = models.CharField(
        "Wikidata id", max_length=14, blank=True, validators=[wikidata_id]
    )
    source = _source_fk()

    tracked_facts = ("status", "first_air", "last_air")

    objects = ShowQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["imdb_id"],
                condition=~Q(imdb_id=""),
                name="catalog_show_unique_imdb_id",
                violation_error_message="Another show already has this IMDb id.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:show_detail", kwargs={"slug": self.slug})

    def _page_credits(self):
        if hasattr(self, "show_credits"):  # prefetched by ShowQuerySet.for_page
            return self.show_credits
        return list(self.credits.show_wide().for_cast_list())

    def credits_not_listed(self) -> int:
        return not_listed(self, "show_credit_total", "show_credits")

    def videos_not_listed(self) -> int:
        return not_listed(self, "video_total", "page_videos")

    def cast(self):
        """Show-wide acting credits, billing order first."""
        return [c for c in self._page_credits() if c.kind != Credit.Kind.CREW]

    def crew(self):
        """Show-wide crew credits (creators, writers…), grouped by person."""
        return _crew([c for c in self._page_credits() if c.kind == Credit.Kind.CREW])

    def page_fact_history(self, limit: int = 20):
        """Recent changes to the show, its seasons and ratings: one query."""
        objects = [self, *self.seasons.all(), *self.ratings.all()]
        return FactChange.objects.for_objects(objects).for_display()[:limit]

    def clean(self):
        if self.last_air.is_before(self.first_air):
            raise ValidationError(
                {"last_air_date": "The last air date is before the first air date."}
            )


# Words that say "the number is a season's": "season 3", "series 3", "s3", "s03".
SEASON_WORDS = frozenset({"season", "series", "s"})
_SEASON_NUMBER = re.compile(r"^(?:s|season|series)?(\d{1,4})$")


def _season_words(words: list[str]) -> Q:
    """Every word in the season's show's names or in its own title. The shows are a
    subquery per word, so each show's names are read once, not once per season."""
    condition = Q()
    for term in words:
        shows = Show.objects.filter(name_matches(("title", "original_title"), term))
        condition &= Q(show__in=shows.values("pk")) | name_matches(("title",), term)
    return condition


def season_query(text: str) -> tuple[list[str], int | None, bool]:
    """What an editor means by a season search: the show's words, the season's
    number, and whether they said it is a season number.

    "Heartstopper season 3" and "heartstopper 3" → (["heartstopper"], 3, …);
    "season 3" and "s3" → ([], 3, True); "3" → ([], 3, False), since a lone number
    may also be part of a title ("9-1-1"); "Heartstopper" → (["heartstopper"], None).
    """
    terms = name_terms(text)
    number, said_season = None, False
    for index in range(len(terms) - 1, -1, -1):
        match = _SEASON_NUMBER.match(terms[index])
        if match:
            number = int(match.group(1))
            said_season = not terms[index].isdigit() or (
                index > 0 and terms[index - 1] in SEASON_WORDS
            )
            del terms[index]
            break
    if number is None and len(terms) == 1:
        return terms, None, False  # a show may be called "Season"
    return [t for t in terms if t not in SEASON_WORDS], number, said_season


class SeasonQuerySet(PreciseDateQuerySetMixin, models.QuerySet):
    def matching(self, text: str) -> "SeasonQuerySet":
        """Seasons an editor means by ``text``: "heartstopper 3", "Heartstopper
        season 3", "season 3", "3", or the show's name alone; case and accents
        ignored. Seasons with the number asked for come first."""
        words, number, said_season = season_query(text)
        if number is None:
            if not words:
                return self.none()
            return self.filter(_season_words(words)).order_by(
                "show__title", "show_id", "number"
            )
        condition = Q(number=number) & _season_words(words)
        if not said_season:  # the number may be part of the show's title
            condition |= _season_words([*words, str(number)])
        exact = Case(When(number=number, then=Value(0)), default=Value(1))
        return (
            self.filter(condition)
            .annotate(number_matches=exact)
            .order_by("number_matches", "show__title", "show_id", "number")
        )

    def for_page(self, country: str | None = None):
        """Everything the season page touches, in a fixed number of queries; each
        episode's date as a reader in ``country`` (default: the request's) sees it."""
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
                    queryset=Episode.objects.order_by("number")[
                        : querysets.PAGE_EPISODES
                    ],
                    to_attr="page_episodes",
                ),
                _reader_release_prefetch(country or reader_country()),
                _show_wide_cast("show__credits"),
                Prefetch("show__seasons", queryset=Season.objects.order_by("number")),
                Prefetch(
                    "credits",
                    queryset=Credit.objects.for_cast_list()[: querysets.PAGE_CREDITS],
                    to_attr="season_credits",
                ),
                Prefetch(
                    "adaptations",
                    queryset=SeasonAdaptation.objects.select_related("volume__work"),
                ),
                Prefetch(
                    "videos",
                    queryset=Video.objects.for_cards()[: querysets.PAGE_VIDEOS],
                    to_attr="page_videos",
                ),
                Prefetch("ratings", queryset=_ratings()),
                "show__platforms",
                *_release_prefetches(self.model),
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


def _reader_release_prefetch(code: str) -> Prefetch:
    """Each listed episode's first release for a reader in ``code``
    (``reader_releases``, one row at most): one query for the whole list."""
    releases = _related(Episode, "releases").objects.for_display().for_reader(code)
    return Prefetch(
        "page_episodes__releases", queryset=releases[:1], to_attr="reader_releases"
    )


class Season(FactHistoryMixin, PageVersioned):
    class ReleaseStatus(models.TextChoices):
        RUMOURED = "rumoured", "rumoured"
        RENEWED = "renewed", "renewed"
        IN_DEVELOPMENT = "in_development", "in development"
        FILMING = "filming", "filming"
        POST_PRODUCTION = "post_production", "post-production"
        DATE_ANNOUNCED = "date_announced", "date announced"
        AIRING = "airing", "airing"
        CONCLUDED = "concluded", "concluded"
        DELAYED = "delayed", "delayed"
        CANCELLED = "cancelled", "cancelled"

    class ReleaseModel(models.TextChoices):
        UNKNOWN = "", "not known"
        ALL_AT_ONCE = "all_at_once", "all episodes at once"
        WEEKLY = "weekly", "weekly"
        SPLIT = "split", "in parts"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField(help_text="0 for specials.")
    title = models.CharField(max_length=200, blank=True)
    release_status = models.CharField(
        max_length=16, choices=ReleaseStatus.choices, default=ReleaseStatus.RUMOURED
    )
    premiere = PreciseDateField("premiere")
    finale = PreciseDateField("finale")
    planned_episode_count = models.PositiveSmallIntegerField(
        "planned episodes", null=True, blank=True
    )
    release_model = models.CharField(
        max_length=12, choices=ReleaseModel.choices, blank=True
    )
    synopsis = models.TextField(blank=True)
    adapted_volumes = models.ManyToManyField(
        SourceVolume,
        through="SeasonAdaptation",
        blank=True,
        related_name="adapting_seasons",
    )
    source = _source_fk()

    tracked_facts = (
        "release_status",
        "premiere",
        "finale",
        "planned_episode_count",
        "release_model",
    )

    objects = SeasonQuerySet.as_manager()

    class Meta:
        ordering = ["show", "number"]
        indexes = [
            # /upcoming/ and "Coming soon": still to come, in calendar order.
            models.Index(
                CalendarKey("premiere_date", "premiere_precision"),
                F("premiere_precision").desc(),
                name="catalog_season_calendar",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "number"],
                name="catalog_season_unique_number",
                violation_error_message="This show already has a season with this "
                "number: pick another number or edit that season.",
            )
        ]

    def __str__(self):
        if self.number == 0:
            label = "Specials"
        else:
            label = f"Season {self.number}"
        return f"{self.show} {label}" if self.show_id else label

    def get_absolute_url(self):
        return reverse(
            "catalog:season_detail",
            kwargs={"slug": self.show.slug, "number": self.number},
        )

    def _page_credits(self):
        if hasattr(self.show, "show_credits"):  # prefetched by SeasonQuerySet.for_page
            show_wide = self.show.show_credits
        else:
            show_wide = list(self.show.credits.show_wide())
        own = getattr(self, "season_credits", None)
        if own is None:
            own = list(self.credits.for_cast_list())
        return [*show_wide, *own]

    def credits_not_listed(self) -> int:
        """Show-wide and season credits past the page's caps: only on a season
        loaded by ``for_page``, whose counts and prefetched lists go together."""
        total = getattr(self, "season_credit_total", None)
        if total is None:
            return 0
        total += getattr(self, "show_credit_total", 0)
        return max(total - len(self._page_credits()), 0)

    def episodes_not_listed(self) -> int:
        return not_listed(self, "episode_total", "page_episodes")

    def videos_not_listed(self) -> int:
        return not_listed(self, "video_total", "page_videos")

    def cast(self):
        """The show-wide cast plus this season's own credits, billing order first."""
        credits = [c for c in self._page_credits() if c.kind != Credit.Kind.CREW]
        return sorted(credits, key=lambda c: (c.billing_order, c.person.name))

    def crew(self):
        """Show-wide and this season's crew, grouped by person."""
        return _crew([c for c in self._page_credits() if c.kind == Credit.Kind.CREW])

    def page_fact_history(self, limit: int = 20):
        """Recent changes to the season and its episodes: one query."""
        episodes = getattr(self, "page_episodes", None)  # SeasonQuerySet.for_page
        if episodes is None:
            episodes = self.episodes.all()
        objects = [self, *episodes, *self.ratings.all()]
        return FactChange.objects.for_objects(objects).for_display()[:limit]

    def watch_options_listed(self) -> list:
        """This season's offers and its show's (``SeasonQuerySet.for_page``)."""
        return [*self.page_watch, *self.show.page_watch]

    @property
    def label(self) -> str:
        return self.title or (
            "Specials" if self.number == 0 else f"Season {self.number}"
        )

    def clean(self):
        errors = {}
        if self.finale.is_before(self.premiere):
            errors["finale_date"] = (
                "The finale is before the premiere: check both dates and their "
                "precisions."
            )
        if self.show_id and self.number is not None:
            taken = Season.objects.filter(show_id=self.show_id, number=self.number)
            if taken.exclude(pk=self.pk).exists():
                errors["number"] = (
                    f"{self.show} already has a season {self.number}: pick another "
                    "number or edit that season."
                )
        if errors:
            raise ValidationError(errors)


def _crew(credits):
    return sorted(credits, key=lambda c: (c.person.name, c.person_id, c.billing_order))


class SeasonAdaptation(FactHistoryMixin, models.Model):
    """Which source volume a season adapts, and whether that is confirmed."""

    class Certainty(models.TextChoices):
        CONFIRMED = "confirmed", "confirmed"
        SPECULATED = "speculated", "speculated"

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="adaptations"
    )
    volume = models.ForeignKey(
        SourceVolume, on_delete=models.CASCADE, related_name="adaptations"
    )
    certainty = models.CharField(
        max_length=10, choices=Certainty.choices, default=Certainty.SPECULATED
    )
    note = models.CharField(max_length=200, blank=True)

    tracked_facts = ("certainty",)
    record_rows = True

    class Meta:
        ordering = ["volume__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "volume"],
                name="catalog_adaptation_unique",
                violation_error_message="This volume is already listed for the season.",
            )
        ]

    def __str__(self):
        return f"{self.season} adapts {self.volume} ({self.get_certainty_display()})"


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


class Episode(FactHistoryMixin, models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="episodes"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, blank=True)
    air = PreciseDateField("air")
    runtime = models.PositiveSmallIntegerField(
        "runtime (minutes)", null=True, blank=True
    )
    synopsis = models.TextField(blank=True)

    tracked_facts = ("air", "title")
    record_rows = True

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["season", "number"]
        indexes = [
            models.Index(
                CalendarKey("air_date", "air_precision"),
                F("air_precision").desc(),
                name="catalog_episode_calendar",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"],
                name="catalog_episode_unique_number",
                violation_error_message="This season already has an episode with this "
                "number.",
            )
        ]

    def __str__(self):
        return f"{self.season} Episode {self.number}" + (
            f": {self.title}" if self.title else ""
        )

    def get_absolute_url(self):
        return self.season.get_absolute_url() + f"#episode-{self.number}"

    @property
    def display_title(self) -> str:
        """The title; without one, "Episode 3" once it has aired (a title we did
        not record), "Title not announced" before."""
        if self.title:
            return self.title
        if self.air.is_known and not self.air.is_upcoming(timezone.localdate()):
            return f"Episode {self.number}"
        return "Title not announced"

    def release_for_reader(self):
        """The release whose date the season page shows for this episode (the
        reader's country, else worldwide; ``SeasonQuerySet.for_page`` fetches it),
        or None, when the episode's own air date stands."""
        releases = getattr(self, "reader_releases", None)
        return releases[0] if releases else None

    def clean(self):
        if self.season_id and self.number is not None:
            taken = Episode.objects.filter(season_id=self.season_id, number=self.number)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {
                        "number": f"{self.season} already has an episode "
                        f"{self.number}: pick another number."
                    }
                )


class Character(models.Model):
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["show", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "slug"],
                name="catalog_character_unique_slug",
                violation_error_message="This show already has a character with this "
                "slug.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.show})" if self.show_id else self.name

    def get_absolute_url(self):
        """Characters have no page of their own: the show's cast lists them."""
        return self.show.get_absolute_url() + "#cast-title"


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


class Credit(FactHistoryMixin, models.Model):
    """A person's part in a show (or one season of it): a role or a crew job."""

    class Kind(models.TextChoices):
        MAIN = "main", "main cast"
        RECURRING = "recurring", "recurring"
        GUEST = "guest", "guest"
        VOICE = "voice", "voice"
        CREW = "crew", "crew"

    class Job(models.TextChoices):
        NONE = "", "—"
        CREATOR = "creator", "creator"
        SHOWRUNNER = "showrunner", "showrunner"
        WRITER = "writer", "writer"
        DIRECTOR = "director", "director"
        PRODUCER = "producer", "producer"
        EXECUTIVE_PRODUCER = "executive_producer", "executive producer"
        COMPOSER = "composer", "composer"
        CINEMATOGRAPHER = "cinematographer", "cinematographer"
        EDITOR = "editor", "editor"
        CASTING = "casting", "casting director"

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "confirmed"
        RUMOURED = "rumoured", "rumoured"
        DEPARTED = "departed", "departed"
        RECAST = "recast", "recast"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="credits")
    season = models.ForeignKey(
        Season,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="credits",
        help_text="Only when the credit is for one season; empty for the whole show.",
    )
    character = models.ForeignKey(
        Character,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credits",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MAIN)
    job = models.CharField(
        "crew job",
        max_length=20,
        choices=Job.choices,
        blank=True,
        help_text="Crew credits only.",
    )
    billing_order = models.PositiveSmallIntegerField(
        default=100, help_text="Lower comes first."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    source = _source_fk()

    tracked_facts = ("status", "kind")
    record_rows = True

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["billing_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="crew") & ~Q(job="")) | (~Q(kind="crew") & Q(job="")),
                name="catalog_credit_job_iff_crew",
                violation_error_message="Crew credits need a crew job; cast credits "
                "have none.",
            )
        ]

    def __str__(self):
        role = self.character.name if self.character_id else self.get_job_display()
        return f"{self.person} – {role}"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.CREW and not self.job:
            errors["job"] = "Choose the crew job (creator, writer, director…)."
        if self.kind != self.Kind.CREW and self.job:
            errors["job"] = "Only crew credits have a crew job: clear it or pick crew."
        if self.kind == self.Kind.CREW and self.character_id:
            errors["character"] = "Crew credits play no character."
        if self.show_id and self.season_id and self.season.show_id != self.show_id:
            errors["season"] = "This season belongs to another show."
        if (
            self.show_id
            and self.character_id
            and self.character.show_id != self.show_id
        ):
            errors["character"] = "This character belongs to another show."
        if errors:
            raise ValidationError(errors)


class VideoQuerySet(models.QuerySet):
    def for_cards(self):
        """What a video card touches: its season and its poster's renditions."""
        return self.select_related("season", "poster").prefetch_related(
            renditions_prefetch("poster")
        )


class Video(FactHistoryMixin, models.Model):
    """A trailer, teaser or clip on YouTube, for a show or one of its seasons."""

    class Kind(models.TextChoices):
        TRAILER = "trailer", "trailer"
        TEASER = "teaser", "teaser"
        CLIP = "clip", "clip"
        FEATURETTE = "featurette", "featurette"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="videos")
    season = models.ForeignKey(
        Season,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="videos",
        help_text="Empty when the video is about the whole show.",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TRAILER)
    title = models.CharField(max_length=200)
    youtube_id = YouTubeIdField(
        "YouTube video",
        unique=True,
        help_text="Paste the YouTube address or the 11-character id.",
    )
    published_on = models.DateField(null=True, blank=True)
    is_official = models.BooleanField("official", default=True)
    poster = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A still or key art for the link card, from the image library "
        "(nothing is fetched from YouTube).",
    )

    tracked_facts = ("title", "kind", "published_on", "is_official")
    record_rows = True

    objects = VideoQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.show_id and self.season_id and self.season.show_id != self.show_id:
            raise ValidationError({"season": "This season belongs to another show."})

    @property
    def watch_url(self) -> str:
        return f"https://www.youtube.com/watch?v={self.youtube_id}"


class ExternalRating(FactHistoryMixin, models.Model):
    """The current rating on a site such as IMDb; past values are in fact history."""

    class Provider(models.TextChoices):
        IMDB = "imdb", "IMDb"
        TMDB = "tmdb", "TMDB"
        ROTTEN_TOMATOES = "rotten_tomatoes", "Rotten Tomatoes"
        METACRITIC = "metacritic", "Metacritic"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="ratings")
    season = models.ForeignKey(
        Season,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ratings",
        help_text="Empty for the show's overall rating.",
    )
    provider = models.CharField("rated on", max_length=16, choices=Provider.choices)
    value = models.DecimalField("score", max_digits=5, decimal_places=2)
    scale = models.DecimalField(max_digits=5, decimal_places=2, default=10)
    vote_count = models.PositiveIntegerField(null=True, blank=True)
    as_of = models.DateField("as of")
    source = _source_fk()

    tracked_facts = ("value", "vote_count")
    record_rows = True

    class Meta:
        ordering = ["provider"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0)
                & Q(value__lte=models.F("scale"))
                & Q(scale__gt=0),
                name="catalog_rating_in_scale",
                violation_error_message="The rating must be between 0 and its scale.",
            ),
            models.UniqueConstraint(
                fields=["show", "provider"],
                condition=Q(season__isnull=True),
                name="catalog_rating_unique_show",
                violation_error_message="This show already has a rating from this "
                "site: update it instead.",
            ),
            models.UniqueConstraint(
                fields=["season", "provider"],
                condition=Q(season__isnull=False),
                name="catalog_rating_unique_season",
                violation_error_message="This season already has a rating from this "
                "site: update it instead.",
            ),
        ]

    def __str__(self):
        target = self.season if self.season_id else self.show
        return f"{target} on {self.get_provider_display()}"

    @property
    def display_value(self) -> str:
        """ "8.8/10": without the trailing zeros the database keeps."""
        value, scale = (format(d.normalize(), "f") for d in (self.value, self.scale))
        return f"{value}/{scale}"

    def clean(self):
        if self.show_id and self.season_id and self.season.show_id != self.show_id:
            raise ValidationError({"season": "This season belongs to another show."})
        if self.value is not None and self.scale and self.value > self.scale:
            raise ValidationError(
                {"value": f"The rating cannot be above its scale ({self.scale})."}
            )
