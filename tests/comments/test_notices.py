"""Moderators hear about waiting comments by e-mail, at most once per interval."""

import time

import pytest
from django.core import mail

from comments import services
from comments.notices import notify_moderators
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _submit(article, n, **fields):
    return services.comment_submit(
        article=article,
        name="Reader",
        email=f"reader{n}@example.com",
        body=f"Comment {n}",
        **fields,
    )


def test_a_pending_comment_mails_the_moderators_once_per_interval(
    moderator, settings, django_capture_on_commit_callbacks
):
    # One second, waited for in real time: the throttle is a cache entry's expiry, and
    # Redis (CI) expires keys by its own clock, not the test's.
    settings.COMMENTS_MODERATOR_NOTICE_INTERVAL = 1
    UserFactory(username="mo2", groups=[moderator.groups.get()], email="mo2@x.org")
    UserFactory(username="bystander", email="reader@x.org")
    article = ArticleFactory()

    with django_capture_on_commit_callbacks(execute=True):
        _submit(article, 1)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(article, 2)

    assert sorted(m.to[0] for m in mail.outbox) == ["mo2@x.org", "mo@example.com"]
    assert "2 comment(s)" not in mail.outbox[0].subject  # sent at the first
    assert "1 comment(s) waiting" in mail.outbox[0].subject
    assert "/admin/comments/comment/" in mail.outbox[0].body

    time.sleep(1.2)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(article, 3)

    assert len(mail.outbox) == 4
    assert "3 comment(s) waiting" in mail.outbox[-1].subject


def test_no_mail_for_approved_or_spam_comments(
    moderator, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_TRUST_THRESHOLD = 1
    CommentFactory(email="reader1@example.com")
    from comments.models import BannedEmail

    BannedEmail.objects.create(pattern="reader2@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert _submit(ArticleFactory(), 1).comment.state == "approved"
        assert _submit(ArticleFactory(), 2).comment.state == "spam"
    assert mail.outbox == []


def test_a_rolled_back_submission_sends_nothing(moderator):
    # Without the commit callbacks running (the test transaction never commits),
    # nothing is sent: the notice waits for the comment to be stored.
    _submit(ArticleFactory(), 1)
    assert mail.outbox == []


def test_the_throttle_is_one_atomic_cache_add(
    moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail jobs
        assert notify_moderators() is True
        assert notify_moderators() is False
    assert len(mail.outbox) == 1


def test_no_moderators_no_mail(db):
    assert notify_moderators() is False
    assert mail.outbox == []
