"""The editors' toolbar on the public article page, in Chromium: shown to an editor
(also when the page is built from stored fragments), a link to the piece's change
form, absent for readers and for staff who may not edit, axe clean at desktop and
phone widths in both schemes, and never over the piece on a phone."""

import pytest

from tests.demo_snapshot import Kept
from tests.pages_helpers import build_world

pytestmark = [pytest.mark.browser]

TOOLBAR = "nav.editor-toolbar"


def _newsroom():
    """A piece with its big pictures, an editor (eddie) and a moderator (mo)."""
    from core.roles import sync_roles
    from tests.factories import UserFactory

    roles = sync_roles()
    return {
        "article": build_world(1, pixels=(1200, 675)).article,
        "editor": UserFactory(
            username="eddie", groups=[roles["Editors"]], is_staff=True
        ),
        "moderator": UserFactory(
            username="mo", groups=[roles["Moderators"]], is_staff=True
        ),
    }


# Built once per test process, then put back (the pictures' renditions take seconds).
_kept_newsroom = Kept(_newsroom)


@pytest.fixture
def newsroom(transactional_db):
    return _kept_newsroom()


@pytest.fixture
def article(newsroom):
    return newsroom["article"]


@pytest.fixture
def editor(newsroom):
    return newsroom["editor"]


@pytest.fixture
def moderator(newsroom):
    return newsroom["moderator"]


def log_in(open_page, next_path, *, username="eddie", **options):
    """Log in through the admin's form and land on ``next_path``."""
    visit = open_page(f"/admin/login/?next={next_path}", **options)
    page = visit.page
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    with page.expect_navigation():
        page.click("input[type=submit]")
    return visit


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_an_editor_sees_the_toolbar_and_it_is_axe_clean(
    editor, article, open_page, check_axe, screenshot, viewport, color_scheme
):
    visit = log_in(
        open_page,
        article.get_absolute_url(),
        viewport=viewport,
        color_scheme=color_scheme,
    )
    page = visit.page
    toolbar = page.locator(TOOLBAR)
    assert toolbar.is_visible()
    assert toolbar.get_attribute("aria-label") == "Editor tools"
    edit = toolbar.get_by_role("link", name="Edit this piece")
    assert edit.is_visible()
    # It says it is the staff's, so an editor never wonders whether readers see it.
    assert "readers do not see this bar" in toolbar.inner_text()
    assert toolbar.get_by_role("link", name="Your desk").get_attribute("href") == (
        "/admin/"
    )
    box = edit.bounding_box()  # whole, inside the screen, big enough to tap
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    assert box["height"] >= 24
    check_axe(page)
    screenshot(page, f"editor-toolbar-{viewport}-{color_scheme}")
    visit.assert_clean()


def test_the_toolbar_opens_the_pieces_change_form(editor, article, open_page):
    visit = log_in(open_page, article.get_absolute_url())
    page = visit.page
    with page.expect_navigation():
        page.locator(TOOLBAR).get_by_role("link", name="Edit this piece").click()
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/change/")
    assert page.input_value("#id_title") == article.title


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_readers_and_staff_who_may_not_edit_never_see_the_toolbar(
    moderator, article, open_page, viewport
):
    reader = open_page(article.get_absolute_url(), viewport=viewport).page
    assert reader.locator("h1.article__title").is_visible()
    assert reader.locator(TOOLBAR).count() == 0
    assert reader.get_by_text("Edit this piece").count() == 0
    staff = log_in(
        open_page, article.get_absolute_url(), username="mo", viewport=viewport
    ).page
    assert staff.locator("h1.article__title").is_visible()
    assert staff.locator(TOOLBAR).count() == 0


def test_the_toolbar_shows_on_a_page_built_from_stored_fragments(
    editor, article, open_page, fragments
):
    """A reader's visit stores the page's parts; the editor's page is built from
    them without reading the piece, and still links to the right change form."""
    open_page(article.get_absolute_url())
    page = log_in(open_page, article.get_absolute_url()).page
    assert page.locator("h1.article__title").inner_text() == article.title
    edit = page.locator(TOOLBAR).get_by_role("link", name="Edit this piece")
    assert edit.get_attribute("href") == f"/admin/articles/article/{article.pk}/change/"


def test_the_toolbar_covers_nothing_on_a_phone(editor, article, open_page):
    """In the page's flow above the header, never fixed: scrolled anywhere, what is
    under the toolbar's place on the screen is the piece, not the toolbar."""
    page = log_in(open_page, article.get_absolute_url(), viewport="phone").page
    toolbar = page.locator(TOOLBAR)
    assert toolbar.evaluate("e => getComputedStyle(e).position") == "static"
    bar = toolbar.bounding_box()
    header = page.locator(".site-header").bounding_box()
    assert bar["y"] + bar["height"] <= header["y"]  # above the header, not over it
    assert bar["height"] <= 80, f"the toolbar is {bar['height']}px tall on a phone"
    for selector in (".site-header", "h1.article__title", ".standfirst", ".prose p"):
        target = page.locator(selector).first
        target.evaluate("e => e.scrollIntoView({block: 'start'})")
        covered = target.evaluate(
            """e => {
              const box = e.getBoundingClientRect();
              const hit = document.elementFromPoint(box.left + 4, box.top + 4);
              return !(hit && (e.contains(hit) || hit.contains(e)));
            }"""
        )
        assert not covered, f"{selector} is covered at the top of the screen"
