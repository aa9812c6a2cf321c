"""The moderation rules: when an article takes comments, and which state a new comment
starts in (bans → spam, links and held words → held, trusted commenters → approved)."""

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from articles.models import Article

from .models import BannedEmail, BannedNetwork, Comment, HeldWord
from .text import find_links, normalise_email

# --- When comments are open -----------------------------------------------------------


def comments_close_at(article: Article) -> datetime | None:
    """The editor's "close comments at" time, else the site's default after
    publication; None means open for good."""
    if article.comments_close_at is not None:
        return article.comments_close_at
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days > 0 and article.published_at is not None:
        return article.published_at + timedelta(days=days)
    return None


def comments_are_open(article: Article, *, at: datetime | None = None) -> bool:
    """A public piece whose editor has not closed comments and whose time has not
    run out."""
    at = at or timezone.now()
    if not (article.comments_open and article.is_public(at=at)):
        return False
    closes = comments_close_at(article)
    return closes is None or at < closes


def next_comments_closing(now: datetime, articles=None) -> datetime | None:
    """The next time the comments of one of ``articles`` (default: all) close by
    themselves, so a cached page never offers a form past its closing time."""
    live = Article.objects.public(at=now).filter(comments_open=True)
    if articles is not None:
        live = live.filter(pk__in=articles.values("pk"))
    times = [
        live.filter(comments_close_at__gt=now).aggregate(t=Min("comments_close_at"))[
            "t"
        ]
    ]
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days > 0:
        first = live.filter(
            comments_close_at__isnull=True,
            published_at__gt=now - timedelta(days=days),
        ).aggregate(t=Min("published_at"))["t"]
        times.append(first + timedelta(days=days) if first else None)
    return min((t for t in times if t is not None), default=None)


# --- Which state a new comment starts in ----------------------------------------------


@dataclass(frozen=True)
class Verdict:
    state: str
    reason: str = ""


def email_is_banned(email: str) -> bool:
    email = normalise_email(email)
    domain = email.rpartition("@")[2]
    return BannedEmail.objects.filter(pattern__in=[email, f"@{domain}"]).exists()


def ip_is_banned(ip: str | None) -> bool:
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for network in BannedNetwork.objects.values_list("network", flat=True):
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:  # a row saved around the model's validation
            continue
    return False


def held_word_in(text: str) -> str | None:
    """The first held word or phrase found in ``text`` as a whole word, if any."""
    words = list(HeldWord.objects.values_list("word", flat=True))
    if not words:
        return None
    folded = " ".join(text.split()).casefold()
    for word in words:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
            return word
    return None


def is_trusted(email: str) -> bool:
    """Enough approved comments from this address, and none rejected or spam."""
    threshold = settings.COMMENTS_TRUST_THRESHOLD
    if threshold <= 0 or not email:
        return False
    State = Comment.State
    record = Comment.objects.by_email(email).aggregate(
        approved=Count("pk", filter=Q(state=State.APPROVED)),
        refused=Count("pk", filter=Q(state__in=[State.REJECTED, State.SPAM])),
    )
    return record["refused"] == 0 and record["approved"] >= threshold


def verdict_for(*, name: str, email: str, ip_address: str | None, body: str) -> Verdict:
    """Bans send a comment to spam; too many links or a held word hold it; a trusted
    commenter is published at once; everyone else waits for a moderator."""
    State = Comment.State
    if email_is_banned(email):
        return Verdict(State.SPAM, "Banned e-mail address")
    if ip_is_banned(ip_address):
        return Verdict(State.SPAM, "Banned IP range")
    text = f"{name}\n{body}"  # spammers advertise in the name field too
    links = len(find_links(text))
    if links > settings.COMMENTS_MAX_LINKS:
        return Verdict(State.PENDING, f"Held: {links} links")
    word = held_word_in(text)
    if word is not None:
        return Verdict(State.PENDING, f"Held: contains “{word}”")
    if is_trusted(email):
        return Verdict(State.APPROVED, "Trusted commenter")
    return Verdict(State.PENDING)
