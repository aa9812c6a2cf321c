"""Custom 400, 403, 404 and 500 pages; the 500 page needs no database or request."""

import pytest
from django.db import OperationalError, connection
from django.template import loader
from django.test import RequestFactory

from core.errors import server_error

pytestmark = pytest.mark.urls("tests.browser.urls")


def exploding_context_processor(request):
    raise OperationalError("context processors must not run on the 500 page")


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)


@pytest.mark.django_db
def test_unknown_url_gets_the_custom_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html
    assert "/static/css/site.css" in html


@pytest.mark.django_db
def test_permission_denied_gets_the_custom_403_page(client):
    response = client.get("/__test__/403/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


@pytest.mark.django_db
def test_suspicious_request_gets_the_custom_400_page(client):
    response = client.get("/__test__/400/")
    assert response.status_code == 400
    assert "That request could not be understood" in response.content.decode()


def test_disallowed_host_gets_the_400_page_without_reading_the_host(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "That request could not be understood" in html
    assert "attacker.example" not in html
    assert "Showsite" in html


def test_unhandled_error_gets_the_custom_500_page(client):
    client.raise_request_exception = False
    response = client.get("/__test__/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html
    assert "<title>Server error | Showsite</title>" in html


def test_500_page_renders_with_the_database_down(database_down, settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    "tests.showsite.test_errors.exploding_context_processor",
                ]
            },
        }
    ]
    with pytest.raises(OperationalError):
        connection.cursor()  # the database really is unusable here
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_500_page_through_the_client_with_the_database_down(client, database_down):
    client.raise_request_exception = False
    response = client.get("/__test__/500/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_broken_500_template_falls_back_to_plain_html(monkeypatch, caplog):
    def broken(name, *args, **kwargs):
        raise ValueError("missing static manifest")

    monkeypatch.setattr(loader, "get_template", broken)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Server error" in response.content
    assert "500 page failed to render" in caplog.text


@pytest.mark.django_db
def test_form_posted_without_csrf_token_gets_a_friendly_403():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "That form has expired" in html
    assert "/static/css/site.css" in html
