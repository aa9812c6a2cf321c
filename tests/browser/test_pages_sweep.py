"""Every public page type over the demo content, each loaded once and checked at
320, 390 and 1280 px in light and dark: axe, sideways scrolling, the header in
sight, and every box that scrolls sideways a named tab stop.

A page is loaded once; the widths and colour schemes are switched under it
(``set_viewport_size``, ``emulate_media``), which costs a relayout rather than a
request. test_pages.py does the same for the harness pages and the factory
newsroom, one fresh context per page; this sweep covers whatever ``load_demo``
loads (tests/browser/demo_pages.py) and the checks that need a page held
half-loaded (the poster's reserved box).
"""

import pytest

from .conftest import WATCH_CSP, _watch, format_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

NARROW = {"width": 320, "height": 720}
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
LAPTOP = {"width": 1280, "height": 800}
HEADER_SECTIONS = {
    "Latest",
    "News",
    "Speculation",
    "Reviews",
    "Shows",
    "Coming soon",
    "Search",
}

# Which header links lie wholly inside the viewport, without any scrolling.
LINKS_IN_SIGHT = """() => [...document.querySelectorAll('.site-nav a')].map((a) => {
  const box = a.getBoundingClientRect();
  const style = getComputedStyle(a);
  return {text: a.textContent.trim(), visible: style.visibility !== 'hidden'
    && box.width > 0 && box.height > 0 && box.left >= 0
    && box.right <= window.innerWidth && box.top >= 0
    && box.bottom <= window.innerHeight};
})"""

# Every box that scrolls sideways, unless it is a focusable, named region: axe's
# scrollable-region-focusable lets one pass when it holds a link, but a reader on a
# keyboard still cannot scroll to the columns past that link.
UNREACHABLE_SCROLLERS = """() => [...document.querySelectorAll('body *')]
.filter((el) => {
  const style = getComputedStyle(el);
  return ['auto', 'scroll'].includes(style.overflowX)
    && el.scrollWidth > el.clientWidth
    && !(el.tabIndex === 0 && el.getAttribute('role') === 'region'
         && el.getAttribute('aria-label'));
}).map((el) => el.outerHTML.slice(0, 80))"""


@pytest.fixture
def tab(browser, live_server, transactional_db):
    """One context and one page for a whole sweep, with the harness's watchers."""
    context = browser.new_context(
        viewport=NARROW, base_url=live_server.url, reduced_motion="reduce"
    )
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    problems: list[str] = []
    _watch(page, problems, 404)
    yield page, problems
    context.close()
    from tests.inflight import wait_until_idle

    wait_until_idle()


SWEEP_WIDTHS = (NARROW, PHONE, LAPTOP)
SCHEMES = ("light", "dark")
# Pages worth a look at each width, in light (test-artifacts/screenshots/).
SHOT = ("home", "article-watch", "upcoming", "season-episode-dates")


def _problems_at(page, where: str) -> list[str]:
    """What is wrong with the page as it is laid out now, each line saying where."""
    failures = []
    page.evaluate("window.scrollTo(0, 0)")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        failures.append(f"{where}: scrolls sideways by {overflow}px")
    hidden = [
        link["text"] for link in page.evaluate(LINKS_IN_SIGHT) if not link["visible"]
    ]
    if hidden:
        failures.append(f"{where}: header links out of sight: {hidden}")
    unreachable = page.evaluate(UNREACHABLE_SCROLLERS)
    if unreachable:
        failures.append(f"{where}: scrolls but is no named tab stop: {unreachable}")
    violations = page.evaluate(
        "async () => (await axe.run(document, "
        "{resultTypes: ['violations']})).violations"
    )
    if violations:
        failures.append(f"{where}:\n{format_axe_violations(violations)}")
    return failures


