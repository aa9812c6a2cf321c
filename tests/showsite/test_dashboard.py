"""The desk (the admin index): each role sees its own panels and only the pieces it
may see, with right counts, capped lists and a query count that does not grow."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import Article
from catalog import services
from newsroom.models import Notification
from showsite.dashboard import PANEL_ITEMS, desk_panels
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CommentFactory,
    SourceFactory,
    UserFactory,
)
from tests.livefacts_helpers import AUG_3, make_catalog

pytestmark = pytest.mark.django_db


def _piece(owner, **fields):
    fields.setdefault("state", "draft")
    if fields["state"] in ("draft", "review"):
        fields.setdefault("published_at", None)
    article = ArticleFactory(created_by=owner, **fields)
    article.authors.add(AuthorProfileFactory(user=owner))
    return article


def _panels(user) -> dict:
    return {panel.key: panel for panel in desk_panels(user)}


def _titles(panel) -> set[str]:
    return {item.title for item in panel.items}


@pytest.fixture
def other_author(roles):
    return UserFactory(username="otto", groups=[roles["Authors"]], is_staff=True)


@pytest.fixture
def newsroom(author, other_author, editor):
    """Each author's draft, piece in review and scheduled piece; a stale-free live
    piece; two comments waiting."""
    soon = timezone.now() + timedelta(days=2)
    pieces = {
        "ada draft": _piece(author, title="ada draft"),
        "ada review": _piece(author, title="ada review", state="review"),
        "ada scheduled": _piece(
            author, title="ada scheduled", state="published", published_at=soon
        ),
        "otto draft": _piece(other_author, title="otto draft"),
        "otto review": _piece(other_author, title="otto review", state="review"),
        "otto scheduled": _piece(
            other_author,
            title="otto scheduled",
            state="published",
            published_at=soon + timedelta(hours=1),
        ),
        "eddie draft": _piece(editor, title="eddie draft"),
        "live": _piece(editor, title="live", state="published"),
    }
    CommentFactory(article=pieces["live"], state="pending")
    CommentFactory(article=pieces["live"], state="pending")
    return pieces


def test_author_sees_only_their_own_pieces_in_every_panel(author, newsroom):
    panels = _panels(author)
    assert set(panels) == {"drafts", "review", "notifications", "scheduled"}
    assert _titles(panels["drafts"]) == {"ada draft"}
    assert _titles(panels["review"]) == {"ada review"}
    assert panels["review"].title == "Sent for review"
    assert _titles(panels["scheduled"]) == {"ada scheduled"}
    assert all(panels[key].count == 1 for key in ("drafts", "review", "scheduled"))


def test_author_never_sees_another_authors_draft(other_author, newsroom):
    panels = _panels(other_author)
    seen = {title for panel in panels.values() for title in _titles(panel)}
    assert seen == {"otto draft", "otto review", "otto scheduled"}


def test_editor_sees_own_drafts_every_review_every_schedule_and_the_queues(
    editor, newsroom
):
    panels = _panels(editor)
    assert list(panels) == [
        "drafts",
        "review",
        "notifications",
        "scheduled",
        "needs_update",
        "comments",
    ]
    assert _titles(panels["drafts"]) == {"eddie draft"}
    assert panels["review"].title == "Awaiting my review"
    assert _titles(panels["review"]) == {"ada review", "otto review"}
    assert [a.title for a in panels["scheduled"].items] == [
        "ada scheduled",
        "otto scheduled",
    ]  # soonest first
    assert panels["needs_update"].count == 0
    assert panels["comments"].count == 2
    assert panels["comments"].breakdown[0][:2] == ("pending", 2)


def test_moderator_sees_only_the_comment_queue(moderator, newsroom):
    panels = _panels(moderator)
    assert list(panels) == ["comments"]
    assert panels["comments"].count == 2


def test_no_panels_for_an_inactive_or_non_staff_user(newsroom):
    assert desk_panels(UserFactory(username="reader")) == []


def test_panels_list_a_few_and_count_all(editor):
    for n in range(PANEL_ITEMS + 3):
        _piece(editor, title=f"draft {n}")
    panel = _panels(editor)["drafts"]
    assert panel.count == PANEL_ITEMS + 3
    assert len(panel.items) == PANEL_ITEMS
    assert panel.more == 3


def test_a_piece_sent_back_to_draft_is_in_my_drafts(author):
    piece = _piece(author, title="sent back", state="review")
    assert "sent back" not in _titles(_panels(author)["drafts"])
    Article.objects.filter(pk=piece.pk).update(state="changes")
    assert "sent back" in _titles(_panels(author)["drafts"])


def test_needs_update_panel_lists_stale_published_pieces(editor, time_machine):
    catalog = make_catalog()
    stale = ArticleFactory(title="Stale", body="[[release season=heartstopper/2]]")
    ArticleFactory(title="Fresh", body="[[factbox show=heartstopper]]")
    services.season_set_release(
        season=catalog.season,
        status="date_announced",
        premiere=AUG_3,
        source=SourceFactory(),
        at=timezone.now() + timedelta(minutes=1),
    )
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    panel = _panels(editor)["needs_update"]
    assert panel.count == 1
    assert [item.pk for item in panel.items] == [stale.pk]


# --- the page ---------------------------------------------------------------------


def test_desk_page_shows_the_panels_links_and_the_app_list(client, editor, newsroom):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Your desk" in html
    for title in ("My drafts", "Awaiting my review", "Scheduled", "Needs update"):
        assert title in html
    assert "Comments to moderate" in html
    assert "/admin/articles/article/?status=writing&amp;mine=1" in html
    assert "/admin/articles/article/?status=review" in html
    assert "/admin/articles/article/calendar/" in html
    assert "All admin sections" in html and 'class="app-catalog' in html


def test_scheduled_times_show_in_the_site_time_zone(client, editor, settings):
    settings.TIME_ZONE = "America/New_York"
    at = timezone.now().replace(microsecond=0) + timedelta(days=3)
    _piece(editor, title="nyc", state="published", published_at=at)
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    local = timezone.localtime(at, timezone=ZoneInfo("America/New_York"))
    assert local.strftime("%H:%M") in html
    assert local.tzname() in html  # EST or EDT


def test_author_page_never_shows_another_authors_titles(client, author, newsroom):
    client.force_login(author)
    html = client.get("/admin/").content.decode()
    assert "ada draft" in html
    assert "otto" not in html and "eddie draft" not in html
    assert "Comments to moderate" not in html


def test_moderator_page_has_the_queue_but_no_pieces(client, moderator, newsroom):
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert "Comments to moderate" in html
    assert "My drafts" not in html and "ada draft" not in html
    assert "Editorial calendar" not in html


def test_the_dashboard_user_text_is_escaped(client, editor):
    _piece(editor, title="<script>alert(1)</script>")
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def _grow(editor, authors, n):
    soon = timezone.now() + timedelta(days=1)
    for i in range(n):
        owner = authors[i % len(authors)]
        _piece(owner, title=f"d{n}-{i}")
        _piece(owner, title=f"r{n}-{i}", state="review")
        _piece(
            owner,
            title=f"s{n}-{i}",
            state="published",
            published_at=soon + timedelta(hours=i),
        )
        live = _piece(owner, title=f"l{n}-{i}", state="published")
        CommentFactory(article=live, state="pending")
        for recipient in (editor, owner):
            Notification.objects.create(
                recipient=recipient, kind="published", article=live, text=f"n{n}-{i}"
            )


@pytest.mark.parametrize("who", ["editor", "author", "moderator"])
def test_desk_query_count_does_not_grow_with_the_newsroom(
    who, request, client, editor, author, other_author, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(who)
    client.force_login(user)
    _grow(editor, [author, other_author, editor], 3)
    client.get("/admin/")  # session and permission caches warm
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/").status_code == 200
    # 15 of each kind: each author owns 5 (a full panel), editors see 15 in review.
    _grow(editor, [author, other_author, editor], 12)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get("/admin/").status_code == 200


def test_every_admin_page_links_the_desk_and_the_calendar(client, editor, author):
    client.force_login(author)
    html = client.get("/admin/articles/article/").content.decode()
    assert 'aria-label="Newsroom"' in html
    assert 'href="/admin/articles/article/calendar/">Calendar</a>' in html


def test_moderators_get_no_calendar_link(client, moderator):
    client.force_login(moderator)
    html = client.get("/admin/comments/comment/").content.decode()
    assert 'aria-label="Newsroom"' in html and "/calendar/" not in html


def test_my_drafts_see_all_link_lists_only_my_drafts(client, editor, newsroom):
    client.force_login(editor)
    html = client.get("/admin/articles/article/?status=writing&mine=1").content.decode()
    assert "eddie draft" in html
    assert "ada draft" not in html and "otto draft" not in html


def test_the_notifications_panel_has_its_place_after_review():
    from showsite.dashboard import PANELS, awaiting_review, my_notifications

    assert PANELS.index(my_notifications) == PANELS.index(awaiting_review) + 1


def test_live_changes_show_in_my_drafts_and_in_review(author, editor):
    from articles.models import ArticleChange

    live = _piece(author, title="live with a change", state="published")
    change = ArticleChange.objects.create(
        article=live, base_version=live.version, created_by=author
    )
    assert "live with a change" in _titles(_panels(author)["drafts"])
    assert "live with a change" not in _titles(_panels(editor)["review"])
    ArticleChange.objects.filter(pk=change.pk).update(state="review")
    assert "live with a change" not in _titles(_panels(author)["drafts"])
    assert "live with a change" in _titles(_panels(author)["review"])
    assert "live with a change" in _titles(_panels(editor)["review"])


def test_my_notifications_lists_the_newest_and_counts_the_unread(
    client, editor, moderator
):
    piece = _piece(editor, title="the piece")
    for n in range(PANEL_ITEMS + 2):
        Notification.objects.create(
            recipient=editor, kind="published", article=piece, text=f"notice {n}"
        )
    Notification.objects.filter(text="notice 0").update(read_at=timezone.now())
    Notification.objects.create(
        recipient=moderator, kind="published", article=piece, text="not mine"
    )
    Notification.objects.create(
        recipient=editor, kind="published", article=piece, text="<b>loud</b>"
    )
    panel = _panels(editor)["notifications"]
    assert panel.count == PANEL_ITEMS + 2  # unread: all but notice 0
    assert [item.text for item in panel.items][:2] == ["<b>loud</b>", "notice 6"]
    assert len(panel.items) == PANEL_ITEMS
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "&lt;b&gt;loud&lt;/b&gt;" in html and "<b>loud</b>" not in html
    assert "not mine" not in html
    assert "notifications" not in _panels(moderator)
