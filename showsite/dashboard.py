"""The desk: the admin index as the logged-in person's to-do list.

One small function per panel reads one app and returns a ``Panel`` (or None when the
panel is not for this person): authors see their own pieces, editors everything,
moderators the comment queue. Each panel costs a count and one capped list, so the
page's queries do not grow with the newsroom.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from articles.models import Article
from articles.permissions import can_publish
from comments.models import Comment
from livefacts.models import can_review
from livefacts.staleness import needs_update
from newsroom.models import Notification

# Each panel lists this many of its pieces; "see all" opens the rest.
PANEL_ITEMS = 5


@dataclass(frozen=True)
class Panel:
    """One box on the desk: how many, the first few and where the rest are."""

    key: str
    title: str
    count: int
    items: list
    url: str
    empty: str  # what the panel says when there is nothing to do
    # (label, count, url) shortcuts under the title, e.g. pending / reported
    breakdown: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def template(self) -> str:
        return f"admin/includes/desk_panel_{self.key}.html"

    @property
    def more(self) -> int:
        return max(self.count - len(self.items), 0)


def _changelist(**params: str) -> str:
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(params)}"


def _writes(user) -> bool:
    return user.has_perm("articles.add_article") or user.has_perm(
        "articles.change_article"
    )


def _panel(key, title, queryset: QuerySet, *, url, empty, **extra) -> Panel:
    return Panel(
        key=key,
        title=title,
        count=queryset.count(),
        items=list(queryset[:PANEL_ITEMS]),
        url=url,
        empty=empty,
        **extra,
    )


def my_drafts(user) -> Panel | None:
    """My pieces still being written: drafts, pieces sent back, live changes."""
    if not _writes(user):
        return None
    return _panel(
        "drafts",
        "My drafts",
        Article.objects.drafts_of(user).prefetch_related("authors"),
        url=_changelist(status="writing", mine="1"),
        empty="No drafts on your desk.",
    )


def awaiting_review(user) -> Panel | None:
    """Editors: every piece waiting for a read. Authors: their own, waiting."""
    pieces = (
        Article.objects.awaiting_review()
        .order_by("modified_at", "pk")  # longest waiting first
        .prefetch_related("authors")
    )
    if can_publish(user):
        return _panel(
            "review",
            "Awaiting my review",
            pieces,
            url=_changelist(status="review"),
            empty="Nothing is waiting for review.",
        )
    if not _writes(user):
        return None
    return _panel(
        "review",
        "Sent for review",
        pieces.filter(pk__in=Article.objects.owned_by(user).values("pk")),
        url=_changelist(status="review"),
        empty="None of your pieces is waiting for an editor.",
    )


def my_notifications(user) -> Panel | None:
    """My notifications: the newest notices (read or not), counted by the unread."""
    if not _writes(user):
        return None  # moderators are told nothing: their queue is their panel
    mine = Notification.objects.for_user(user)
    return Panel(
        key="notifications",
        title="My notifications",
        count=mine.unread().count(),
        items=list(mine.for_list()[:PANEL_ITEMS]),
        url=reverse("admin:newsroom_notification_changelist"),
        empty="No notifications yet.",
    )


def scheduled(user) -> Panel | None:
    """Pieces set to go public, soonest first (editors: all; authors: their own)."""
    if not user.has_perm("articles.view_article"):
        return None
    return _panel(
        "scheduled",
        "Scheduled",
        Article.objects.visible_to(user).scheduled().order_by("published_at"),
        url=_changelist(status="scheduled"),
        empty="Nothing is scheduled.",
    )


def stale_pieces(user) -> Panel | None:
    """Published pieces whose catalog facts changed since they were checked."""
    if not can_review(user):
        return None
    return _panel(
        "needs_update",
        "Needs update",
        needs_update(Article.objects.all()),
        url=reverse("admin:articles_article_needs_update"),
        empty="Every published piece is up to date with the catalog.",
    )


def comments_to_moderate(user) -> Panel | None:
    """The moderation queue: pending and reported comments, oldest first."""
    if not user.has_perm("comments.moderate_comment"):
        return None
    queue = reverse("admin:comments_comment_changelist")
    waiting = Comment.objects.needing_attention()
    return _panel(
        "comments",
        "Comments to moderate",
        waiting.select_related("article").order_by("created_at", "pk"),
        url=f"{queue}?queue=attention",
        empty="The comment queue is clear.",
        breakdown=[
            (
                "pending",
                Comment.objects.filter(state=Comment.State.PENDING).count(),
                f"{queue}?state__exact=pending",
            ),
            ("reported", Comment.objects.reported().count(), f"{queue}?queue=reported"),
        ],
    )


# The desk's panels in the order they appear.
PANELS = (
    my_drafts,
    awaiting_review,
    my_notifications,
    scheduled,
    stale_pieces,
    comments_to_moderate,
)


def desk_panels(user) -> list[Panel]:
    """The panels for ``user``, in order, leaving out those not for their role."""
    if not (user.is_active and user.is_staff):
        return []
    return [panel for build in PANELS if (panel := build(user)) is not None]
