"""The newsroom in Chromium: an editor sees the unread count, opens the inbox and
follows a notice to the piece; a note with a mention shows on the form; the inbox and
e-mail choices pass axe at desktop and phone widths."""

import json

import pytest

from articles.models import Article
from articles.signals import workflow_transition
from newsroom.models import Note, Notification
from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory

from .conftest import format_axe_violations, settle_preview

pytestmark = [pytest.mark.browser]

PASSWORD = "newsroom-password"


def _user(username, group):
    user = UserFactory(username=username, groups=[group], is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def people(roles):
    return {
        "eddie": _user("eddie", roles["Editors"]),
        "ada": _user("ada", roles["Authors"]),
    }


@pytest.fixture
def submitted(people):
    article = ArticleFactory(
        title="Heartstopper season 4: what we know",
        state="review",
        published_at=None,
        created_by=people["ada"],
    )
    article.authors.add(AuthorProfileFactory(user=people["ada"], name="Ada Author"))
    workflow_transition.send(
        sender=Article, article=article, action="submit", by=people["ada"]
    )
    return article


def _logged_in(open_page, username, path, **options):
    visit = open_page(f"/admin/login/?next={path}", check=False, **options)
    page = visit.page
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith(path)
    return visit


def _axe_on(page, axe_source, selector):
    page.evaluate(axe_source)
    result = page.evaluate(
        "async (selector) => JSON.stringify(await axe.run({include: [[selector]]}, "
        "{resultTypes: ['violations'], preload: false}))",
        selector,
    )
    violations = json.loads(result)["violations"]
    assert not violations, format_axe_violations(violations)


def test_an_editor_follows_the_inbox_notice_to_the_piece(
    open_page, people, submitted, screenshot, check_axe
):
    visit = _logged_in(open_page, "eddie", "/admin/")
    page = visit.page
    count = page.locator("#user-tools .inbox-link__count")
    assert count.inner_text().startswith("1")
    page.click("#user-tools .inbox-link")
    page.wait_for_url("**/admin/newsroom/notification/")
    notice = page.locator(".notification--unread .notification__text")
    assert "submitted “Heartstopper season 4: what we know” for review" in (
        notice.inner_text()
    )
    check_axe(page)
    screenshot(page, "newsroom-inbox")
    with page.expect_navigation():
        notice.click()
    assert page.url.endswith(f"/admin/articles/article/{submitted.pk}/change/")
    assert page.locator("#user-tools .inbox-link__count").count() == 0
    assert Notification.objects.get().is_read
    visit.assert_clean()


def test_a_note_with_a_mention_shows_on_the_form_and_tells_the_author(
    open_page, people, submitted, screenshot, axe_source
):
    path = f"/admin/articles/article/{submitted.pk}/change/"
    visit = _logged_in(open_page, "eddie", path)
    page = visit.page
    settle_preview(page)
    page.fill("#id_title", "An unsaved headline")  # notes must leave it alone
    page.fill("#note-new", "@ada is the premiere date firm?\n<b>not bold</b>")
    page.click(".notes__form button[type=submit]")
    page.wait_for_selector(".notes__thread .note__mention")
    note = Note.objects.get()
    thread = page.locator(f"#note-{note.pk}")
    assert thread.locator(".note__mention").inner_text() == "@ada"
    assert "<b>not bold</b>" in thread.locator(".note__text").inner_text()
    assert page.locator(".notes__status").inner_text() == "Note added."
    page.fill(f"#note-reply-{note.pk}", "Answering myself: yes, Netflix said so.")
    page.click(f"#note-{note.pk} .notes__reply-form button")
    page.wait_for_selector(f"#note-{note.pk} .notes__reply")
    assert "Answering myself" in page.locator(f"#note-{note.pk}").inner_text()
    _axe_on(page, axe_source, ".notes")
    settle_preview(page)
    screenshot(page, "newsroom-notes-panel")
    page.click(f"#note-{note.pk} .notes__resolve-form button")
    page.wait_for_selector(".notes__resolved summary")
    assert page.locator(".notes__resolved summary").inner_text() == "1 resolved thread"
    assert page.input_value("#id_title") == "An unsaved headline"
    mentioned = Notification.objects.filter(kind="mentioned").get()
    assert mentioned.recipient == people["ada"]
    visit.assert_clean()


def test_without_the_script_a_note_posts_and_comes_back_to_the_piece(
    open_page, people, submitted
):
    path = f"/admin/articles/article/{submitted.pk}/change/"
    visit = _logged_in(open_page, "eddie", path)
    page = visit.page
    settle_preview(page)
    page.route("**/newsroom-notes.js", lambda route: route.abort())
    page.reload()
    settle_preview(page)
    page.fill("#note-new", "Posted the old way")
    with page.expect_navigation():
        page.click(".notes__form button[type=submit]")
    note = Note.objects.get()
    assert page.url.endswith(f"{path}#note-{note.pk}")
    assert "Note added." in page.locator(".messagelist").inner_text()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(
    "path",
    ["/admin/newsroom/notification/", "/admin/newsroom/notification/preferences/"],
)
def test_inbox_and_email_choices_pass_axe(
    open_page, people, submitted, check_axe, screenshot, viewport, path
):
    visit = _logged_in(open_page, "eddie", path, viewport=viewport)
    check_axe(visit.page)
    name = "inbox" if path.endswith("notification/") else "preferences"
    screenshot(visit.page, f"newsroom-{name}-{viewport}")
    visit.assert_clean()
