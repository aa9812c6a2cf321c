"""Helpers shared by the workflow tests: pieces at each stage, and pressing buttons."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleChange
from tests.articles_helpers import CHANGE_URL, admin_form_data
from tests.factories import AuthorProfileFactory, ReadyArticleFactory


def state_fields(stage):
    now = timezone.now()
    return {
        "draft": {"state": "draft", "published_at": None},
        "review": {"state": "review", "published_at": None},
        "changes": {"state": "changes", "published_at": None},
        "scheduled": {"state": "published", "published_at": now + timedelta(days=3)},
        "live": {"state": "published", "published_at": now - timedelta(days=1)},
        "unpublished": {
            "state": "unpublished",
            "published_at": now - timedelta(days=9),
        },
    }[stage]


def piece(owner, stage, **kwargs):
    article = ReadyArticleFactory(created_by=owner, **state_fields(stage), **kwargs)
    article.authors.add(AuthorProfileFactory(user=owner))
    return article


def login(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def extras(action):
    when = timezone.localtime() + timedelta(days=5)
    return {
        "workflow_note": "Please check the date."
        if action == "request_changes"
        else "",
        "schedule_at": when.strftime("%Y-%m-%dT%H:%M"),
    }


def full_form_data(article, **changes) -> dict:
    """The change form as a browser loads and posts it, the hero and subjects
    included; for a live piece with a draft change, the change's values."""
    data = admin_form_data(article)
    data["hero_image"] = article.hero_image_id or ""
    for name in Article.SUBJECT_FIELDS:
        data[name] = list(getattr(article, name).values_list("pk", flat=True))
    change = ArticleChange.objects.filter(article=article).first()
    if change is not None and article.is_live:
        data |= {k: "" if v is None else v for k, v in change.data.items()}
        data["loaded_change_version"] = change.version
        if not change.data.get("comments_open"):
            data.pop("comments_open", None)
    for name, value in changes.items():
        data[name] = value
    return {key: value for key, value in data.items() if key != "comments_close_at"}


def press(client, article, action, **extra):
    """Post the change form with a workflow button, as the browser does; where the
    form is read-only to this user, post where its buttons go instead."""
    data = full_form_data(article) | {"_workflow": action, **extras(action), **extra}
    response = client.post(CHANGE_URL.format(article.pk), data)
    if response.status_code == 403:
        response = client.post(
            f"/admin/articles/article/{article.pk}/transition/",
            {"_workflow": action, **extras(action), **extra},
        )
    return response


def offered_buttons(client, article) -> set[str]:
    response = client.get(CHANGE_URL.format(article.pk))
    if response.status_code != 200:
        return set()
    return {t.action for t in response.context["workflow"]["transitions"]}
