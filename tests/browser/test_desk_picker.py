"""The writing desk's picker and writing aids in Chromium, as the demo editor: find
"season 3", insert a fact box, save, and see it on the public page; the counters
follow the typing and agree with the server's rule; axe with the picker open."""

import pytest

from articles.models import Article
from articles.writing import reading_time

from .conftest import check_axe_within, settle_preview

pytestmark = [pytest.mark.browser]

ADD = "/admin/articles/article/add/"
SAMPLE = (
    "Amélie’s well-known line: it's back.\n\n"
    "[[factbox season=heartstopper/2]]\n\n"
    "Out {{season:heartstopper/2.premiere}}; see [the teaser](https://youtu.be/x) now."
)


@pytest.fixture
def demo(committed_demo):
    """The demo content, committed, with its known logins."""


@pytest.fixture
def check_desk_axe(axe_source):
    """axe on the desk's own parts (picker, counters, previews). The rest of the
    form is the layout's: its select2 widgets and the preview-link table have
    violations of their own that this slice does not touch."""

    def _check(visit):
        check_axe_within(
            visit, axe_source, [".desk-picker", ".desk-count", ".desk-previews"]
        )

    return _check


def log_in(open_page, path, **options):
    visit = open_page(f"/admin/login/?next={path}", **options)
    page = visit.page
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-demo")
    with page.expect_navigation():
        page.click("input[type=submit]")
    return visit


def open_picker(page, text):
    page.click("button.desk-picker__open")
    assert page.evaluate("document.activeElement.id") == "desk-picker-input"
    page.keyboard.type(text)
    page.wait_for_selector("#desk-picker-results [role=option]")


