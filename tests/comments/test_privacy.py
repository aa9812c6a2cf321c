"""forget_commenter deletes or anonymises every comment of an e-mail address."""

import io

import pytest
from django.core.management import CommandError, call_command

from comments.models import Comment, ModerationLogEntry
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("forget_commenter", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def history():
    mine = [
        CommentFactory(email="gone@example.com", name="Gone", body="First"),
        CommentFactory(email="gone@example.com", name="Gone", state="pending"),
    ]
    reply = CommentFactory(
        article=mine[0].article, parent=mine[0], email="other@example.com"
    )
    other = CommentFactory(email="other@example.com", name="Other")
    return mine, reply, other


def test_anonymise_removes_identity_and_keeps_text_and_threads(history):
    mine, reply, other = history

    out = _run("GONE@example.com", "--anonymise")

    assert "Anonymised 2 comment(s)" in out
    assert not Comment.objects.filter(email="gone@example.com").exists()
    first = Comment.objects.get(pk=mine[0].pk)
    assert (first.name, first.email, first.ip_address, first.user_agent) == (
        "Anonymous",
        "",
        None,
        "",
    )
    assert first.body == "First"
    assert Comment.objects.get(pk=reply.pk).parent_id == first.pk
    assert Comment.objects.get(pk=other.pk).name == "Other"
    assert ModerationLogEntry.objects.filter(action="anonymised").count() == 2


def test_anonymise_is_the_default(history):
    assert "Anonymised 2" in _run("gone@example.com")


def test_delete_removes_the_comments_and_keeps_others_replies(history):
    mine, reply, other = history

    out = _run("gone@example.com", "--delete")

    assert "Deleted 2 comment(s)" in out
    assert "Kept 1 repl(ies)" in out
    assert not Comment.objects.filter(pk__in=[c.pk for c in mine]).exists()
    kept = Comment.objects.get(pk=reply.pk)
    assert kept.parent_id is None
    assert Comment.objects.filter(pk=other.pk).exists()
    log = ModerationLogEntry.objects.filter(action="deleted")
    assert sorted(log.values_list("comment_ref", flat=True)) == sorted(
        c.pk for c in mine
    )
    assert all(entry.comment_id is None for entry in log)


def test_the_log_never_holds_the_address(history):
    _run("gone@example.com", "--delete")
    for entry in ModerationLogEntry.objects.all():
        assert "gone@" not in entry.note


def test_an_unknown_address_changes_nothing(history):
    assert "Anonymised 0 comment(s)" in _run("nobody@example.com")
    assert Comment.objects.count() == 4


def test_a_bad_address_or_both_modes_is_refused(history):
    with pytest.raises(CommandError):
        _run("not-an-address")
    with pytest.raises(CommandError):
        _run("gone@example.com", "--delete", "--anonymise")
    assert Comment.objects.count() == 4


def test_it_is_atomic(history, monkeypatch):
    from comments import services

    original = services._log
    calls = []

    def failing_log(comment, **kwargs):
        calls.append(comment.pk)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(comment, **kwargs)

    monkeypatch.setattr(services, "_log", failing_log)
    with pytest.raises(RuntimeError):
        _run("gone@example.com", "--anonymise")

    assert Comment.objects.filter(email="gone@example.com").count() == 2
