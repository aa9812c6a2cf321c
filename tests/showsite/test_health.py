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


@pytest.mark.django_db
def test_healthz_answers_a_load_balancer_polling_by_address_over_plain_http(
    client, settings
):
    settings.ALLOWED_HOSTS = ["news.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"
    # Every other path still checks the host, then redirects to HTTPS.
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert client.get("/", HTTP_HOST="news.example.com").status_code == 301


@pytest.mark.django_db
def test_healthz_refuses_a_post(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
