"""The follow box keeps the show page cacheable and its query count flat."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from follows.models import Follow
from tests.factories import ShowFactory


def test_the_cached_show_page_carries_no_reader_data_and_the_token_url_does(
    show, page_cache
):
    Follow.objects.create(email="someone@example.com", show=show)
    reader = Client(enforce_csrf_checks=True)
    first = reader.get(show.get_absolute_url())
    second = reader.get(show.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    html = second.content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert "someone@example.com" not in html
    assert "csrftoken" not in first.cookies

    token = reader.get("/follow/token/")
    assert "no-cache" in token["Cache-Control"] or "no-store" in token["Cache-Control"]
    assert "csrftoken" in token.cookies
    sent = reader.post(
        f"/follow/show/{show.slug}/",
        {
            "email": "reader@example.com",
            "dates": "on",
            "csrfmiddlewaretoken": token.json()["csrf_token"],
        },
    )
    assert sent.status_code == 302


def test_the_follow_box_is_labelled_and_its_choices_grouped(client, show):
    html = client.get(show.get_absolute_url()).content.decode()
    assert '<h2 class="fact-box__title" id="follow-title">Follow Moonbase</h2>' in html
    assert "<legend>Tell me when</legend>" in html
    for name in ("email", "dates", "official_only", "seasons", "articles"):
        assert f'<label for="follow-{name}">' in html
    assert 'href="/follow/show/moonbase/"' in html  # without JavaScript


def _show_page_queries(followers: int) -> int:
    show = ShowFactory()
    for n in range(followers):
        Follow.objects.create(email=f"reader{n}@example.com", show=show)
    client = Client()
    client.get(show.get_absolute_url())  # content types and the like, once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(show.get_absolute_url()).status_code == 200
    return len(queries)


def test_followers_add_no_queries_to_the_show_page(db):
    assert _show_page_queries(1) == _show_page_queries(12)
