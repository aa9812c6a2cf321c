"""Comments as readers see them: escaped, linked safely, threaded, capped, and the
article page's query count flat however many there are; cached pages stay fresh."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from comments import services
from comments.models import Comment
from comments.text import find_links, render_body
from tests.factories import ArticleFactory, CommentFactory, comment_form_data

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '"><iframe src="javascript:alert(1)"></iframe>',
    "javascript:alert(document.cookie)",
    "<a href='javascript:alert(1)'>click</a>",
    '<div style="background:url(javascript:alert(1))">',
    'https://example.com/"onmouseover=alert(1)//',
    "www.example.com/<script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "{{ 7*7 }} {% debug %}",
]


def _bulk_comments(article, n, *, replies_every=5):
    """``n`` approved comments, every ``replies_every``-th a reply, in two queries."""
    now = timezone.now()
    roots = Comment.objects.bulk_create(
        Comment(
            article=article,
            name=f"Reader {i}",
            email=f"r{i}@example.com",
            body=f"Root comment {i}",
            state="approved",
            created_at=now - timedelta(minutes=n - i),
            dedupe_key=f"root-{article.pk}-{i}",
        )
        for i in range(n - n // replies_every)
    )
    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=roots[i],
            name=f"Replier {i}",
            email=f"reply{i}@example.com",
            body=f"Reply {i}",
            state="approved",
            created_at=now,
            dedupe_key=f"reply-{article.pk}-{i}",
        )
        for i in range(n // replies_every)
    )


# --- rendering ------------------------------------------------------------------------


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_in_name_and_body_are_inert_on_the_article_page(client, payload):
    article = ArticleFactory()
    CommentFactory(article=article, name=payload[:80], body=payload)

    html = client.get(article.get_absolute_url()).content.decode()
    section = html[html.index('id="comments"') :]

    assert "<script>alert" not in section
    assert "<img src=x" not in section and "<svg" not in section
    assert "<iframe" not in section
    assert "onerror=" not in section.replace("onerror=&quot;", "")
    assert 'href="javascript:' not in section and "href='javascript:" not in section
    assert "onmouseover=alert" not in re.sub(r"&quot;onmouseover", "", section)
    if not find_links(payload):  # shown, as text
        assert escape(payload) in section


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_inert_on_the_comments_page_and_reply_page(client, payload):
    article = ArticleFactory()
    comment = CommentFactory(article=article, name=payload[:80], body=payload)

    for url in (
        f"/comments/article/{article.slug}/",
        f"/comments/article/{article.pk}/write/?parent={comment.pk}",
        f"/comments/{comment.pk}/report/",
    ):
        html = client.get(url).content.decode()
        main = html[html.index("<main") :]
        assert "<script>alert" not in main, url
        assert "<img src=x" not in main and "<svg" not in main, url
        assert "<iframe" not in main, url


def test_body_keeps_line_breaks_and_links_get_nofollow_ugc_noopener():
    html = render_body(
        "First line\nSee https://example.com/a_(b), and www.example.org.\n"
        "Mail me@example.com"
    )

    assert html == (
        "First line<br>\nSee "
        '<a href="https://example.com/a_(b)" rel="nofollow ugc noopener">'
        "https://example.com/a_(b)</a>, and "
        '<a href="https://www.example.org" rel="nofollow ugc noopener">'
        "www.example.org</a>.<br>\nMail me@example.com"
    )


def test_long_links_are_shortened_in_the_text_not_the_href():
    url = "https://example.com/" + "a" * 100
    html = render_body(url)
    assert f'href="{url}"' in html
    assert "…</a>" in html


def test_query_strings_in_links_are_escaped():
    html = render_body("https://example.com/?a=1&b=<2>")
    assert 'href="https://example.com/?a=1&amp;b="' in html
    assert "&lt;2&gt;" in html


@given(st.text(max_size=300))
def test_rendered_text_has_no_markup_but_links_and_breaks(text):
    html = render_body(text)
    tags = re.findall(r"<(/?[a-zA-Z][^\s>/]*)", html)
    assert set(tags) <= {"a", "/a", "br"}
    assert html.count("<a ") == len(find_links(text))
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("https://", "http://"))


# --- the reader flow ------------------------------------------------------------------


def test_a_trusted_reader_sees_the_comment_published_at_once(client, settings):
    settings.COMMENTS_TRUST_THRESHOLD = 1
    article = ArticleFactory(slug="trusted")
    CommentFactory(email="robin@example.com")

    response = client.post(
        f"/comments/article/{article.pk}/write/",
        comment_form_data(article, body="Published straight away"),
    )

    comment = Comment.objects.get(body="Published straight away")
    assert response["Location"] == f"/articles/trusted/#comment-{comment.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Your comment is published" in page
    assert "Published straight away" in page


def test_a_reply_appears_under_its_comment(client):
    article = ArticleFactory()
    parent = CommentFactory(article=article, name="Parent", body="First thought")
    CommentFactory(article=article, name="Later", body="A later thread")
    client.post(
        f"/comments/article/{article.pk}/write/",
        comment_form_data(article, parent=str(parent.pk), body="I agree"),
    )
    reply = Comment.objects.get(body="I agree")
    assert reply.parent == parent
    reply.state = "approved"
    reply.save()

    html = client.get(article.get_absolute_url()).content.decode()

    order = [
        html.index(text) for text in ("A later thread", "First thought", "I agree")
    ]
    assert order == sorted(order)  # newest thread first, reply under its parent
    assert f'class="comment comment--reply" id="comment-{reply.pk}"' in html
    assert "replying to <bdi>Parent</bdi>" in html


@pytest.mark.parametrize(
    "parent_kwargs",
    [
        {"state": "pending"},
        {"state": "rejected"},
        {"hidden_by_reports": True},
        {"article_other": True},
        {"is_reply": True},
    ],
    ids=["pending", "rejected", "hidden", "other-article", "a-reply"],
)
def test_replies_go_only_to_approved_top_level_comments_of_the_same_piece(
    client, parent_kwargs
):
    article = ArticleFactory()
    kwargs = dict(parent_kwargs)
    other = ArticleFactory() if kwargs.pop("article_other", False) else article
    if kwargs.pop("is_reply", False):
        kwargs["parent"] = CommentFactory(article=article)
    parent = CommentFactory(article=other, **kwargs)

    response = client.post(
        f"/comments/article/{article.pk}/write/",
        comment_form_data(article, parent=str(parent.pk), body="Orphan reply"),
    )

    assert response.status_code == 400
    assert "no longer available" in response.content.decode()
    assert "Orphan reply" in response.content.decode()
    assert not Comment.objects.filter(body="Orphan reply").exists()


def test_only_approved_unhidden_comments_are_shown(client):
    article = ArticleFactory()
    for state in ("pending", "rejected", "spam"):
        CommentFactory(article=article, state=state, body=f"The {state} one")
    CommentFactory(article=article, hidden_by_reports=True, body="The hidden one")
    rejected_parent = CommentFactory(article=article, state="rejected")
    CommentFactory(article=article, parent=rejected_parent, body="Orphaned reply")
    CommentFactory(article=article, body="The approved one")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "The approved one" in html
    for hidden in ("pending", "rejected", "spam", "hidden"):
        assert f"The {hidden} one" not in html
    assert "Orphaned reply" not in html
    assert 'Comments <span class="comments__count">(1)</span>' in html


def test_a_preview_shows_no_comment_area(client, editor):
    article = ArticleFactory(state="draft", published_at=None)
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="comments"' not in html


# --- capped page, paginated list, query counts ----------------------------------------


def test_the_article_page_shows_a_capped_first_page_and_links_to_more(client, settings):
    settings.COMMENTS_PER_PAGE = 5
    article = ArticleFactory(slug="busy")
    _bulk_comments(article, 12, replies_every=100)

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count('class="comment"') == 5
    assert "Root comment 11" in html and "Root comment 7" in html
    assert "Root comment 6" not in html
    assert 'href="/comments/article/busy/?page=2"' in html
    page2 = client.get("/comments/article/busy/?page=2").content.decode()
    assert "Root comment 6" in page2 and "Root comment 2" in page2
    assert "Root comment 11" not in page2
    assert client.get("/comments/article/busy/?page=9").status_code == 404


@pytest.mark.parametrize("n", [0, 50, 500])
def test_article_page_query_count_is_flat_in_the_number_of_comments(
    client, django_assert_num_queries, n
):
    article = ArticleFactory()
    _bulk_comments(article, n)
    # The article (its authors, tags and subjects in the same query), then the
    # comments: one query for the first page and the total.
    with django_assert_num_queries(2):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('<li class="comment') == min(n, 20)


@pytest.mark.parametrize("n", [30, 300])
def test_comments_page_query_count_is_flat(client, django_assert_num_queries, n):
    article = ArticleFactory(slug="flat")
    _bulk_comments(article, n)
    # The article, the count, the page.
    with django_assert_num_queries(3):
        assert client.get("/comments/article/flat/?page=2").status_code == 200


# --- the page cache -------------------------------------------------------------------


def _cached_page(client, article):
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    return response


def test_a_pending_comment_does_not_invalidate_cached_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    _cached_page(client, article)

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_submit(
            article=article, name="N", email="n@example.com", body="Still pending"
        )

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_approving_a_comment_shows_it_at_the_next_request(
    client, page_cache, moderator, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    comment = CommentFactory(article=article, state="pending", body="Now approved")
    _cached_page(client, article)

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(comment=comment, by=moderator)

    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Now approved" in response.content.decode()


@pytest.mark.parametrize("decision", ["reject", "mark_spam"])
def test_removing_an_approved_comment_shows_at_the_next_request(
    client, page_cache, moderator, django_capture_on_commit_callbacks, decision
):
    article = ArticleFactory()
    comment = CommentFactory(article=article, body="Soon gone")
    assert "Soon gone" in _cached_page(client, article).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        getattr(services, f"comment_{decision}")(comment=comment, by=moderator)

    assert "Soon gone" not in client.get(article.get_absolute_url()).content.decode()


def test_rejecting_a_pending_comment_keeps_cached_pages(
    client, page_cache, moderator, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    comment = CommentFactory(article=article, state="pending")
    _cached_page(client, article)

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_reject(comment=comment, by=moderator)

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_hiding_by_reports_shows_at_the_next_request_and_a_report_alone_does_not(
    client, page_cache, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_REPORTS_TO_HIDE = 2
    article = ArticleFactory()
    comment = CommentFactory(article=article, body="Reported text")
    _cached_page(client, article)

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_report(comment=comment, reason="abuse", ip_address="::1")
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_report(comment=comment, reason="abuse", ip_address="::2")
    assert (
        "Reported text" not in client.get(article.get_absolute_url()).content.decode()
    )
