"""Writes on comments. Each runs in one transaction and writes the moderation log in
it, so a comment never changes state without a log entry saying who moved it."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article

from .models import Comment, CommentReport, ModerationLogEntry
from .notices import notify_moderators
from .rules import verdict_for
from .text import dedupe_key, normalise_body, normalise_email

MODERATE_PERMISSION = "comments.moderate_comment"
State = Comment.State
Action = ModerationLogEntry.Action

# Where a moderator may move a comment from each state. Approving an approved comment
# is allowed only while readers' reports wait on it: it keeps the comment up.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.PENDING: frozenset({State.APPROVED, State.REJECTED, State.SPAM}),
    State.APPROVED: frozenset({State.REJECTED, State.SPAM}),
    State.REJECTED: frozenset({State.APPROVED, State.SPAM}),
    State.SPAM: frozenset({State.APPROVED, State.REJECTED}),
}
ACTION_FOR_STATE = {
    State.APPROVED: Action.APPROVED,
    State.REJECTED: Action.REJECTED,
    State.SPAM: Action.MARKED_SPAM,
}


class InvalidTransition(Exception):
    pass


class ReportRefused(Exception):
    pass


def can_moderate(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def _log(comment, *, action, actor=None, from_state="", to_state="", note=""):
    return ModerationLogEntry.objects.create(
        comment=comment,
        comment_ref=comment.pk,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note[:200],
    )


# --- Readers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    comment: Comment
    created: bool  # False: the same post was already stored (a double submit)


def comment_submit(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    parent: Comment | None = None,
    contains_spoilers: bool = False,
    ip_address: str | None = None,
    user_agent: str = "",
) -> Submission:
    """Store a reader's comment exactly once, in the state the rules give it.

    The dedupe key is unique, so a second identical post (a double click, a retry,
    the same form sent twice at once) finds the first one instead of adding a row.
    """
    email, body, name = normalise_email(email), normalise_body(body), name.strip()
    key = dedupe_key(article_id=article.pk, email=email, body=body)
    verdict = verdict_for(name=name, email=email, ip_address=ip_address, body=body)
    with transaction.atomic():
        try:
            with transaction.atomic():
                comment = Comment.objects.create(
                    article=article,
                    parent=parent,
                    name=name,
                    email=email,
                    body=body,
                    contains_spoilers=contains_spoilers,
                    state=verdict.state,
                    hold_reason=verdict.reason,
                    ip_address=ip_address,
                    user_agent=user_agent[:300],
                    dedupe_key=key,
                )
        except IntegrityError:
            existing = Comment.objects.filter(dedupe_key=key).first()
            if existing is None:
                raise
            return Submission(existing, created=False)
        _log(
            comment,
            action=Action.SUBMITTED,
            to_state=comment.state,
            note=verdict.reason,
        )
        if comment.state == State.PENDING:
            transaction.on_commit(notify_moderators, robust=True)
    return Submission(comment, created=True)


@dataclass(frozen=True)
class ReportResult:
    report: CommentReport
    created: bool  # False: this IP had already reported the comment
    hidden: bool  # this report hid the comment


@transaction.atomic
def comment_report(*, comment: Comment, reason: str, ip_address: str) -> ReportResult:
    """Record a reader's report; the COMMENTS_REPORTS_TO_HIDE-th open report hides the
    comment until a moderator decides."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment.is_public:
        raise ReportRefused("Only published comments can be reported.")
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(
                comment=comment, reason=reason, ip_address=ip_address
            )
    except IntegrityError:
        report = CommentReport.objects.get(comment=comment, ip_address=ip_address)
        return ReportResult(report, created=False, hidden=False)
    threshold = settings.COMMENTS_REPORTS_TO_HIDE
    open_reports = comment.reports.filter(resolved_at__isnull=True).count()
    if threshold <= 0 or open_reports < threshold:
        return ReportResult(report, created=True, hidden=False)
    comment.hidden_by_reports = True
    comment.save(update_fields=["hidden_by_reports"])
    _log(
        comment,
        action=Action.HIDDEN,
        from_state=comment.state,
        to_state=comment.state,
        note=f"{open_reports} open reports",
    )
    transaction.on_commit(notify_moderators, robust=True)
    return ReportResult(report, created=True, hidden=True)


# --- Moderators -----------------------------------------------------------------------


def has_open_reports(comment: Comment) -> bool:
    return comment.reports.filter(resolved_at__isnull=True).exists()


