"""Who may do what to an article, proved over HTTP through the admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article
from core.roles import sync_roles
from tests.articles_helpers import ADD_URL, CHANGE_URL, admin_form_data
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    ReadyArticleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _piece(owner, **kwargs):
    defaults = {"state": "draft", "published_at": None}
    article = ArticleFactory(**{**defaults, **kwargs}, created_by=owner)
    article.authors.add(AuthorProfileFactory(user=owner))
    return article


def _post_change(client, article, **changes):
    return client.post(
        CHANGE_URL.format(article.pk), admin_form_data(article, **changes)
    )


def _press(client, article, action, **extra):
    """Press a workflow button on the change form."""
    data = admin_form_data(article) | {"_workflow": action, **extra}
    return client.post(CHANGE_URL.format(article.pk), data)


def _saved(response):
    return response.status_code == 302 and "/change/" not in response.url


# Each action returns True when it took effect in the database.


def create_draft(client, actor):
    response = client.post(ADD_URL, admin_form_data(title="Fresh draft"))
    return _saved(response) and Article.objects.filter(title="Fresh draft").exists()


def edit_own_draft(client, actor):
    article = _piece(actor)
    _post_change(client, article, body="Rewritten")
    article.refresh_from_db()
    return article.body == "Rewritten"


def edit_others_draft(client, actor):
    article = _piece(UserFactory(username="someone-else"))
    _post_change(client, article, body="Rewritten")
    article.refresh_from_db()
    return article.body == "Rewritten"


def edit_own_piece_in_review(client, actor):
    article = _piece(actor, state="review")
    _post_change(client, article, body="Rewritten")
    article.refresh_from_db()
    return article.body == "Rewritten"


def submit_for_review(client, actor):
    article = _piece(actor)
    _press(client, article, "submit")
    article.refresh_from_db()
    return article.state == "review"


def publish_own_draft(client, actor):
    article = _piece(actor)
    _press(client, article, "publish", override_reason="Breaking news")
    article.refresh_from_db()
    return article.state == "published"


def schedule_own_draft(client, actor):
    article = _piece(actor)
    when = timezone.localtime() + timedelta(days=2)
    _press(
        client,
        article,
        "schedule",
        schedule_at=when.strftime("%Y-%m-%dT%H:%M"),
        override_reason="Embargoed",
    )
    article.refresh_from_db()
    return article.state == "published" and article.is_scheduled


def unpublish_own_piece(client, actor):
    article = _piece(actor, state="published", published_at=timezone.now())
    _press(client, article, "unpublish")
    article.refresh_from_db()
    return article.state == "unpublished"


def publish_with_bulk_action(client, actor):
    article = ReadyArticleFactory(created_by=actor)
    client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    return article.state == "published"


def delete_own_draft(client, actor):
    article = _piece(actor)
    client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    return not Article.objects.filter(pk=article.pk).exists()


def view_changelist(client, actor):
    return client.get("/admin/articles/article/").status_code == 200


ALLOWED = {
    # action: roles that may do it
    create_draft: {"editor", "author"},
    edit_own_draft: {"editor", "author"},
    edit_others_draft: {"editor"},
    edit_own_piece_in_review: {"editor"},
    submit_for_review: {"editor", "author"},
    publish_own_draft: {"editor"},
    schedule_own_draft: {"editor"},
    unpublish_own_piece: {"editor"},
    publish_with_bulk_action: {"editor"},
    delete_own_draft: {"editor"},
    view_changelist: {"editor", "author"},
}


@pytest.mark.parametrize("role", ["editor", "author", "moderator"])
@pytest.mark.parametrize("action", list(ALLOWED), ids=lambda a: a.__name__)
def test_role_action_matrix(role, action, client, request):
    actor = request.getfixturevalue(role)
    client.force_login(actor)
    assert action(client, actor) is (role in ALLOWED[action])


def test_authors_do_not_hold_the_publish_permission(author, editor):
    assert not author.has_perm("articles.publish_article")
    assert editor.has_perm("articles.publish_article")


def test_author_only_sees_own_pieces_in_the_changelist(client, author):
    mine = _piece(author, title="Mine")
    theirs = _piece(UserFactory(username="other"), title="Theirs")
    client.force_login(author)
    response = client.get("/admin/articles/article/")
    listed = list(response.context["cl"].result_list)
    assert mine in listed and theirs not in listed


def test_author_is_offered_only_save_and_submit_on_a_draft(client, author):
    article = _piece(author)
    client.force_login(author)
    response = client.get(CHANGE_URL.format(article.pk))
    offered = [t.action for t in response.context["workflow"]["transitions"]]
    assert offered == ["submit"]
    assert "published_at" not in response.context["adminform"].form.fields


def test_refused_publish_says_why_and_keeps_the_text(client, author):
    article = _piece(author)
    client.force_login(author)
    data = admin_form_data(article, body="Typed text") | {"_workflow": "publish"}
    response = client.post(CHANGE_URL.format(article.pk), data)
    assert response.status_code == 200
    assert "That action is not open to you" in response.content.decode()
    assert "Typed text" in response.content.decode()
    article.refresh_from_db()
    assert article.state == "draft" and article.body != "Typed text"


def test_moderators_group_gets_no_article_permission():
    groups = sync_roles()
    perms = Group.objects.get(pk=groups["Moderators"].pk).permissions
    assert not perms.filter(content_type__app_label="articles").exists()


def test_changelist_offers_preview_for_unpublished_and_view_for_public(client, editor):
    draft = ArticleFactory(state="draft", published_at=None, title="Draft one")
    live = ArticleFactory(title="Live one")
    client.force_login(editor)
    html = client.get("/admin/articles/article/").content.decode()
    assert f'<a href="{draft.get_absolute_url()}">Preview</a>' in html
    assert f'<a href="{live.get_absolute_url()}">View</a>' in html


@pytest.mark.parametrize("status", ["scheduled", "live", "draft"])
def test_status_filter_tells_scheduled_from_live(client, editor, status):
    now = timezone.now()
    ArticleFactory(title="Scheduled piece", published_at=now + timedelta(days=1))
    ArticleFactory(title="Live piece", published_at=now - timedelta(days=1))
    ArticleFactory(title="Draft piece", state="draft", published_at=None)
    client.force_login(editor)
    response = client.get("/admin/articles/article/", {"status": status})
    titles = [a.title for a in response.context["cl"].result_list]
    assert titles == [f"{status.capitalize()} piece"]