def test_every_public_page_at_three_widths_light_and_dark(tab, axe_source, screenshot):
    """axe clean, no sideways scrolling, every header section in sight and every
    sideways scroller reachable, at 320, 390 and 1280 px in both colour schemes,
    for every public page type over the demo (failures listed together)."""
    from .demo_pages import demo_pages

    page, problems = tab
    paths = demo_pages()
    failures = []
    for name, path in paths.items():
        response = page.goto(path, wait_until="load")
        expected = 404 if name == "404" else 200
        if response.status != expected:
            failures.append(f"{name} ({path}) answered {response.status}")
            continue
        page.evaluate(axe_source)
        for viewport in SWEEP_WIDTHS:
            page.set_viewport_size(viewport)
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                where = f"{name} ({path}) at {viewport['width']} px, {scheme}"
                failures += _problems_at(page, where)
                if name in SHOT and scheme == "light":
                    screenshot(page, f"sweep-{name}-{viewport['width']}")
    problems[:] = [p for p in problems if "/no-such-page/" not in p]
    problems += [
        f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations || []")
    ]
    assert not failures + problems, "\n".join(failures + problems)


@pytest.mark.parametrize(
    "viewport",
    [NARROW, PHONE, TABLET, LAPTOP],
    ids=["320px", "390px", "768px", "1280px"],
)
def test_every_header_section_is_in_sight_and_reachable_by_tab(
    tab, viewport, screenshot
):
    """No section hides off-screen on a phone: each link is inside the viewport as
    the page opens, and Tab reaches every one after the skip link and the logo."""
    page, _ = tab
    page.set_viewport_size(viewport)
    page.goto("/", wait_until="load")
    screenshot(page, f"header-{viewport['width']}")
    links = page.evaluate(LINKS_IN_SIGHT)
    assert {link["text"] for link in links} == HEADER_SECTIONS
    assert all(link["visible"] for link in links), links
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Latest"
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the logo
    reached = []
    for _ in HEADER_SECTIONS:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert set(reached) == HEADER_SECTIONS


def test_show_poster_reserves_its_box_before_it_loads(tab):
    """The poster's width and height attributes give its box a height while the
    picture is still on its way, so the fact box under it does not jump."""
    from tests.pages_helpers import build_world

    page, problems = tab
    page.set_viewport_size(PHONE)
    world = build_world(1, pixels=(600, 900))
    held = []
    # A route that never answers holds the poster's request open: the page is
    # measured exactly as a reader on a slow network first sees it.
    page.route(
        "**/*",
        lambda route: (
            held.append(route)
            if route.request.resource_type == "image"
            else route.continue_()
        ),
    )
    page.goto(world.show.get_absolute_url(), wait_until="domcontentloaded")
    poster = page.locator(".figure--poster img")
    size = poster.evaluate(
        "img => ({complete: img.complete && img.naturalWidth > 0,"
        " width: img.getBoundingClientRect().width,"
        " height: img.getBoundingClientRect().height,"
        " ratio: img.getAttribute('height') / img.getAttribute('width')})"
    )
    assert held, "the poster was not requested"
    assert not size["complete"]
    assert size["width"] > 0
    assert size["height"] == pytest.approx(size["width"] * size["ratio"], abs=1)
    problems.clear()  # the held requests are cancelled when the context closes


def test_the_sweep_reports_what_it_looks_for(tab, axe_source):
    """The checks fire: text too faint to read, a box wider than the phone, and a
    table that scrolls but is no named tab stop are each reported, with where."""
    page, _ = tab
    page.set_viewport_size(NARROW)
    page.set_content(
        '<!doctype html><html lang="en"><title>Harness</title><main>'
        '<p style="color:#ccc;background:#fff">Faint</p>'
        '<div style="overflow-x:auto"><table><tr>'
        '<td style="min-width:900px">Wide</td></tr></table></div>'
        '<div style="width:600px">Too wide for a phone</div></main></html>'
    )
    page.evaluate(axe_source)
    report = "\n".join(_problems_at(page, "harness at 320 px"))
    assert "harness at 320 px: scrolls sideways by" in report
    assert "scrolls but is no named tab stop" in report
    assert "color-contrast" in report
