"""Show events from the catalog's fact history and new seasons, and alerts when a
piece about a show is published."""

from __future__ import annotations

from django.db.models.signals import post_save

from articles.signals import workflow_transition
from catalog.models import Release, Season, Show
from catalog.signals import fact_changes_recorded
from jobs.queue import enqueue

from . import services
from .models import ShowEvent
from .tasks import alerts_for_show

# The facts that are a show's dates, by model: a change to one is a "date" event.
DATE_FACTS = {
    Show: {"first_air"},
    Season: {"premiere"},
    Release: {"release", "row"},
}


def connect() -> None:
    fact_changes_recorded.connect(date_changed, dispatch_uid="follows.date_changed")
    post_save.connect(season_added, sender=Season, dispatch_uid="follows.season")
    workflow_transition.connect(piece_published, dispatch_uid="follows.published")


def date_changed(sender, changes, **kwargs) -> None:
    """A date announced or changed: one event per changed date fact, with the new
    date's confidence (an official-only reader hears only "official")."""
    fields = DATE_FACTS.get(sender, set())
    changes = [change for change in changes if change.field in fields]
    if not changes:
        return
    obj = _with_show(sender, changes[0].object_id)
    if obj is None:  # a removed release: the row is gone, nothing to announce
        return
    page = obj.season if sender is Release else obj  # the page the alert links to
    show_id = page.pk if sender is Show else page.show_id
    for change in changes:
        if change.field == "row":
            if change.new_value is None or not obj.release.is_known:
                continue
            text = f"{obj}: {obj.release.render_with_confidence()}"
            confidence = obj.release.confidence
        else:
            confidence = (change.new_value or {}).get("confidence", "")
            text = f"{change.object_repr}: {change.field_label.lower()} " + (
                change.new_display
            )
            if change.old_display:
                text += f" (was {change.old_display})"
        services.show_event_record(
            show_id=show_id,
            kind=ShowEvent.Kind.DATE,
            text=text,
            url=page.get_absolute_url(),
            confidence=confidence,
            fact_change=change if change.pk else None,
            happened_at=change.changed_at,
        )


def _with_show(model, pk):
    related = {Show: (), Season: ("show",), Release: ("season__show", "platform")}
    return model._base_manager.select_related(*related[model]).filter(pk=pk).first()


def season_added(sender, instance: Season, created: bool, raw=False, **kwargs):
    if not created or raw:
        return
    text = f"New season: {instance}"
    if instance.premiere.is_known:
        text += f", premiere {instance.premiere.render_with_confidence()}"
    services.show_event_record(
        show_id=instance.show_id,
        kind=ShowEvent.Kind.SEASON,
        text=text,
        url=instance.get_absolute_url(),
    )


def piece_published(sender, article, action, live_change=False, **kwargs):
    """Published now: tell its shows' followers after the commit. Scheduled pieces
    are sent by ``follows_send_alerts`` once they are public."""
    if action != "publish" or live_change:
        return
    show_ids = {show.pk for show in article.subject_shows.all()}
    show_ids |= {season.show_id for season in article.subject_seasons.all()}
    for show_id in sorted(show_ids):
        enqueue(alerts_for_show, show_id=show_id)