def test_picker_finds_season_3_and_inserts_a_working_fact_box(
    demo, open_page, screenshot, check_desk_axe
):
    visit = log_in(open_page, ADD)
    page = visit.page
    page.fill("#id_title", "Heartstopper season 3 is coming")
    page.fill("#id_body", "Netflix has news.")
    page.focus("#id_body")
    page.keyboard.press("End")

    open_picker(page, "season 3")
    option = page.locator("[role=option]", has_text="Heartstopper season 3")
    assert option.count() == 1
    combobox = page.locator("#desk-picker-input")
    assert combobox.get_attribute("aria-expanded") == "true"
    check_desk_axe(visit)
    screenshot(page, "desk-picker-open-desktop-light")

    # Keyboard only: move to the Heartstopper season, Enter, then Enter on the kind.
    for _ in range(10):
        active = combobox.get_attribute("aria-activedescendant")
        if page.locator(f"#{active}").inner_text().startswith("Heartstopper season 3"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    factbox = page.get_by_label("Fact box", exact=False).first
    assert factbox.is_checked()  # the first kind is chosen; Enter inserts it
    check_desk_axe(visit)
    page.keyboard.press("Enter")

    body = page.input_value("#id_body")
    assert body == "Netflix has news.\n\n[[factbox season=heartstopper/3]]\n\n"
    assert page.evaluate("document.activeElement.id") == "id_body"
    open_section(page, "Subjects")  # collapsed on the desk: look, as an editor would
    subjects = page.locator("#id_subject_seasons option:checked").all_inner_texts()
    assert subjects == ["Heartstopper Season 3"]
    # select2 shows the new subject too
    assert (
        "Heartstopper Season 3" in page.locator(".field-subject_seasons").inner_text()
    )
    visit.assert_clean()

    settle_preview(page)
    with page.expect_navigation():
        page.click("input[name=_continue]")  # "Save draft"
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    settle_preview(page)
    # A two-line piece fails the checklist: the editor publishes it anyway, saying why.
    page.fill("#id_override_reason", "A short news item.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish now").click()
    assert "Published." in page.locator(".messagelist").inner_text()
    settle_preview(page)
    visit.assert_clean()

    article = Article.objects.get(title="Heartstopper season 3 is coming")
    assert [str(s) for s in article.subject_seasons.all()] == ["Heartstopper Season 3"]
    page.goto(article.get_absolute_url())
    box = page.locator(".livefact--factbox")
    assert box.count() == 1 and box.is_visible()
    assert "Season 3" in box.inner_text()
    visit.assert_clean()


def test_words_typed_after_a_fact_box_start_a_paragraph_of_their_own(demo, open_page):
    """The caret lands past the blank line under a block embed: typing on at once
    must not run into the embed's line, which would print it as plain text."""
    visit = log_in(open_page, ADD)
    page = visit.page
    page.fill("#id_title", "Season 3")
    page.fill("#id_body", "Netflix has news.\n\nMore to come.")
    page.focus("#id_body")
    page.evaluate("document.getElementById('id_body').setSelectionRange(17, 17)")
    open_picker(page, "season 3")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the fact box, the first kind
    page.keyboard.type("Filming has wrapped. ")
    assert page.input_value("#id_body") == (
        "Netflix has news.\n\n[[factbox season=heartstopper/3]]\n\n"
        "Filming has wrapped. More to come."
    )
    page.focus("#id_body")
    page.keyboard.press("Control+End")
    open_picker(page, "season 3")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("The end.")
    assert page.input_value("#id_body").endswith(
        "More to come.\n\n[[factbox season=heartstopper/3]]\n\nThe end."
    )
    preview = page.frame_locator("#desk-preview-frame")
    preview.locator("p", has_text="The end.").wait_for()
    assert preview.locator(".livefact--factbox").count() == 2
    assert preview.locator("text=[[factbox").count() == 0
    settle_preview(page)
    visit.assert_clean()


def test_picker_inline_fact_goes_in_at_the_cursor(demo, open_page):
    page = log_in(open_page, ADD).page
    page.fill("#id_body", "Nick is played by  today.")
    page.focus("#id_body")
    page.evaluate("document.getElementById('id_body').setSelectionRange(18, 18)")
    open_picker(page, "nick nelson")
    page.keyboard.press("Enter")
    page.get_by_label("actor", exact=False).check()
    page.click(".desk-picker__actions >> text=Insert")
    assert page.input_value("#id_body") == (
        "Nick is played by {{character:heartstopper/nick-nelson.actor}} today."
    )
    # a character's show becomes the subject
    open_section(page, "Subjects")
    shows = page.locator("#id_subject_shows option:checked").all_inner_texts()
    assert shows == ["Heartstopper"]


@pytest.mark.parametrize(
    ("viewport", "scheme"), [("phone", "dark"), ("desktop", "dark")]
)
def test_picker_open_is_axe_clean(demo, open_page, check_desk_axe, viewport, scheme):
    visit = log_in(open_page, ADD, viewport=viewport, color_scheme=scheme)
    page = visit.page
    open_picker(page, "heartstopper")
    check_desk_axe(visit)
    page.fill("#desk-picker-input", "")  # emptied: the list closes
    page.wait_for_selector("#desk-picker-results", state="hidden")  # debounced
    assert page.get_attribute("#desk-picker-input", "aria-expanded") == "false"
    page.keyboard.type("heartstopper")
    page.wait_for_selector("#desk-picker-results [role=option]")
    page.keyboard.press("Escape")  # closes the list, then the picker
    page.keyboard.press("Escape")
    assert page.locator("#desk-picker-panel").is_hidden()
    assert page.evaluate("document.activeElement.className").startswith("button")


def open_section(page, title):
    """Open one of the desk's collapsed fieldsets by its summary."""
    page.locator("fieldset details summary", has_text=title).first.click()


def test_counters_follow_the_typing_and_agree_with_the_server(
    demo, open_page, screenshot, check_desk_axe
):
    article = Article.objects.get(slug="heartstopper-season-2-release-date")
    visit = log_in(open_page, f"/admin/articles/article/{article.pk}/change/")
    page = visit.page
    assert page.inner_text("#desk-body-count") == reading_time(article.body)

    page.fill("#id_body", SAMPLE)
    assert page.inner_text("#desk-body-count") == reading_time(SAMPLE)
    page.fill("#id_body", "word " * 231)
    assert page.inner_text("#desk-body-count") == "231 words · 2 min read"

    open_section(page, "Search and sharing")
    title_count = page.locator("#id_seo_title-count")
    assert "Empty: the title is used" in title_count.inner_text()
    page.fill("#id_seo_title", "x" * 61)
    assert "Too long" in title_count.inner_text()
    assert "desk-count--warning" in title_count.get_attribute("class")
    page.fill("#id_seo_title", "Heartstopper 2: the date")
    assert title_count.inner_text().startswith("24 characters")
    assert page.inner_text(".desk-serp__title") == "Heartstopper 2: the date · Showsite"

    page.fill("#id_seo_description", "Too short.")
    assert "Short" in page.inner_text("#id_seo_description-count")
    assert page.inner_text(".desk-card__description") == "Too short."
    page.fill("#id_seo_description", "")
    assert page.inner_text(".desk-serp__description") == article.standfirst
    assert page.inner_text(".desk-serp__url").endswith(f"/articles/{article.slug}/")
    share = page.locator(".desk-card__image")
    # The src is set at once; the picture arrives later, so wait for it to load.
    page.wait_for_function(
        "() => { const img = document.querySelector('.desk-card__image');"
        " return img.src.includes('1280w') && img.complete && img.naturalWidth > 0; }"
    )
    assert share.evaluate("img => img.naturalWidth") > 0
    page.locator(".desk-previews").scroll_into_view_if_needed()
    check_desk_axe(visit)
    screenshot(page, "desk-seo-previews-desktop-light")
    visit.assert_clean()
