"""URLs for every row of a list from one ``reverse()``."""

import re
from collections.abc import Callable

from django.urls import reverse

# Stands for the row's id while reversing; digits, so any int converter takes it.
_MARK = "7301946285"


def url_for_each(viewname: str, kwarg: str) -> Callable[[int], str]:
    """``reverse(viewname, kwargs={kwarg: pk})`` for any integer ``pk``, reversing
    once: a list of dozens of rows paid a full ``reverse()`` per row."""
    url = reverse(viewname, kwargs={kwarg: _MARK})
    if url.count(_MARK) != 1:  # the mark also sits in the prefix: reverse each time
        return lambda pk: reverse(viewname, kwargs={kwarg: pk})
    head, tail = url.split(_MARK)
    return lambda pk: f"{head}{int(pk)}{tail}"


# What a slug converter takes and ``reverse()`` writes unquoted.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def url_for_each_slug(viewname: str, kwarg: str) -> Callable[[str], str]:
    """``reverse(viewname, kwargs={kwarg: slug})`` for any slug, reversing once; a
    slug with other characters (quoted by ``reverse()``) is reversed on its own."""
    url = reverse(viewname, kwargs={kwarg: _MARK})
    if url.count(_MARK) != 1:
        return lambda slug: reverse(viewname, kwargs={kwarg: slug})
    head, tail = url.split(_MARK)

    def url_for(slug: str) -> str:
        if _PLAIN_SLUG.fullmatch(slug):
            return f"{head}{slug}{tail}"
        return reverse(viewname, kwargs={kwarg: slug})

    return url_for
