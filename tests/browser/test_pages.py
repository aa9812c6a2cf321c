"""Every page in pages.PAGES, in a real browser: clean, accessible, screenshotted, at
a phone's and a desktop's width in light and dark."""

import pytest

from .pages import PAGES, check_page

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]


@pytest.mark.parametrize("checked", PAGES, ids=lambda checked: checked.name)
def test_page_loads_cleanly_and_passes_axe_on_a_phone_and_a_desktop(
    checked, open_page, screenshot, check_axe
):
    check_page(checked, open_page, screenshot, check_axe)


def test_skip_link_is_first_tab_stop_and_visibly_focused(open_page):
    page = open_page("/", viewport="phone").page
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
          const el = document.activeElement, box = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          return {text: el.textContent, top: box.top, outline: style.outlineStyle};
        }"""
    )
    assert focused["text"] == "Skip to content"
    assert focused["top"] >= 0
    assert focused["outline"] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_dark_mode_changes_the_page_colours(open_page):
    light = open_page("/", color_scheme="light").page
    dark = open_page("/", color_scheme="dark").page
    script = "getComputedStyle(document.body).backgroundColor"
    assert light.evaluate(script) == "rgb(255, 255, 255)"
    assert dark.evaluate(script) == "rgb(18, 18, 18)"


def test_styleguide_pagination_links_keep_working(open_page):
    page = open_page("/__test__/styleguide/?page=2").page
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url("**/?page=3")
    current = page.locator(".pagination [aria-current=page]").text_content()
    assert current == "Page 3"
    assert (
        page.locator("link[rel=canonical]")
        .get_attribute("href")
        .endswith("/__test__/styleguide/?page=3")
    )


def test_json_ld_with_hostile_title_parses_and_never_runs(open_page):
    page = open_page("/__test__/styleguide/").page
    scripts = page.locator('script[type="application/ld+json"]')
    assert scripts.count() == 1
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
        ".textContent)"
    )
    assert data["name"].startswith("Components </script><script>alert(")
    assert page.locator("script").count() == 1  # nothing broke out into a new element


# The harness itself: prove that the checks catch what they claim to catch.


def test_harness_reports_a_csp_violation(open_page):
    visit = open_page("/__test__/inline-script/", check=False)
    problems = visit.collect()
    assert any("CSP violation: script-src" in p for p in problems), problems
    assert visit.page.title() == "CSP"  # the inline script was blocked


def test_harness_reports_axe_violations(open_page, check_axe):
    visit = open_page("/__test__/missing-alt/", check=False)
    with pytest.raises(AssertionError, match="image-alt"):
        check_axe(visit.page)
