"""The pages every browser, accessibility and HTML-validity check visits.

Add a page here and it is loaded in Chromium at phone and desktop widths in light and
dark mode (failing on console errors, CSP violations, failed requests and sideways
scrolling), screenshotted, checked with axe-core and validated by the Nu HTML checker.

``path`` is a URL path, or a function that creates the data the page needs (with the
factories in tests/factories.py) and returns the path. It runs inside the test, with
database access. For example::

    def _published_article():
        from tests.factories import ArticleFactory

        return ArticleFactory(published=True).get_absolute_url()

    PAGES.append(CheckedPage("article", _published_article))

Pages whose markup we do not write (Django's admin) set ``axe=False, html=False``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckedPage:
    name: str
    path: str | Callable[[], str]
    status: int = 200
    axe: bool = True
    html: bool = True

    def url(self) -> str:
        return self.path() if callable(self.path) else self.path


PAGES = [
    CheckedPage("home", "/"),
    # Every CSS component on one page (tests/browser/styleguide.html), so the design
    # system is checked for contrast, validity and layout in both colour schemes.
    CheckedPage("styleguide", "/__test__/styleguide/?page=2"),
    CheckedPage("400", "/__test__/400/", status=400),
    CheckedPage("403", "/__test__/403/", status=403),
    CheckedPage("404", "/no-such-page/", status=404),
    CheckedPage("500", "/__test__/500/", status=500),
    CheckedPage("403-csrf", "/__test__/csrf/", status=403),
    # Django's own admin markup: held to our CSP and console rules, not to axe or Nu.
    CheckedPage("admin-login", "/admin/login/", axe=False, html=False),
]
