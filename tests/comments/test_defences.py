"""Every defence of the comment form: honeypot, timestamp, rate limits, holds, bans,
CSRF on cached pages, closing."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from comments.models import BannedEmail, BannedNetwork, Comment, HeldWord
from comments.tokens import issue_form_token
from tests.factories import ArticleFactory, comment_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Heartstopper season 2", slug="hs2")


def _post(client, article, **data):
    return client.post(
        f"/comments/article/{article.pk}/write/", comment_form_data(article, **data)
    )


def test_a_valid_post_is_stored_pending_and_redirects_with_a_notice(client, article):
    response = _post(client, article)

    assert response.status_code == 302
    assert response["Location"] == "/articles/hs2/#comments"
    comment = Comment.objects.get()
    assert (comment.state, comment.name, comment.email) == (
        "pending",
        "Robin Reader",
        "robin@example.com",
    )
    assert comment.ip_address == "127.0.0.1"
    page = client.get(response["Location"]).content.decode()
    assert "awaits moderation" in page
    assert comment.body not in page  # not public yet


def test_the_honeypot_stores_nothing_and_tells_the_bot_nothing(client, article):
    response = _post(client, article, homepage="http://cheap-pills.example")

    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert "awaits moderation" in client.get(response["Location"]).content.decode()


def test_a_post_made_too_fast_is_refused_and_keeps_the_text(client, article):
    response = _post(client, article, seconds_ago=0, body="Typed in a hurry")

    assert response.status_code == 400
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert "That was quick" in html
    assert "Typed in a hurry" in html  # nothing lost
    assert 'name="form_token" value="' in html  # a fresh token to send again


def test_a_post_from_a_stale_form_is_refused_and_keeps_the_text(
    client, article, settings
):
    settings.COMMENTS_FORM_MAX_AGE = 3600
    response = _post(client, article, seconds_ago=3601, body="Written long ago")

    assert response.status_code == 400
    assert "has expired" in response.content.decode()
    assert "Written long ago" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "token",
    ["", "forged", issue_form_token(999_999, now=time.time() - 60)],
    ids=["missing", "forged", "other-article"],
)
def test_a_missing_forged_or_foreign_token_is_refused(client, article, token):
    response = _post(client, article, form_token=token)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_form_errors_are_400_with_the_text_kept(client, article):
    response = _post(client, article, email="not-an-email", body="<b>Keep me</b>")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address" in html
    assert "&lt;b&gt;Keep me&lt;/b&gt;" in html
    assert 'aria-invalid="true"' in html


def test_a_body_over_the_limit_is_a_form_error(client, article, settings):
    settings.COMMENTS_MAX_LENGTH = 50
    response = _post(client, article, body="x" * 51)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_per_ip_rate_limit_answers_429_with_a_friendly_page(client, article, settings):
    settings.COMMENTS_RATE_LIMIT_PER_IP = 2
    settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 100
    for n in range(2):
        assert _post(client, article, email=f"r{n}@example.com").status_code == 302

    response = _post(client, article, email="r9@example.com", body="Third try")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Please wait" in html and "Third try" in html
    assert Comment.objects.count() == 2
    other_reader = Client(REMOTE_ADDR="203.0.113.50")
    assert _post(other_reader, article, email="r10@example.com").status_code == 302


def test_per_email_rate_limit_counts_across_addresses(article, settings):
    settings.COMMENTS_RATE_LIMIT_PER_IP = 100
    settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 1
    first = Client(REMOTE_ADDR="203.0.113.1")
    second = Client(REMOTE_ADDR="203.0.113.2")
    assert _post(first, article, body="One").status_code == 302

    assert _post(second, article, body="Two").status_code == 429
    assert Comment.objects.count() == 1


def test_the_rate_limit_window_passes(client, article, settings):
    settings.COMMENTS_RATE_LIMIT_PER_IP = 1
    settings.COMMENTS_RATE_LIMIT_WINDOW = 600
    assert _post(client, article, body="One").status_code == 302
    assert _post(client, article, body="Two").status_code == 429

    with time_machine.travel(timezone.now() + timedelta(seconds=600)):
        assert _post(client, article, body="Three").status_code == 302


def test_too_many_links_hold_the_comment(client, article, settings):
    settings.COMMENTS_MAX_LINKS = 1
    settings.COMMENTS_TRUST_THRESHOLD = 0
    _post(client, article, body="See https://a.example and www.b.example")

    comment = Comment.objects.get()
    assert comment.state == "pending"
    assert comment.hold_reason == "Held: 2 links"


def test_links_within_the_limit_are_not_held_for_a_trusted_reader(
    client, article, settings
):
    from tests.factories import CommentFactory

    settings.COMMENTS_MAX_LINKS = 1
    settings.COMMENTS_TRUST_THRESHOLD = 1
    CommentFactory(email="robin@example.com", state="approved")

    _post(client, article, body="See https://a.example for the trailer")

    assert Comment.objects.get(body__contains="trailer").state == "approved"


def test_a_held_word_holds_the_comment_even_for_a_trusted_reader(
    client, article, settings
):
    from tests.factories import CommentFactory

    settings.COMMENTS_TRUST_THRESHOLD = 1
    CommentFactory(email="robin@example.com", state="approved")
    HeldWord.objects.create(word="Season  Three LEAK")

    _post(client, article, body="Here is the season three leak, enjoy")

    comment = Comment.objects.get(body__contains="enjoy")
    assert comment.state == "pending"
    assert "season three leak" in comment.hold_reason


def test_a_held_word_matches_whole_words_only(client, article, settings):
    settings.COMMENTS_TRUST_THRESHOLD = 1
    from tests.factories import CommentFactory

    CommentFactory(email="robin@example.com", state="approved")
    HeldWord.objects.create(word="ass")

    _post(client, article, body="A classic assessment of the cast")

    assert Comment.objects.get(body__contains="classic").state == "approved"


@pytest.mark.parametrize(
    "pattern", ["robin@example.com", "@example.com"], ids=["address", "domain"]
)
def test_a_banned_email_goes_straight_to_spam(client, article, pattern):
    BannedEmail.objects.create(pattern=pattern)

    response = _post(client, article, email="Robin@Example.com")

    assert response.status_code == 302  # the spammer is not told
    comment = Comment.objects.get()
    assert comment.state == "spam"
    assert comment.hold_reason == "Banned e-mail address"


@pytest.mark.parametrize(
    ("network", "address", "banned"),
    [
        ("203.0.113.0/24", "203.0.113.77", True),
        ("203.0.113.0/24", "203.0.114.1", False),
        ("203.0.113.9", "203.0.113.9", True),
        ("2001:db8::/32", "2001:db8:1::5", True),
        ("2001:db8::/32", "2001:db9::5", False),
    ],
)
def test_a_banned_ip_range_goes_straight_to_spam(article, network, address, banned):
    BannedNetwork.objects.create(network=network)

    _post(Client(REMOTE_ADDR=address), article)

    assert Comment.objects.get().state == ("spam" if banned else "pending")


def test_banned_network_is_stored_in_cidr_form():
    assert BannedNetwork.objects.create(network=" 203.0.113.7/24 ").network == (
        "203.0.113.0/24"
    )


def test_the_client_ip_header_is_used_behind_a_proxy(article, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.TRUSTED_PROXY_COUNT = 1
    BannedNetwork.objects.create(network="198.51.100.0/24")

    _post(Client(HTTP_X_REAL_IP="198.51.100.4"), article)

    comment = Comment.objects.get()
    assert (comment.ip_address, comment.state) == ("198.51.100.4", "spam")


# --- CSRF, with the page cache on ---------------------------------------------------


def test_cached_article_page_carries_no_csrf_token_and_the_token_endpoint_does(
    article, page_cache, settings
):
    reader = Client(enforce_csrf_checks=True)
    first = reader.get(article.get_absolute_url())
    second = reader.get(article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    html = first.content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert "csrftoken" not in first.cookies

    token = reader.get(f"/comments/token/?article={article.pk}")

    assert token.status_code == 200
    assert "no-cache" in token["Cache-Control"] or "no-store" in token["Cache-Control"]
    data = token.json()
    assert data["open"] is True
    assert "csrftoken" in token.cookies
    settings.COMMENTS_MIN_SECONDS = 0  # the script's token is seconds old here
    posted = reader.post(
        f"/comments/article/{article.pk}/write/",
        comment_form_data(
            article,
            csrfmiddlewaretoken=data["csrf_token"],
            form_token=data["form_token"],
        ),
    )
    assert posted.status_code == 302
    assert Comment.objects.count() == 1


def test_a_post_without_a_csrf_token_is_refused(article):
    reader = Client(enforce_csrf_checks=True)
    response = _post(reader, article)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_the_form_page_works_without_javascript(article):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(f"/comments/article/{article.pk}/write/")
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "private" in page["Cache-Control"]
    csrf = page.context["csrf_token"]
    token = page.context["fresh_form_token"]

    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        response = reader.post(
            f"/comments/article/{article.pk}/write/",
            comment_form_data(article, csrfmiddlewaretoken=str(csrf), form_token=token),
        )

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_token_endpoint_is_404_for_a_draft_or_nonsense(client):
    draft = ArticleFactory(state="draft", published_at=None)
    assert client.get(f"/comments/token/?article={draft.pk}").status_code == 404
    assert client.get("/comments/token/?article=abc").status_code == 404
    assert client.get("/comments/token/").status_code == 404


# --- closing ------------------------------------------------------------------------


def test_comments_close_the_set_number_of_days_after_publication(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=15))
    fresh = ArticleFactory(published_at=timezone.now() - timedelta(days=13))

    assert _post(client, old).status_code == 403
    assert "closed" in client.get(old.get_absolute_url()).content.decode()
    assert _post(client, fresh).status_code == 302
    assert 'id="comment-form"' in client.get(fresh.get_absolute_url()).content.decode()
    assert Comment.objects.count() == 1


def test_an_article_close_time_overrides_the_default(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    kept_open = ArticleFactory(
        published_at=timezone.now() - timedelta(days=100),
        comments_close_at=timezone.now() + timedelta(days=1),
    )
    closed_early = ArticleFactory(comments_close_at=timezone.now())

    assert _post(client, kept_open).status_code == 302
    assert _post(client, closed_early).status_code == 403


def test_an_editor_closing_comments_refuses_posts_and_keeps_the_text(client):
    article = ArticleFactory(comments_open=False)

    response = _post(client, article, body="My thoughts, kept")

    assert response.status_code == 403
    assert "closed" in response.content.decode()
    assert "My thoughts, kept" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_draft_takes_no_comments(client):
    draft = ArticleFactory(state="draft", published_at=None)
    assert _post(client, draft).status_code == 404


def test_closing_time_is_a_page_cache_horizon(settings):
    from comments.rules import next_comments_closing

    settings.COMMENTS_CLOSE_AFTER_DAYS = 10
    now = timezone.now()
    ArticleFactory(published_at=now - timedelta(days=3))
    ArticleFactory(
        published_at=now - timedelta(days=1), comments_close_at=now + timedelta(hours=5)
    )
    ArticleFactory(published_at=now - timedelta(days=2), comments_open=False)

    assert next_comments_closing(now) == now + timedelta(hours=5)
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    ArticleFactory(published_at=now, comments_close_at=now + timedelta(hours=1))
    assert next_comments_closing(now) == now + timedelta(hours=1)
