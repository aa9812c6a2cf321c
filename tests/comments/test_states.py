"""The comment state machine, trust, reports and the moderation log."""

import pytest
from django.core.exceptions import PermissionDenied

from comments import services
from comments.models import Comment, CommentReport, ModerationLogEntry
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    CommentReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

State = Comment.State
Action = ModerationLogEntry.Action
ALL_STATES = list(State.values)
ALLOWED = {
    ("pending", "approved"),
    ("pending", "rejected"),
    ("pending", "spam"),
    ("approved", "rejected"),
    ("approved", "spam"),
    ("rejected", "approved"),
    ("rejected", "spam"),
    ("spam", "approved"),
    ("spam", "rejected"),
}


def _submit(article, **fields):
    values = {
        "name": "Robin",
        "email": "robin@example.com",
        "body": "Looking forward to it.",
        "ip_address": "192.0.2.5",
    }
    values.update(fields)
    return services.comment_submit(article=article, **values)


@pytest.mark.parametrize("from_state", ALL_STATES)
@pytest.mark.parametrize("to_state", ALL_STATES)
def test_state_machine_allows_exactly_the_listed_moves(moderator, from_state, to_state):
    comment = CommentFactory(state=from_state)

    if (from_state, to_state) in ALLOWED:
        services.comment_moderate(comment=comment, to_state=to_state, by=moderator)
        comment.refresh_from_db()
        assert comment.state == to_state
        assert comment.moderated_at is not None
    else:
        with pytest.raises(services.InvalidTransition):
            services.comment_moderate(comment=comment, to_state=to_state, by=moderator)
        comment.refresh_from_db()
        assert comment.state == from_state
        assert not ModerationLogEntry.objects.filter(comment=comment).exists()


def test_every_moderation_is_logged_with_who_what_and_from_which_state(moderator):
    comment = CommentFactory(state="pending")

    services.comment_approve(comment=comment, by=moderator)
    services.comment_reject(comment=comment, by=moderator)
    services.comment_mark_spam(comment=comment, by=moderator)

    log = list(
        ModerationLogEntry.objects.filter(comment=comment).order_by("created_at", "pk")
    )
    assert [(e.action, e.from_state, e.to_state) for e in log] == [
        (Action.APPROVED, "pending", "approved"),
        (Action.REJECTED, "approved", "rejected"),
        (Action.MARKED_SPAM, "rejected", "spam"),
    ]
    assert all(entry.actor == moderator for entry in log)
    assert all(entry.created_at is not None for entry in log)


def test_submission_is_logged_with_the_rule_that_decided(db):
    article = ArticleFactory()
    comment = _submit(
        article, body="See http://a.example http://b.example http://c.example"
    ).comment

    entry = ModerationLogEntry.objects.get(comment=comment)
    assert (entry.action, entry.from_state, entry.to_state) == (
        Action.SUBMITTED,
        "",
        "pending",
    )
    assert entry.actor is None
    assert "3 links" in entry.note


def test_a_user_without_the_permission_cannot_moderate(roles):
    reader = UserFactory(is_staff=True)
    comment = CommentFactory(state="pending")

    with pytest.raises(PermissionDenied):
        services.comment_approve(comment=comment, by=reader)
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_bulk_moderation_moves_each_and_skips_those_already_there(moderator):
    pending = CommentFactory.create_batch(2, state="pending")
    already = CommentFactory(state="approved")

    result = services.comments_moderate_bulk(
        comments=Comment.objects.all(), to_state=State.APPROVED, by=moderator
    )

    assert (result.moved, result.skipped) == (2, 1)
    assert set(Comment.objects.values_list("state", flat=True)) == {"approved"}
    logged = ModerationLogEntry.objects.filter(action=Action.APPROVED)
    assert {e.comment_id for e in logged} == {c.pk for c in pending}
    assert not logged.filter(comment=already).exists()


# --- trust ----------------------------------------------------------------------------


def test_a_new_commenter_waits_for_moderation(settings):
    settings.COMMENTS_TRUST_THRESHOLD = 2
    comment = _submit(ArticleFactory()).comment
    assert comment.state == "pending"


def test_a_commenter_with_enough_approved_comments_is_published_at_once(settings):
    settings.COMMENTS_TRUST_THRESHOLD = 2
    CommentFactory.create_batch(2, email="robin@example.com", state="approved")

    comment = _submit(ArticleFactory(), email="Robin@Example.com ").comment

    assert comment.state == "approved"
    assert comment.hold_reason == "Trusted commenter"


