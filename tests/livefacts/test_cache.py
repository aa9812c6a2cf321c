"""With the page cache on, a catalog change shows at the next request on every
article page that embeds it; runs on SQLite/locmem and on PostgreSQL/Redis in CI."""

import pytest

from catalog import services
from tests.factories import ArticleFactory
from tests.livefacts_helpers import AUG_3, make_catalog

pytestmark = pytest.mark.django_db


def test_a_catalog_change_shows_at_the_next_request_with_the_page_cache_on(
    client, page_cache, django_capture_on_commit_callbacks
):
    catalog = make_catalog()
    pieces = [
        ArticleFactory(body="[[factbox season=heartstopper/2]]"),
        ArticleFactory(body="Premiere: {{season:heartstopper/2.premiere}}"),
    ]
    for piece in pieces:
        assert client.get(piece.get_absolute_url())["X-Page-Cache"] == "miss"
        cached = client.get(piece.get_absolute_url())
        assert cached["X-Page-Cache"] == "hit"
        assert "3 August 2023" not in cached.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.season_set_release(
            season=catalog.season, status="date_announced", premiere=AUG_3, source=None
        )

    for piece in pieces:
        response = client.get(piece.get_absolute_url())
        assert response["X-Page-Cache"] == "miss"
        assert '<time datetime="2023-08-03">3 August 2023</time>' in (
            response.content.decode()
        )
        assert client.get(piece.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_review_removes_the_box_at_the_next_request(
    client, page_cache, editor, django_capture_on_commit_callbacks, time_machine
):
    import datetime

    from django.utils import timezone

    from livefacts.services import article_mark_reviewed

    catalog = make_catalog()
    piece = ArticleFactory(body="[[release season=heartstopper/2]]")
    with django_capture_on_commit_callbacks(execute=True):
        services.season_set_release(
            season=catalog.season, status="filming", source=None,
            at=timezone.now() + datetime.timedelta(minutes=1),
        )  # fmt: skip
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=2))
    assert "What’s changed" in client.get(piece.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article_mark_reviewed(article=piece, by=editor)
    assert "What’s changed" not in client.get(piece.get_absolute_url()).content.decode()
