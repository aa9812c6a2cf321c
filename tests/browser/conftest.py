"""Fixtures for tests that drive Debian's Chromium through Playwright.

- ``open_page(path, viewport=, color_scheme=, status=)`` loads a page from the live
  server and fails the test on console errors, uncaught exceptions, CSP violations,
  failed or 4xx/5xx sub-requests and sideways scrolling;
- ``screenshot(page, name)`` saves a full-page PNG under test-artifacts/screenshots/;
- ``check_axe(page)`` runs the vendored axe-core and fails on any violation.

Without /usr/bin/chromium every browser test is skipped with the reason.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from tests.inflight import wait_until_idle

CHROMIUM = Path("/usr/bin/chromium")
# Without these flags Chromium phones home (updates, sync, QUIC probes) and the
# machine's firewall turns that into console noise and slow starts.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 900},
}
AXE_SOURCE = Path(__file__).with_name("vendor").joinpath("axe.min.js")
SCREENSHOTS = Path(settings.TEST_ARTIFACTS_DIR) / "screenshots"

# Runs before any page script, outside the page's CSP (Playwright injects it), and
# records every violation the browser reports.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}` +
    ` (${event.sourceFile || "document"}:${event.lineNumber})`
  );
});
"""


def browser_unavailable_reason() -> str | None:
    if not CHROMIUM.exists():
        return (
            f"{CHROMIUM} not found: browser tests need Debian's chromium package "
            "(apt-get install chromium); .ci/run installs it"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: make install (the dev group of uv.lock)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = browser_unavailable_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django would
    # otherwise refuse database calls made by the test (factories, fixtures). Module
    # scope: the flag and the loop end with the module, before other tests run.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
            )
            yield chromium
            chromium.close()


@dataclass
class Visit:
    """One page load and everything the browser complained about during it."""

    page: object
    status: int
    expected_status: int
    problems: list[str] = field(default_factory=list)

    def collect(self) -> list[str]:
        for violation in self.page.evaluate("window.__cspViolations || []"):
            message = f"CSP violation: {violation}"
            if message not in self.problems:
                self.problems.append(message)
        return self.problems

    def assert_clean(self):
        problems = self.collect()
        assert not problems, f"{self.page.url}:\n  " + "\n  ".join(problems)


def _watch(page, visit_problems: list, expected_status: int):
    def on_console(message):
        if message.type != "error":
            return
        location = message.location.get("url", "")
        # Chromium logs the document's own error status; that is expected here.
        if (
            expected_status >= 400
            and message.text.startswith("Failed to load resource")
            and location.split("?")[0] == page.url.split("?")[0]
        ):
            return
        visit_problems.append(f"console error: {message.text} ({location})")

    def on_response(response):
        if (
            response.request.is_navigation_request()
            and response.frame == page.main_frame
        ):
            return
        if response.status >= 400:
            visit_problems.append(f"HTTP {response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit_problems.append(f"uncaught: {error}"))

    def on_request_failed(request):
        # A page that leaves while its script still waits for an answer (a
        # preview, an autosave) cancels that fetch: the browser's doing, not a fault.
        # So does a preview that replaces its page while a picture still loads.
        cancelled = "ERR_ABORTED" in str(request.failure)
        if cancelled and (
            request.resource_type in ("fetch", "xhr")
            or request.frame != page.main_frame
        ):
            return
        visit_problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)


@pytest.fixture
def open_page(browser, live_server, transactional_db):
    """Open a path in a fresh browser context; fails on any browser complaint."""
    contexts, visits = [], []

    def _open(
        path, *, viewport="desktop", color_scheme="light", status=200, check=True
    ):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            color_scheme=color_scheme,
            base_url=live_server.url,
            reduced_motion="reduce",
        )
        contexts.append(context)
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        problems: list[str] = []
        _watch(page, problems, status)
        response = page.goto(path, wait_until="load")
        visit = Visit(page, response.status, status, problems)
        assert response.status == status, f"{path} answered {response.status}"
        if check:
            visits.append(visit)
            visit.assert_clean()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        return visit

    yield _open
    # Late complaints (after the test's own checks) still fail the test.
    late = [p for visit in visits for p in visit.collect()]
    for context in contexts:
        context.close()
    wait_until_idle()  # before the database is flushed under the live server
    if late:
        pytest.fail("Browser problems after the test:\n  " + "\n  ".join(late))


@pytest.fixture
def screenshot():
    """Save a full-page PNG as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot


def settle_preview(page):
    """Wait until the desk's preview has no request in flight and none about to start.

    A save sent while a preview still reads the test database (SQLite in memory,
    shared by the live server's threads) can find its tables locked.
    """
    page.wait_for_timeout(500)  # past the preview's 400 ms debounce
    page.wait_for_selector('#desk-preview[data-pending="0"]', state="attached")


def format_axe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"       {summary}")
    return "\n".join(lines)


def check_axe_within(visit, axe_source: str, selectors: list[str]) -> None:
    """axe on the parts of a page a feature adds (``selectors`` that exist), where
    the rest is the admin's own. axe sets style attributes while it measures and
    the CSP reports them: those reports are axe's, not the page's, so they are
    dropped from the visit's problems and every other one is kept."""
    page = visit.page
    known = len(visit.problems)
    page.evaluate(axe_source)
    result = page.evaluate(
        "async (selectors) => JSON.stringify(await axe.run({include: selectors"
        ".filter(s => document.querySelector(s)).map(s => [s])},"
        " {resultTypes: ['violations']}))",
        selectors,
    )
    page.evaluate("window.__cspViolations = []")
    page.wait_for_timeout(100)
    visit.problems[known:] = [
        p for p in visit.problems[known:] if "Applying inline style" not in p
    ]
    violations = json.loads(result)["violations"]
    assert not violations, format_axe_violations(violations)


@pytest.fixture(scope="session")
def axe_source():
    return AXE_SOURCE.read_text()


@pytest.fixture
def check_axe(axe_source):
    """Run axe-core (all default rules, WCAG 2.x A/AA and best practices) on a page."""

    def _check(page, **options):
        # evaluate() runs outside the page's CSP; a <script> tag would be blocked.
        # ``options`` go to axe.run, e.g. preload=False on a page with a scripted
        # iframe, where axe's stylesheet preload would add inline <style> (CSP).
        page.evaluate(axe_source)
        result = page.evaluate(
            "async (options) => JSON.stringify(await axe.run(document, "
            "{resultTypes: ['violations'], ...options}))",
            options,
        )
        violations = json.loads(result)["violations"]
        assert not violations, (
            f"axe found {len(violations)} violation(s) on {page.url}:\n"
            + format_axe_violations(violations)
        )

    return _check
