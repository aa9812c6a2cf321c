"""What a document depends on, and what it showed when an editor last vouched for it.

The document is ``settings.LIVEFACTS_DOCUMENT_MODEL`` (the articles app's ``Article``),
named by a setting as ``AUTH_USER_MODEL`` is, so this app never imports the app that
uses it. Each QuerySet sits beside its model: the read rules need the models, and the
models need the rules, without an import inside a function.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from catalog.models import FactChange, Season

RELEASED_STATUSES = ("airing", "concluded")
REVIEW_PERMISSION = "livefacts.review_facts"


def document_model():
    """The model whose bodies embed live facts (``LIVEFACTS_DOCUMENT_MODEL``)."""
    return apps.get_model(settings.LIVEFACTS_DOCUMENT_MODEL)


def can_review(user) -> bool:
    """Whether ``user`` may mark pieces as reviewed against the catalog."""
    return user.is_active and user.has_perm(REVIEW_PERMISSION)


def changes_after_snapshot():
    """``FactChange`` rows to the outer snapshot's fact made after it was taken."""
    return FactChange.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        field=OuterRef("field"),
        changed_at__gt=OuterRef("taken_at"),
    )


class ArticleReferenceQuerySet(models.QuerySet):
    def to_object(self, obj) -> ArticleReferenceQuerySet:
        """References to one catalog object (an index lookup)."""
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=ct, object_id=obj.pk)


class ArticleReference(models.Model):
    """One catalog object an article depends on: embedded in its body or a subject.

    Rebuilt in the article's save transaction (and when its subjects change), so
    "which articles use this season?" is one indexed query.
    """

    class Via(models.TextChoices):
        EMBED = "embed", "embedded"
        SUBJECT = "subject", "subject"

    article = models.ForeignKey(
        settings.LIVEFACTS_DOCUMENT_MODEL,
        on_delete=models.CASCADE,
        related_name="catalog_references",
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    object = GenericForeignKey("content_type", "object_id")
    via = models.CharField(max_length=8, choices=Via.choices)

    # The index itself: the article's save bumps its pages.
    page_cache_exempt = True

    objects = ArticleReferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "content_type", "object_id", "via"],
                name="livefacts_reference_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="livefacts_reference_object"
            )
        ]

    def __str__(self):
        return f"{self.article_id} → {self.content_type_id}:{self.object_id}"


class FactSnapshotQuerySet(models.QuerySet):
    def for_object(self, obj) -> FactSnapshotQuerySet:
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=ct, object_id=obj.pk)

    def stale(self) -> FactSnapshotQuerySet:
        """Snapshots whose fact has changed since they were taken."""
        return self.filter(Exists(changes_after_snapshot()))

    def released_subject_seasons(self) -> FactSnapshotQuerySet:
        """Snapshots of a subject season's status that has since moved to airing or
        concluded: the piece's "when will it be out?" question is answered."""
        season_ct = ContentType.objects.get_for_model(Season)
        released = changes_after_snapshot().filter(
            Q(new_value=RELEASED_STATUSES[0]) | Q(new_value=RELEASED_STATUSES[1])
        )
        subject = ArticleReference.objects.filter(
            article=OuterRef("article"),
            via=ArticleReference.Via.SUBJECT,
            content_type=season_ct,
            object_id=OuterRef("object_id"),
        )
        return self.filter(content_type=season_ct, field="release_status").filter(
            Exists(released), Exists(subject)
        )


class FactSnapshot(models.Model):
    """The value of one fact a published piece shows, as of ``taken_at``.

    A catalog ``FactChange`` to the same (object, field) after ``taken_at`` makes the
    piece stale until an editor marks it reviewed, which takes a new snapshot.
    """

    # Written in bulk by the snapshot service, which bumps the article once.
    page_cache_exempt = True

    article = models.ForeignKey(
        settings.LIVEFACTS_DOCUMENT_MODEL,
        on_delete=models.CASCADE,
        related_name="fact_snapshots",
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60)
    object_repr = models.CharField(max_length=200)
    value = models.JSONField(null=True, blank=True)
    display = models.CharField(max_length=300, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)

    objects = FactSnapshotQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "content_type", "object_id", "field"],
                name="livefacts_snapshot_unique_fact",
            )
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "field"],
                name="livefacts_snapshot_fact",
            )
        ]

    def __str__(self):
        return f"{self.object_repr} {self.field} = {self.display}"


class FactReview(models.Model):
    """An editor vouched for a piece's facts (or published it): who and when."""

    class Reason(models.TextChoices):
        PUBLISHED = "published", "published"
        REVIEWED = "reviewed", "marked as reviewed"

    article = models.ForeignKey(
        settings.LIVEFACTS_DOCUMENT_MODEL,
        on_delete=models.CASCADE,
        related_name="fact_reviews",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=10, choices=Reason.choices)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        permissions = [
            ("review_facts", "Can mark articles as reviewed against the catalog")
        ]

    def __str__(self):
        return f"{self.article_id} {self.reason} {self.reviewed_at:%Y-%m-%d}"


class MinorChangeMarkQuerySet(models.QuerySet):
    def active(self) -> MinorChangeMarkQuerySet:
        """Marks not undone: readers see no box for the changes they cover."""
        return self.filter(undone_at__isnull=True)


class MinorChangeMark(models.Model):
    """An editor judged a piece's catalog changes up to ``through`` minor: readers
    see no "What's changed" box for them, and a later change shows it again.

    Kept when undone (who and when), so the log says who hid what from readers.
    """

    article = models.ForeignKey(
        settings.LIVEFACTS_DOCUMENT_MODEL,
        on_delete=models.CASCADE,
        related_name="minor_change_marks",
    )
    through = models.DateTimeField(
        help_text="The newest catalog change the mark covers."
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = MinorChangeMarkQuerySet.as_manager()

    class Meta:
        ordering = ["-marked_at", "-pk"]
        indexes = [
            models.Index(
                fields=["article", "undone_at", "through"],
                name="livefacts_minor_active",
            )
        ]

    def __str__(self):
        return f"{self.article_id} minor through {self.through:%Y-%m-%d %H:%M}"
