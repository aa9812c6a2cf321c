"""Persistent database connections survive a database restart: the next request
reconnects (``CONN_HEALTH_CHECKS``) instead of answering 500.

Requests go through Django's real WSGI handler, because the test client switches off
the per-request connection housekeeping (``close_old_connections``) this is about.
"""

import pytest
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import RequestFactory

from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a restarted server is a PostgreSQL event; SQLite has no server and "
        "its connections are always usable (CI runs this file on PostgreSQL)",
    ),
]


def test_production_settings_keep_connections_and_check_their_health():
    assert django_settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _get(path: str) -> int:
    statuses = []
    response = WSGIHandler()(
        RequestFactory().get(path).environ,
        lambda status, headers, exc_info=None: statuses.append(status),
    )
    b"".join(response)
    response.close()  # request_finished, as a WSGI server sends it
    return int(statuses[0].split()[0])


def _kill_backend() -> None:
    """What a PostgreSQL restart does to our connection: the server ends it."""
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@pytest.fixture
def persistent(monkeypatch):
    """Connections kept between requests, as in production (``CONN_MAX_AGE``)."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    connection.close()
    connection.ensure_connection()
    yield
    connection.close()


@pytest.mark.parametrize("path", ["/", "/healthz"])
def test_a_connection_killed_between_requests_is_replaced_without_a_500(
    persistent, path
):
    ArticleFactory()
    assert _get(path) == 200
    before = connection.connection
    _kill_backend()
    assert _get(path) == 200
    assert connection.connection is not before  # a new connection, not luck


def test_without_health_checks_the_same_request_would_fail(persistent, monkeypatch):
    """The control: proves the test above breaks the connection for real."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    connection.close()  # the setting is read when connecting
    ArticleFactory()
    assert _get("/") == 200
    _kill_backend()
    assert _get("/") == 503  # the database-outage page: the connection really broke
