"""A database outage answers 503 with Retry-After and a plain page, logged once."""

import logging

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does when PostgreSQL is stopped; call it to end."""
    original = CursorWrapper.execute

    def refused(self, sql, params=None):
        raise OperationalError('connection to server at "127.0.0.1" failed')

    monkeypatch.setattr(CursorWrapper, "execute", refused)
    return lambda: monkeypatch.setattr(CursorWrapper, "execute", original)


def _outage_records(caplog):
    return [r for r in caplog.records if r.name == "core.outage"]


def test_a_page_answers_503_with_retry_after_and_a_plain_page(database_down, caplog):
    caplog.set_level(logging.INFO)
    response = Client().get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "cannot reach its database" in response.content.decode()
    # Neither the 503 page nor django.request logs a 500 with a traceback.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR][1:]


def test_a_post_is_told_its_text_is_still_in_the_form(database_down):
    response = Client().post("/comments/article/1/write/", {"body": "kept"})
    assert response.status_code == 503
    assert "your text is still in the form" in response.content.decode()


def test_the_outage_is_logged_once_and_its_end_once(database_down, caplog, settings):
    settings.DATABASE_OUTAGE_RETRY_AFTER = 5
    reader = Client()
    statuses = [reader.get("/").status_code for _ in range(3)]
    database_down()  # back
    after = reader.get("/")

    assert statuses == [503, 503, 503]
    assert after.status_code == 200
    messages = [r.getMessage() for r in _outage_records(caplog)]
    assert len(messages) == 2
    assert "database is unavailable" in messages[0]
    assert "back after" in messages[1] and "3 request(s)" in messages[1]


def test_an_outage_met_in_a_middleware_is_a_503_too(editor, settings, monkeypatch):
    settings.NEWSROOM_DUE_CHECK_ON_REQUESTS = True
    staff = Client(raise_request_exception=False)
    staff.force_login(editor)

    def closed(self, sql, params=None):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(CursorWrapper, "execute", closed)
    response = staff.get("/admin/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_other_errors_still_answer_500(monkeypatch):
    from showsite import views

    def broken(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.site_search, "search", broken)
    response = Client(raise_request_exception=False).get("/search/?q=x")
    assert response.status_code == 500
