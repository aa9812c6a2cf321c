"""The workflow buttons: who is offered which, what pressing them does, and what the
desk is told. Every rule is proved over HTTP, forged POSTs included."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, ArticleChange, ArticleTransition
from articles.signals import workflow_transition
from tests.articles_helpers import CHANGE_URL, admin_form_data
from tests.workflow_helpers import login, offered_buttons, piece, press

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "moderator", "author_own", "author_other", "editor"]
STAGES = ["draft", "review", "changes", "scheduled", "live", "unpublished"]
ACTIONS = ["submit", "withdraw", "request_changes", "publish", "schedule", "unpublish"]
OWN, EDITOR = "author_own", "editor"

# Who may press each button at each stage; everyone else is refused.
ALLOWED = {
    ("draft", "submit"): {OWN, EDITOR},
    ("draft", "publish"): {EDITOR},
    ("draft", "schedule"): {EDITOR},
    ("changes", "submit"): {OWN, EDITOR},
    ("changes", "publish"): {EDITOR},
    ("changes", "schedule"): {EDITOR},
    ("review", "withdraw"): {OWN},
    ("review", "request_changes"): {EDITOR},
    ("review", "publish"): {EDITOR},
    ("review", "schedule"): {EDITOR},
    ("scheduled", "publish"): {EDITOR},
    ("scheduled", "schedule"): {EDITOR},
    ("scheduled", "unpublish"): {EDITOR},
    # A live piece: Submit and Publish act on a draft change of it.
    ("live", "submit"): {OWN, EDITOR},
    ("live", "publish"): {EDITOR},
    ("live", "unpublish"): {EDITOR},
    ("unpublished", "publish"): {EDITOR},
    ("unpublished", "schedule"): {EDITOR},
}


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_offered_exactly_its_buttons(people, role, stage):
    article = piece(people["author_own"], stage)
    expected = {a for a in ACTIONS if role in ALLOWED.get((stage, a), set())}
    assert offered_buttons(login(people[role]), article) == expected


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("role", ROLES)
def test_pressing_a_button_applies_only_when_the_role_is_offered_it(
    people, role, stage, action
):
    """Includes every forged POST: an action a role is not offered is never
    applied, whatever the form posts."""
    article = piece(people["author_own"], stage)
    before = Article.objects.values("state", "published_at").get(pk=article.pk)
    response = press(login(people[role]), article, action)
    applied = ArticleTransition.objects.filter(article=article, action=action)
    if role in ALLOWED.get((stage, action), set()):
        assert response.status_code == 302, response.content.decode()[:2000]
        assert applied.count() == 1
    else:
        assert response.status_code in (200, 302, 403, 404)
        assert not applied.exists()
        after = Article.objects.values("state", "published_at").get(pk=article.pk)
        assert after == before
        assert not ArticleChange.objects.filter(state="review").exists()


def test_submit_moves_to_review_and_says_editors_were_told(people):
    article = piece(people["author_own"], "draft")
    client = login(people["author_own"])
    response = press(client, article, "submit")
    article.refresh_from_db()
    assert article.state == "review"
    page = client.get(response.url).content.decode()
    assert "Submitted for review; editors have been told." in page
    who = escape(people["author_own"].get_full_name())
    assert f"Submitted for review by {who}," in page  # the banner: who and when
    assert "was changed successfully" not in page


def test_withdraw_gives_the_author_their_draft_back(people):
    article = piece(people["author_own"], "review")
    client = login(people["author_own"])
    page = client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert 'value="withdraw"' in page and "/transition/" in page
    response = press(client, article, "withdraw")
    article.refresh_from_db()
    assert article.state == "draft"
    assert "Withdrawn from review" in client.get(response.url).content.decode()


def test_request_changes_needs_a_note(people):
    article = piece(people["author_own"], "review")
    client = login(people["editor"])
    response = press(client, article, "request_changes", workflow_note="  ")
    assert response.status_code == 200
    assert "Write what the author should change." in response.content.decode()
    article.refresh_from_db()
    assert article.state == "review"


def test_requested_changes_show_the_note_to_the_author(people):
    article = piece(people["author_own"], "review")
    note = "The premiere is <b>9 March</b>, not 8."
    editor = login(people["editor"])
    response = press(editor, article, "request_changes", workflow_note=note)
    sent = editor.get(response.url).content.decode()
    assert "Sent back to the author with your note." in sent
    article.refresh_from_db()
    assert article.state == "changes"
    page = login(people["author_own"]).get(CHANGE_URL.format(article.pk))
    html = page.content.decode()
    assert "Changes requested" in html
    assert "The premiere is &lt;b&gt;9 March&lt;/b&gt;, not 8." in html
    assert {"submit"} == {t.action for t in page.context["workflow"]["transitions"]}


def test_transition_is_logged_with_who_from_to_and_note(people):
    article = piece(people["author_own"], "review")
    press(login(people["editor"]), article, "request_changes", workflow_note="Fix")
    log = ArticleTransition.objects.get(article=article)
    assert (log.by, log.from_label, log.to_label, log.note) == (
        people["editor"],
        "In review",
        "Changes requested",
        "Fix",
    )
    history = login(people["editor"]).get(
        f"/admin/articles/article/{article.pk}/history/"
    )
    log_table = history.content.decode().split('id="workflow-log-title"')[1]
    assert "In review</td>" in log_table and "Changes requested" in log_table
    assert "Fix</td>" in log_table


def test_transition_records_a_revision_and_sends_the_signal(people):
    from reversion.models import Version

    article = piece(people["author_own"], "draft")
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    workflow_transition.connect(receiver)
    try:
        press(login(people["author_own"]), article, "submit")
    finally:
        workflow_transition.disconnect(receiver)
    assert [(h["action"], h["by"], h["live_change"]) for h in heard] == [
        ("submit", people["author_own"], False)
    ]
    version = Version.objects.get_for_object(article).latest("pk")
    assert version.revision.comment == "Submit for review"
    assert version.field_dict["state"] == "review"


def test_schedule_shows_the_time_zone_and_the_piece_goes_public_at_its_time(
    people, client
):
    article = piece(people["author_own"], "review")
    editor = login(people["editor"])
    page = editor.get(CHANGE_URL.format(article.pk)).content.decode()
    assert "Europe/London" in page and 'type="datetime-local"' in page
    response = press(editor, article, "schedule", schedule_at="2031-12-09T09:00")
    banner = editor.get(response.url).content.decode()
    assert "Scheduled for Tue 9 Dec 2031, 09:00 (Europe/London)" in banner
    article.refresh_from_db()
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(article.published_at + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_a_scheduled_piece_offers_its_time_to_move(people):
    article = piece(people["author_own"], "review")
    editor = login(people["editor"])
    press(editor, article, "schedule", schedule_at="2031-12-09T09:00")
    page = editor.get(CHANGE_URL.format(article.pk)).content.decode()
    assert 'name="schedule_at" value="2031-12-09T09:00"' in page
    unscheduled = piece(people["author_own"], "review")
    page = editor.get(CHANGE_URL.format(unscheduled.pk)).content.decode()
    assert 'name="schedule_at" value=' not in page


def test_schedule_refuses_a_time_in_the_past(people):
    article = piece(people["author_own"], "review")
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = press(login(people["editor"]), article, "schedule", schedule_at=past)
    assert "Pick a time in the future." in response.content.decode()
    article.refresh_from_db()
    assert article.state == "review"


def test_the_state_dropdown_is_gone(people):
    article = piece(people["author_own"], "draft")
    response = login(people["editor"]).get(CHANGE_URL.format(article.pk))
    assert "state" not in response.context["adminform"].form.fields
    assert 'name="state"' not in response.content.decode()


def test_a_posted_state_field_is_ignored(people):
    article = piece(people["author_own"], "draft")
    data = admin_form_data(article, state="published")
    login(people["author_own"]).post(CHANGE_URL.format(article.pk), data)
    article.refresh_from_db()
    assert article.state == "draft"


def test_bulk_publish_goes_through_the_checklist(people):
    ready = piece(people["author_own"], "review")
    unready = piece(people["author_own"], "review", body="Work in progress.")
    response = login(people["editor"]).post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [ready.pk, unready.pk]},
        follow=True,
    )
    ready.refresh_from_db()
    unready.refresh_from_db()
    assert ready.state == "published" and unready.state == "review"
    assert "Published 1 piece(s)." in response.content.decode()
    assert ArticleTransition.objects.filter(article=ready, action="publish").exists()


def test_author_cannot_use_the_bulk_actions(people):
    article = piece(people["author_own"], "review")
    response = login(people["author_own"]).post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.state == "review"
    assert response.status_code in (200, 302, 403)


def test_change_form_queries_do_not_grow_with_moves_and_revisions(
    people, django_assert_max_num_queries
):
    article = piece(people["author_own"], "draft")
    editor = login(people["editor"])

    def moves(count):
        for _ in range(count):
            press(editor, article, "submit")
            press(editor, article, "request_changes")

    def queries():
        with django_assert_max_num_queries(60) as captured:
            assert editor.get(CHANGE_URL.format(article.pk)).status_code == 200
        return len(captured.captured_queries)

    moves(1)
    few = queries()
    moves(10)
    assert ArticleTransition.objects.filter(article=article).count() == 22
    assert queries() == few


# A live piece with a draft change: the buttons act on the change (Unpublish on the
# piece), by the change's own state.
CHANGE_ALLOWED = {
    ("draft", "submit"): {OWN, EDITOR},
    ("draft", "publish"): {EDITOR},
    ("draft", "unpublish"): {EDITOR},
    ("review", "withdraw"): {OWN},
    ("review", "request_changes"): {EDITOR},
    ("review", "publish"): {EDITOR},
    ("review", "unpublish"): {EDITOR},
    ("changes", "submit"): {OWN, EDITOR},
    ("changes", "publish"): {EDITOR},
    ("changes", "unpublish"): {EDITOR},
}


def _live_with_change(people, change_state):
    article = piece(people["author_own"], "live")
    ArticleChange.objects.create(
        article=article,
        data={"body": article.body + " A typo fixed."},
        state=change_state,
        base_version=article.version,
        created_by=people["author_own"],
    )
    return article


@pytest.mark.parametrize("change_state", ["draft", "review", "changes"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_offered_exactly_its_buttons_on_a_draft_change(
    people, role, change_state
):
    article = _live_with_change(people, change_state)
    expected = {
        a for a in ACTIONS if role in CHANGE_ALLOWED.get((change_state, a), set())
    }
    assert offered_buttons(login(people[role]), article) == expected


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("change_state", ["draft", "review", "changes"])
@pytest.mark.parametrize("role", ROLES)
def test_pressing_a_button_on_a_draft_change_applies_only_when_offered(
    people, role, change_state, action
):
    article = _live_with_change(people, change_state)
    live_body = article.body
    response = press(login(people[role]), article, action)
    applied = ArticleTransition.objects.filter(article=article, action=action)
    if role in CHANGE_ALLOWED.get((change_state, action), set()):
        assert response.status_code == 302, response.content.decode()[:2000]
        assert applied.count() == 1
    else:
        assert not applied.exists()
        article.refresh_from_db()
        assert article.body == live_body and article.is_live
        assert ArticleChange.objects.get(article=article).state == change_state


@pytest.mark.parametrize("role", ROLES)
def test_the_transition_and_discard_endpoints_refuse_forged_posts(people, role):
    """Posted straight to the endpoints: only the roles the table names act."""
    in_review = piece(people["author_own"], "review")
    live = _live_with_change(people, "draft")
    client = login(people[role])
    client.post(
        f"/admin/articles/article/{in_review.pk}/transition/",
        {"_workflow": "publish", "override_reason": "Forged"},
    )
    client.post(
        f"/admin/articles/article/{in_review.pk}/transition/",
        {"_workflow": "withdraw"},
    )
    client.post(f"/admin/articles/article/{live.pk}/discard-change/")
    in_review.refresh_from_db()
    expected_state = {"editor": "published", "author_own": "draft"}.get(role, "review")
    if role == "editor":  # published first; withdrawing a live piece is refused
        assert in_review.is_public()
    assert in_review.state == expected_state
    discarded = not ArticleChange.objects.filter(article=live).exists()
    assert discarded is (role in (OWN, EDITOR))
    assert client.get(f"/admin/articles/article/{live.pk}/transition/").status_code in (
        302,
        403,
        405,
    )
