"""Logging in lands in the newsroom, whatever ``next=`` says."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/admin/", ""]
)
def test_login_with_an_off_site_or_no_next_lands_on_the_admin(editor, next_url):
    editor.set_password("correct horse")
    editor.save()

    response = Client().post(
        f"/admin/login/?next={next_url}",
        {"username": editor.username, "password": "correct horse", "next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
