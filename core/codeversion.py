"""A digest of the code that renders pages, part of the key of every stored page and
fragment.

Stored HTML is keyed by the versions of the rows it shows (``core/pageversions.py``),
so a change of rows renders afresh; a release that changes a template, a template tag,
a view or a static file changes the HTML for the same rows. With this digest in the
keys, the processes of a new release read and write their own entries from their
first request, with no step at deploy, while the processes of the old one keep
theirs during a rolling restart; the old entries expire unread.

The digest is of the files' contents and relative paths, so every machine with the
same code computes the same one and they share their entries.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings

# Every file of those directories may change a page (a picture's hashed static name,
# a template, a template tag) except these, which change no HTML.
SKIPPED_DIRS = frozenset({"__pycache__", "migrations"})
PINNED_PACKAGES = ("pyproject.toml", "uv.lock")


@functools.cache
def code_version() -> str:
    """16 hex digits, computed once per process (about 1.5 MB read, a tenth of a
    second): in gunicorn's master before it forks (``showsite/preload.py``), else
    when the first page is looked up."""
    return digest_of(render_roots(), Path(settings.BASE_DIR))


def forget(**kwargs) -> None:
    """Compute again at the next call: the development server edits templates in
    place (connected to ``file_changed`` in development only)."""
    code_version.cache_clear()


def render_roots() -> list[Path]:
    """The project's own apps, template and static directories, and the files that
    pin the packages (Django's admin templates change with Django's version)."""
    base = Path(settings.BASE_DIR).resolve()
    roots = [Path(app.path) for app in apps.get_app_configs()]
    for engine in settings.TEMPLATES:
        roots += [Path(d) for d in engine.get("DIRS", ())]
    roots += [Path(d) for d in getattr(settings, "STATICFILES_DIRS", ())]
    installed = Path(sys.prefix).resolve()  # the virtualenv may sit in the project
    roots += [base / name for name in PINNED_PACKAGES if (base / name).is_file()]
    resolved = {root.resolve() for root in roots}
    return sorted(
        root
        for root in resolved
        if root.is_relative_to(base) and not root.is_relative_to(installed)
    )


def digest_of(roots: Iterable[Path], base: Path) -> str:
    digest = hashlib.blake2b(digest_size=8)
    base = base.resolve()
    for path in sorted(set(_files(roots))):
        digest.update(str(path.relative_to(base)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _files(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        if root.is_file():
            yield root
            continue
        for path in root.rglob("*"):
            skipped = SKIPPED_DIRS.intersection(path.relative_to(root).parts)
            if path.is_file() and not skipped:
                yield path.resolve()
