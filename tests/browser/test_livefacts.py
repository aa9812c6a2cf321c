"""The demo article and the Needs update page in headless Chromium: the live facts and
the What's changed box are visible, and the Content-Security-Policy blocks nothing."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="no Chromium installed"),
]


@pytest.fixture
def browser_page(monkeypatch, committed_demo, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright runs an event loop in this thread; the ORM calls here stay sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        problems = []
        page.on(
            "console",
            lambda m: (
                problems.append(m.text)
                if m.type == "error" and "favicon" not in m.text
                else None
            ),
        )
        yield page, problems
        browser.close()


def test_demo_article_shows_live_facts_and_whats_changed(live_server, browser_page):
    page, problems = browser_page
    page.goto(f"{live_server.url}/articles/heartstopper-season-2-release-date/")
    assert page.locator(".whats-changed").is_visible()
    assert page.locator(".livefact--factbox").is_visible()
    assert page.locator(".livefact--cast li").count() >= 11
    colour = page.locator(".whats-changed").evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert colour != "rgba(0, 0, 0, 0)"  # the stylesheet loaded under the CSP
    assert [p for p in problems if "404" not in p] == []


def test_needs_update_page_lists_the_demo_piece(live_server, browser_page):
    page, problems = browser_page
    page.goto(
        f"{live_server.url}/admin/login/?next=/admin/articles/article/needs-update/"
    )
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-demo")
    page.click("input[type=submit]")
    assert page.locator("text=Release question answered").is_visible()
    page.click("button[name=only]")
    assert page.locator("text=Every published piece is up to date").is_visible()
    assert [p for p in problems if "404" not in p] == []
