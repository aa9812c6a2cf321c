"""A private Redis, stopped and then hung, while readers read pages, comment and poll
``/healthz``: nothing fails, nothing waits long, and no page is stale afterwards.

The cache settings are the production ones (``showsite/settings.py`` with
``CACHE_URL`` pointing at the private server), so their timeouts are what is tested.
"""

import json
import time

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import ArticleFactory, comment_form_data
from tests.faults_helpers import (  # noqa: F401
    private_redis,
    production_caches,
    wait_until,
)

pytestmark = pytest.mark.django_db
HUNG_MS = 6_000
# Well below the hang: a request that waited for Redis would take HUNG_MS.
BOUND_SECONDS = 3


@pytest.fixture
def redis_cache(private_redis, settings, monkeypatch, page_cache):  # noqa: F811
    settings.CACHES = production_caches(private_redis.url, monkeypatch)
    settings.CACHE_RETRY_SECONDS = 1
    settings.COMMENTS_RATE_LIMIT_PER_IP = 3
    return private_redis


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _post(article, body):
    data = comment_form_data(article, email=f"{abs(hash(body))}@example.com", body=body)
    return Client().post(f"/comments/article/{article.pk}/write/", data)


def _cache_state():
    return json.loads(Client().get("/healthz").content)["cache"]


def test_a_stopped_redis_fails_nothing(redis_cache):
    article = ArticleFactory()
    url = article.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"

    redis_cache.stop()
    page = Client().get(url)
    posted = _post(article, "Sent while Redis was stopped")
    health = Client().get("/healthz")

    assert page.status_code == 200
    assert posted.status_code == 302
    assert Comment.objects.filter(body="Sent while Redis was stopped").exists()
    assert (health.status_code, json.loads(health.content)["cache"]) == (
        200,
        "unreachable",
    )
    redis_cache.start()
    assert _cache_state() == "ok"  # /healthz notices it is back


def test_a_hung_redis_stalls_no_request_and_leaves_no_stale_page(
    redis_cache, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Before the hang")
    url = article.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"

    redis_cache.pause(HUNG_MS)
    page, page_seconds = _timed(lambda: Client().get(url))
    posted, post_seconds = _timed(lambda: _post(article, "Sent while Redis hung"))
    health, health_seconds = _timed(lambda: Client().get("/healthz"))
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Edited during the hang"
        article.save()  # its page-cache bump cannot reach Redis now

    assert page.status_code == 200 and page_seconds < BOUND_SECONDS
    assert posted.status_code == 302 and post_seconds < BOUND_SECONDS
    assert Comment.objects.filter(body="Sent while Redis hung").exists()
    assert health.status_code == 200 and health_seconds < BOUND_SECONDS
    assert json.loads(health.content)["cache"] == "unreachable"

    wait_until(redis_cache.answers, seconds=HUNG_MS / 1000 + 5, what="pause end")
    time.sleep(1.1)  # CACHE_RETRY_SECONDS: the process tries the cache again
    after = Client().get(url)
    assert "Edited during the hang" in after.content.decode()
    assert after["X-Page-Cache"] == "miss"  # the owed bump was made first
