"""The writing desk in Chromium: the preview follows the typing, broken embeds are
marked at their line, the phone width and the Write / Preview switch, and axe finds
nothing on the add and change forms at desktop and phone widths."""

import pytest

from tests.browser.conftest import settle_preview as settle
from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory
from tests.livefacts_helpers import make_catalog

pytestmark = pytest.mark.browser
ADD = "/admin/articles/article/add/"
BODY = (
    "Season 2 arrives {{season:heartstopper/2.premiere}}.\n\n"
    "[[factbox show=heartstopper]]"
)


@pytest.fixture
def desk(open_page, roles):
    """Open a desk page logged in as an editor; waits for the first preview."""
    make_catalog()
    UserFactory(username="eddie", groups=[roles["Editors"]], is_staff=True)

    def _open(path, theme=None, **kwargs):
        visit = open_page(f"/admin/login/?next={path}", **kwargs)
        page = visit.page
        if theme:  # the admin's theme toggle keeps its choice here
            page.evaluate(f"localStorage.setItem('theme', '{theme}')")
        page.fill("#id_username", "eddie")
        page.fill("#id_password", "password")
        page.click("input[type=submit]")
        page.wait_for_selector("#desk-preview[data-seq]", state="attached")
        settle(page)
        return visit

    return _open


@pytest.fixture
def article(db):
    piece = ArticleFactory(
        title="Heartstopper season 2: when?",
        body=BODY,
        authors=[AuthorProfileFactory(name="Jo Bloggs")],
    )
    return piece


def change(article):
    return f"/admin/articles/article/{article.pk}/change/"


def preview(page):
    return page.frame_locator("#desk-preview-frame")


def test_typing_updates_the_preview_of_the_whole_piece(desk, article):
    visit = desk(change(article), viewport="desktop")
    page = visit.page
    frame = preview(page)
    frame.locator("h1.article__title").wait_for()
    assert frame.locator("h1.article__title").inner_text() == article.title
    assert "Jo Bloggs" in frame.locator(".byline").inner_text()
    assert frame.locator(".fact").first.is_visible()
    page.locator("#id_body").press("End")
    page.locator("#id_body").type("\n\nA sentence typed just now.")
    page.fill("#id_title", "A headline typed just now")
    frame.locator("text=A sentence typed just now.").wait_for()
    frame.locator("h1:has-text('A headline typed just now')").wait_for()
    assert page.locator("#desk-preview-status").inner_text() == "Up to date."
    settle(page)
    visit.assert_clean()


def test_a_broken_embed_is_marked_at_its_line(desk):
    visit = desk(ADD, viewport="desktop")
    page = visit.page
    page.fill("#id_title", "A piece with a mistake")
    page.fill(
        "#id_body", "First line.\n\n[[cast show=nope]]\n\n<iframe src='x'></iframe>"
    )
    errors = page.locator("#desk-preview-errors")
    errors.locator("text=Line 3: there is no show “nope”").wait_for()
    assert page.locator("#desk-body-errors").inner_text().count("Line 3:") == 1
    assert (
        "Line 5: <iframe> is removed"
        in page.locator("#desk-body-warnings").inner_text()
    )
    # The rest of the piece still renders.
    preview(page).locator("text=First line.").wait_for()
    page.locator("#desk-body-errors .desk-line").click()
    selected = page.evaluate(
        "() => { const b = document.getElementById('id_body');"
        " return b.value.slice(b.selectionStart, b.selectionEnd); }"
    )
    assert selected == "[[cast show=nope]]"
    settle(page)
    visit.assert_clean()


