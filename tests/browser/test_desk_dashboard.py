"""The desk and the editorial calendar in Chromium: axe finds nothing at desktop and
phone widths, in light and dark, no page scrolls sideways, and screenshots show an
editor's desk and the calendar's month and week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.dates import PreciseDate
from newsroom.models import Notification
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CommentFactory,
    EpisodeFactory,
    SeasonFactory,
    ShowFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser
CALENDAR = "/admin/articles/article/calendar/"


@pytest.fixture
def newsroom(roles):
    """An editor's morning: drafts, pieces in review, scheduled pieces, premieres this
    month (one without a piece) and comments waiting."""
    editor = UserFactory(
        username="eddie",
        first_name="Eddie",
        last_name="Editor",
        groups=[roles["Editors"]],
        is_staff=True,
    )
    ada = UserFactory(
        username="ada",
        first_name="Ada",
        last_name="Author",
        groups=[roles["Authors"]],
        is_staff=True,
    )
    eddie_byline = AuthorProfileFactory(user=editor, name="Eddie Editor")
    ada_byline = AuthorProfileFactory(user=ada, name="Ada Author")
    now = timezone.now()
    today = timezone.localdate()
    pieces = [
        ("A Heartstopper film: what we know so far", "draft", None, editor),
        ("Bridgerton season 4 part 2: the date", "draft", None, editor),
        ("Review: Slow Horses series 5 keeps its nerve", "review", None, ada),
        ("Stranger Things 5: every returning character", "review", None, ada),
        (
            "Wednesday season 2: a viewing guide before the premiere",
            "published",
            now + timedelta(days=2, hours=3),
            editor,
        ),
        (
            "The Last of Us season 3: what the trailer tells us",
            "published",
            now + timedelta(days=5),
            ada,
        ),
        ("Heartstopper season 3 is streaming now", "published", now, editor),
    ]
    made = {}
    for title, state, at, owner in pieces:
        article = ArticleFactory(
            title=title, state=state, published_at=at, created_by=owner
        )
        article.authors.add(ada_byline if owner == ada else eddie_byline)
        made[title] = article
    live = made["Heartstopper season 3 is streaming now"]
    for name in ("Robin", "Sam", "Priya"):
        CommentFactory(article=live, name=name, state="pending")
    show = ShowFactory(title="Heartstopper", slug="heartstopper")
    live.subject_shows.add(show)
    SeasonFactory(show=show, number=4, premiere=PreciseDate.day(today))
    bare = ShowFactory(title="Slow Horses", slug="slow-horses")
    season = SeasonFactory(
        show=bare, number=6, premiere=PreciseDate.day(today + timedelta(days=9))
    )
    EpisodeFactory(
        season=season,
        number=2,
        title="Tired Eyes",
        air=PreciseDate.day(today + timedelta(days=16)),
    )
    SeasonFactory(
        show=ShowFactory(title="Bridgerton", slug="bridgerton"),
        number=4,
        premiere=PreciseDate.month(today.year, today.month),
    )
    review = made["Stranger Things 5: every returning character"]
    Notification.objects.create(
        recipient=editor,
        kind="submitted",
        article=review,
        actor=ada,
        text=f"Ada Author submitted “{review.title}” for review.",
    )
    return editor


def _log_in(open_page, path, *, viewport="desktop", color_scheme="light"):
    visit = open_page(
        f"/admin/login/?next={path}", viewport=viewport, color_scheme=color_scheme
    )
    page = visit.page
    page.fill("#id_username", "eddie")
    page.fill("#id_password", "password")
    with page.expect_navigation():
        page.click("input[type=submit]")
    return visit


def _check(visit, path, check_axe):
    page = visit.page
    response = page.goto(path, wait_until="load")
    assert response.status == 200, path
    visit.assert_clean()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    check_axe(page)
    return page


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_desk_and_calendar_pass_axe_without_sideways_scroll(
    open_page, check_axe, screenshot, newsroom, viewport, color_scheme
):
    visit = _log_in(open_page, "/admin/", viewport=viewport, color_scheme=color_scheme)
    suffix = f"{viewport}-{color_scheme}"
    page = _check(visit, "/admin/", check_axe)
    assert page.locator(".desk-panel").count() == 6
    screenshot(page, f"desk-dashboard-editor-{suffix}")
    page = _check(visit, CALENDAR, check_axe)
    screenshot(page, f"desk-calendar-month-{suffix}")
    page = _check(visit, f"{CALENDAR}?view=week", check_axe)
    screenshot(page, f"desk-calendar-week-{suffix}")


def test_the_desk_leads_to_the_calendar_and_the_uncovered_premiere(open_page, newsroom):
    visit = _log_in(open_page, "/admin/")
    page = visit.page
    page.click("text=Editorial calendar")
    page.wait_for_selector(".cal-grid")
    flagged = page.locator(".cal-entry--uncovered")
    assert flagged.first.is_visible()
    assert "Slow Horses" in page.locator(".cal-uncovered").inner_text()
    assert "Sometime in" in page.locator(".cal-months").inner_text()
    page.click("text=Next")
    page.wait_for_load_state()
    next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).strftime(
        "%B %Y"
    )
    assert next_month in page.locator("h1").inner_text()
