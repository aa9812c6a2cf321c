"""Staff collaboration on a piece: editorial notes, notifications, e-mail choices.

Nothing here is ever public: no model has a public URL, and no feed, search or
page of the site reads these tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

NOTE_MAX_LENGTH = 4000
NOTE_THREADS_SHOWN = 50


class NoteQuerySet(models.QuerySet):
    def threads(self, article) -> NoteQuerySet:
        """The piece's threads, open ones first, newest first, each with its
        replies, authors and mentions in a fixed number of queries."""
        replies = (
            Note.objects.select_related("author")
            .prefetch_related("mentions")
            .order_by("created_at", "pk")
        )
        return (
            self.filter(article=article, parent__isnull=True)
            .select_related("author", "resolved_by")
            .prefetch_related("mentions", Prefetch("replies", queryset=replies))
            .order_by(models.F("resolved_at").desc(nulls_first=True), "-created_at")
        )


class Note(models.Model):
    """An editorial note on a piece: a thread's first note, or a reply to one.

    Deleted with the piece. Replies always hang from the thread's first note, and a
    thread is resolved (folded away) as a whole.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="editorial_notes"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(max_length=NOTE_MAX_LENGTH, help_text="Plain text.")
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "parent", "created_at"])]

    def __str__(self):
        return f"Note by {self.author} on {self.article_id}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def thread(self) -> Note:
        return self.parent or self


class Kind(models.TextChoices):
    """What a notification is about; each user chooses which kinds reach them by
    e-mail (the inbox gets them all)."""

    SUBMITTED = "submitted", "A piece was submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes were requested on my piece"
    PUBLISHED = "published", "My piece was published"
    SCHEDULED = "scheduled", "My piece was scheduled"
    WENT_LIVE = "went_live", "My scheduled piece went live"
    MENTIONED = "mentioned", "I was mentioned in a note"
    FACT_CHANGED = "fact_changed", "A fact in my published piece changed"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_list(self) -> NotificationQuerySet:
        return self.select_related("actor", "article").order_by("-created_at", "-pk")

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """One thing one staff user should know about a piece: the inbox row."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="newsroom_notifications",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True, help_text="A path on this site.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient", "read_at"]),
        ]

    def __str__(self):
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """The kinds of notification a user also gets by e-mail. No row: all kinds."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="newsroom_email_preference",
    )
    kinds = models.JSONField(default=list, blank=True)

    def __str__(self):
        return f"E-mail preferences of {self.user}"


def email_kinds_for(user_ids) -> dict[int, set[str]]:
    """Each user's e-mailed kinds, in one query; users with no row get every kind."""
    chosen = dict(
        EmailPreference.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "kinds"
        )
    )
    every = set(Kind.values)
    return {pk: set(chosen[pk]) & every if pk in chosen else every for pk in user_ids}


class ScheduledGoLive(models.Model):
    """A piece scheduled for ``due_at``, until its authors have been told it went
    live. Nothing runs at publish time: ``announce_due_go_lives`` finds due rows
    lazily, and claiming a row (``announced_at``) is what makes it send once."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+"
    )
    due_at = models.DateTimeField(db_index=True)
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "due_at"], name="newsroom_golive_once_per_time"
            )
        ]

    def __str__(self):
        return f"{self.article_id} live at {self.due_at:%Y-%m-%d %H:%M}"
