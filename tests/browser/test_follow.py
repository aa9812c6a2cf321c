"""Following a show in a real browser, with the page cache on: the follow box on a
cached show page gets its CSRF token from the script and sends the request; the box,
shown, passes axe at 390 and 1280 px (the page sweep checks the form page and the
confirm page, tests/browser/pages.py)."""

import pytest
from django.core import mail

from follows.models import Follow
from tests.factories import SeasonFactory, ShowFactory

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]


@pytest.fixture
def show(transactional_db):
    show = ShowFactory(
        title="Moonbase", slug="moonbase", synopsis="A base on the moon."
    )
    SeasonFactory(show=show, number=1)
    return show


def test_a_reader_follows_a_show_from_its_cached_page(
    show, page_cache, open_page, screenshot
):
    open_page(show.get_absolute_url())  # someone else's visit stores the page
    visit = open_page(show.get_absolute_url())
    page = visit.page
    served = page.request.get(show.get_absolute_url())
    assert served.headers.get("x-page-cache") == "hit"

    page.locator("form.follow-form").wait_for(state="visible")  # follow.js ran
    assert page.locator("[data-follow-fallback]").is_hidden()
    page.fill("#follow-email", "reader@example.com")
    page.check("#follow-official_only")
    page.uncheck("#follow-seasons")
    with page.expect_navigation():
        page.click("form.follow-form button[type=submit]")

    assert page.url.endswith("/follow/show/moonbase/sent/")
    assert "Check your e-mail" in page.locator("h1").inner_text()
    follow = Follow.objects.get()
    assert (follow.official_only, follow.seasons, follow.is_confirmed) == (
        True,
        False,
        False,
    )
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("viewport", "width", "scheme"),
    [("phone", 390, "light"), ("desktop", 1280, "light")],
)
def test_the_follow_box_passes_axe(
    show, open_page, check_axe, screenshot, viewport, width, scheme
):
    visit = open_page(show.get_absolute_url(), viewport=viewport, color_scheme=scheme)
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    page.locator("form.follow-form").wait_for(state="visible")
    check_axe(page)
    screenshot(page, f"follow-show-{width}-{scheme}")


def test_without_a_token_the_box_offers_the_form_page(show, open_page):
    """No script, or the token request failed: the hidden form stays hidden (the
    form's grid display must not undo ``hidden``) and the link stays."""
    visit = open_page(show.get_absolute_url())
    page = visit.page.context.new_page()
    page.route("**/follow/token/", lambda route: route.abort())
    page.goto(show.get_absolute_url())
    assert page.locator("form.follow-form").is_hidden()
    fallback = page.locator("[data-follow-fallback] a")
    assert fallback.is_visible()
    with page.expect_navigation():
        fallback.click()
    assert page.url.endswith("/follow/show/moonbase/")
    assert page.locator("form.follow-form").is_visible()
