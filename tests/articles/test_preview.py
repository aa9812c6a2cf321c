"""Shareable preview links: one unpublished piece, for a set time, until revoked."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from articles.models import PREVIEW_SALT, PreviewLink
from tests.articles_helpers import CHANGE_URL, INLINE, admin_form_data
from tests.factories import ArticleFactory, PreviewLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def link():
    return PreviewLinkFactory(article__title="Embargoed piece")


def test_valid_link_shows_the_piece_with_a_banner_to_anyone(client, link):
    response = client.get(link.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Embargoed piece" in html and "Preview — not published" in html
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert 'name="robots" content="noindex' in html


def test_link_opens_only_its_piece_not_its_public_url(client, link):
    assert client.get(link.article.get_absolute_url()).status_code == 404


def test_expired_link_is_404(client, link, settings):
    settings.ARTICLE_PREVIEW_LINK_DAYS = 3
    url = link.get_absolute_url()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert client.get(url).status_code == 404


def test_revoked_link_is_404(client, link):
    url = link.get_absolute_url()
    link.revoked = True
    link.save()
    assert client.get(url).status_code == 404


def test_link_cannot_be_pointed_at_another_article(client, link):
    other = ArticleFactory(state="draft", published_at=None, title="Other draft")
    forged = signing.dumps({"l": link.pk, "a": other.pk}, salt=PREVIEW_SALT)
    assert client.get(f"/preview/{forged}/").status_code == 404
    token = link.token()
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/preview/{tampered}/").status_code == 404
    assert client.get("/preview/not-a-token/").status_code == 404


def test_link_of_a_piece_that_went_live_shows_it_without_banner(client, link):
    url = link.get_absolute_url()
    link.article.state = "published"
    link.article.save()
    html = client.get(url).content.decode()
    assert "Embargoed piece" in html and "Preview — not published" not in html


def test_author_creates_a_preview_link_in_the_admin(client, author):
    article = ArticleFactory(state="draft", published_at=None, created_by=author)
    client.force_login(author)
    data = admin_form_data(article)
    data.update(
        {
            f"{INLINE}-TOTAL_FORMS": "1",
            f"{INLINE}-0-note": "Press office",
            f"{INLINE}-0-article": article.pk,
        }
    )
    response = client.post(CHANGE_URL.format(article.pk), data)
    assert response.status_code == 302
    link = PreviewLink.objects.get(article=article)
    assert link.created_by == author
    assert (
        client.get(CHANGE_URL.format(article.pk))
        .content.decode()
        .count(link.get_absolute_url())
    )
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 200
