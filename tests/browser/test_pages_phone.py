"""Every page in pages.PAGES at a phone's width: clean, accessible, screenshotted."""

import pytest

from .pages import PAGES, check_page

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("checked", PAGES, ids=lambda checked: checked.name)
def test_page_loads_cleanly_and_passes_axe_on_a_phone(
    checked, color_scheme, open_page, screenshot, check_axe
):
    check_page(checked, "phone", color_scheme, open_page, screenshot, check_axe)
