import re

import pytest


@pytest.mark.django_db
def test_pages_send_strict_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in script_src
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_base_template_has_skip_link_landmarks_and_local_stylesheet(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert "/static/css/site.css" in html
    head = html.split("<body")[0]
    # No CDN in the head (JSON-LD names https://schema.org, which loads nothing).
    assert not re.search(r'(?:src|href)="https://', head)
