"""Posting and reporting behind a proxy: a forged or malformed address header is
never a 500, and a client cannot choose its own address to dodge the limit."""

import pytest
from django.test import Client

from comments.models import Comment, CommentReport
from tests.factories import ArticleFactory, CommentFactory, comment_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"


@pytest.mark.parametrize(
    "value", ["not-an-ip", "999.1.1.1", "1.2.3.4:5678", "[::1]", "a, b, c"]
)
def test_a_malformed_address_header_still_stores_the_comment(behind_one_proxy, value):
    article = ArticleFactory()

    response = Client(HTTP_X_REAL_IP=value).post(
        f"/comments/article/{article.pk}/write/", comment_form_data(article)
    )

    assert response.status_code == 302
    assert Comment.objects.get().ip_address in {"127.0.0.1", "1.2.3.4", "::1"}


@pytest.mark.parametrize("value", ["not-an-ip", "999.1.1.1"])
def test_a_malformed_address_header_still_stores_the_report(behind_one_proxy, value):
    comment = CommentFactory()

    response = Client(HTTP_X_REAL_IP=value).post(
        f"/comments/{comment.pk}/report/", {"reason": "spam"}
    )

    assert response.status_code == 302
    assert CommentReport.objects.get().ip_address == "127.0.0.1"


def test_a_client_cannot_pick_its_address_to_dodge_the_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.COMMENTS_RATE_LIMIT_PER_IP = 2
    article = ArticleFactory()
    statuses = []
    for n in range(3):
        # The client writes a new address each time; the proxy appends the real one.
        reader = Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5")
        data = comment_form_data(article, email=f"r{n}@example.com", body=f"Note {n}")
        statuses.append(
            reader.post(f"/comments/article/{article.pk}/write/", data).status_code
        )

    assert statuses == [302, 302, 429]
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