def test_a_slow_answer_never_leaves_an_older_preview_on_screen(desk, article):
    visit = desk(change(article), viewport="desktop")
    page = visit.page
    held = []  # hold the first request back while the author keeps typing

    def hold_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/desk-preview/", hold_first)
    page.fill("#id_title", "Old headline")
    page.wait_for_function(
        "() => document.getElementById('desk-preview')"
        ".getAttribute('data-pending') === '1'"
    )
    page.fill("#id_title", "New headline")
    page.wait_for_timeout(700)
    held[0].continue_()
    preview(page).locator("h1:has-text('New headline')").wait_for()
    settle(page)
    assert preview(page).locator("h1.article__title").inner_text() == "New headline"
    assert page.locator("#desk-preview-status").inner_text() == "Up to date."
    settle(page)
    visit.assert_clean()


def test_phone_width_preview_and_the_write_preview_switch(desk, article):
    visit = desk(change(article), viewport="desktop")
    page = visit.page
    page.click("[data-desk-width=phone]")
    assert (
        page.locator("[data-desk-width=phone]").get_attribute("aria-pressed") == "true"
    )
    inner = preview(page).locator("body").evaluate("() => window.innerWidth")
    assert inner == 390  # the page inside is laid out as on a phone
    visit = desk(change(article), viewport="phone")
    page = visit.page
    assert page.locator("#desk-preview").is_hidden()
    page.click("[data-desk-view=preview]")
    assert (
        page.locator("[data-desk-view=preview]").get_attribute("aria-pressed") == "true"
    )
    assert page.locator("#id_body").is_hidden()
    preview(page).locator("h1.article__title").wait_for()
    page.click("[data-desk-view=write]")
    assert page.locator("#id_body").is_visible()
    settle(page)
    visit.assert_clean()


def test_the_preview_fills_a_phone_screen_under_the_switch(desk, article):
    """Preview on its own is the page as a reader sees it: the whole screen below the
    sticky Write / Preview switch, from its top (even when switched from far down the
    body), not a short box that scrolls inside; Write returns where the writer was."""
    visit = desk(change(article), viewport="phone")
    page = visit.page
    # Far down the body, as after writing a few paragraphs: the switch is stuck.
    page.locator("#desk-body-count").scroll_into_view_if_needed()
    writing_at = page.evaluate("window.scrollY")
    page.click("[data-desk-view=preview]")
    screen = page.viewport_size["height"]
    switch = page.locator(".desk__switch").bounding_box()
    frame = page.locator("#desk-preview-frame").bounding_box()
    assert switch["y"] <= 1  # stuck at the top
    assert frame["y"] >= switch["y"] + switch["height"]  # below it, not behind it
    assert frame["y"] + frame["height"] <= screen + 1, "the preview runs off screen"
    assert frame["height"] >= 0.75 * screen, f"a {frame['height']}px preview"
    page.click("[data-desk-view=write]")  # back where the writer was
    assert abs(page.evaluate("window.scrollY") - writing_at) <= 2
    settle(page)
    visit.assert_clean()


def test_the_preview_follows_the_admins_dark_theme(desk, article):
    visit = desk(
        change(article), viewport="desktop", color_scheme="light", theme="dark"
    )
    page = visit.page
    body = preview(page).locator("body")
    body.wait_for()
    # The system is light; the admin's toggle says dark, and so does the preview.
    assert (
        body.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(18, 18, 18)"
    )
    page.click("button.theme-toggle")  # dark → light
    page.wait_for_function(
        "() => getComputedStyle(document.getElementById('desk-preview-frame')"
        ".contentDocument.body).backgroundColor === 'rgb(255, 255, 255)'"
    )
    settle(page)
    visit.assert_clean()


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("form", ["add", "change"])
def test_the_desk_is_axe_clean(desk, article, check_axe, screenshot, form, width):
    path = ADD if form == "add" else change(article)
    viewport = "desktop" if width > 1000 else "phone"
    visit = desk(path, viewport=viewport)
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    preview(page).locator("body.is-desk-preview").wait_for(state="attached")
    check_axe(page, preload=False)
    screenshot(page, f"desk-{form}-{width}")
    settle(page)
    visit.assert_clean()
