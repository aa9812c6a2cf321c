"""Reader comments, the reports readers file on them, the moderation log, and the
editable lists (held words, banned e-mails, banned networks) that moderate them."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone


class CommentQuerySet(models.QuerySet):
    """Which comments readers see and moderators must look at, defined once."""

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


class Comment(models.Model):
    """A reader's comment on an article; public only once approved.

    Writes go through ``comments.services``, which keeps the moderation log.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    NAME_MAX_LENGTH = 80
    BODY_MIN_LENGTH = 2

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # A forgotten commenter's comment goes; other readers' replies to it stay.
        on_delete=models.SET_NULL,
        related_name="replies",
        help_text="The approved top-level comment this one replies to.",
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    email = models.EmailField(
        blank=True,
        db_index=True,
        help_text="Never shown publicly. Stored lower-case; empty once anonymised.",
    )
    body = models.TextField()
    contains_spoilers = models.BooleanField(
        default=False,
        help_text="The reader says it gives away a plot: shown folded behind “Show "
        "spoiler” until a reader opens it.",
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING
    )
    hidden_by_reports = models.BooleanField(
        default=False,
        help_text="Hidden because readers reported it; a moderator's decision clears "
        "this.",
    )
    hold_reason = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why a rule held the comment or sent it to spam.",
    )
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # One row per (article, e-mail, normalised text): a double submit, or the same
    # post arriving twice at once, stores one comment (see services.comment_submit).
    dedupe_key = models.CharField(max_length=64, unique=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [
            ("moderate_comment", "Can approve, reject and mark comments as spam")
        ]
        indexes = [
            models.Index(
                fields=["article", "state", "created_at"],
                name="comments_article_state_idx",
            ),
            models.Index(fields=["state", "created_at"], name="comments_queue_idx"),
        ]

    def __str__(self):
        return f"{self.name} on {self.article_id}: {self.excerpt}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        fields = instance.__dict__
        if "state" in fields and "hidden_by_reports" in fields:
            instance._loaded_public = instance.is_public
        else:  # a deferred load cannot tell; assume it was on a page
            instance._loaded_public = True
        return instance

    _loaded_public = False

    @property
    def is_public(self) -> bool:
        return self.state == self.State.APPROVED and not self.hidden_by_reports

    @property
    def excerpt(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def page_cache_should_invalidate(self, *, event: str) -> bool:
        """Only a comment that is, or was, on a public page changes cached pages, on
        any event: a pending comment arriving or being rejected does not."""
        return self.is_public or self._loaded_public


class CommentReport(models.Model):
    """A reader's report on an approved comment; enough open ones hide it."""

    page_cache_exempt = True

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive or hateful"
        SPOILER = "spoiler", "Spoiler"
        OFF_TOPIC = "off_topic", "Off topic"

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    ip_address = models.GenericIPAddressField("IP address")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when a moderator decides on the comment."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "ip_address"], name="comments_one_report_per_ip"
            )
        ]
        indexes = [
            models.Index(fields=["comment", "resolved_at"], name="comments_open_idx")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} report on comment {self.comment_id}"


class ModerationLogEntry(models.Model):
    """Who did what to which comment, from which state to which; kept after the
    comment is deleted. ``actor`` is empty when a rule or readers' reports acted."""

    page_cache_exempt = True

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        MARKED_SPAM = "spam", "Marked as spam"
        HIDDEN = "hidden", "Hidden by reports"
        ANONYMISED = "anonymised", "Anonymised"
        DELETED = "deleted", "Deleted"

    comment = models.ForeignKey(
        Comment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="log_entries",
    )
    comment_ref = models.PositiveBigIntegerField(
        "comment ID", db_index=True, help_text="Kept when the comment is deleted."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    from_state = models.CharField(
        max_length=10, blank=True, choices=Comment.State.choices
    )
    to_state = models.CharField(
        max_length=10, blank=True, choices=Comment.State.choices
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"

    def __str__(self):
        who = self.actor or "system"
        return f"{self.get_action_display()} comment {self.comment_ref} by {who}"


class HeldWord(models.Model):
    """A word or phrase that holds a comment for a moderator, whoever wrote it."""

    page_cache_exempt = True

    word = models.CharField(
        max_length=100,
        unique=True,
        help_text="Matched as a whole word or phrase, ignoring case.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = " ".join(self.word.split()).casefold()
        super().save(*args, **kwargs)


class BanListEntry(models.Model):
    """An entry of a list moderators keep: a comment that matches goes straight to
    spam. Each list names the field holding its value and writes a value the one way
    it is stored and matched."""

    page_cache_exempt = True
    value_field: str
    invalid_message: str

    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return getattr(self, self.value_field)

    def save(self, *args, **kwargs):
        setattr(self, self.value_field, self.normalise(getattr(self, self.value_field)))
        super().save(*args, **kwargs)

    def clean(self):
        try:
            value = self.normalise(getattr(self, self.value_field))
            self.validate(value)
        except ValueError:
            raise ValidationError({self.value_field: self.invalid_message}) from None
        setattr(self, self.value_field, value)

    @staticmethod
    def normalise(value: str) -> str:
        """``value`` as it is stored and matched; ValueError if it cannot be."""
        raise NotImplementedError

    @staticmethod
    def validate(value: str) -> None:
        """ValueError if the normalised ``value`` is not an entry of this list."""


class BannedEmail(BanListEntry):
    """Comments from these addresses (or whole domains) go straight to spam."""

    value_field = "pattern"
    invalid_message = "Enter an address (name@example.com) or @example.com."

    pattern = models.CharField(
        max_length=254,
        unique=True,
        help_text="A full address (troll@example.com) or a whole domain "
        "(@example.com).",
    )

    class Meta:
        ordering = ["pattern"]
        verbose_name = "banned e-mail address"
        verbose_name_plural = "banned e-mail addresses"

    @staticmethod
    def normalise(value: str) -> str:
        return value.strip().lower()

    @staticmethod
    def validate(value: str) -> None:
        local, at, domain = value.rpartition("@")
        if not at or not domain or "." not in domain or " " in value:
            raise ValueError(value)


class BannedNetwork(BanListEntry):
    """Comments from these IP ranges go straight to spam."""

    value_field = "network"
    invalid_message = "Enter an IP address or a range such as 203.0.113.0/24."

    network = models.CharField(
        max_length=49,
        unique=True,
        help_text="An address or a CIDR range: 203.0.113.7, 203.0.113.0/24, "
        "2001:db8::/32.",
    )

    class Meta:
        ordering = ["network"]
        verbose_name = "banned IP range"

    @staticmethod
    def normalise(value: str) -> str:
        return str(ipaddress.ip_network(value.strip(), strict=False))
