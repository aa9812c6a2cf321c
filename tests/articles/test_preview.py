"""Shareable preview links: one unpublished piece, for a set time, until revoked."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import PREVIEW_SALT, PreviewLink
from tests.articles_helpers import CHANGE_URL, INLINE, admin_form_data
from tests.factories import ArticleFactory, PreviewLinkFactory, UserFactory

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


def test_author_creates_a_preview_link_in_the_admin(client, author, settings):
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
    html = client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert f'value="{settings.SITE_URL}/preview/' in html
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 200


# --- validity is the link's own, not the token's -------------------------------------


def test_link_made_eight_days_ago_is_404_even_with_a_fresh_token(client, settings):
    settings.ARTICLE_PREVIEW_LINK_DAYS = 7
    link = PreviewLinkFactory(created_at=timezone.now() - timedelta(days=8))
    fresh = link.get_absolute_url()  # signed just now
    assert client.get(fresh).status_code == 404
    assert PreviewLink.for_token(link.token()) is None


def test_link_made_six_days_ago_opens_and_says_until_when(client, settings):
    settings.ARTICLE_PREVIEW_LINK_DAYS = 7
    link = PreviewLinkFactory(
        article__title="Embargoed piece",
        created_at=timezone.now() - timedelta(days=6),
    )
    response = client.get(link.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview — not published." in html
    assert f"can see it until {link.expires_when}" in html
    assert "private" in response["Cache-Control"]


def test_link_to_a_piece_now_live_is_never_cached_publicly(client, link, page_cache):
    link.article.state = "published"
    link.article.save()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_drafts_and_scheduled_pieces_stay_off_the_public_site(client, link):
    scheduled = ArticleFactory(
        state="published", published_at=timezone.now() + timedelta(days=2)
    )
    assert client.get(link.article.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


# --- how the admin shows a link -----------------------------------------------------


def test_expiry_reads_in_words_in_the_site_time_zone(settings):
    settings.ARTICLE_PREVIEW_LINK_DAYS = 7
    settings.TIME_ZONE = "Europe/London"
    made = datetime(2026, 12, 7, 3, 34, tzinfo=UTC)
    link = PreviewLinkFactory(created_at=made)
    with time_machine.travel(made + timedelta(hours=20), tick=False):
        assert link.expiry_in_words().replace("\xa0", " ") == (
            "in 6 days — Mon 14 Dec 2026, 03:34 GMT"
        )
    with time_machine.travel(made + timedelta(days=9, hours=1), tick=False):
        assert link.expiry_in_words().replace("\xa0", " ") == (
            "expired 2 days ago — Mon 14 Dec 2026, 03:34 GMT"
        )
    settings.TIME_ZONE = "America/New_York"
    assert link.expires_when == "Sun 13 Dec 2026, 22:34 EST"


def test_label_says_for_once():
    link = PreviewLinkFactory(
        article__title="Heartstopper 4", note="For the Netflix press office"
    )
    assert str(link) == "Preview of “Heartstopper 4” for the Netflix press office"
    link.note = "Netflix press office"
    assert str(link) == "Preview of “Heartstopper 4” for Netflix press office"


def test_change_form_shows_the_full_address_a_copy_button_and_the_expiry(
    client, editor, settings
):
    settings.SITE_URL = "https://showsite.example"
    link = PreviewLinkFactory(note="the Netflix press office")
    client.force_login(editor)
    html = client.get(CHANGE_URL.format(link.article.pk)).content.decode()
    assert 'value="https://showsite.example/preview/' in html
    assert f'data-copy-from="preview-link-{link.pk}"' in html
    assert "js/preview-links.js" in html
    assert "in 6\xa0days — " in html or "in 6 days — " in html
    assert link.expires_at.isoformat(" ") not in html
    assert "Who it is for" in html
    assert "for For" not in html


def test_expired_and_revoked_links_show_no_address(client, editor, settings):
    settings.ARTICLE_PREVIEW_LINK_DAYS = 7
    article = ArticleFactory(state="draft", published_at=None)
    PreviewLinkFactory(article=article, created_at=timezone.now() - timedelta(days=9))
    PreviewLinkFactory(article=article, revoked=True)
    client.force_login(editor)
    html = client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert "/preview/" not in html
    assert "Expired: add a new link" in html and "Revoked: the link" in html
    assert "expired 2\xa0days ago" in html


def test_change_form_queries_do_not_grow_with_links(
    client, editor, django_assert_num_queries
):
    client.force_login(editor)
    article = ArticleFactory(state="draft", published_at=None)
    PreviewLinkFactory(article=article, created_by=editor)
    client.get(CHANGE_URL.format(article.pk))  # warm the content-type cache
    with CaptureQueriesContext(connection) as one:
        client.get(CHANGE_URL.format(article.pk))
    PreviewLinkFactory.create_batch(4, article=article, created_by=UserFactory())
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(CHANGE_URL.format(article.pk))
