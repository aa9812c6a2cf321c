"""Rows built once for a group of tests (a module or a class), inside a transaction
rolled back when the group ends.

Building a newsroom costs seconds of factory saves; tests that only read it (query
budgets at two sizes, warm shells) build it once per size instead of once per test.
Each test still runs in its own savepoint inside the group's transaction, so what a
test writes is undone before the next one, and the per-test cache clearing drops
whatever the build cached.
"""

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings

T = TypeVar("T")


@contextmanager
def kept_for_module(
    django_db_blocker, media_root: Path, build: Callable[[], T], **settings
) -> Iterator[T]:
    """What ``build`` returns, its rows in an open transaction and its files under
    ``media_root``, until the ``with`` block (a fixture's life) ends; then every row
    is rolled back. ``settings`` are in force while building only."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=media_root, **settings),
        ):
            value = build()
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            # Rows the build created (a content type) are gone; so must their ids be.
            ContentType.objects.clear_cache()


def copy_media(kept_root: Path, media_root: Path) -> None:
    """The build's files into a test's own media folder (renditions are made there on
    a page's first view)."""
    if kept_root.exists():
        shutil.copytree(kept_root, media_root, dirs_exist_ok=True)
