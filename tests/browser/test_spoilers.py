"""Spoilers on a phone: one passage still hidden (a notice, no text), one shown behind
"Show spoiler", opened by keyboard with a visible focus ring; axe-clean in both colour
schemes; in a preview link, both passages shown in marked boxes. Screenshots:
article-spoilers-phone-<scheme>(-open).png,
article-spoilers-preview-phone-<scheme>.png."""

import datetime
import shutil

import pytest
from django.utils import timezone

from catalog.dates import PreciseDate
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    EpisodeFactory,
    PlatformFactory,
    PreviewLinkFactory,
    ReleaseFactory,
    SeasonFactory,
    ShowFactory,
)

from .test_html_validity import run_nu_checker

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]

SHOWN = "Nick finally tells Charlie the truth at the lighthouse."
HIDDEN = "The lighthouse burns down in the last minute."


def _article(**fields):
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
        **fields,
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_preview_link_shows_both_passages_marked_on_a_phone_and_passes_axe(
    open_page, check_axe, screenshot, scheme
):
    link = PreviewLinkFactory(article=_article(state="draft", published_at=None))
    visit = open_page(link.get_absolute_url(), viewport="phone", color_scheme=scheme)
    page = visit.page
    boxes = page.locator(".spoiler--preview")
    assert boxes.count() == 2
    assert page.get_by_text(SHOWN).is_visible()
    assert page.get_by_text(HIDDEN).is_visible()
    label = boxes.nth(1).locator(".spoiler__label").inner_text()
    assert "readers in the United Kingdom see this from" in label
    assert "hidden until then" in label
    check_axe(page)
    screenshot(page, f"article-spoilers-preview-phone-{scheme}")


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs java")
@pytest.mark.django_db
def test_a_preview_of_spoilers_is_valid_html(client, tmp_path):
    link = PreviewLinkFactory(article=_article(state="draft", published_at=None))
    html = client.get(link.get_absolute_url()).content.decode()
    assert html.count("spoiler--preview") == 2
    (tmp_path / "preview.html").write_text(html)

    result = run_nu_checker(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs java")
@pytest.mark.django_db
def test_an_article_with_spoilers_and_a_spoiler_comment_is_valid_html(client, tmp_path):
    # Whole seconds: the byline's <time> prints microseconds.
    published = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    article = _article(published_at=published)
    CommentFactory(article=article, body="He was the keeper.", contains_spoilers=True)
    response = client.get(article.get_absolute_url() + "?country=GB")
    html = response.content.decode()
    assert "spoiler-notice" in html and 'class="spoiler"' in html
    assert "spoiler--comment" in html
    (tmp_path / "article.html").write_text(html)

    result = run_nu_checker(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
