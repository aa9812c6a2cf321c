"""History and preview links in Chromium: the side-by-side diff reads and passes axe
at desktop and phone widths, Restore only loads the form, and a preview link's full
address copies with one click, in a column that never scrolls sideways."""

import pytest
from reversion.models import Version

from articles.revisions import record_revision
from tests.browser.conftest import SCREENSHOTS
from tests.browser.conftest import settle_preview as settle
from tests.factories import ArticleFactory, PreviewLinkFactory, UserFactory

pytestmark = pytest.mark.browser

NOTES = [
    "For the Netflix press office",
    "The showrunner's agent, who asked for an early look before the embargo",
    "Translation desk",
]


@pytest.fixture
def editor_login(open_page, roles):
    UserFactory(
        username="eddie",
        first_name="Eddie",
        last_name="Editor",
        groups=[roles["Editors"]],
        is_staff=True,
    )

    def _open(path, **kwargs):
        visit = open_page(f"/admin/login/?next={path}", **kwargs)
        page = visit.page
        page.fill("#id_username", "eddie")
        page.fill("#id_password", "password")
        with page.expect_navigation():
            page.click("input[type=submit]")
        return visit

    return _open


@pytest.fixture
def piece(roles):
    """A draft with three revisions: a first text, a long body edit, a new title."""
    eddie = UserFactory(username="eddie")
    long = " ".join(f"Sentence {n} of the second paragraph." for n in range(30))
    article = ArticleFactory(
        title="Heartstopper season 4: what we know",
        body=f"The first paragraph.\n\n{long}\n\nThe last paragraph.",
        state="draft",
        published_at=None,
    )
    record_revision(article, user=eddie, comment="Draft; changed nothing")
    article.body = article.body.replace(
        "Sentence 12 of", "Sentence twelve, rewritten, of"
    )
    article.save()
    record_revision(article, user=eddie, comment="Draft; changed Body")
    article.title = "<script>alert(1)</script> Heartstopper season 4: dated"
    article.save()
    record_revision(article, user=eddie, comment="Draft; changed Title")
    return article


def _history(article):
    return f"/admin/articles/article/{article.pk}/history/"


def _change(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_history_reads_side_by_side_and_passes_axe(
    editor_login, piece, check_axe, screenshot, viewport
):
    visit = editor_login(_history(piece), viewport=viewport)
    page = visit.page
    assert page.locator("#change-history tbody tr").count() == 3
    title_diff = page.locator(".article-diff", has_text="Title")
    assert "<script>alert(1)</script>" in title_diff.locator("ins").first.inner_text()
    assert page.locator("h3.article-diff__label").all_inner_texts() == ["Title"]
    # Compare the first and the second revision: the body's one changed sentence.
    page.locator("#change-history tbody tr").nth(2).locator("input[name=from]").check()
    page.locator("#change-history tbody tr").nth(1).locator("input[name=to]").check()
    with page.expect_navigation():
        page.click("text=Compare selected revisions")
    body = page.locator(".article-diff", has_text="Body")
    assert body.locator("del").inner_text() == "12"
    assert body.locator("ins").inner_text() == "twelve, rewritten,"
    assert body.locator(".diff-fold").count() == 4  # both sides, before and after
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0
    check_axe(page)
    screenshot(page, f"history-{viewport}")
    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(500)  # the admin's links fade to their dark colours
    check_axe(page)
    screenshot(page, f"history-{viewport}-dark")
    visit.assert_clean()


def test_restore_loads_the_revision_into_the_form_until_saved(
    editor_login, piece, check_axe, screenshot
):
    visit = editor_login(_history(piece))
    page = visit.page
    with page.expect_navigation():
        page.locator("#change-history a", has_text="Restore…").last.click()
    banner = page.locator(".article-restoring")
    assert "You are looking at the revision of" in banner.inner_text()
    assert "by Eddie Editor" in banner.inner_text()
    assert page.locator("#id_title").input_value() == (
        "Heartstopper season 4: what we know"
    )
    settle(page)
    check_axe(page, preload=False)
    screenshot(page, "restore-banner-desktop")
    piece.refresh_from_db()
    assert piece.title.startswith("<script>")  # nothing saved yet
    with page.expect_navigation():
        banner.locator("a", has_text="Cancel").click()
    assert page.locator(".article-restoring").count() == 0
    assert page.locator("#id_title").input_value().startswith("<script>")
    settle(page)
    assert Version.objects.get_for_object(piece).count() == 3
    visit.assert_clean()


@pytest.fixture
def linked_piece(piece, settings, live_server):
    settings.SITE_URL = live_server.url
    for note in NOTES:
        PreviewLinkFactory(article=piece, note=note)
    return piece


def _open_links(page):
    page.locator("summary", has_text="Shareable preview links").click()
    page.locator(".preview-link__copy").first.wait_for()


def test_copy_button_copies_the_full_address_and_says_so(
    editor_login, linked_piece, live_server, screenshot, check_axe
):
    visit = editor_login(_change(linked_piece), viewport="desktop")
    page = visit.page
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    settle(page)
    _open_links(page)
    assert page.locator(".preview-link__copy").count() == 3
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"the change form scrolls sideways by {overflow}px"
    group = page.locator("#preview_links-group")
    assert group.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert "for the Netflix press office" in group.inner_text()
    assert "For For" not in group.inner_text() and "for For" not in group.inner_text()
    first = page.locator(".preview-link").first
    url = first.locator("input").input_value()
    assert url.startswith(f"{live_server.url}/preview/")
    first.locator("button").click()
    first.locator("button", has_text="Copied").wait_for()
    assert "copied" in first.locator("[role=status]").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == url
    check_axe(page, preload=False)
    screenshot(page, "preview-links-desktop")
    group.screenshot(path=str(SCREENSHOTS / "preview-links-inline-desktop.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(200)
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"the phone form scrolls sideways by {overflow}px"
    check_axe(page, preload=False)
    screenshot(page, "preview-links-phone")
    group.screenshot(path=str(SCREENSHOTS / "preview-links-inline-phone.png"))
    settle(page)
    visit.assert_clean()

    # The copied address works for anyone, and says until when.
    reader = page.context.browser.new_context().new_page()
    response = reader.goto(url)
    assert response.status == 200
    assert "Anyone with this link can see it until" in reader.inner_text(
        ".notice--preview"
    )
    reader.context.close()


def test_without_the_clipboard_api_the_address_is_copied_by_selection(
    editor_login, linked_piece
):
    visit = editor_login(_change(linked_piece), viewport="desktop")
    page = visit.page
    settle(page)
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    _open_links(page)
    first = page.locator(".preview-link").first
    first.locator("button").click()
    selected = page.evaluate(
        "window.getSelection().toString() || "
        "document.activeElement.value.substring("
        "document.activeElement.selectionStart, "
        "document.activeElement.selectionEnd)"
    )
    assert selected == first.locator("input").input_value()
    state = (
        first.locator("button").inner_text()
        + first.locator("[role=status]").inner_text()
    )
    assert "Copied" in state or "press Ctrl+C" in state
    settle(page)
    visit.assert_clean()
