"""What happened to staff sign-ins, and which sessions each person holds."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignInEventQuerySet(models.QuerySet):
    def address_seen(self, *, user, address: str | None) -> bool:
        """Whether ``user`` has signed in from ``address`` before."""
        return self.filter(
            user=user, kind=SignInEvent.Kind.SIGNED_IN, address=address
        ).exists()

    def for_list(self) -> "SignInEventQuerySet":
        """Everything the admin list shows, in one query."""
        return self.select_related("user")


class SignInEvent(models.Model):
    """One line of the sign-in log. Written by the code, never edited."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        FAILED = "failed", "Wrong password"
        LOCKED_OUT = "locked_out", "Refused: too many attempts"
        CODE_FAILED = "code_failed", "Wrong two-step code"
        ENROLLED = "enrolled", "Two-step sign-in turned on"
        RESET = "reset", "Two-step sign-in removed"
        BACKUP_CODES = "backup_codes", "New backup codes"
        SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", "Signed out everywhere"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_in_events",
        help_text="Empty when the username tried matches no account.",
    )
    username = models.CharField(
        max_length=150, blank=True, help_text="The username as it was typed."
    )
    address = models.GenericIPAddressField(null=True, blank=True)

    objects = SignInEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["user", "kind", "address"]),
            models.Index(fields=["kind", "-at"]),
        ]

    def __str__(self):
        who = self.username or "-"
        return f"{self.get_kind_display()}: {who} at {self.at:%Y-%m-%d %H:%M}"


class StaffSession(models.Model):
    """A session a staff member signed in with, so "sign out everywhere" can end it
    whatever the session engine (database, cache or both)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user_id}: {self.created:%Y-%m-%d %H:%M}"
