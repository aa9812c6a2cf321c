"""Writes with side effects: notes, and notifications with their e-mail.

Notifications are rows written in the caller's transaction; their e-mail is a job
per message (jobs/mail.py), sent after it commits, once per notification however
often it runs: a mail server's failure is retried and then listed for staff, never
raised into the action that caused the notice, which has already happened.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article
from jobs.mail import mail_enqueue

from .mentions import mentionable_users
from .models import Kind, Note, Notification, email_kinds_for

logger = logging.getLogger(__name__)


def display_name(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def quoted_title(article: Article) -> str:
    return f"“{Truncator(article.title).chars(80)}”"


def article_admin_url(article: Article, anchor: str = "") -> str:
    url = reverse("admin:articles_article_change", args=[article.pk])
    return f"{url}#{anchor}" if anchor else url


def authors_of(article: Article) -> set[int]:
    """The user ids who wrote the piece: its bylines' users and its creator."""
    ids = set(article.authors.values_list("user_id", flat=True))
    if article.created_by_id:
        ids.add(article.created_by_id)
    return ids


def editors() -> set[int]:
    """Every active user who may publish: they review what is submitted."""
    users = get_user_model().objects.with_perm("articles.publish_article")
    return set(users.values_list("pk", flat=True))


@dataclass
class Notice:
    """One notification to write for some recipients."""

    article: Article | None
    recipients: set[int]
    text: str
    url: str


def notify(
    *, kind: str, actor_id: int | None, notices: Iterable[Notice]
) -> list[Notification]:
    """Write the inbox rows (never to the actor, only to active users) and e-mail
    those who chose this kind, after commit. Three queries, however many notices."""
    notices = list(notices)
    wanted = {pk for n in notices for pk in n.recipients} - {actor_id, None}
    if not wanted:
        return []
    emails = dict(
        get_user_model()
        .objects.filter(pk__in=wanted, is_active=True)
        .values_list("pk", "email")
    )
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=pk,
            kind=kind,
            article=notice.article,
            actor_id=actor_id,
            text=Truncator(notice.text).chars(300),
            url=notice.url,
            created_at=now,
        )
        for notice in notices
        # Only users who exist: a piece made by an import has no creator (None).
        for pk in sorted(notice.recipients & emails.keys())
    ]
    Notification.objects.bulk_create(rows)
    chosen = email_kinds_for(list(emails))
    for row in rows:
        if emails[row.recipient_id] and kind in chosen[row.recipient_id]:
            _email(row, emails[row.recipient_id])
    return rows


def _email(row: Notification, address: str) -> None:
    preferences = reverse("admin:newsroom_notification_preferences")
    body = (
        f"{row.text}\n\n{settings.SITE_URL}{row.url}\n\n"
        f"Choose which e-mails you get: {settings.SITE_URL}{preferences}\n"
    )
    subject = Truncator(f"[{settings.SITE_NAME}] {row.text}").chars(120)
    mail_enqueue(
        key=f"newsroom:notification:{row.pk}", subject=subject, body=body, to=[address]
    )


# --- notes ---------------------------------------------------------------------------


@transaction.atomic
def note_post(*, article: Article, by, text: str, parent: Note | None = None) -> Note:
    """Add a note (or a reply, which reopens a resolved thread) and tell the users it
    mentions who may see the piece."""
    thread = parent.thread if parent is not None else None
    if thread is not None and thread.article_id != article.pk:
        raise ValueError("A reply belongs to a thread on the same piece.")
    note = Note.objects.create(article=article, parent=thread, author=by, text=text)
    if thread is not None and thread.is_resolved:
        note_set_resolved(note=thread, by=by, resolved=False)
    mentioned = mentionable_users(article, text)
    if mentioned:
        note.mentions.set(mentioned)
        notify(
            kind=Kind.MENTIONED,
            actor_id=by.pk,
            notices=[
                Notice(
                    article=article,
                    recipients={user.pk for user in mentioned},
                    text=f"{display_name(by)} mentioned you in a note on "
                    f"{quoted_title(article)}: {text}",
                    url=article_admin_url(article, f"note-{note.pk}"),
                )
            ],
        )
    return note


def note_set_resolved(*, note: Note, by, resolved: bool) -> Note:
    """Resolve (fold away) or reopen a note's whole thread."""
    thread = note.thread
    thread.resolved_at = timezone.now() if resolved else None
    thread.resolved_by = by if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread
