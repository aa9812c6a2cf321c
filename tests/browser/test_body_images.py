"""Dropping a picture onto the article body: the dialog asks for its alt text, the
picture goes into the library, the embed lands in the body and on the public page."""

import base64
import json
import re

import pytest

from articles.models import Article
from images.models import Image
from tests.browser.conftest import format_axe_violations, settle_preview
from tests.factories import ArticleFactory, image_bytes

pytestmark = pytest.mark.browser

DROP = """([data, name]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "image/png" }));
  const body = document.getElementById("id_body");
  body.focus();
  body.setSelectionRange(body.value.length, body.value.length);
  body.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
}"""  # noqa: E501


@pytest.fixture
def demo(committed_demo):
    """The demo content, committed, with its known logins."""


def log_in_and_open(open_page, path: str, *, viewport="desktop", color_scheme="light"):
    visit = open_page(
        f"/admin/login/?next={path}",
        check=False,
        viewport=viewport,
        color_scheme=color_scheme,
    )
    page = visit.page
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-demo")
    with page.expect_navigation():
        page.click("input[type=submit]")
    return visit


def test_dropping_a_png_uploads_it_with_its_alt_text_and_embeds_it(demo, open_page):
    article = ArticleFactory(
        title="Drop test", body="The first paragraph.", state="draft", published_at=None
    )
    visit = log_in_and_open(open_page, f"/admin/articles/article/{article.pk}/change/")
    page = visit.page
    in_library = Image.objects.count()  # the demo's pictures
    png = base64.b64encode(image_bytes(size=(1200, 800))).decode()
    page.evaluate(DROP, [png, "on-set.png"])

    dialog = page.locator("#body-image-dialog")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "body-image-alt"
    assert "on-set.png" in page.locator("#body-image-file").inner_text()
    page.locator("#body-image-preview").wait_for(state="visible")

    # Without alt text nothing is uploaded; the dialog says why.
    page.click("#body-image-upload")
    assert "alt text" in page.locator("#body-image-errors").inner_text()
    assert Image.objects.count() == in_library

    page.fill("#body-image-alt", "Two actors laughing between takes")
    page.fill("#body-image-credit", "© Netflix")
    page.click("#body-image-upload")
    dialog.wait_for(state="hidden")
    body = page.locator("#id_body").input_value()
    match = re.search(r"^\[\[image id=(\d+)\]\]$", body, re.MULTILINE)
    assert match, body
    assert body.startswith("The first paragraph.\n\n[[image id=")
    image = Image.objects.get(pk=int(match[1]))
    assert (image.alt_text, image.credit) == (
        "Two actors laughing between takes",
        "© Netflix",
    )
    assert page.evaluate("document.activeElement.id") == "id_body"

    # The desk's live preview shows the picture before anything is saved.
    preview = page.frame_locator("#desk-preview-frame")
    preview.locator(
        "figure.figure--body img[alt='Two actors laughing between takes']"
    ).wait_for(state="visible", timeout=15_000)
    settle_preview(page)

    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert f"[[image id={image.pk}]]" in Article.objects.get(pk=article.pk).body
    visit.assert_clean()

    page.goto(article.get_absolute_url())
    figure = page.locator(".prose figure.figure--body")
    assert figure.locator("img").get_attribute("alt") == (
        "Two actors laughing between takes"
    )
    assert figure.locator(".figure__credit").text_content() == "© Netflix"
    visit.assert_clean()


def test_cancel_uploads_nothing(demo, open_page):
    article = ArticleFactory(body="Text.")
    visit = log_in_and_open(open_page, f"/admin/articles/article/{article.pk}/change/")
    page = visit.page
    png = base64.b64encode(image_bytes()).decode()
    page.evaluate(DROP, [png, "x.png"])
    page.fill("#body-image-alt", "Something")
    page.click("#body-image-cancel")
    assert not page.locator("#body-image-dialog").is_visible()
    assert page.locator("#id_body").input_value() == "Text."
    assert not Image.objects.filter(alt_text="Something").exists()
    visit.assert_clean()


def test_a_refused_file_shows_the_librarys_error_in_the_dialog(demo, open_page):
    article = ArticleFactory(body="Text.")
    visit = log_in_and_open(open_page, f"/admin/articles/article/{article.pk}/change/")
    page = visit.page
    # Claims to be a PNG; the library's check reads the bytes.
    fake = base64.b64encode(b"not a picture at all").decode()
    page.evaluate(DROP, [fake, "fake.png"])
    page.fill("#body-image-alt", "A fake")
    page.click("#body-image-upload")
    errors = page.locator("#body-image-errors")
    errors.wait_for(state="visible")
    assert "is not a JPEG, PNG, WebP or GIF" in errors.inner_text()
    assert page.locator("#id_body").input_value() == "Text."
    # The endpoint's 400 is the expected answer, which Chromium logs as an error.
    visit.problems[:] = [p for p in visit.collect() if "upload-image/" not in p]
    visit.assert_clean()


@pytest.mark.parametrize(
    ("viewport", "color_scheme"), [("desktop", "light"), ("phone", "dark")]
)
def test_the_dialog_passes_axe(
    demo, open_page, axe_source, screenshot, viewport, color_scheme
):
    article = ArticleFactory(body="Text.")
    visit = log_in_and_open(
        open_page,
        f"/admin/articles/article/{article.pk}/change/",
        viewport=viewport,
        color_scheme=color_scheme,
    )
    page = visit.page
    page.evaluate(DROP, [base64.b64encode(image_bytes()).decode(), "bench.png"])
    page.locator("#body-image-preview").wait_for(state="visible")
    page.click("#body-image-upload")  # shows the missing alt text error too
    assert page.locator("#body-image-errors").is_visible()
    visit.assert_clean()
    screenshot(page, f"desk-image-dialog-{viewport}-{color_scheme}")
    # Last: axe's own probes trip the CSP's inline-style rule. Only the dialog: the
    # admin's breadcrumbs behind the backdrop are sometimes judged a colour-only link.
    page.evaluate(axe_source)
    violations = json.loads(
        page.evaluate(
            "async () => JSON.stringify(await axe.run("
            "{include: ['#body-image-dialog']}, {resultTypes: ['violations']}))"
        )
    )["violations"]
    assert not violations, format_axe_violations(violations)
