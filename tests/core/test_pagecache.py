"""The page cache serves anonymous pages from one query and one cache get, never stale.

Pages come from tests/perf_urls.py, show ``auth.Group`` rows and are keyed by the
test's own list rows (``PageList`` keys "groups" and "scheduled"); the
``content_auth`` fixture says that Group writes show on the "groups" pages. On CI this
file runs on SQLite with local memory and on PostgreSQL with Redis.
"""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.deletion import Collector
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core import pagecache, pageversions
from core.codeversion import code_version
from core.models import PageList
from tests.factories import UserFactory
from tests.perf_urls import SCHEDULED_AT, group_list

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.perf_urls")]


def groups_pages(queryset):
    return ["groups"]


@pytest.fixture
def content_auth(settings, page_cache):
    """Treat django.contrib.auth as a content app whose Group rows show on the
    "groups" pages, so Group writes bump them."""
    pageversions.register_pages(Group, groups_pages)
    pageversions.register_pages(Group.user_set.through, groups_pages)  # members
    # Changing the setting reconnects the signals (and again when it is restored).
    settings.PAGE_CACHE_CONTENT_APPS = [*settings.PAGE_CACHE_CONTENT_APPS, "auth"]
    yield
    pageversions._pages.pop(Group, None)
    pageversions._pages.pop(Group.user_set.through, None)


@pytest.fixture
def editors():
    return Group.objects.create(name="Editors")


def version(key="groups") -> int:
    return PageList.objects.get(key=key).render_version


def test_hit_serves_the_cached_body_with_one_query(
    client, page_cache, editors, django_assert_num_queries
):
    first = client.get("/groups/")
    assert first.content == b"groups: Editors (0)"
    assert first["X-Page-Cache"] == "miss"
    # A change that bumps nothing: the cached body proves the page was not rendered.
    Group.objects.update(name="Renamed")

    with django_assert_num_queries(1) as queries:
        second = client.get("/groups/")

    assert "core_pagelist" in queries.captured_queries[0]["sql"]
    assert second.status_code == 200
    assert second.content == b"groups: Editors (0)"
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]


def test_head_is_served_from_the_get_entry(
    client, page_cache, editors, django_assert_num_queries
):
    client.get("/groups/")
    with django_assert_num_queries(1):
        response = client.head("/groups/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_query_string_is_part_of_the_key(client, page_cache, editors):
    client.get("/groups/?page=1")
    assert client.get("/groups/?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/groups/?page=1")["X-Page-Cache"] == "hit"


def test_a_page_no_row_owns_is_served_but_never_stored(client, page_cache, editors):
    for count in (b"1", b"2"):
        response = client.get("/unkeyed/")
        assert (response.content, response["X-Page-Cache"]) == (count, "miss")
        Group.objects.create(name=f"Group {count.decode()}")
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda g: Group.objects.create(name="Critics"), id="create"),
        pytest.param(lambda g: setattr(g, "name", "Desk") or g.save(), id="update"),
        pytest.param(lambda g: g.delete(), id="delete"),
        pytest.param(lambda g: UserFactory(groups=[g]), id="m2m-add"),
    ],
)
def test_content_change_shows_at_the_next_request(
    client, content_auth, editors, change
):
    before = client.get("/groups/").content
    assert client.get("/groups/")["X-Page-Cache"] == "hit"

    change(editors)

    after = client.get("/groups/")
    assert after["X-Page-Cache"] == "miss"
    assert after.content != before
    assert after.content == group_list(None).content


def test_m2m_remove_and_clear_invalidate(client, content_auth, editors):
    user = UserFactory(groups=[editors])
    assert client.get("/groups/").content == b"groups: Editors (1)"
    user.groups.remove(editors)
    assert client.get("/groups/").content == b"groups: Editors (0)"
    user.groups.add(editors)
    assert client.get("/groups/").content == b"groups: Editors (1)"
    editors.user_set.clear()
    assert client.get("/groups/").content == b"groups: Editors (0)"
    assert client.get("/groups/")["X-Page-Cache"] == "hit"


def test_changes_outside_content_apps_keep_the_cache(
    client, page_cache, editors, django_assert_num_queries
):
    client.get("/groups/")
    before = version()

    Group.objects.create(name="Critics")  # auth is not a content app by default
    other = UserFactory(username="reader")
    other.last_login = other.date_joined
    other.save(update_fields=["last_login"])
    client.force_login(other)  # a session row and last_login
    client.logout()

    assert version() == before
    assert client.get("/groups/").content == b"groups: Editors (0)"


