"""The comments area renders the same HTML as the include-per-comment templates did.

``reference_templates/`` holds the comments templates as they were before the list
became one loop with its URLs reversed once and the form's hidden and honeypot
inputs were written directly. Both render the same comments, with hostile names and
bodies, threaded replies and comments readers no longer see, and must agree byte for
byte.
"""

from pathlib import Path

import pytest
from django.template import Context, Engine
from django.template.loader import render_to_string

from comments.forms import CommentForm
from comments.threads import article_comments
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference_templates"
HOSTILE_NAME = '<img src=x onerror="alert(1)"> O\'Neil & "Co"'
HOSTILE_BODY = (
    "First line <script>alert('x')</script>\n\nSee https://example.com/a?b=1&c=<2> "
    'and www.example.org/(wiki).\nLast & "quoted" line.'
)


def reference_engine() -> Engine:
    templates = {
        f"comments/includes/{path.name}": path.read_text()
        for path in REFERENCE.glob("*.html")
    }
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", templates)],
        libraries={
            "comment_tags": "comments.templatetags.comment_tags",
            "site_tags": "core.templatetags.site_tags",
        },
    )


@pytest.fixture
def section():
    article = ArticleFactory(slug="busy")
    first = CommentFactory(article=article, name=HOSTILE_NAME, body=HOSTILE_BODY)
    CommentFactory(article=article, parent=first, name="Replier <b>", body="Re: & <")
    CommentFactory(article=article, parent=first, body="Second reply\nwith a break")
    CommentFactory(
        article=article,
        name="Spoiler & <co>",
        body="He dies <b>",
        contains_spoilers=True,
    )
    hidden = CommentFactory(article=article, hidden_by_reports=True)
    CommentFactory(article=article, parent=hidden, body="Reply to a hidden comment")
    CommentFactory(article=article, state="pending", body="Not yet approved")
    CommentFactory(article=article, state="rejected", body="Rejected")
    for i in range(4):
        CommentFactory(article=article, name=f"Reader & {i}", body=f"Plain {i}")
    return article_comments(article)


@pytest.mark.parametrize("can_reply", [True, False])
def test_the_comment_list_renders_as_the_include_per_comment_did(section, can_reply):
    context = {
        "article": section.article,
        "comments": section.comments,
        "can_reply": can_reply,
    }
    reference = reference_engine().get_template("comments/includes/comment_list.html")
    expected = reference.render(Context(context))
    assert render_to_string("comments/includes/comment_list.html", context) == expected
    assert expected.count('<li class="comment') == 8  # hidden, pending, rejected out
    assert expected.count('<details class="spoiler spoiler--comment">') == 1
    assert "<script>" not in expected and "&lt;script&gt;" in expected


def test_the_form_renders_as_its_widget_templates_did(section):
    context = {
        "article": section.article,
        "form": section.form,
        "closes_at": section.closes_at,
    }
    reference = reference_engine().get_template("comments/includes/comment_form.html")
    expected = reference.render(Context(context))
    assert render_to_string("comments/includes/comment_form.html", context) == expected
    assert 'name="homepage"' in expected and 'name="parent"' in expected


def test_the_fields_of_a_form_sent_back_with_errors_render_as_they_did(section):
    form = CommentForm(
        data={"name": '<b>"Al"</b>', "email": "not an address", "body": "x"},
        article=section.article,
    )
    assert not form.is_valid()
    context = {"form": form}
    reference = reference_engine().get_template("comments/includes/comment_fields.html")
    expected = reference.render(Context(context))
    assert (
        render_to_string("comments/includes/comment_fields.html", context) == expected
    )
    assert "field__error" in expected and "&lt;b&gt;" in expected
