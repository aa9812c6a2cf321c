"""The pre-publish checklist: shown beside Publish and Schedule, blocking both while
an item fails, overridable only by an editor who writes why (kept in the log)."""

import pytest
from reversion.models import Version

from articles.checklist import Piece, run_checklist
from articles.models import ArticleTransition
from tests.articles_helpers import CHANGE_URL
from tests.factories import READY_BODY, ImageFactory
from tests.workflow_helpers import full_form_data, login, piece, press

pytestmark = pytest.mark.django_db


def _ready(**changes) -> Piece:
    values = {
        "title": "Heartstopper season two dated",
        "standfirst": "Netflix sets the date.",
        "body": READY_BODY,
        "hero_image": ImageFactory(alt_text="Nick and Charlie"),
        "seo_title": "",
        "seo_description": "",
        **changes,
    }
    return Piece.from_values(values, subject_count=changes.pop("subjects", 1))


def _failing(piece) -> dict[str, str]:
    return {c.label: c.reason for c in run_checklist(piece) if not c.ok}


def test_a_finished_piece_passes_every_check():
    assert _failing(_ready()) == {}


@pytest.mark.parametrize(
    ("changes", "label", "reason"),
    [
        ({"title": " "}, "Headline and standfirst", "The headline is empty."),
        ({"standfirst": ""}, "Headline and standfirst", "The standfirst is empty."),
        ({"hero_image": None}, "Hero image with alt text", "No hero image."),
        ({"body": "Work in progress."}, "Body written", "The body has 3 words"),
        ({"seo_title": "x" * 61}, "Search title and description lengths", "61"),
        ({"seo_description": "y" * 161}, "Search title and description lengths", "161"),
        (
            {"body": READY_BODY + "\n\n[[factbox season=nowhere/9]]"},
            "No broken embeds",
            "nowhere/9",
        ),
    ],
)
def test_each_check_fails_with_its_reason(changes, label, reason):
    failing = _failing(_ready(**changes))
    assert list(failing) == [label]
    assert reason in failing[label]


def test_hero_without_alt_text_fails():
    failing = _failing(_ready(hero_image=ImageFactory(alt_text="")))
    assert failing == {"Hero image with alt text": "The hero image has no alt text."}


def test_a_piece_about_nothing_fails():
    piece = Piece.from_values(_ready().__dict__, subject_count=0)
    assert list(_failing(piece)) == ["At least one subject"]


def test_the_checklist_is_shown_beside_publish_and_schedule(people):
    article = piece(people["author_own"], "review", body="Work in progress.")
    response = login(people["editor"]).get(CHANGE_URL.format(article.pk))
    html = response.content.decode()
    assert "Before publishing" in html
    assert "The body has 3 words" in html
    assert "Publish anyway, because" in html  # editors may override


def test_authors_see_no_checklist_and_no_override(people):
    article = piece(people["author_own"], "draft", body="Work in progress.")
    html = login(people["author_own"]).get(CHANGE_URL.format(article.pk))
    assert "Before publishing" not in html.content.decode()
    assert "Publish anyway" not in html.content.decode()


@pytest.mark.parametrize("action", ["publish", "schedule"])
def test_a_failing_item_blocks_publish_and_schedule(people, action):
    article = piece(people["author_own"], "review", body="Work in progress.")
    response = press(login(people["editor"]), article, action)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not ready to publish" in html and "The body has 3 words" in html
    article.refresh_from_db()
    assert article.state == "review"
    assert not ArticleTransition.objects.filter(article=article).exists()


@pytest.mark.parametrize("action", ["publish", "schedule"])
def test_a_refused_button_links_from_the_error_note_to_the_checklist(people, action):
    """The checklist and the buttons are at the end of a long form; the note at the
    top says where to look."""
    article = piece(people["author_own"], "review", body="Work in progress.")
    html = press(login(people["editor"]), article, action).content.decode()
    link = '<a href="#workflow-panel">Go to the checklist and the buttons</a>'
    assert html.count(link) == 1
    assert html.index("errornote") < html.index(link) < html.index('id="id_title"')
    assert html.count('id="workflow-panel"') == 1


def test_no_link_to_the_checklist_without_a_refused_button(people):
    article = piece(people["author_own"], "review", body="Work in progress.")
    editor = login(people["editor"])
    assert (
        "#workflow-panel"
        not in editor.get(CHANGE_URL.format(article.pk)).content.decode()
    )
    refused_save = full_form_data(article) | {"title": ""}
    html = editor.post(CHANGE_URL.format(article.pk), refused_save).content.decode()
    assert "errornote" in html and "#workflow-panel" not in html
    # the field with the error is linked instead
    assert '<a href="#id_title">Title</a>: This field is required.' in html


def test_an_editor_override_publishes_and_logs_the_reason(people):
    article = piece(people["author_own"], "review", body="Work in progress.")
    reason = "Breaking: the full story follows in ten minutes."
    response = press(
        login(people["editor"]), article, "publish", override_reason=reason
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_public()
    log = ArticleTransition.objects.get(article=article)
    assert log.override_reason == reason
    version = Version.objects.get_for_object(article).latest("pk")
    assert reason in version.revision.comment


def test_an_author_cannot_override(people):
    article = piece(people["author_own"], "draft", body="Work in progress.")
    press(login(people["author_own"]), article, "publish", override_reason="Trust me")
    article.refresh_from_db()
    assert article.state == "draft"


def test_the_service_checks_the_saved_piece_too(people):
    from articles.services import article_transition
    from articles.workflow import TransitionRefused

    article = piece(people["author_own"], "review", hero_image=None)
    with pytest.raises(TransitionRefused, match="No hero image"):
        article_transition(article=article, action="publish", by=people["editor"])


def test_the_desk_preview_answers_with_the_checklist_of_the_unsaved_form(people):
    article = piece(people["author_own"], "review", body="Work in progress.")
    data = full_form_data(article, body=READY_BODY)
    result = login(people["editor"]).post(
        f"/admin/articles/article/{article.pk}/desk-preview/", data
    )
    checks = {c["label"]: c["ok"] for c in result.json()["checklist"]}
    assert checks["Body written"] is True
    assert all(checks.values())
