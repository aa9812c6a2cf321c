"""The demo shows the newsroom at work: a note thread and its notices."""

import pytest

from newsroom.models import Kind, Note, Notification

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_note_thread_and_notices(demo_db):
    thread = Note.objects.get(parent=None)
    assert thread.article.slug == "heartstopper-season-2-review"
    assert list(thread.mentions.values_list("username", flat=True)) == ["author"]
    assert thread.replies.count() == 1
    assert sorted(Notification.objects.values_list("recipient__username", "kind")) == [
        ("author", Kind.MENTIONED),
        ("editor", Kind.SUBMITTED),
    ]
