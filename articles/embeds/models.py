"""What an article depends on, and what it showed when an editor last vouched for it.

Imported by ``articles.models`` so Django registers these with the articles app.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .querysets import ArticleReferenceQuerySet, FactSnapshotQuerySet


class ArticleReference(models.Model):
    """One catalog object an article depends on: embedded in its body or a subject.

    Rebuilt in the article's save transaction (and when its subjects change), so
    "which articles use this season?" is one indexed query.
    """

    class Via(models.TextChoices):
        EMBED = "embed", "embedded"
        SUBJECT = "subject", "subject"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="catalog_references"
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    object = GenericForeignKey("content_type", "object_id")
    via = models.CharField(max_length=8, choices=Via.choices)

    objects = ArticleReferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "content_type", "object_id", "via"],
                name="articles_reference_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="articles_reference_object"
            )
        ]

    def __str__(self):
        return f"{self.article_id} → {self.content_type_id}:{self.object_id}"


class FactSnapshot(models.Model):
    """The value of one fact a published piece shows, as of ``taken_at``.

    A catalog ``FactChange`` to the same (object, field) after ``taken_at`` makes the
    piece stale until an editor marks it reviewed, which takes a new snapshot.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="fact_snapshots"
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
                name="articles_snapshot_unique_fact",
            )
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "field"],
                name="articles_snapshot_fact",
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
        "articles.Article", on_delete=models.CASCADE, related_name="fact_reviews"
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
