"""With the cache down, readers still comment and report, the limits still hold (in
the database), and nothing answers 500."""

import pytest
from django.core import mail
from django.test import Client

from comments.models import Comment, CommentReport
from comments.notices import notify_moderators
from tests.factories import ArticleFactory, CommentFactory, comment_form_data
from tests.faults_helpers import BROKEN_CACHES

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings):
    settings.CACHES = BROKEN_CACHES


@pytest.fixture
def article():
    return ArticleFactory(slug="outage")


def _post(client, article, **data):
    return client.post(
        f"/comments/article/{article.pk}/write/", comment_form_data(article, **data)
    )


def test_a_comment_is_stored_when_the_cache_is_down(cache_down, article, caplog):
    response = _post(Client(), article, body="Posted during the outage")

    assert response.status_code == 302
    assert Comment.objects.get().body == "Posted during the outage"
    assert "The cache is unavailable" in caplog.text


def test_the_ip_limit_is_counted_in_the_database_when_the_cache_is_down(
    cache_down, article, settings
):
    settings.COMMENTS_RATE_LIMIT_PER_IP = 2
    reader = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(2):
        assert _post(reader, article, email=f"r{n}@example.com").status_code == 302

    refused = _post(reader, article, email="r3@example.com", body="Third, kept")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == settings.COMMENTS_RATE_LIMIT_WINDOW
    assert "Third, kept" in refused.content.decode()  # the text is not lost
    assert Comment.objects.count() == 2
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert _post(other, article, email="o@example.com").status_code == 302


def test_the_email_limit_is_counted_in_the_database_when_the_cache_is_down(
    cache_down, article, settings
):
    settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 1
    assert _post(Client(REMOTE_ADDR="203.0.113.1"), article).status_code == 302
    again = _post(Client(REMOTE_ADDR="203.0.113.2"), article, body="Other words")
    assert again.status_code == 429


def test_a_report_is_stored_when_the_cache_is_down(cache_down):
    comment = CommentFactory()

    response = Client().post(f"/comments/{comment.pk}/report/", {"reason": "spam"})

    assert response.status_code == 302
    assert CommentReport.objects.get().comment == comment


def test_the_moderator_notice_is_skipped_not_failed_when_the_cache_is_down(
    cache_down, moderator
):
    assert notify_moderators() is False
    assert mail.outbox == []


def test_the_page_cache_serves_pages_when_the_cache_is_down(
    cache_down, article, page_cache
):
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert "X-Page-Cache" in response  # the page cache tried, and served it rendered
