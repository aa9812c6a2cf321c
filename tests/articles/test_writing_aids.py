"""Writing aids: the word count and reading time rule, the SEO limits the form passes
to its script, and the share image endpoint (who may ask, what it answers)."""

import pytest

from articles.writing import reading_minutes, reading_time, word_count
from tests.factories import ImageFactory

ADD = "/admin/articles/article/add/"
SHARE_IMAGE = "/admin/articles/article/share-image/{}/"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("", 0),
        ("One two three.", 3),
        ("It's a well-known fact — isn’t it?", 6),
        ("Amélie et Zoë, 2023.", 4),
        ("Para one.\n\n[[factbox season=heartstopper/2]]\n\nPara two.", 4),
        ("[[cast show=heartstopper all]]   ", 0),
        ("Out {{season:heartstopper/2.premiere}} now.", 3),
        ("See [the trailer](https://youtu.be/abc-def_1) today", 4),
        ("## A heading\n\n- a *list* item\n- **bold** words", 7),
        ("Inside text [[factbox season=x/1]] is not a block", 10),
    ],
)
def test_word_count_skips_embed_syntax_and_link_addresses(body, words):
    assert word_count(body) == words


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 0), (1, 1), (230, 1), (231, 2), (920, 4), (921, 5)]
)
def test_reading_minutes_round_up_at_230_words_a_minute(words, minutes):
    assert reading_minutes(words) == minutes


def test_reading_time_reads_as_the_form_shows_it():
    assert reading_time("word") == "1 word · 1 min read"
    assert reading_time("word " * 461) == "461 words · 3 min read"


def test_the_form_passes_the_rules_to_its_script(client, editor):
    client.force_login(editor)
    html = client.get(ADD).content.decode()
    assert 'data-words-per-minute="230"' in html
    assert 'data-catalog-search="/admin/articles/article/catalog-search/"' in html
    assert 'data-max="60"' in html  # SEO title
    assert 'data-min="70"' in html and 'data-max="160"' in html  # description
    assert 'data-page-url="http://testserver/articles/SLUG/"' in html
    assert 'data-share-image="/admin/articles/article/share-image/0/"' in html
    assert "js/desk-counters.js" in html and "js/desk-picker.js" in html
    assert "css/desk-writing.css" in html and "css/desk-picker.css" in html


def test_share_image_sends_anonymous_visitors_to_log_in(client, db):
    image = ImageFactory()
    response = client.get(SHARE_IMAGE.format(image.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_share_image_is_refused_to_moderators(client, moderator):
    client.force_login(moderator)
    assert client.get(SHARE_IMAGE.format(ImageFactory().pk)).status_code == 403


@pytest.mark.parametrize("role", ["author", "editor"])
def test_share_image_gives_the_hero_share_rendition(client, request, role):
    client.force_login(request.getfixturevalue(role))
    image = ImageFactory(alt_text="Nick and Charlie on a bench")
    response = client.get(SHARE_IMAGE.format(image.pk))
    assert response.status_code == 200
    data = response.json()
    assert data["alt"] == "Nick and Charlie on a bench"
    assert data["url"].startswith("/media/") and data["url"].endswith(".webp")


def test_share_image_of_a_missing_image_is_404(client, editor):
    client.force_login(editor)
    assert client.get(SHARE_IMAGE.format(987654)).status_code == 404
