"""Two editors on one piece, in Chromium: the second sees who else is editing; both
save; the second gets the merge view, confirms, and the piece keeps both changes."""

import pytest

from articles.merge import split_paragraphs
from articles.models import Article, ArticlePresence
from core.roles import EDITORS, sync_roles
from tests.factories import UserFactory
from tests.inflight import between_requests

from .conftest import VIEWPORTS, check_axe_within, settle_preview

pytestmark = [pytest.mark.browser]

SLUG = "heartstopper-season-2-release-date"
A_ADDS = " Eddie's addition to the first paragraph."
B_ADDS = " Erin's addition to the third paragraph."


@pytest.fixture
def demo(committed_demo):
    """The demo content, committed, with its known logins."""
    # The demo piece as a draft: saving a draft writes the row (a live piece's
    # edits wait as a draft change, merged by the same code but tested apart).
    Article.objects.filter(slug=SLUG).update(state="draft")


@pytest.fixture
def erin(demo):
    user = UserFactory(
        username="erin",
        first_name="Erin",
        last_name="Editor",
        groups=[sync_roles()[EDITORS]],
        is_staff=True,
    )
    user.set_password("erin-password")
    user.save()
    return user


def log_in(open_page, path, username, password):
    visit = open_page(f"/admin/login/?next={path}")
    page = visit.page
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith(path)
    return visit


def with_addition(body: str, index: int, addition: str) -> str:
    paragraphs = split_paragraphs(body)
    paragraphs[index] += addition
    return "\n\n".join(paragraphs)


def wait_for_presence(page, username):
    for _ in range(50):
        with between_requests():
            if ArticlePresence.objects.filter(user__username=username).exists():
                return
        page.wait_for_timeout(100)
    pytest.fail(f"{username}'s heartbeat never arrived")


def save(page):
    settle_preview(page)
    with page.expect_navigation():
        page.click("input[name=_continue]")


def check_merge_axe(visit, axe_source):
    """axe on what this feature adds (the merge panel, the presence banner); the
    rest of the form is the admin's, with select2 violations of its own."""
    check_axe_within(visit, axe_source, [".desk-merge", ".desk-presence", ".errornote"])


def test_two_editors_see_each_other_and_the_merge_keeps_both_paragraphs(
    demo, erin, open_page, screenshot, axe_source
):
    article = Article.objects.get(slug=SLUG)
    path = f"/admin/articles/article/{article.pk}/change/"
    original = article.body

    eddie = log_in(open_page, path, "editor", "editor-demo")
    wait_for_presence(eddie.page, "editor")
    erins = log_in(open_page, path, "erin", "erin-password")
    page = erins.page
    banner = page.locator(".desk-presence")
    assert banner.is_visible()
    assert "Eddie Editor is editing since" in banner.inner_text()
    screenshot(page, "presence-banner")
    # Eddie's page learns of Erin from its next heartbeat's answer (every 20 s).
    eddie.page.locator(".desk-presence").filter(
        has_text="Erin Editor is editing since"
    ).wait_for(timeout=25_000)

    eddie.page.fill("#id_body", with_addition(original, 0, A_ADDS))
    save(eddie.page)
    assert A_ADDS in Article.objects.get(pk=article.pk).body

    page.fill("#id_body", with_addition(original, 2, B_ADDS))
    save(page)
    merge = page.locator("#desk-merge")
    assert merge.is_visible()
    assert "Merge your changes with Eddie Editor’s" in merge.inner_text()
    assert A_ADDS.strip() in merge.inner_text()  # their change is shown
    both = with_addition(with_addition(original, 0, A_ADDS), 2, B_ADDS)
    assert page.input_value("#id_body") == both
    assert Article.objects.get(pk=article.pk).body.count(B_ADDS) == 0
    erins.assert_clean()
    check_merge_axe(erins, axe_source)
    screenshot(page, "merge-view")

    page.set_viewport_size(VIEWPORTS["phone"])
    page.wait_for_timeout(200)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the merge view scrolls sideways by {overflow}px"
    check_merge_axe(erins, axe_source)
    screenshot(page, "merge-view-phone")
    page.set_viewport_size(VIEWPORTS["desktop"])

    save(page)  # confirms the merge
    assert "was changed successfully" in page.content()
    saved = Article.objects.get(pk=article.pk).body
    assert A_ADDS in saved and B_ADDS in saved
    assert saved.replace("\r\n", "\n") == both  # a form posts CRLF


def test_a_conflict_is_resolved_with_the_keep_buttons(
    demo, erin, open_page, screenshot, axe_source
):
    article = Article.objects.get(slug=SLUG)
    path = f"/admin/articles/article/{article.pk}/change/"
    original = article.body
    eddie = log_in(open_page, path, "editor", "editor-demo")
    erins = log_in(open_page, path, "erin", "erin-password")
    page = erins.page

    eddie.page.fill("#id_body", with_addition(original, 0, A_ADDS))
    eddie.page.fill("#id_title", "Eddie's headline")
    save(eddie.page)
    page.fill("#id_body", with_addition(original, 0, B_ADDS))
    page.fill("#id_title", "Erin's headline")
    save(page)
    assert "<<<<<<< yours" in page.input_value("#id_body")
    assert page.input_value("#id_title") == "Erin's headline"  # mine until I choose
    check_merge_axe(erins, axe_source)
    screenshot(page, "merge-view-conflict")

    page.click("[data-merge-field='title'] [data-merge-keep='theirs']")
    assert page.input_value("#id_title") == "Eddie's headline"
    page.click("[data-merge-conflict='0'] [data-merge-keep='both']")
    body = page.input_value("#id_body")
    assert "<<<<<<<" not in body and A_ADDS in body and B_ADDS in body
    assert page.locator(".desk-merge__done").inner_text() == "Kept both."
    save(page)
    saved = Article.objects.get(pk=article.pk)
    assert A_ADDS in saved.body and B_ADDS in saved.body
    assert saved.title == "Eddie's headline"


def test_leaving_the_merge_view_asks_first_and_ends_presence(demo, erin, open_page):
    """The merge view's form is unsaved work from the moment it loads; leaving the
    form sends the leave beacon."""
    article = Article.objects.get(slug=SLUG)
    path = f"/admin/articles/article/{article.pk}/change/"
    original = article.body
    eddie = log_in(open_page, path, "editor", "editor-demo")
    erins = log_in(open_page, path, "erin", "erin-password")
    page = erins.page
    eddie.page.fill("#id_body", with_addition(original, 0, A_ADDS))
    save(eddie.page)
    page.fill("#id_body", with_addition(original, 2, B_ADDS))
    save(page)
    assert page.locator("#desk-merge").is_visible()

    seen = []

    def on_dialog(dialog):
        seen.append(dialog.type)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.click("#id_title")  # the browser asks only on a page the user touched
    settle_preview(page)
    page.goto("/admin/")
    assert seen == ["beforeunload"]
    # Leaving the form told the server at once: Erin is no longer on the piece.
    gone = ArticlePresence.objects.filter(user=erin, article=article)

    def still_there() -> bool:
        with between_requests():
            return gone.exists()

    for _ in range(50):
        if not still_there():
            break
        page.wait_for_timeout(100)
    assert not still_there()
