"""Corrections and the reader box in Chromium: an editor's correction reaches the
page, its JSON-LD and the feed; the "What's changed" box is one line on a phone and
open on a desktop; marking changes minor from "Needs update" hides it."""

import json

import feedparser
import pytest

from articles.models import Article

pytestmark = [pytest.mark.browser]

DEMO_PIECE = "/articles/heartstopper-season-2-release-date/"
CORRECTION = "An earlier version said the finale was on 3 August <2023>."


@pytest.fixture
def demo(committed_demo):
    """The demo content, committed, with its known logins."""


def log_in_and_open(open_page, path: str, *, viewport="desktop"):
    visit = open_page(f"/admin/login/?next={path}", check=False, viewport=viewport)
    page = visit.page
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-demo")
    with page.expect_navigation():
        page.click("input[type=submit]")
    return visit


def _news_article(page) -> dict:
    blocks = page.eval_on_selector_all(
        'script[type="application/ld+json"]', "els => els.map(e => e.textContent)"
    )
    return next(
        data for data in map(json.loads, blocks) if data.get("@type") == "NewsArticle"
    )


def test_a_correction_appears_on_the_page_in_json_ld_and_in_the_feed(
    demo, open_page, screenshot, check_axe
):
    article = Article.objects.get(slug="heartstopper-season-2-release-date")
    change = f"/admin/articles/article/{article.pk}/change/"
    page = log_in_and_open(open_page, change).page
    choice = page.locator(".form-row.field-reader_notice")
    assert choice.is_hidden()  # nothing changed yet: nothing to ask
    page.locator("#id_body").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" The finale aired on 3 August 2023.")
    assert choice.is_visible()
    note = page.locator(".form-row.field-reader_notice_text")
    assert note.is_hidden()
    page.get_by_label("Correction", exact=True).check()
    assert note.is_visible()
    check_axe(page)
    screenshot(page, "correction-choice-desktop")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish changes", exact=True).click()
    # Refused without the correction's text; the typed words are still there.
    assert page.locator("p.errornote").is_visible()
    assert (
        "Write the correction" in page.locator(".field-reader_notice_text").inner_text()
    )
    assert "The finale aired" in page.locator("#id_body").input_value()
    page.fill("#id_reader_notice_text", CORRECTION)
    with page.expect_navigation():
        page.get_by_role("button", name="Publish changes", exact=True).click()
    assert "readers now see the changes" in page.locator(".messagelist").inner_text()

    for viewport in ("phone", "desktop"):
        visit = open_page(DEMO_PIECE, viewport=viewport)
        reader = visit.page
        notes = reader.locator("#update-notes")
        assert notes.is_visible()
        assert CORRECTION in notes.inner_text()
        assert reader.locator(".byline .dates").inner_text().count("Corrected") == 1
        check_axe(reader)
        screenshot(reader, f"correction-article-{viewport}")
    data = _news_article(reader)
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["correction"][0]["text"] == CORRECTION
    assert data["dateModified"] == data["correction"][0]["datePublished"]

    feed = feedparser.parse(reader.request.get("/feeds/latest.atom").body())
    entry = next(e for e in feed.entries if e.title == article.title)
    assert "Corrected" in entry.summary
    assert "&lt;2023&gt;" in entry.summary  # text in HTML, escaped


def test_whats_changed_is_one_line_on_a_phone_and_open_on_a_desktop(
    demo, open_page, screenshot, check_axe
):
    phone = open_page(DEMO_PIECE, viewport="phone").page
    box = phone.locator(".whats-changed")
    summary = box.locator("summary")
    assert summary.is_visible()
    assert "6 facts changed since publication" in summary.inner_text()
    assert box.locator(".whats-changed__list").first.is_hidden()
    line = summary.locator("h2").evaluate(
        "e => parseFloat(getComputedStyle(e).lineHeight)"
    )
    assert summary.bounding_box()["height"] < 1.5 * line  # one line
    height = box.bounding_box()["height"]
    assert height < 80, f"the folded box is {height}px tall"
    screenshot(phone, "whats-changed-phone-after")
    check_axe(phone)
    summary.click()
    assert box.locator(".whats-changed__list").first.is_visible()
    screenshot(phone, "whats-changed-phone-expanded")
    check_axe(phone)

    desktop = open_page(DEMO_PIECE, viewport="desktop").page
    desktop.wait_for_selector(".whats-changed details[open]")
    assert desktop.locator(".whats-changed__list").first.is_visible()
    check_axe(desktop)
    screenshot(desktop, "whats-changed-desktop")


def test_marking_changes_minor_hides_the_box(demo, open_page, screenshot, check_axe):
    page = log_in_and_open(open_page, "/admin/articles/article/needs-update/").page
    check_axe(page)
    with page.expect_navigation():
        page.click("button[name=minor]")
    assert page.locator(".messagelist .success").is_visible()
    assert page.locator("text=Minor: no box for readers").is_visible()
    check_axe(page)
    screenshot(page, "needs-update-minor")
    reader = open_page(DEMO_PIECE, viewport="phone").page
    assert reader.locator(".whats-changed").count() == 0