def test_non_content_models_keep_fast_bulk_delete(content_auth):
    assert Collector(using="default").can_fast_delete(Session.objects.all())
    assert not Collector(using="default").can_fast_delete(Group.objects.all())


def test_model_opts_out_with_a_class_attribute(
    client, content_auth, monkeypatch, settings
):
    client.get("/groups/")
    monkeypatch.setattr(Group, "page_cache_exempt", True, raising=False)
    settings.PAGE_CACHE_CONTENT_APPS = [*settings.PAGE_CACHE_CONTENT_APPS]  # reconnect
    before = version()
    Group.objects.create(name="Audit log")
    assert version() == before


def test_model_decides_per_row_with_a_method(client, content_auth, monkeypatch):
    client.get("/groups/")
    events = []

    def should_invalidate(self, *, event):
        events.append((self.name, event))
        return not self.name.startswith("pending")

    monkeypatch.setattr(
        Group, "page_cache_should_invalidate", should_invalidate, raising=False
    )
    before = version()
    pending = Group.objects.create(name="pending comment")
    pending.save()
    assert version() == before
    Group.objects.create(name="approved comment").delete()
    assert version() == before + 2  # saved, then deleted
    assert events == [
        ("pending comment", "created"),
        ("pending comment", "updated"),
        ("approved comment", "created"),
        ("approved comment", "deleted"),
    ]


def test_m2m_change_tells_the_row_its_event(client, content_auth, editors, monkeypatch):
    client.get("/groups/")
    events = []
    monkeypatch.setattr(
        Group,
        "page_cache_should_invalidate",
        lambda self, *, event: events.append(event) or False,
        raising=False,
    )
    reader = UserFactory()
    before = version()
    editors.user_set.add(reader)
    assert events == ["m2m"]
    assert version() == before


def test_rolled_back_write_bumps_nothing(client, content_auth):
    client.get("/groups/")
    before = version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="Never")
        assert version() == before + 1  # bumped in the writer's transaction
        raise RuntimeError
    assert version() == before
    Group.objects.create(name="Kept")
    assert version() == before + 1


def test_an_old_page_still_in_the_cache_is_never_served_after_an_edit(
    client, content_auth, editors
):
    """The version lives in the database: the edit deletes nothing from the cache
    (as after a restart from saved data), yet the key has changed.
    (tests/core/test_pagecache_redis_restart.py does it with a real Redis.)"""
    client.get("/groups/")
    before = PageList.objects.get(key="groups").render_version
    editors.name = "Renamed"
    editors.save()

    response = client.get("/groups/")

    keys = _page_keys(range(before, version() + 1))
    assert response["X-Page-Cache"] == "miss"
    assert response.content == b"groups: Renamed (0)"
    assert len(caches["default"].get_many(keys)) == 2  # old and new


def _page_keys(versions) -> list[str]:
    """The keys the groups page is stored under at each of ``versions``."""
    row = PageList.objects.get(key="groups")
    digest = hashlib.md5(b"http://testserver/groups/").hexdigest()
    return [
        f"pagecache:page:{code_version()}:core.pagelist:{row.pk}.{version}:{digest}"
        for version in versions
    ]


# --- Never cached ---------------------------------------------------------------------


def _assert_rendered_twice(client, path, **extra):
    """Both requests ran the view (its Group query) and neither was a hit."""
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, **extra)
        assert any("auth_group" in q["sql"] for q in queries.captured_queries)
        assert response.get("X-Page-Cache") != "hit"
    return response


def test_logged_in_reader_gets_a_fresh_private_page(client, page_cache, editors):
    client.get("/groups/")  # an anonymous copy exists
    client.force_login(UserFactory())
    response = _assert_rendered_twice(client, "/groups/")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_logged_in_copy_is_never_served_to_anonymous_readers(
    client, page_cache, editors
):
    client.force_login(UserFactory(username="eddie"))
    client.get("/groups/")
    client.logout()
    Group.objects.update(name="Renamed")
    assert client.get("/groups/").content == b"groups: Renamed (0)"


def test_authorization_header_bypasses_the_cache(client, page_cache, editors):
    response = _assert_rendered_twice(client, "/groups/", HTTP_AUTHORIZATION="Bearer x")
    assert "private" in response["Cache-Control"]


