"""Who hears about what: the newsroom's answers to workflow, catalog and save signals.

Connected in ``NewsroomConfig.ready``. Each runs inside the sender's transaction, so
its rows commit (or roll back) with the change they report.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone

from articles.models import Article
from articles.signals import workflow_transition
from catalog.signals import fact_changes_recorded
from livefacts.models import FactSnapshot

from .golive import expect_go_live
from .models import Kind
from .services import (
    Notice,
    article_admin_url,
    authors_of,
    display_name,
    editors,
    notify,
    quoted_title,
)


@dataclass(frozen=True)
class WorkflowNotice:
    """What one workflow action tells, and whom."""

    kind: str
    to_editors: bool  # else the piece's authors
    text: str  # {actor}, {title}, {what} ("" or "a change to "), {note}


WORKFLOW_NOTICES = {
    "submit": WorkflowNotice(
        Kind.SUBMITTED, True, "{actor} submitted {what}{title} for review"
    ),
    "request_changes": WorkflowNotice(
        Kind.CHANGES_REQUESTED, False, "{actor} asked for changes to {what}{title}"
    ),
    "publish": WorkflowNotice(Kind.PUBLISHED, False, "{actor} published {what}{title}"),
    "schedule": WorkflowNotice(
        Kind.SCHEDULED, False, "{actor} scheduled {what}{title} for {when}"
    ),
}


def on_workflow_transition(
    sender, *, article, action, by, note="", live_change=False, **kwargs
):
    if action == "schedule":
        expect_go_live(article)
    spec = WORKFLOW_NOTICES.get(action)
    if spec is None:
        return
    text = spec.text.format(
        actor=display_name(by),
        title=quoted_title(article),
        what="a change to " if live_change else "",
        when=_when(article),
    )
    if note:
        text = f"{text}: {note}"
    notify(
        kind=spec.kind,
        actor_id=by.pk if by is not None else None,
        notices=[
            Notice(
                article=article,
                recipients=editors() if spec.to_editors else authors_of(article),
                text=text,
                url=article_admin_url(article),
            )
        ],
    )


def _when(article: Article) -> str:
    if article.published_at is None:
        return "later"
    return f"{timezone.localtime(article.published_at):%d %b %Y %H:%M %Z}"


def on_article_saved(sender, instance, raw=False, **kwargs):
    """A piece saved with a future publication time will go live on its own."""
    if not raw and instance.is_scheduled:
        expect_go_live(instance)


def on_fact_changes(sender, *, changes, **kwargs):
    """Tell the authors of each published piece showing one of these facts: one
    notice per piece for the whole batch, in a fixed number of queries."""
    shown = Q()
    for change in changes:
        shown |= Q(
            content_type_id=change.content_type_id,
            object_id=change.object_id,
            field=change.field,
        )
    article_ids = (
        FactSnapshot.objects.filter(shown)
        .filter(article__state=Article.State.PUBLISHED)
        .values("article_id")
    )
    articles = list(
        Article.objects.filter(pk__in=article_ids).only("pk", "title", "created_by")
    )
    if not articles:
        return
    bylines: dict[int, set[int]] = {a.pk: {a.created_by_id} for a in articles}
    for article_id, user_id in Article.authors.through.objects.filter(
        article_id__in=bylines
    ).values_list("article_id", "authorprofile__user_id"):
        bylines[article_id].add(user_id)
    first = changes[0]
    labels = ", ".join(dict.fromkeys(c.field_label.lower() for c in changes))
    notify(
        kind=Kind.FACT_CHANGED,
        actor_id=first.changed_by_id,
        notices=[
            Notice(
                article=article,
                recipients=bylines[article.pk],
                text=f"{first.object_repr}: {labels} changed; "
                f"your published piece {quoted_title(article)} shows it",
                url=article_admin_url(article),
            )
            for article in articles
        ],
    )


def connect() -> None:
    workflow_transition.connect(on_workflow_transition, dispatch_uid="newsroom-flow")
    post_save.connect(on_article_saved, sender=Article, dispatch_uid="newsroom-save")
    fact_changes_recorded.connect(on_fact_changes, dispatch_uid="newsroom-facts")
