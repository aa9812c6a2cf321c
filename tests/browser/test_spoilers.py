"""Spoilers on a phone: one passage still hidden (a notice, no text), one shown behind
"Show spoiler", opened by keyboard with a visible focus ring; axe-clean in both colour
schemes. Screenshots: article-spoilers-phone-<scheme>(-open).png."""

import datetime

import pytest
from django.utils import timezone

from catalog.dates import PreciseDate
from tests.factories import (
    ArticleFactory,
    EpisodeFactory,
    PlatformFactory,
    ReleaseFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

SHOWN = "Nick finally tells Charlie the truth at the lighthouse."
HIDDEN = "The lighthouse burns down in the last minute."


def _article():
    today = timezone.localdate()
    season = SeasonFactory(
        show=ShowFactory(title="Tidewater", slug="tidewater"), number=2
    )
    aired = EpisodeFactory(season=season, number=3)
    coming = EpisodeFactory(season=season, number=4)
    for episode, day in ((aired, -30), (coming, 3)):
        ReleaseFactory(
            season=season,
            episode=episode,
            country="GB",
            platform=PlatformFactory(),
            release=PreciseDate.day(today + datetime.timedelta(days=day)),
        )
    return ArticleFactory(
        title="Tidewater: where season 2 goes next",
        body=(
            "What we know so far.\n\n"
            f"[[spoiler episode=tidewater/2/3 days=7]]\n{SHOWN}\n[[/spoiler]]\n\n"
            "And what comes next week.\n\n"
            f"[[spoiler episode=tidewater/2/4 days=7]]\n{HIDDEN}\n[[/spoiler]]\n"
        ),
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_spoilers_on_a_phone_open_by_keyboard_and_pass_axe(
    open_page, check_axe, screenshot, scheme
):
    article = _article()
    visit = open_page(
        article.get_absolute_url() + "?country=GB",
        viewport="phone",
        color_scheme=scheme,
    )
    page = visit.page
    assert HIDDEN not in page.content()
    notice = page.locator(".spoiler-notice")
    assert "Spoiler for S2E4" in notice.inner_text()
    assert "shown from" in notice.inner_text()
    passage = page.get_by_text(SHOWN)
    assert passage.is_hidden()  # in the page, closed
    check_axe(page)
    screenshot(page, f"article-spoilers-phone-{scheme}")

    control = page.locator(".spoiler__control")
    control.focus()
    ring = control.evaluate("e => getComputedStyle(e).outlineStyle")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # reached by keyboard, not only by script
    assert page.evaluate("document.activeElement.className") == "spoiler__control"
    assert ring != "none"
    page.keyboard.press("Enter")
    assert passage.is_visible()
    check_axe(page)
    screenshot(page, f"article-spoilers-phone-{scheme}-open")
