"""A reader's journey through the site in a real browser, at phone and desktop widths.

Home → a piece → a cast member's page (through the show) → search → the next page
of results. Every step is held to the harness's checks (console, CSP, failed
requests, sideways scrolling) and to axe; each is screenshotted as a test artefact.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]


def _newsroom():
    """A show with a cast, a lead piece about it, and enough pieces to page search."""
    from showsite.views import SEARCH_PAGE_SIZE
    from tests.factories import (
        ArticleFactory,
        CreditFactory,
        ImageFactory,
        PersonFactory,
        ShowFactory,
    )

    show = ShowFactory(title="Moonfall Academy", synopsis="Students, secrets, a moon.")
    actor = PersonFactory(name="Rowan Vale", photo=ImageFactory(pixels=(600, 800)))
    CreditFactory(show=show, person=actor)
    for n in range(SEARCH_PAGE_SIZE + 2):
        ArticleFactory(
            title=f"Moonfall Academy dispatch {n}", standfirst="From the set."
        ).subject_shows.add(show)
    lead = ArticleFactory(
        title="Moonfall Academy returns for a second term",
        standfirst="Everything we know about the new season.",
        hero_image=ImageFactory(pixels=(1600, 900), alt_text="A moonlit school"),
    )
    lead.subject_shows.add(show)
    return lead, show, actor


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_reader_goes_from_home_to_a_person_and_through_search_results(
    viewport, open_page, screenshot, check_axe
):
    lead, show, actor = _newsroom()

    page = open_page("/", viewport=viewport).page
    check_axe(page)
    screenshot(page, f"journey-1-home-{viewport}")

    page.locator(".card--lead .card__title a").click()
    page.wait_for_url(f"**{lead.get_absolute_url()}")
    assert page.locator("h1").text_content() == lead.title
    assert page.locator(".figure--hero img").get_attribute("loading") == "eager"
    check_axe(page)
    screenshot(page, f"journey-2-article-{viewport}")

    # The piece names its show; the show's cast grid leads to the actor.
    page.locator(".subjects").get_by_role("link", name=show.title).click()
    page.wait_for_url(f"**{show.get_absolute_url()}")
    page.locator(".cast-grid").get_by_role("link", name=actor.name).click()
    page.wait_for_url(f"**{actor.get_absolute_url()}")
    assert page.locator("h1").text_content() == actor.name
    assert show.title in page.locator("#main").text_content()
    check_axe(page)
    screenshot(page, f"journey-3-person-{viewport}")

    page.locator(".site-nav").get_by_role("link", name="Search").click()
    page.wait_for_url("**/search/")
    page.locator("#search-q").fill("moonfall")
    page.locator(".search-form button").click()
    page.wait_for_url("**/search/?q=moonfall")
    assert page.locator(".card").count() > 0
    check_axe(page)
    screenshot(page, f"journey-4-search-{viewport}")

    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url("**/search/?q=moonfall&page=2")
    current = page.locator(".pagination [aria-current=page]").text_content()
    assert current == "Page 2"
    assert page.locator(".card").count() > 0
    check_axe(page)
    screenshot(page, f"journey-5-search-page-2-{viewport}")
