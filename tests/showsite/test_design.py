"""Guards for the design system and the CSP: local assets only, nothing inline."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "static" / "css" / "site.css").read_text()
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def test_stylesheet_loads_nothing_from_another_origin():
    assert "@import" not in CSS
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", CSS)
    assert "@font-face" not in CSS  # system fonts only


def test_stylesheet_has_a_dark_scheme_and_visible_focus():
    assert "@media (prefers-color-scheme: dark)" in CSS
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*3px solid", CSS)


def test_every_documented_component_class_exists():
    readme = (ROOT / "templates" / "includes" / "README.md").read_text()
    section = readme.split("## CSS components", 1)[1]
    documented = set(re.findall(r"(?<![\w/])\.([a-z][a-z0-9_-]*)", section))
    documented |= set(re.findall(r'class="([a-z][a-z0-9_-]*)', section))
    assert len(documented) > 40
    missing = sorted(name for name in documented if f".{name}" not in CSS)
    assert not missing, f"documented but not in site.css: {missing}"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_or_style(path):
    """The CSP blocks inline code; a template that has it breaks in browsers."""
    html = path.read_text()
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or "application/ld+json" in tag, tag
