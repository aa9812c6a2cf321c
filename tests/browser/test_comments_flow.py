"""Comments in a real browser, with the page cache on: a reader posts on a cached
article page, a moderator approves in the admin, the reader sees it on reload.

Also: the comment pages pass axe in both colour schemes and the Nu HTML checker, and
their screenshots are saved under test-artifacts/screenshots/.
"""

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, CommentFactory, UserFactory

from .test_html_validity import run_nu_checker

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

COMMENT = "Loved the first season. <b>Bold</b> guess: https://example.com/s2 in July!"


@pytest.fixture
def cached_site(settings, page_cache):
    settings.COMMENTS_MIN_SECONDS = 1  # still a real check, without a slow test
    settings.COMMENTS_TRUST_THRESHOLD = 0
    return page_cache


def test_reader_posts_on_a_cached_page_moderator_approves_reader_sees_it(
    cached_site, open_page, screenshot, roles
):
    article = ArticleFactory(title="Heartstopper season 2: when?", slug="hs2-when")
    CommentFactory(article=article, name="Sam", body="Can't wait for this.")
    moderator = UserFactory(username="mod", groups=[roles["Moderators"]], is_staff=True)
    moderator.set_password("mod-password")
    moderator.save()

    # Someone else's visit stored the page; this reader's copy comes from the cache,
    # and the cached HTML carries no CSRF token (the script fetched one).
    open_page(article.get_absolute_url())
    visit = open_page(article.get_absolute_url())
    page = visit.page
    served = page.request.get(article.get_absolute_url())
    assert served.headers.get("x-page-cache") == "hit"
    assert 'name="csrfmiddlewaretoken" value=""' in served.text()

    form = page.locator("#comment-form")
    form.wait_for(state="visible")  # comments.js fetched the tokens
    assert page.locator("[data-comment-fallback]").is_hidden()
    page.fill("#id_name", "Robin <script>")
    page.fill("#id_email", "robin@example.com")
    page.fill("#id_body", COMMENT)
    screenshot(page, "comments-article-form-desktop")
    page.wait_for_timeout(1100)  # a person takes longer than COMMENTS_MIN_SECONDS
    with page.expect_navigation():
        page.click("#comment-form button[type=submit]")

    assert page.url.endswith("/articles/hs2-when/#comments")
    assert "awaits moderation" in page.locator(".messages").inner_text()
    assert "Bold" not in page.locator(".comment-list").inner_text()
    screenshot(page, "comments-article-after-post-desktop")
    visit.assert_clean()

    # The moderator approves it with the row's one-click button.
    admin = open_page("/admin/login/", check=False).page
    admin.fill("#id_username", "mod")
    admin.fill("#id_password", "mod-password")
    with admin.expect_navigation():
        admin.click("input[type=submit]")
    admin.goto("/admin/comments/comment/")
    row = admin.locator("#result_list tbody tr", has_text="Robin <script>")
    assert row.locator(".mod-state").inner_text() == "Pending"
    screenshot(admin, "comments-admin-queue-desktop")
    with admin.expect_navigation():
        row.locator("button", has_text="Approve").click()
    assert "approved" in admin.locator(".messagelist").inner_text()
    screenshot(admin, "comments-admin-after-approve-desktop")

    # The reader reloads and sees the comment, escaped, with a safe link.
    page.goto(article.get_absolute_url())
    comment = page.locator(".comment", has_text="Loved the first season")
    assert comment.count() == 1
    assert comment.locator(".comment__author").inner_text() == "Robin <script>"
    assert "<b>Bold</b>" in comment.locator(".comment__body").inner_text()
    link = comment.locator(".comment__body a")
    assert link.get_attribute("href") == "https://example.com/s2"
    assert link.get_attribute("rel") == "nofollow ugc noopener"
    screenshot(page, "comments-article-approved-desktop")
    visit.assert_clean()


def test_reply_link_fills_the_form_in_place(cached_site, open_page, screenshot):
    article = ArticleFactory(slug="reply-here")
    parent = CommentFactory(article=article, name="Jo", body="Which volume is next?")

    page = open_page(article.get_absolute_url(), viewport="phone").page
    page.locator("#comment-form").wait_for(state="visible")
    page.click(f"#comment-{parent.pk} a[data-reply-to]")

    assert page.locator("[data-replying]").is_visible()
    assert page.locator("[data-replying-name]").inner_text() == "Jo"
    assert page.input_value("input[name=parent]") == str(parent.pk)
    screenshot(page, "comments-reply-phone")
    page.click("[data-cancel-reply]")
    assert page.input_value("input[name=parent]") == ""


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_comment_pages_pass_axe(
    settings, open_page, screenshot, check_axe, viewport, color_scheme
):
    settings.COMMENTS_PER_PAGE = 3
    article = ArticleFactory(slug="axe")
    parent = CommentFactory(article=article, name="Sam", body="First!\nSecond line.")
    CommentFactory(article=article, parent=parent, name="Jo", body="Replying.")
    CommentFactory.create_batch(3, article=article)
    pages = {
        "article": article.get_absolute_url(),
        "write": f"/comments/article/{article.pk}/write/?parent={parent.pk}",
        "list": "/comments/article/axe/?page=2",
        "report": f"/comments/{parent.pk}/report/",
    }
    for name, url in pages.items():
        page = open_page(url, viewport=viewport, color_scheme=color_scheme).page
        if name == "article":
            page.locator("#comment-form").wait_for(state="visible")
        check_axe(page)
        screenshot(page, f"comments-{name}-{viewport}-{color_scheme}")


def test_a_form_error_page_passes_axe(settings, open_page, screenshot, check_axe):
    article = ArticleFactory()
    # check=False: the error page answers 400, which Chromium logs as a console
    # error; everything else the browser reports is checked below.
    visit = open_page(f"/comments/article/{article.pk}/write/", check=False)
    page = visit.page
    page.fill("#id_name", "Robin")
    page.fill("#id_email", "robin@example.com")
    page.fill("#id_body", "Sent too quickly")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "That was quick" in page.inner_text(".message--error")
    assert page.input_value("#id_body") == "Sent too quickly"
    check_axe(page)
    screenshot(page, "comments-form-error-desktop")
    problems = [p for p in visit.collect() if "status of 400 (Bad Request)" not in p]
    assert problems == []


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs java")
@pytest.mark.django_db
def test_comment_pages_are_valid_html(client, tmp_path):
    # Whole seconds: the byline's <time> (articles' template) prints microseconds.
    published = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    article = ArticleFactory(slug="valid", published_at=published)
    parent = CommentFactory(article=article, body="See https://example.com/?a=1&b=2")
    CommentFactory(article=article, parent=parent)
    urls = {
        "article": article.get_absolute_url(),
        "write": f"/comments/article/{article.pk}/write/?parent={parent.pk}",
        "list": "/comments/article/valid/",
        "report": f"/comments/{parent.pk}/report/",
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"{name}.html").write_bytes(response.content)
    error = client.post(f"/comments/article/{article.pk}/write/", {"name": "x"})
    assert error.status_code == 400
    (tmp_path / "error.html").write_bytes(error.content)

    result = run_nu_checker(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
