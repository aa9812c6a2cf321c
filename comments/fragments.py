"""Each public comment's HTML, kept rendered in the fragment cache.

A comment list (under the article, on its comments page) fetches its comments' HTML in
one ``get_many`` and renders only the missing ones, so a moderator's approval, which
moves the article's version and so re-renders its comments area, re-renders one
comment instead of all of them. The HTML is stored when the comment is approved
(after the approval commits, so a rollback stores nothing), stored again when it is
edited, and dropped when it is hidden, rejected or deleted.

The key is a digest of everything the item shows: the comment's name, text, its
spoiler flag, date,
parent and the parent's name, whether readers may reply, and the language and time
zone its date is written in. It is computed from the row the list has just read,
so a write that changes the HTML changes the key, whichever way it reached the
database (a ``QuerySet.update`` too): a stored item can be lost, never stale.
"""

from __future__ import annotations

import hashlib
from functools import partial

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone, translation

from articles.fragments import store_cards
from core import fragments

from .models import Comment
from .rendering import comment_items
from .rules import comments_are_open

LABEL = "comments.comment"
SLOT = "item"


def _setting() -> str:
    """What the date is written in, beside the comment's own data."""
    return f"{translation.get_language()} {timezone.get_current_timezone_name()}"


def item_key(comment: Comment, can_reply: bool, setting: str | None = None) -> str:
    parent_name = comment.parent.name if comment.parent_id else ""
    shown = (
        comment.article_id,
        comment.parent_id,
        parent_name,
        comment.name,
        comment.body,
        comment.contains_spoilers,
        comment.created_at.isoformat(),
        bool(can_reply),
        setting if setting is not None else _setting(),
    )
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()
    return fragments.fragment_key(LABEL, comment.pk, SLOT, digest)


def render_items(comments: list[Comment], can_reply: bool) -> list[str]:
    """Each comment's ``<li>`` (``comments.rendering``: nothing of the page's
    context may reach a stored item), with the URLs reversed once."""
    if not comments:
        return []
    write_url = reverse("comments:write", args=[comments[0].article_id])
    return comment_items(comments, can_reply=can_reply, write_url=write_url)


def list_html(comments, can_reply: bool) -> list:
    """The HTML of a list's comments, stored ones from one cache round trip."""
    setting = _setting()
    return fragments.items(
        list(comments),
        key=lambda comment: item_key(comment, can_reply, setting),
        render=lambda missing: render_items(missing, can_reply),
    )


# --- Writes ---------------------------------------------------------------------------


def _is_shown(comment: Comment) -> bool:
    """As ``CommentQuerySet.on_article_page`` decides it."""
    return comment.is_public and (comment.parent_id is None or comment.parent.is_public)


def refresh(pks) -> None:
    """Store the HTML of these comments (and of their replies, which show the
    parent's name) if readers see them, drop it if they no longer do; and the card
    of their article, whose version the write moved."""
    rows = list(
        Comment.objects.filter(Q(pk__in=pks) | Q(parent_id__in=pks))
        .select_related("parent", "article")
        .order_by("pk")
    )
    shown, gone = [], []
    for comment in rows:
        (shown if _is_shown(comment) else gone).append(comment)
    for article_id in {comment.article_id for comment in shown}:
        mine = [c for c in shown if c.article_id == article_id]
        can_reply = comments_are_open(mine[0].article)
        fragments.put_items(
            mine,
            key=partial(item_key, can_reply=can_reply),
            render=partial(render_items, can_reply=can_reply),
        )
    forget(gone)
    store_cards({comment.article_id for comment in rows})


def forget(comments) -> None:
    """Drop stored items of comments readers no longer see (both reply states)."""
    if fragments.enabled():
        fragments.FragmentStore().delete_many(
            item_key(comment, can_reply)
            for comment in comments
            for can_reply in (True, False)
        )


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    # A comment that is not, and was not, public (a submission held for a
    # moderator, a pending one rejected) shows nowhere: nothing to do.
    if raw or not fragments.enabled():
        return
    if instance.is_public or instance._loaded_public:
        fragments.after_commit(refresh, [instance.pk])


def _on_delete(sender, instance, **kwargs) -> None:
    """The keys are taken now, while the parent the item names can still be read."""
    if not fragments.enabled() or not instance._loaded_public:
        return
    try:
        keys = [item_key(instance, can_reply) for can_reply in (True, False)]
    except Comment.DoesNotExist:  # its parent is going too: nothing to name
        return
    store = fragments.FragmentStore()
    fragments.after_commit(store.delete_many, keys)


def connect() -> None:
    uid = "comments.fragments"
    post_save.connect(_on_save, sender=Comment, dispatch_uid=uid)
    post_delete.connect(_on_delete, sender=Comment, dispatch_uid=uid)
