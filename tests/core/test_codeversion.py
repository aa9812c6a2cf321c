"""The code's digest in the keys of stored pages: the same code gives the same keys on
every machine, a release that changes what renders pages gets keys of its own."""

import shutil

import pytest
from django.conf import settings
from django.utils.autoreload import file_changed

from core import codeversion
from tests.pages_helpers import build_world
from tests.shell_helpers import get


def _project(root):
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "page.html").write_text("<p>{{ title }}</p>")
    (root / "app" / "migrations").mkdir(parents=True)
    (root / "app" / "views.py").write_text("def view(request): ...\n")
    return [root / "templates", root / "app"]


def test_the_same_code_in_another_place_has_the_same_version(tmp_path):
    here = _project(tmp_path / "here")
    shutil.copytree(tmp_path / "here", tmp_path / "there")
    there = [tmp_path / "there" / "templates", tmp_path / "there" / "app"]
    assert codeversion.digest_of(here, tmp_path / "here") == codeversion.digest_of(
        there, tmp_path / "there"
    )


def test_an_edited_template_or_module_changes_the_version(tmp_path):
    roots = _project(tmp_path)
    before = codeversion.digest_of(roots, tmp_path)
    (tmp_path / "templates" / "page.html").write_text("<p>{{ title|upper }}</p>")
    after_template = codeversion.digest_of(roots, tmp_path)
    (tmp_path / "app" / "views.py").write_text("def view(request): return None\n")
    after_module = codeversion.digest_of(roots, tmp_path)
    assert len({before, after_template, after_module}) == 3


def test_bytecode_and_migrations_leave_the_version_alone(tmp_path):
    roots = _project(tmp_path)
    before = codeversion.digest_of(roots, tmp_path)
    (tmp_path / "app" / "__pycache__").mkdir()
    (tmp_path / "app" / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "app" / "migrations" / "0002_more.py").write_text("# a migration\n")
    assert codeversion.digest_of(roots, tmp_path) == before


def test_the_digest_covers_our_code_and_the_pinned_packages_not_the_virtualenv():
    base = settings.BASE_DIR.resolve()
    roots = set(codeversion.render_roots())
    ours = ("templates", "static", "core", "articles", "pyproject.toml", "uv.lock")
    assert {base / name for name in ours} <= roots
    assert all(root.is_relative_to(base) for root in roots)
    assert not any("site-packages" in root.parts for root in roots)


def test_the_development_servers_reload_of_a_template_gives_a_new_version(
    tmp_path, monkeypatch
):
    roots = _project(tmp_path)
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    monkeypatch.setattr(codeversion, "render_roots", lambda: roots)
    codeversion.forget()
    try:
        first = codeversion.code_version()
        (tmp_path / "templates" / "page.html").write_text("<h1>{{ title }}</h1>")
        assert codeversion.code_version() == first  # once per process
        file_changed.send(sender=None, file_path=tmp_path / "templates" / "page.html")
        assert codeversion.code_version() != first
    finally:
        codeversion.forget()


@pytest.mark.django_db
def test_a_new_release_renders_afresh_and_the_old_one_keeps_its_pages(
    client, page_cache, fragments, stored, monkeypatch
):
    build_world(1)
    old = codeversion.code_version()
    first = get(client, "/")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    renders = stored.renders

    monkeypatch.setattr(codeversion, "code_version", lambda: "0123456789abcdef")
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert stored.renders > renders  # the page and its parts rendered again
    assert response.content.decode() == first

    # A process of the old release, during a rolling restart, still finds its own.
    monkeypatch.setattr(codeversion, "code_version", lambda: old)
    assert client.get("/")["X-Page-Cache"] == "hit"
