"""Writes with side effects on articles: workflow transitions and author profiles."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import workflow
from .checklist import Piece, failures, run_checklist
from .forms import ArticleAdminForm
from .live_edits import CHANGE_FIELDS, MANY, change_data, subject_count
from .models import Article, ArticleChange, ArticleTransition, AuthorProfile
from .permissions import can_publish
from .revisions import record_revision
from .signals import workflow_transition
from .workflow import TransitionRefused


@dataclass
class TransitionDone:
    article: Article
    log: ArticleTransition
    message: str  # for the desk: "Published.", "Scheduled for …"


@transaction.atomic
def article_transition(
    *,
    article: Article,
    action: str,
    by,
    note: str = "",
    when: datetime | None = None,
    override_reason: str = "",
) -> TransitionDone:
    """Move a piece (or its draft change, for a live piece) by ``action`` if the
    workflow table lets ``by`` do it now; log it, record a revision and tell the
    apps that listen (``signals.workflow_transition``). Raises TransitionRefused."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    change = ArticleChange.objects.select_for_update().filter(article=article).first()
    transition = workflow.find(action, by, article, change if article.is_live else None)
    live_change = article.is_live and action != "unpublish"
    change = change if live_change else None
    note, override_reason = note.strip(), override_reason.strip()
    if transition.needs_note and not note:
        raise TransitionRefused("Write a note: say what the author should change.")
    if override_reason and not can_publish(by):
        raise TransitionRefused("Only an editor may publish past the checklist.")
    if action == "schedule":
        _check_schedule_time(when)
    before = workflow.status_label(article, change)
    if live_change:
        article, change = _move_change(transition, article, change, by)
    else:
        _move_piece(transition, article, when)
    if transition.checklist:
        _check_checklist(article, change, override_reason)
    if action == "unpublish":
        ArticleChange.objects.filter(article=article).delete()
        change = None
    if article.pk and (not live_change or action in ("publish", "unpublish")):
        article.modified_by = by
        article.save()
        record_revision(
            article, user=by, comment=_comment(transition, note, override_reason)
        )
    log = ArticleTransition.objects.create(
        article=article,
        action=action,
        from_label=before,
        to_label=workflow.status_label(article, change),
        by=by,
        note=note,
        override_reason=override_reason,
        live_change=live_change,
    )
    workflow_transition.send(
        sender=Article,
        article=article,
        action=action,
        by=by,
        note=note or override_reason,
        live_change=live_change,
    )
    message = transition.message.format(
        when=workflow.site_time(article.published_at) if article.published_at else ""
    )
    return TransitionDone(article, log, message)


def _check_schedule_time(when):
    if when is None:
        raise TransitionRefused("Pick the date and time to publish at.")
    if when <= timezone.now():
        raise TransitionRefused(
            f"Pick a time in the future: {workflow.site_time(when)} has passed."
        )


def _move_piece(transition, article: Article, when) -> None:
    article.state = transition.target
    if transition.action == "publish":
        article.published_at = timezone.now()
    elif transition.action == "schedule":
        article.published_at = when


def _move_change(transition, article: Article, change, by):
    """A live piece: move its change; publishing applies it to the row."""
    if transition.action == "publish":
        if change is not None:
            article = _apply_change(article, change, by)
            change.delete()
        return article, None
    if change is None:
        raise TransitionRefused("There is no change to this live piece yet.")
    change.state = transition.target
    change.modified_by = by
    change.save()
    return article, change


def _apply_change(article: Article, change: ArticleChange, by) -> Article:
    """The change's values, re-validated through the article form (M2Ms too) and
    saved to the row readers see."""
    if change.base_version != article.version:
        raise TransitionRefused(
            "The live piece was saved after this change began. Open the change, "
            "check it against the live version and save it again."
        )
    current = {
        name: getattr(article, name).all() if name in MANY else getattr(article, name)
        for name in CHANGE_FIELDS
    }
    data = {**change_data(current), **change.data, "loaded_version": article.version}
    form_class = type("LiveChangeForm", (ArticleAdminForm,), {"user": by})
    form = form_class(data, instance=article)
    if not form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        raise TransitionRefused(f"The change no longer saves: {problems}")
    article = form.save(commit=False)
    if change.data.get("significant_update") and article.first_published_at:
        article.updated_at = timezone.now()
    article.modified_by = by
    article.save()
    form.save_m2m()
    return article


def _check_checklist(article: Article, change, override_reason: str) -> None:
    if change is not None:
        piece = Piece.from_values(change.data, subject_count=subject_count(change.data))
    else:
        piece = Piece.from_article(article)
    failing = failures(run_checklist(piece))
    if failing and not override_reason:
        reasons = " ".join(check.reason for check in failing)
        raise TransitionRefused(
            f"Not ready to publish: {reasons} An editor may publish anyway by "
            "writing why."
        )


def _comment(transition, note: str, override_reason: str) -> str:
    comment = transition.label
    if note:
        comment += f": {note}"
    if override_reason:
        comment += f" (checklist overridden: {override_reason})"
    return comment


def author_profile_for(user) -> AuthorProfile:
    """The user's author profile, created from their name the first time they write."""
    name = user.get_full_name() or user.get_username()
    profile, _ = AuthorProfile.objects.get_or_create(
        user=user, defaults={"name": name, "slug": _free_profile_slug(name)}
    )
    return profile


def _free_profile_slug(name: str) -> str:
    base = slugify(name) or "author"
    slug, n = base, 2
    while AuthorProfile.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