def test_one_approved_comment_too_few_is_not_trusted(settings):
    settings.COMMENTS_TRUST_THRESHOLD = 2
    CommentFactory(email="robin@example.com", state="approved")
    CommentFactory(email="robin@example.com", state="pending")

    assert _submit(ArticleFactory()).comment.state == "pending"


@pytest.mark.parametrize("bad_state", ["rejected", "spam"])
def test_a_single_rejected_or_spam_comment_withdraws_trust(settings, bad_state):
    settings.COMMENTS_TRUST_THRESHOLD = 2
    CommentFactory.create_batch(5, email="robin@example.com", state="approved")
    CommentFactory(email="robin@example.com", state=bad_state)

    assert _submit(ArticleFactory()).comment.state == "pending"


def test_a_rule_holds_even_a_trusted_commenter(settings):
    settings.COMMENTS_TRUST_THRESHOLD = 1
    settings.COMMENTS_MAX_LINKS = 0
    CommentFactory(email="robin@example.com", state="approved")

    comment = _submit(ArticleFactory(), body="Read https://example.com first").comment

    assert comment.state == "pending"
    assert "1 links" in comment.hold_reason


def test_trust_threshold_zero_never_auto_approves(settings):
    settings.COMMENTS_TRUST_THRESHOLD = 0
    CommentFactory.create_batch(3, email="robin@example.com", state="approved")
    assert _submit(ArticleFactory()).comment.state == "pending"


# --- reports --------------------------------------------------------------------------


def test_reports_below_the_threshold_leave_the_comment_up(settings):
    settings.COMMENTS_REPORTS_TO_HIDE = 3
    comment = CommentFactory()
    for ip in ("198.51.100.1", "198.51.100.2"):
        services.comment_report(comment=comment, reason="abuse", ip_address=ip)

    comment.refresh_from_db()
    assert comment.is_public
    assert comment in Comment.objects.reported()


def test_the_threshold_report_hides_the_comment_until_a_moderator_decides(
    settings, moderator
):
    settings.COMMENTS_REPORTS_TO_HIDE = 2
    comment = CommentFactory()
    services.comment_report(comment=comment, reason="abuse", ip_address="198.51.100.1")
    result = services.comment_report(
        comment=comment, reason="spoiler", ip_address="198.51.100.2"
    )

    comment.refresh_from_db()
    assert result.hidden
    assert comment.hidden_by_reports and comment.state == "approved"
    assert not Comment.objects.public().filter(pk=comment.pk).exists()
    hidden = ModerationLogEntry.objects.get(comment=comment, action=Action.HIDDEN)
    assert hidden.actor is None

    services.comment_approve(comment=comment, by=moderator)  # "keep it up"

    comment.refresh_from_db()
    assert comment.is_public
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    assert comment not in Comment.objects.reported()
    kept = ModerationLogEntry.objects.get(comment=comment, action=Action.APPROVED)
    assert (kept.from_state, kept.to_state, kept.actor) == (
        "approved",
        "approved",
        moderator,
    )
    assert "2 report(s) resolved" in kept.note


def test_rejecting_a_reported_comment_resolves_its_reports(moderator):
    report = CommentReportFactory()

    services.comment_reject(comment=report.comment, by=moderator)

    report.refresh_from_db()
    assert report.resolved_at is not None
    assert Comment.objects.get(pk=report.comment_id).state == "rejected"


def test_one_report_per_ip_per_comment(settings):
    settings.COMMENTS_REPORTS_TO_HIDE = 2
    comment = CommentFactory()

    first = services.comment_report(comment=comment, reason="abuse", ip_address="::1")
    again = services.comment_report(comment=comment, reason="spam", ip_address="::1")

    assert first.created and not again.created
    assert CommentReport.objects.filter(comment=comment).count() == 1
    comment.refresh_from_db()
    assert not comment.hidden_by_reports


@pytest.mark.parametrize("state", ["pending", "rejected", "spam"])
def test_only_published_comments_can_be_reported(state):
    comment = CommentFactory(state=state)
    with pytest.raises(services.ReportRefused):
        services.comment_report(comment=comment, reason="spam", ip_address="::1")
    assert not CommentReport.objects.exists()


def test_approving_an_approved_comment_without_reports_is_refused(moderator):
    comment = CommentFactory(state="approved")
    with pytest.raises(services.InvalidTransition):
        services.comment_approve(comment=comment, by=moderator)
