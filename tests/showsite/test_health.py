import json

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_responds(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unreachable"
    assert json.loads(response.content)["cache"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_the_cache_apart_and_stays_200_without_it(client, settings):
    from tests.faults_helpers import BROKEN_CACHES

    settings.CACHES = BROKEN_CACHES
    response = client.get("/healthz")
    assert response.status_code == 200  # pages are still served, uncached
    assert json.loads(response.content) == {
        "status": "degraded",
        "database": "ok",
        "cache": "unreachable",
    }