def test_reader_with_a_waiting_message_gets_a_fresh_page(client, page_cache, editors):
    client.get("/groups/")
    client.cookies["messages"] = "notice"
    _assert_rendered_twice(client, "/groups/")


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/sets-cookie/", id="set-cookie"),
        pytest.param("/preview/", id="private-no-store"),
        pytest.param("/form/", id="csrf-token"),
        pytest.param("/missing/", id="not-200"),
        pytest.param("/admin/groups/", id="admin-path"),
    ],
)
def test_unshareable_responses_are_never_cached(client, page_cache, editors, path):
    response = _assert_rendered_twice(client, path)
    assert "public" not in response.get("Cache-Control", "")


def test_cookie_setting_response_is_marked_private(client, page_cache, editors):
    assert "private" in client.get("/sets-cookie/")["Cache-Control"]


def test_preview_keeps_its_own_cache_control(client, page_cache, editors):
    assert client.get("/preview/")["Cache-Control"] == "private, no-store"


def test_post_is_never_served_from_the_cache(client, page_cache, editors):
    client.get("/submit/")
    Group.objects.update(name="Renamed")
    response = client.post("/submit/")
    assert response.content == b"groups: Renamed (0)"
    assert "X-Page-Cache" not in response


def test_pages_render_every_time_with_the_cache_off(
    client, editors, django_assert_num_queries
):
    for _ in range(2):
        with django_assert_num_queries(1):
            response = client.get("/groups/")
        assert "X-Page-Cache" not in response


# --- HTTP caching ---------------------------------------------------------------------


