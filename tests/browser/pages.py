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

from tests.demo_snapshot import Kept


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


def _live_facts_article():
    """An article with every kind of live-fact embed and a What's changed box."""
    import datetime

    from django.utils import timezone

    from catalog import services
    from tests.factories import ArticleFactory
    from tests.livefacts.test_rendering import BLOCKS
    from tests.livefacts_helpers import AUG_3, make_catalog

    catalog = make_catalog(cast=11)
    article = ArticleFactory(
        title="Season 2: when?",
        kind="speculation",
        body="Intro {{season:heartstopper/2.premiere}}.\n\n" + "\n\n".join(BLOCKS),
        # Whole seconds: the byline's date:'c' would print microseconds, which the
        # HTML checker rejects (an articles byline issue, reported separately).
        published_at=(timezone.now() - datetime.timedelta(days=1)).replace(
            microsecond=0
        ),
    )
    services.season_set_release(
        season=catalog.season, status="date_announced", premiere=AUG_3, source=None
    )
    return article.get_absolute_url()


PAGES.append(CheckedPage("article-live-facts", _live_facts_article))


# --- Public pages with content (pages branch) ---------------------------------------
# One small newsroom per page (tests/pages_helpers.py): pictures, cast, seasons,
# volumes, related pieces and a calendar that uses every date precision.


def _build_world():
    from tests.pages_helpers import build_world

    return build_world(3, pixels=(1200, 675))


# Built once per test process (its big pictures and their renditions take seconds of
# CPU, and thirteen pages at two widths in two colour schemes want it), then put back
# with the same ids and slugs (tests/demo_snapshot.py). It replaces the database, so
# each page's builder asks for it first.
_world = Kept(_build_world)


def _calendar():
    import datetime

    from catalog.dates import Confidence, PreciseDate
    from tests.factories import EpisodeFactory, SeasonFactory, ShowFactory

    year = datetime.date.today().year + 1
    show = ShowFactory(title="Calendar Show")
    SeasonFactory(show=show, premiere=PreciseDate.day(datetime.date(year, 7, 3)))
    season = SeasonFactory(
        show=show, premiere=PreciseDate.month(year, 7, Confidence.REPORTED)
    )
    EpisodeFactory(season=season, air=PreciseDate.day(datetime.date(year, 7, 10)))
    SeasonFactory(show=show, premiere=PreciseDate.quarter(year, 3, Confidence.ESTIMATE))
    SeasonFactory(show=show, premiere=PreciseDate.year(year + 1, Confidence.RUMOUR))
    SeasonFactory(show=show)
    return "/upcoming/"


def _home():
    _world()
    _calendar()
    return "/"


def _search():
    world = _world()
    return f"/search/?q={world.show.title.split()[0]}"


PAGES += [
    CheckedPage("home-with-content", _home),
    CheckedPage("article", lambda: _world().article.get_absolute_url()),
    CheckedPage("kind-list", lambda: (_world(), "/kinds/news/")[1]),
    CheckedPage("tag-list", lambda: _world().tag.get_absolute_url()),
    CheckedPage("author", lambda: _world().author.get_absolute_url()),
    CheckedPage("show-articles", lambda: f"/shows/{_world().show.slug}/articles/"),
    CheckedPage("show-index", lambda: (_world(), "/shows/")[1]),
    CheckedPage("show", lambda: _world().show.get_absolute_url()),
    CheckedPage("season", lambda: _world().season.get_absolute_url()),
    CheckedPage("person", lambda: _world().person.get_absolute_url()),
    CheckedPage("book", lambda: _world().work.get_absolute_url()),
    CheckedPage("upcoming", _calendar),
    CheckedPage("search", _search),
    CheckedPage("follow-form", lambda: f"/follow/show/{_world().show.slug}/"),
    CheckedPage("follow-confirm", lambda: _follow_confirm()),
]


def _follow_confirm():
    """The page a confirm link opens (its Confirm button confirms)."""
    from follows.models import Follow
    from follows.tokens import confirm_code

    follow, _ = Follow.objects.get_or_create(
        email="reader@example.com", show=_world().show
    )
    return f"/follow/confirm/{confirm_code(follow)}/"


# Each page is loaded once, then laid out at every width in both colour schemes
# (a relayout, not a request): the desktop first, as the page opens.
LAYOUTS = [
    ("desktop", "light"),
    ("desktop", "dark"),
    ("phone", "light"),
    ("phone", "dark"),
]


def check_page(checked, open_page, screenshot, check_axe):
    """Open a page once and look at it at a phone's and a desktop's width, light and
    dark: no browser complaint (open_page fails on any), no sideways scrolling, a
    screenshot with something in it, and axe clean, at each."""
    from .conftest import VIEWPORTS

    visit = open_page(checked.url(), status=checked.status)
    page = visit.page
    for viewport, color_scheme in LAYOUTS:
        page.set_viewport_size(VIEWPORTS[viewport])
        page.emulate_media(color_scheme=color_scheme)
        where = f"{checked.name} at {viewport} width, {color_scheme}"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{where}: scrolls sideways by {overflow}px"
        path = screenshot(page, f"{checked.name}-{viewport}-{color_scheme}")
        assert path.stat().st_size > 1000, where
        if checked.axe:
            check_axe(page)
    visit.assert_clean()
