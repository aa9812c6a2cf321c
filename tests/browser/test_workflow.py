"""The newsroom workflow in Chromium: an author submits, the editor sends it back
with a note, the author fixes and resubmits, the editor schedules it and it goes
public at its time; an author's typo fix to a live piece waits for review while
readers keep the old text; axe finds nothing on the form's workflow."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from articles.models import Article, ArticleChange
from tests.browser.conftest import settle_preview
from tests.factories import (
    READY_BODY,
    AuthorProfileFactory,
    ReadyArticleFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def newsroom(roles):
    author = UserFactory(
        username="ada", first_name="Ada", last_name="Author",
        groups=[roles["Authors"]], is_staff=True,
    )  # fmt: skip
    UserFactory(
        username="eddie", first_name="Eddie", last_name="Editor",
        groups=[roles["Editors"]], is_staff=True,
    )  # fmt: skip
    AuthorProfileFactory(user=author, name="Ada Author")
    return author


def _draft(author, **kwargs):
    article = ReadyArticleFactory(
        title="Heartstopper season 4 is dated", created_by=author, **kwargs
    )
    article.authors.add(author.author_profile)
    return article


def _change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def _desk(open_page, username, path, **kwargs):
    """Log in as ``username`` and open the desk at ``path``; waits for the preview."""
    visit = open_page(f"/admin/login/?next={path}", **kwargs)
    page = visit.page
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    with page.expect_navigation():
        page.click("input[type=submit]")
    _settle(page)
    return visit


def _settle(page):
    page.wait_for_selector("#desk-preview[data-seq]", state="attached")
    settle_preview(page)


def _press(page, label):
    _settle(page)
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()
    _settle(page)


def _message(page) -> str:
    return page.locator(".messagelist").inner_text()


def _banner(page) -> str:
    return page.locator(".workflow-status").inner_text()


def test_submit_request_changes_resubmit_schedule_and_go_public(
    open_page, newsroom, screenshot
):
    article = _draft(newsroom)
    url = _change_url(article)

    author = _desk(open_page, "ada", url).page
    _press(author, "Submit for review")
    assert "Submitted for review; editors have been told." in _message(author)
    assert "In review" in _banner(author)
    # The editor is told: by e-mail (after the commit) and in the admin's inbox.
    assert [m.to for m in mail.outbox] == [["eddie@example.com"]]
    assert article.title in mail.outbox[0].subject + mail.outbox[0].body

    editor = _desk(open_page, "eddie", url).page
    count = editor.locator(".inbox-link .inbox-link__count").text_content()
    assert " ".join(count.split()) == "1 unread"
    editor.locator(".inbox-link").click()
    editor.wait_for_load_state()
    notice = editor.locator(".notification__text", has_text=article.title)
    assert notice.count() == 1
    with editor.expect_navigation():
        notice.click()  # the notice opens the piece
    _settle(editor)
    assert editor.url.endswith(url)
    editor.fill("#id_workflow_note", "Say which platform it is on.")
    _press(editor, "Request changes")
    assert "Sent back to the author with your note." in _message(editor)
    assert mail.outbox[-1].to == ["ada@example.com"]

    author.goto(url)
    _settle(author)
    assert "Changes requested" in _banner(author)
    assert "Say which platform it is on." in _banner(author)
    author.locator("#id_standfirst").fill("Netflix has dated the fourth season.")
    _press(author, "Submit for review")
    assert "In review" in _banner(author)

    editor.goto(url)
    _settle(editor)
    assert "Europe/London" in editor.locator(".workflow-panel").inner_text()
    screenshot(editor, "workflow-change-form-in-review")
    when = timezone.localtime() + timedelta(minutes=10)
    editor.fill("#id_schedule_at", when.strftime("%Y-%m-%dT%H:%M"))
    _press(editor, "Schedule")
    assert "Scheduled for" in _message(editor) and "(Europe/London)" in _message(editor)
    assert "Scheduled for" in _banner(editor)

    article.refresh_from_db()
    open_page(article.get_absolute_url(), status=404)
    with time_machine.travel(article.published_at + timedelta(minutes=1)):
        reader = open_page(article.get_absolute_url()).page
        assert "Netflix has dated the fourth season." in reader.content()


def test_an_authors_typo_fix_to_a_live_piece_waits_while_readers_see_the_old_text(
    open_page, newsroom, screenshot
):
    article = _draft(
        newsroom,
        state="published",
        published_at=timezone.now() - timedelta(days=1),
        body=READY_BODY + " It returns on 3 Octobre.",
    )
    url = _change_url(article)
    author = _desk(open_page, "ada", url).page
    assert "Readers see this version" in _banner(author)
    author.locator("#id_body").fill(READY_BODY + " It returns on 3 October.")
    author.get_by_label("Silent fix (typo, style)").check()  # a typo: no note
    _press(author, "Submit change for review")
    assert "Change submitted for review" in _message(author)

    reader = open_page(article.get_absolute_url()).page
    assert "3 Octobre" in reader.content()
    assert "3 October." not in reader.content()

    editor = _desk(open_page, "eddie", url).page
    assert "You are editing a draft change" in _banner(editor)
    assert "3 October." in editor.locator("#id_body").input_value()
    screenshot(editor, "workflow-live-change")
    _press(editor, "Publish changes")
    assert "readers now see the changes" in _message(editor)
    assert not ArticleChange.objects.exists()
    assert "3 October." in Article.objects.get(pk=article.pk).body
    reader.reload()
    assert "3 October." in reader.content()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_workflow_on_the_change_form_is_axe_clean(
    open_page, newsroom, check_axe, screenshot, viewport
):
    article = _draft(newsroom, state="review", body="Work in progress.")
    visit = _desk(open_page, "eddie", _change_url(article), viewport=viewport)
    page = visit.page
    page.locator(".workflow-checklist").wait_for()
    check_axe(page, preload=False)
    screenshot(page, f"workflow-checklist-{viewport}")
    _settle(page)
    visit.assert_clean()


def test_the_checklist_follows_the_typing(open_page, newsroom):
    article = _draft(newsroom, state="review", body="Work in progress.")
    visit = _desk(open_page, "eddie", _change_url(article))
    page = visit.page
    checklist = page.locator(".workflow-checklist")
    assert "To do: Body written" in checklist.inner_text()
    page.locator("#id_body").fill(READY_BODY)
    page.wait_for_function(
        "() => !document.querySelector('.workflow-checklist').innerText"
        ".includes('To do')"
    )
    assert "Done: Body written" in checklist.inner_text()
    _settle(page)
    visit.assert_clean()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_refused_publish_links_from_the_error_note_to_the_checklist(
    open_page, newsroom, check_axe, screenshot, viewport
):
    """The checklist is at the end of a long form: the error note at the top links
    there, and the link lands on it."""
    article = _draft(newsroom, state="review", body="Work in progress.")
    visit = _desk(open_page, "eddie", _change_url(article), viewport=viewport)
    page = visit.page
    _press(page, "Publish now")
    jump = page.get_by_role("link", name="Go to the checklist and the buttons")
    assert jump.is_visible()
    assert jump.bounding_box()["y"] < page.viewport_size["height"]  # no scrolling
    check_axe(page, preload=False)
    jump.click()
    page.wait_for_url("**#workflow-panel")
    panel = page.locator("#workflow-panel").bounding_box()
    assert 0 <= panel["y"] < page.viewport_size["height"] / 2
    assert page.locator("#id_override_reason").is_visible()
    screenshot(page, f"workflow-refused-jump-{viewport}")
    _settle(page)
    visit.assert_clean()


def test_the_workflow_buttons_are_one_width_on_a_phone(open_page, newsroom):
    """Stacked on a phone, each as wide as the panel: easy to hit, none ragged."""
    article = _draft(newsroom, state="review")
    visit = _desk(open_page, "eddie", _change_url(article), viewport="phone")
    page = visit.page
    buttons = page.locator(
        ".workflow-panel__buttons > input, .workflow-panel__buttons > button"
    )
    widths = {round(button.bounding_box()["width"]) for button in buttons.all()}
    assert buttons.count() >= 3 and len(widths) == 1, widths
    _settle(page)
    visit.assert_clean()
