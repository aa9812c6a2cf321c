"""The newsroom workflow as one table: which action moves a piece from which stage,
who may take it, and where it lands. The buttons, the form's check, the admin's list
actions and the service (``services.article_transition``) all read it."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from .models import Article, ArticleChange
from .permissions import can_publish, is_owner

# A piece's stage: its state, with "published" told apart as "scheduled" or "live".
DRAFT, REVIEW, CHANGES = "draft", "review", "changes"
SCHEDULED, LIVE, UNPUBLISHED = "scheduled", "live", "unpublished"
# The stage of a live piece's change: none yet, or the change's own state.
NO_CHANGE = "none"

OWNER, EDITOR, OWNER_OR_EDITOR = "owner", "editor", "owner or editor"
NOT_YET_LIVE = frozenset({DRAFT, REVIEW, CHANGES, UNPUBLISHED, SCHEDULED})


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # the button
    sources: frozenset[str]  # stages it may start from
    who: str
    target: str | None  # the resulting Article (or change) state
    message: str  # what the desk is told afterwards
    needs_note: bool = False
    checklist: bool = False  # Publish and Schedule: the pre-publish checklist

    def allows(self, user, article: Article) -> bool:
        if not user.is_active or not user.has_perm("articles.change_article"):
            return False
        if self.who == EDITOR:
            return can_publish(user)
        if self.who == OWNER:
            return is_owner(user, article)
        return can_publish(user) or is_owner(user, article)


# Transitions of a piece readers do not see yet (or, for Unpublish, do).
PIECE_TRANSITIONS = [
    Transition(
        "submit", "Submit for review", frozenset({DRAFT, CHANGES}),
        OWNER_OR_EDITOR, Article.State.IN_REVIEW,
        "Submitted for review; editors have been told.",
    ),
    Transition(
        "withdraw", "Withdraw from review", frozenset({REVIEW}), OWNER,
        Article.State.DRAFT, "Withdrawn from review: it is your draft again.",
    ),
    Transition(
        "request_changes", "Request changes", frozenset({REVIEW}), EDITOR,
        Article.State.CHANGES_REQUESTED, "Sent back to the author with your note.",
        needs_note=True,
    ),
    Transition(
        "publish", "Publish now", NOT_YET_LIVE, EDITOR, Article.State.PUBLISHED,
        "Published.", checklist=True,
    ),
    Transition(
        "schedule", "Schedule", NOT_YET_LIVE, EDITOR, Article.State.PUBLISHED,
        "Scheduled for {when}.", checklist=True,
    ),
    Transition(
        "unpublish", "Unpublish", frozenset({LIVE, SCHEDULED}), EDITOR,
        Article.State.UNPUBLISHED, "Unpublished: readers no longer see it.",
    ),
]  # fmt: skip

# Transitions of a draft change to a live piece, by the change's stage.
CHANGE_TRANSITIONS = [
    Transition(
        "submit", "Submit change for review", frozenset({NO_CHANGE, DRAFT, CHANGES}),
        OWNER_OR_EDITOR, ArticleChange.State.IN_REVIEW,
        "Change submitted for review; editors have been told. Readers still see "
        "the live version.",
    ),
    Transition(
        "withdraw", "Withdraw change from review", frozenset({REVIEW}), OWNER,
        ArticleChange.State.DRAFT, "Change withdrawn from review: it is a draft again.",
    ),
    Transition(
        "request_changes", "Request changes", frozenset({REVIEW}), EDITOR,
        ArticleChange.State.CHANGES_REQUESTED,
        "Sent back to the author with your note.", needs_note=True,
    ),
    Transition(
        "publish", "Publish changes", frozenset({NO_CHANGE, DRAFT, REVIEW, CHANGES}),
        EDITOR, None, "Published: readers now see the changes.", checklist=True,
    ),
]  # fmt: skip

LIVE_TRANSITIONS = [t for t in PIECE_TRANSITIONS if LIVE in t.sources]


class TransitionRefused(Exception):
    """The action is not offered to this user at this stage, or lacks what it needs.
    Its message is for the person who asked."""


def stage(article: Article, *, at=None) -> str:
    if article.state != Article.State.PUBLISHED:
        return article.state
    return LIVE if article.is_public(at=at) else SCHEDULED


def change_stage(change: ArticleChange | None) -> str:
    return change.state if change is not None else NO_CHANGE


def pending_change(article: Article) -> ArticleChange | None:
    """The live piece's draft change, if any (None for a piece not live)."""
    if not article.pk or not article.is_live:
        return None
    try:
        return article.pending_change
    except ArticleChange.DoesNotExist:
        return None


def offered(user, article: Article, change: ArticleChange | None = None) -> list:
    """The transitions this user may take on this piece now, in button order.
    For a live piece: those of its change, then Unpublish."""
    if not article.pk:
        return []
    if article.is_live:
        here = change_stage(change)
        found = [t for t in CHANGE_TRANSITIONS if here in t.sources]
        found += LIVE_TRANSITIONS
    else:
        here = stage(article)
        found = [t for t in PIECE_TRANSITIONS if here in t.sources]
    return [t for t in found if t.allows(user, article)]


def find(action: str, user, article: Article, change=None) -> Transition:
    """The transition ``action`` names, if offered to ``user``; else refused."""
    for transition in offered(user, article, change):
        if transition.action == action:
            return transition
    raise TransitionRefused(
        "That action is not open to you on this piece now. Authors submit and "
        "withdraw their own pieces; editors request changes, publish, schedule and "
        "unpublish."
    )


def site_time(value) -> str:
    """ "Tue 8 Dec 2026, 09:00 (Europe/London)": the site's clock, named."""
    local = timezone.localtime(value)
    return f"{date_format(local, 'D j M Y, H:i')} ({settings.TIME_ZONE})"


def status_label(article: Article, change: ArticleChange | None = None) -> str:
    """The banner's headline: "In review", "Scheduled for …", "Live" …"""
    here = stage(article)
    if here == SCHEDULED:
        return f"Scheduled for {site_time(article.published_at)}"
    if here == LIVE:
        return f"Live, {change.get_state_display().lower()}" if change else "Live"
    return Article.State(article.state).label
