"""No lost words, in Chromium: typing is autosaved, closing the tab and coming back
offers it, Restore brings the text back, and leaving with changes asks first."""

import json
import time

import pytest
from django.db import OperationalError

from articles.models import ArticleAutosave
from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory

from .conftest import format_axe_violations, settle_preview

pytestmark = [pytest.mark.browser]

PASSWORD = "writer-password"
TYPED = " A sentence typed in the browser."


@pytest.fixture
def writer(roles):
    user = UserFactory(username="writer", groups=[roles["Authors"]], is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def draft(writer):
    article = ArticleFactory(
        title="Heartstopper season 4: what we know",
        body="The first paragraph, saved.",
        state="draft",
        published_at=None,
        created_by=writer,
    )
    article.authors.add(AuthorProfileFactory(user=writer))
    return article


def _change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def _logged_in(open_page, path):
    visit = open_page(f"/admin/login/?next={path}", check=False)
    page = visit.page
    page.fill("#id_username", "writer")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith(path)
    return visit


def _type_in_body(page, text):
    page.locator("#id_body").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def _check_axe_on_autosave(page, axe_source):
    """axe on what this feature adds: the offer and the status by the save buttons.
    (Django's own admin widgets around it, select2 and the breadcrumbs, have
    violations of their own that this feature does not touch.)"""
    page.evaluate(axe_source)
    result = page.evaluate(
        "async () => JSON.stringify(await axe.run({include: "
        "[['.desk-autosave'], ['.desk-autosave__status']]}, "
        "{resultTypes: ['violations']}))"
    )
    violations = json.loads(result)["violations"]
    assert not violations, format_axe_violations(violations)


def _dialogs(page):
    seen = []

    def on_dialog(dialog):
        seen.append(dialog.type)
        dialog.accept()

    page.on("dialog", on_dialog)
    return seen


def test_typing_is_autosaved_and_restored_after_closing_the_tab(
    open_page, draft, axe_source, screenshot
):
    visit = _logged_in(open_page, _change_url(draft))
    page = visit.page
    _type_in_body(page, TYPED)
    status = page.locator(".desk-autosave__status")
    status.filter(has_text="Autosaved at").wait_for(timeout=10_000)
    assert status.is_visible()
    assert ArticleAutosave.objects.get().data["body"].endswith(TYPED)
    draft.refresh_from_db()
    assert draft.body == "The first paragraph, saved."  # the piece is untouched
    visit.assert_clean()

    context = page.context
    page.close(run_before_unload=False)  # as a crash or a closed tab would
    page = context.new_page()
    page.goto(_change_url(draft))
    offer = page.locator(".desk-autosave__offer")
    assert "Restore your unsaved changes from" in offer.locator("h2").inner_text()
    assert "Body" in offer.locator("summary").inner_text()
    assert page.locator("#id_body").input_value() == "The first paragraph, saved."
    offer.locator("summary").click()
    assert TYPED.strip() in offer.locator(".diff-add").inner_text()
    _check_axe_on_autosave(page, axe_source)
    screenshot(page, "autosave-restore-offer-desktop")
    page.emulate_media(color_scheme="dark")
    _check_axe_on_autosave(page, axe_source)
    screenshot(page, "autosave-restore-offer-desktop-dark")
    page.set_viewport_size({"width": 390, "height": 844})
    _check_axe_on_autosave(page, axe_source)
    screenshot(page, "autosave-restore-offer-phone-dark")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.get_by_role("button", name="Restore").click()
    assert page.locator("#id_body").input_value().endswith(TYPED)
    done = page.locator(".desk-autosave__done")
    assert "Restored your unsaved changes" in done.inner_text()
    assert done.evaluate("el => el === document.activeElement")
    # Restored but not saved: leaving still asks.
    seen = _dialogs(page)
    page.goto("/admin/")
    assert seen == ["beforeunload"]


def test_discard_forgets_the_autosave(open_page, draft, writer):
    from articles.autosave import autosave_store

    autosave_store(user=writer, article=draft, data={"body": "Unsaved words."})
    page = _logged_in(open_page, _change_url(draft)).page
    page.get_by_role("button", name="Discard").click()
    page.locator(".desk-autosave__done").wait_for()
    assert not ArticleAutosave.objects.exists()
    assert page.locator("#id_body").input_value() == "The first paragraph, saved."
    seen = _dialogs(page)
    page.goto("/admin/")  # nothing changed: no question
    assert seen == []


def _wait_for_autosave(predicate, *, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            row = ArticleAutosave.objects.first()
        except OperationalError:
            # SQLite's shared in-memory test database: the live server's thread is
            # writing the autosave this very moment ("database table is locked").
            row = None
        if row is not None and predicate(row):
            return row
        time.sleep(0.1)
    raise AssertionError("no autosave arrived")


def test_leave_guard_asks_with_changes_and_not_after_saving(open_page, draft):
    visit = _logged_in(open_page, _change_url(draft))
    page = visit.page
    seen = _dialogs(page)

    # Typing and then undoing it is not a change.
    _type_in_body(page, "x")
    page.keyboard.press("Backspace")
    page.goto(_change_url(draft))
    assert seen == []
    assert not ArticleAutosave.objects.exists()  # nothing to keep, nothing sent

    # Leaving at once after typing asks; leaving anyway still keeps the words,
    # sent as the page goes (no 3 s wait).
    _type_in_body(page, TYPED)
    page.goto("/admin/")  # the dialog is accepted: the page leaves
    assert seen == ["beforeunload"]
    _wait_for_autosave(lambda row: row.data["body"].endswith(TYPED))

    page.goto(_change_url(draft))
    page.get_by_role("button", name="Restore").click()
    settle_preview(page)
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    draft.refresh_from_db()
    assert draft.body.endswith(TYPED)
    assert not ArticleAutosave.objects.exists()  # the real save removed it
    page.goto("/admin/")
    assert seen == ["beforeunload"]  # still only the first one
    visit.assert_clean()


def test_a_new_piece_is_autosaved_and_offered_on_the_next_add_form(open_page, writer):
    visit = _logged_in(open_page, "/admin/articles/article/add/")
    page = visit.page
    page.fill("#id_title", "A piece that was never saved")
    _type_in_body(page, TYPED)
    page.locator(".desk-autosave__status", has_text="Autosaved at").wait_for(
        timeout=10_000
    )
    key = ArticleAutosave.objects.get().draft_key

    context = page.context
    page.close(run_before_unload=False)
    page = context.new_page()
    page.goto("/admin/articles/article/add/")
    assert "unsaved new piece" in page.locator(".desk-autosave__offer h2").inner_text()
    page.get_by_role("button", name="Restore").click()
    assert page.locator("#id_title").input_value() == "A piece that was never saved"
    assert page.locator("input[name=_autosave_key]").input_value() == key
    settle_preview(page)
    with page.expect_navigation():
        page.click("input[name=_continue]")  # "Save draft"
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    assert not ArticleAutosave.objects.exists()
