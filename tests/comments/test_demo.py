"""The demo comments load, and load again without duplicates."""

import io

import pytest
from django.core.management import call_command

from comments.models import Comment, CommentReport
from showsite.demo import APP_DEMO_MODULES

pytestmark = pytest.mark.django_db


def test_comments_demo_loads_after_the_pieces_it_comments_on():
    order = APP_DEMO_MODULES.index
    assert order("comments.demo") > order("articles.demo")
    assert order("comments.demo") > order("livefacts.demo")


def test_demo_comments_are_idempotent_and_cover_every_case(demo_db, settings, client):
    settings.DEBUG = True
    counts = (Comment.objects.count(), CommentReport.objects.count())
    call_command("load_demo", stdout=io.StringIO())

    assert (Comment.objects.count(), CommentReport.objects.count()) == counts
    assert Comment.objects.filter(state="approved", parent__isnull=False).exists()
    assert Comment.objects.filter(state="pending").exists()
    assert Comment.objects.reported().exists()
    article = Comment.objects.first().article
    assert article.kind == "speculation"
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="comment-form"' in html  # the demo piece takes comments
    assert "replying to" in html
