"""People: actors, writers, directors, authors of source works."""

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse

from catalog import querysets
from catalog.models.facts import FactChange
from catalog.querysets import count_of, not_listed
from catalog.validators import imdb_person_id, tmdb_id, wikidata_id
from core.models import PageVersioned
from images.querysets import renditions_prefetch


class PersonQuerySet(models.QuerySet):
    def for_page(self):
        """A person with every credit and the show it belongs to."""
        # Credit is defined in shows.py, which imports this module.
        credits = self.model._meta.get_field("credits").related_model.objects
        return (
            self.select_related("photo")
            .annotate(credit_total=count_of(credits, matching="person"))
            .prefetch_related(
                renditions_prefetch("photo"),
                Prefetch(
                    "credits",
                    queryset=credits.select_related(
                        "show", "season", "character"
                    ).order_by(
                        "show__title", "show_id", "season__number", "billing_order"
                    )[: querysets.PERSON_CREDITS],
                    to_attr="page_credits",
                ),
                "works",
            )
        )


class Person(PageVersioned):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField("short bio", blank=True)
    photo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imdb_id = models.CharField(
        "IMDb id", max_length=12, blank=True, validators=[imdb_person_id]
    )
    tmdb_id = models.CharField(
        "TMDB id", max_length=10, blank=True, validators=[tmdb_id]
    )
    wikidata_id = models.CharField(
        "Wikidata id", max_length=14, blank=True, validators=[wikidata_id]
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["imdb_id"],
                condition=~Q(imdb_id=""),
                name="catalog_person_unique_imdb_id",
                violation_error_message="Another person already has this IMDb id.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:person_detail", kwargs={"slug": self.slug})

    def credits_not_listed(self) -> int:
        return not_listed(self, "credit_total", "page_credits")

    def page_fact_history(self, limit: int = 20):
        """Recent changes to this person's credits (uses the prefetched credits)."""
        credits = getattr(self, "page_credits", None)  # PersonQuerySet.for_page
        if credits is None:
            credits = self.credits.all()
        return FactChange.objects.for_objects(credits).for_display()[:limit]