def can_move(comment: Comment, to_state: str, *, reported: bool) -> bool:
    """The state machine: TRANSITIONS, plus keeping a reported approved comment up."""
    if to_state in TRANSITIONS[comment.state]:
        return True
    return to_state == comment.state == State.APPROVED and (
        reported or comment.hidden_by_reports
    )


def _perform(comment: Comment, to_state: str, *, by) -> Comment:
    """Move one locked comment, resolve its open reports and log it. The caller holds
    the transaction; every moderation path goes through here."""
    open_reports = comment.reports.filter(resolved_at__isnull=True)
    reported = open_reports.exists()
    if not can_move(comment, to_state, reported=reported):
        raise InvalidTransition(
            f"A comment that is {comment.get_state_display().lower()} cannot be "
            f"moved to {State(to_state).label.lower()}."
        )
    now = timezone.now()
    from_state = comment.state
    resolved = open_reports.update(resolved_at=now) if reported else 0
    note = f"{resolved} report(s) resolved" if resolved else ""
    if comment.hidden_by_reports:
        note = f"{note}; unhidden" if note else "unhidden"
    comment.state = to_state
    comment.hidden_by_reports = False
    comment.moderated_at = now
    comment.save(update_fields=["state", "hidden_by_reports", "moderated_at"])
    _log(
        comment,
        action=ACTION_FOR_STATE[to_state],
        actor=by,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )
    return comment


def _check_moderator(by) -> None:
    if not can_moderate(by):
        raise PermissionDenied("Only moderators and editors may moderate comments.")


@transaction.atomic
def comment_moderate(*, comment: Comment, to_state: str, by) -> Comment:
    """Approve, reject or mark as spam one comment, as ``by``."""
    _check_moderator(by)
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    return _perform(locked, to_state, by=by)


def comment_approve(*, comment: Comment, by) -> Comment:
    return comment_moderate(comment=comment, to_state=State.APPROVED, by=by)


def comment_reject(*, comment: Comment, by) -> Comment:
    return comment_moderate(comment=comment, to_state=State.REJECTED, by=by)


def comment_mark_spam(*, comment: Comment, by) -> Comment:
    return comment_moderate(comment=comment, to_state=State.SPAM, by=by)


@dataclass(frozen=True)
class BulkResult:
    moved: int
    skipped: int  # already in that state: nothing to do


@transaction.atomic
def comments_moderate_bulk(
    *, comments: Iterable[Comment], to_state: str, by
) -> BulkResult:
    """The admin's bulk actions: the same move as the per-row buttons, for many
    comments in one transaction; comments already there are skipped."""
    _check_moderator(by)
    pks = sorted({comment.pk for comment in comments})
    moved = skipped = 0
    for comment in (
        Comment.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    ):
        if can_move(comment, to_state, reported=has_open_reports(comment)):
            _perform(comment, to_state, by=by)
            moved += 1
        else:
            skipped += 1
    return BulkResult(moved, skipped)


# --- Privacy --------------------------------------------------------------------------


ANONYMOUS_NAME = "Anonymous"


@dataclass(frozen=True)
class ForgetResult:
    comments: int
    replies_kept: int  # other readers' replies left in place (deletion only)


@transaction.atomic
def commenter_forget(*, email: str, delete: bool) -> ForgetResult:
    """Delete, or anonymise (name, e-mail, IP and browser removed), every comment of
    ``email``. The moderation log keeps only comment IDs and states."""
    comments = list(Comment.objects.by_email(email).select_for_update().order_by("pk"))
    if not comments:
        return ForgetResult(0, 0)
    pks = [comment.pk for comment in comments]
    replies_kept = (
        Comment.objects.filter(parent_id__in=pks).exclude(pk__in=pks).count()
        if delete
        else 0
    )
    for comment in comments:
        if delete:
            _log(comment, action=Action.DELETED, from_state=comment.state)
            comment.delete()
            continue
        comment.name = ANONYMOUS_NAME
        comment.email = ""
        comment.ip_address = None
        comment.user_agent = ""
        comment.dedupe_key = f"anonymised:{comment.pk}"
        comment.save(
            update_fields=["name", "email", "ip_address", "user_agent", "dedupe_key"]
        )
        _log(comment, action=Action.ANONYMISED, from_state=comment.state)
    return ForgetResult(len(comments), replies_kept)
