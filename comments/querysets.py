"""Which comments readers see and moderators must look at, defined once."""

from django.db import models
from django.db.models.functions import Coalesce


class CommentQuerySet(models.QuerySet):
    def public(self) -> "CommentQuerySet":
        """Approved and not hidden by readers' reports."""
        return self.filter(state=self.model.State.APPROVED, hidden_by_reports=False)

    def on_article_page(self, article) -> "CommentQuerySet":
        """The article's public comments in reading order, replies under their thread.

        Flat, so any slice of it is one query: threads newest first, each thread's
        replies oldest first. A reply whose parent is no longer public is left out.
        """
        State = self.model.State
        return (
            self.public()
            .filter(article=article)
            .filter(
                models.Q(parent__isnull=True)
                | models.Q(
                    parent__state=State.APPROVED, parent__hidden_by_reports=False
                )
            )
            .select_related("parent")
            .annotate(
                thread_ref=Coalesce("parent_id", "id"),
                thread_started=Coalesce("parent__created_at", "created_at"),
            )
            .order_by(
                models.F("thread_started").desc(),
                models.F("thread_ref").desc(),
                models.F("parent_id").asc(nulls_first=True),
                "created_at",
                "pk",
            )
        )

    def reported(self) -> "CommentQuerySet":
        """Comments with reports no moderator has decided on yet."""
        from .models import CommentReport

        open_reports = CommentReport.objects.filter(
            comment=models.OuterRef("pk"), resolved_at__isnull=True
        )
        return self.filter(
            models.Q(hidden_by_reports=True) | models.Exists(open_reports)
        )

    def needing_attention(self) -> "CommentQuerySet":
        """The moderation queue proper: pending or reported."""
        return self.filter(state=self.model.State.PENDING) | self.reported()

    def for_queue(self) -> "CommentQuerySet":
        """What a moderation queue row touches, queue order first: pending and
        reported oldest first, then everything else newest first."""
        from .models import CommentReport

        State = self.model.State
        open_reports = CommentReport.objects.filter(
            comment=models.OuterRef("pk"), resolved_at__isnull=True
        )
        attention = models.Q(state=State.PENDING) | models.Q(hidden_by_reports=True)
        return (
            self.select_related("article", "parent")
            .prefetch_related(
                models.Prefetch(
                    "reports",
                    queryset=CommentReport.objects.filter(resolved_at__isnull=True),
                    to_attr="open_reports",
                )
            )
            .annotate(
                has_open_reports=models.Exists(open_reports),
                queue_rank=models.Case(
                    models.When(attention, then=0),
                    models.When(has_open_reports=True, then=0),
                    default=1,
                    output_field=models.IntegerField(),
                ),
                queue_since=models.Case(
                    models.When(queue_rank=0, then="created_at"), default=None
                ),
            )
        )

    def by_email(self, email: str) -> "CommentQuerySet":
        return self.filter(email=email.strip().lower())
