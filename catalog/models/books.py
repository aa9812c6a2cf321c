"""Source works (novels, graphic-novel series) and their volumes."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse

from catalog.models.facts import FactChange, FactHistoryMixin, Source
from catalog.models.fields import PreciseDateField
from catalog.models.people import Person
from catalog.validators import normalise_isbn, validate_isbn13
from core.models import PageVersioned


class SourceWorkQuerySet(models.QuerySet):
    def for_page(self):
        """A work with its authors, volumes and the seasons adapting each volume."""
        # SeasonAdaptation is defined in shows.py, which imports this module.
        adaptations = SourceVolume._meta.get_field("adaptations").related_model
        return self.prefetch_related(
            "authors",
            "shows",
            Prefetch(
                "volumes",
                queryset=SourceVolume.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "adaptations",
                        queryset=adaptations.objects.select_related(
                            "season__show"
                        ).order_by("season__show__title", "season__number"),
                    )
                ),
            ),
        )


@dataclass(frozen=True)
class VolumeColumns:
    """Which optional columns of a volumes table to print: a column with no value
    in any row is left out rather than filled with dashes."""

    title: bool
    isbn13: bool

    @classmethod
    def of(cls, volumes: Iterable["SourceVolume"]) -> "VolumeColumns":
        """Read from volumes already fetched, so it costs no query."""
        volumes = list(volumes)
        return cls(
            title=any(volume.title for volume in volumes),
            isbn13=any(volume.isbn13 for volume in volumes),
        )


class SourceWork(PageVersioned):
    """A novel or a series of books a show is based on."""

    class Kind(models.TextChoices):
        NOVEL = "novel", "novel"
        NOVEL_SERIES = "novel_series", "novel series"
        GRAPHIC_NOVEL_SERIES = "graphic_novel_series", "graphic-novel series"
        COMIC = "comic", "comic series"
        NONFICTION = "nonfiction", "non-fiction book"
        OTHER = "other", "other"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.NOVEL)
    authors = models.ManyToManyField(Person, blank=True, related_name="works")
    publisher = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)

    objects = SourceWorkQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:work_detail", kwargs={"slug": self.slug})

    def page_fact_history(self, limit: int = 20):
        """Recent changes to this work's volumes (uses the prefetched volumes)."""
        return FactChange.objects.for_objects(self.volumes.all()).for_display()[:limit]


class SourceVolume(FactHistoryMixin, models.Model):
    class Status(models.TextChoices):
        ANNOUNCED = "announced", "announced"
        PUBLISHED = "published", "published"

    work = models.ForeignKey(
        SourceWork, on_delete=models.CASCADE, related_name="volumes"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, blank=True)
    publication = PreciseDateField("publication")
    isbn13 = models.CharField(
        "ISBN-13",
        max_length=17,
        blank=True,
        validators=[validate_isbn13],
        help_text="13 digits, hyphens allowed; the check digit is verified.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the publication facts come from.",
    )

    tracked_facts = ("status", "publication", "title")
    record_rows = True

    class Meta:
        ordering = ["work", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "number"],
                name="catalog_volume_unique_number",
                violation_error_message="This work already has a volume with this "
                "number.",
            )
        ]

    def __str__(self):
        if self.title:
            return self.title
        return (
            f"{self.work} vol. {self.number}" if self.work_id else f"Vol. {self.number}"
        )

    def get_absolute_url(self):
        return self.work.get_absolute_url()

    def clean(self):
        self.isbn13 = normalise_isbn(self.isbn13)
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.publication.is_known:
            errors["publication_date"] = (
                "A published volume needs its publication date."
            )
        if self.work_id and self.number is not None:
            taken = SourceVolume.objects.filter(
                work_id=self.work_id, number=self.number
            )
            if taken.exclude(pk=self.pk).exists():
                errors["number"] = (
                    f"{self.work} already has a volume {self.number}: pick another "
                    "number."
                )
        if errors:
            raise ValidationError(errors)
