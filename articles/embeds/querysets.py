"""Read rules for the reference index and fact snapshots, each defined once."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q

RELEASED_STATUSES = ("airing", "concluded")


def changes_after_snapshot():
    """``FactChange`` rows to the outer snapshot's fact made after it was taken."""
    from catalog.models import FactChange

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
        from catalog.models import Season

        from .models import ArticleReference

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