def test_public_page_carries_http_caching_headers(client, page_cache, editors):
    response = client.get("/groups/")
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    assert "Cookie" in response["Vary"]
    assert response["ETag"].startswith('"')
    # Security headers are stored with the page, so a hit carries them too.
    hit = client.get("/groups/")
    assert hit["Content-Security-Policy"] == response["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"


def test_max_age_and_s_maxage_follow_settings(client, page_cache, editors, settings):
    settings.PAGE_CACHE_MAX_AGE = 30
    settings.PAGE_CACHE_S_MAXAGE = 300
    response = client.get("/groups/")
    assert set(response["Cache-Control"].split(", ")) == {
        "public",
        "max-age=30",
        "s-maxage=300",
    }


def test_conditional_get_answers_304_from_one_query(
    client, page_cache, editors, django_assert_num_queries
):
    etag = client.get("/groups/")["ETag"]
    with django_assert_num_queries(1):
        response = client.get("/groups/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_conditional_get_after_a_change_answers_200(client, content_auth, editors):
    etag = client.get("/groups/")["ETag"]
    Group.objects.create(name="Critics")
    response = client.get("/groups/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert b"Critics" in response.content


# --- Scheduled content ----------------------------------------------------------------


@pytest.fixture
def schedule():
    """The "scheduled" list row's horizon: SCHEDULED_AT until it has passed."""
    calls = []

    def horizon(rows, now):
        calls.append(now)
        return SCHEDULED_AT if SCHEDULED_AT > now else None

    pageversions.register_horizon(PageList, horizon)
    yield calls
    pageversions.unregister_horizon(PageList, horizon)


def test_scheduled_change_shows_exactly_at_its_time(
    client, page_cache, schedule, time_machine, django_assert_num_queries
):
    time_machine.move_to(SCHEDULED_AT - timedelta(hours=1), tick=False)
    assert client.get("/scheduled/").content == b"coming soon"
    before = version("scheduled")

    time_machine.move_to(SCHEDULED_AT - timedelta(microseconds=1), tick=False)
    with django_assert_num_queries(1):
        response = client.get("/scheduled/")
    assert (response.content, response["X-Page-Cache"]) == (b"coming soon", "hit")

    time_machine.move_to(SCHEDULED_AT, tick=False)
    assert client.get("/scheduled/").content == b"published"
    assert client.get("/scheduled/").content == b"published"
    assert version("scheduled") == before + 1  # advanced once, not per request
    assert client.get("/scheduled/")["X-Page-Cache"] == "hit"
    assert len(schedule) == 2  # asked when the row was made and when it passed
    assert PageList.objects.get(key="scheduled").valid_until is None


def test_page_is_never_served_past_the_time_it_was_rendered_under(
    client, page_cache, schedule, time_machine
):
    """A stored page keeps its own bound, whatever happens to the row."""
    time_machine.move_to(SCHEDULED_AT - timedelta(hours=1), tick=False)
    client.get("/scheduled/")
    PageList.objects.filter(key="scheduled").update(valid_until=None)

    time_machine.move_to(SCHEDULED_AT, tick=False)
    assert client.get("/scheduled/").content == b"published"


def test_bump_brings_valid_until_forward_never_back(db):
    row = PageList.objects.create(key="lists")
    start = row.render_version
    pageversions.bump("lists", until=SCHEDULED_AT)
    pageversions.bump("lists", until=SCHEDULED_AT + timedelta(days=1))
    pageversions.bump("lists")
    row.refresh_from_db()
    assert (row.render_version, row.valid_until) == (start + 3, SCHEDULED_AT)
    pageversions.bump("lists", until=SCHEDULED_AT - timedelta(days=1))
    row.refresh_from_db()
    assert row.valid_until == SCHEDULED_AT - timedelta(days=1)


def test_an_ordinary_save_never_writes_a_version_back(db):
    row = PageList.objects.create(key="lists")
    start = row.render_version
    stale = PageList.objects.get(pk=row.pk)
    pageversions.bump("lists", until=SCHEDULED_AT)
    stale.key = "lists-renamed"
    stale.save()
    row.refresh_from_db()
    assert (row.key, row.render_version, row.valid_until) == (
        "lists-renamed",
        start + 1,
        SCHEDULED_AT,
    )


# --- Several app servers --------------------------------------------------------------


def test_two_app_servers_share_pages_and_versions(
    content_auth, editors, django_assert_num_queries
):
    """Two middleware instances, each with its own cache client (Redis on CI)."""
    server_a = pagecache.PageCacheMiddleware(
        group_list, cache=caches.create_connection("default")
    )
    server_b = pagecache.PageCacheMiddleware(
        group_list, cache=caches.create_connection("default")
    )
    request = RequestFactory().get("/groups/")

    assert server_a(request)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):
        from_b = server_b(request)
    assert (from_b["X-Page-Cache"], from_b.content) == ("hit", b"groups: Editors (0)")

    Group.objects.create(name="Critics")

    from_b = server_b(request)
    assert from_b["X-Page-Cache"] == "miss"
    assert b"Critics" in from_b.content
    assert server_a(request)["X-Page-Cache"] == "hit"


class _BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache is down")

        return fail


def test_cache_outage_serves_pages_uncached(page_cache, editors, caplog):
    server = pagecache.PageCacheMiddleware(group_list, cache=_BrokenCache())
    response = server(RequestFactory().get("/groups/"))
    assert response.status_code == 200
    assert response.content == b"groups: Editors (0)"
    assert "The cache is unavailable" in caplog.text
    caplog.clear()
    assert server(RequestFactory().get("/groups/")).status_code == 200
    assert "unavailable" not in caplog.text  # logged once per outage, not per request


@pytest.mark.django_db(transaction=True)
def test_committed_write_bumps_and_rollback_does_not(content_auth):
    start = PageList.objects.create(key="groups").render_version
    with transaction.atomic():
        for name in ("A", "B", "C"):
            Group.objects.create(name=name)
    assert version() == start + 3
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="Never")
        raise RuntimeError
    assert version() == start + 3
    Group.objects.create(name="Autocommit")
    assert version() == start + 4


def test_home_page_is_cached_through_the_real_middleware(
    client, page_cache, django_assert_num_queries
):
    first = client.get("/")
    with django_assert_num_queries(1):
        hit = client.get("/")
    assert (first["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit.content == first.content
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_page_cache_sits_where_it_sees_every_cookie(settings):
    """Outside the middleware that set cookies or know the user, so it sees their
    Set-Cookie and a hit skips them; inside ConditionalGet, so hits can answer 304."""
    order = settings.MIDDLEWARE
    position = order.index("core.pagecache.PageCacheMiddleware")
    assert order[position - 1] == "django.middleware.http.ConditionalGetMiddleware"
    for inner in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "csp.middleware.CSPMiddleware",
    ):
        assert order.index(inner) > position, inner


def test_unknown_content_app_label_fails_loudly(settings):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="'catalgo'"):
        settings.PAGE_CACHE_CONTENT_APPS = ["catalgo"]


def test_production_start_with_a_per_process_cache_warns(page_cache, caplog):
    from django.core.cache.backends.locmem import LocMemCache

    pagecache.PageCacheMiddleware(group_list, cache=LocMemCache("per-process", {}))
    assert "CACHE_URL=redis://" in caplog.text
    caplog.clear()
    pagecache.PageCacheMiddleware(group_list, cache=_BrokenCache())
    assert "CACHE_URL" not in caplog.text
