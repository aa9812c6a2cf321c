"""URLs for every row of a list from one ``reverse()``."""

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
