"""Demo comments for ``load_demo`` on the Heartstopper season 2 speculation piece: a
few approved ones (one with a reply), one waiting for a moderator, one reported.

Idempotent: comments are found by their dedupe key, reports by (comment, IP).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from articles.models import Article
from core import pageversions

from .models import Comment, CommentReport, ModerationLogEntry
from .text import dedupe_key

ARTICLE_SLUG = "heartstopper-season-2-release-date"
LONDON = ZoneInfo("Europe/London")
State = Comment.State

# key, name, e-mail, text, state, reply-to key, posted (London time)
COMMENTS = [
    (
        "tao",
        "Tao's biggest fan",
        "tao.fan@example.com",
        "If they film in spring, a summer release seems likely. The first season "
        "followed roughly that pattern.",
        State.APPROVED,
        None,
        (2022, 6, 14, 12),
    ),
    (
        "reply",
        "Isaac reads",
        "isaac.reads@example.net",
        "Agreed, and the third volume gives them plenty to adapt, so the script "
        "should be ready early.",
        State.APPROVED,
        "tao",
        (2022, 6, 14, 15),
    ),
    (
        "paris",
        "Nellie",
        "nellie@example.org",
        "The trip in the books is my favourite part.\nI hope they keep it.",
        State.APPROVED,
        None,
        (2022, 6, 15, 9),
    ),
    (
        "spoiler",
        "Darcy",
        "darcy@example.com",
        "Without spoiling too much: wait until you see who turns up at the "
        "prom in volume four.",
        State.APPROVED,
        None,
        (2022, 6, 15, 20),
    ),
    (
        "pending",
        "New reader",
        "new.reader@example.com",
        "Does anyone know whether the whole cast is coming back? See "
        "https://example.com/cast-news for a rumour.",
        State.PENDING,
        None,
        (2022, 6, 16, 8),
    ),
]
REPORTS = [("spoiler", "spoiler", "192.0.2.10")]  # key, reason, reporter IP


def _at(year, month, day, hour):
    return datetime(year, month, day, hour, tzinfo=LONDON)


def load(*, users, stdout):
    """Create or update the demo comments and keep the piece open for comments."""
    article = Article.objects.filter(slug=ARTICLE_SLUG).first()
    if article is None:
        stdout.write("Comments: no demo article to comment on; skipped.")
        return
    if article.comments_close_at is None:
        # The piece is from 2022; keep its comments open a year from the first load,
        # so the demo's form can be tried. A later load keeps that time.
        Article.objects.filter(pk=article.pk).update(
            comments_close_at=timezone.now() + timedelta(days=365)
        )
        pageversions.bump_pages_of(Article.objects.filter(pk=article.pk))
    by_key: dict[str, Comment] = {}
    for key, name, email, body, state, parent_key, posted in COMMENTS:
        comment, created = Comment.objects.update_or_create(
            dedupe_key=dedupe_key(article_id=article.pk, email=email, body=body),
            defaults={
                "article": article,
                "parent": by_key.get(parent_key),
                "name": name,
                "email": email,
                "body": body,
                "state": state,
                "created_at": _at(*posted),
                "ip_address": "192.0.2.1",
            },
        )
        if created:
            ModerationLogEntry.objects.create(
                comment=comment,
                comment_ref=comment.pk,
                action=ModerationLogEntry.Action.SUBMITTED,
                to_state=state,
                note="Demo content",
            )
        by_key[key] = comment
    for key, reason, ip in REPORTS:
        CommentReport.objects.get_or_create(
            comment=by_key[key], ip_address=ip, defaults={"reason": reason}
        )
    stdout.write(
        f"Comments: {Comment.objects.filter(article=article).count()} on "
        f"“{article.title}”, 1 waiting, 1 reported."
    )
