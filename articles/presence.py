"""Who else has a piece's change form open: heartbeats in the database, so every app
server sees the same newsroom. Presence only informs; it never blocks a save."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format

from .models import Article, ArticlePresence

MAX_SHOWN = 5  # a banner names at most this many people


def presence_beat(*, article: Article, user, at: datetime | None = None) -> None:
    """Record that ``user`` has the form open: two writes whatever the table holds.

    Rows silent for a minute are purged first, so someone coming back starts a new
    "editing since" and the table stays as small as the newsroom."""
    now = at or timezone.now()
    ArticlePresence.objects.gone(at=now).delete()
    ArticlePresence.objects.bulk_create(
        [ArticlePresence(article=article, user=user, first_seen=now, last_seen=now)],
        update_conflicts=True,
        unique_fields=["article", "user"],
        update_fields=["last_seen"],
    )


def presence_leave(*, article: Article, user) -> None:
    ArticlePresence.objects.filter(article=article, user=user).delete()


def others_present(*, article: Article, user, at: datetime | None = None) -> list[str]:
    """ "Eddie Editor is editing since 14:02" for everyone else with the form open."""
    rows = (
        ArticlePresence.objects.active(at=at)
        .filter(article=article)
        .exclude(user=user)
        .select_related("user")
        .order_by("first_seen", "pk")[:MAX_SHOWN]
    )
    return [presence_label(row, at=at) for row in rows]


def presence_label(row: ArticlePresence, *, at: datetime | None = None) -> str:
    name = row.user.get_full_name() or row.user.get_username()
    since = timezone.localtime(row.first_seen)
    today = timezone.localtime(at or timezone.now()).date()
    when = date_format(since, "H:i" if since.date() == today else "j M, H:i")
    return f"{name} is editing since {when}"
