"""Pagination that never turns a bad ``?page=`` into a 500, nor counts a whole table.

Every public list uses ``paginate()`` (function views) or ``SafePaginationMixin``
(ListView). The rules, one place for all lists:

- missing, empty, non-numeric, zero or negative (``abc``, ``-1``, ``1.5``) → page 1:
  a mangled link still lands the reader on the list;
- ``last`` → the last page, as Django's ListView allows;
- a number past the last page, however long → 404, so crawlers do not index endless
  empty copies of the list and stale links say honestly that the page is gone.

A database list is counted only as far as a few pages past the one asked for
(``WindowPaginator``): page 1 of 100,000 public pieces costs a count of 61 rows read
from an index, not of every row, and the navigation says "Page 1 of 6 or more".
Only ``?page=last`` counts everything, because it has to.
"""

import re
from collections.abc import Sized

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property

PAGE_PARAM = "page"
LAST = "last"
# Pages counted past the requested one: enough for the numbered links around it.
LOOKAHEAD_PAGES = 4
# Nine digits reach page 999,999,999; longer strings are past any real list and are
# never handed to int(), which refuses strings over 4,300 digits with a ValueError.
_PAGE_NUMBER = re.compile(r"[0-9]{1,9}")
_MAX_DIGITS_CHECKED = 9


def requested_page(value: str | None) -> int | str:
    """The page number a raw query-string value asks for (junk is 1), or ``LAST``.

    Raises Http404 for a number too long to be any real page.
    """
    value = (value or "").strip()
    if value == LAST:
        return LAST
    if value.isascii() and value.isdigit() and len(value) > _MAX_DIGITS_CHECKED:
        raise Http404("No such page.")
    if not _PAGE_NUMBER.fullmatch(value):
        return 1
    return max(int(value), 1)


def _existing_page(number: int | str, num_pages: int) -> int:
    """The page to show for a requested number (``LAST`` is the last page); raises
    Http404 past the end."""
    if number == LAST:
        return num_pages
    if number > num_pages:
        raise Http404("No such page.")
    return number


class WindowPaginator(Paginator):
    """A paginator that counts a database list only up to a few pages past ``number``.

    ``count`` is exact when the list ends within the window; otherwise it is the
    window's size plus one row and ``more`` is True: there are at least
    ``num_pages`` pages, and the last of them is known to exist. Sequences that know
    their length (lists, search's ``RankedPieces``) and ``number=None`` are counted
    exactly; a lazy sequence without one (``UpcomingCalendar``) is sliced to the
    window's end instead of counted.
    """

    def __init__(
        self,
        object_list,
        per_page,
        *,
        number=None,
        lookahead: int = LOOKAHEAD_PAGES,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.window = None
        sized = isinstance(object_list, Sized) and not isinstance(object_list, QuerySet)
        if number is not None and not sized:
            # Rows in the counted pages; one row more proves there is more.
            self.window = (number + lookahead) * self.per_page + self.orphans

    @cached_property
    def count(self) -> int:
        if self.window is None:
            return super().count
        if isinstance(self.object_list, QuerySet):
            # How many rows a prefix holds does not depend on their order.
            prefix = self.object_list.order_by().values("pk")[: self.window + 1]
            return prefix.count()
        return len(self.object_list[: self.window + 1])  # a lazy sequence

    @cached_property
    def more(self) -> bool:
        """Whether the list goes on past ``num_pages`` (its end was not counted)."""
        return self.window is not None and self.count > self.window

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        """Django's range; when the end is unknown, no last page numbers after the
        gap, only the gap."""
        pages = list(
            super().get_elided_page_range(
                number, on_each_side=on_each_side, on_ends=on_ends
            )
        )
        if not self.more:
            return pages
        pages = [p for p in pages if p == self.ELLIPSIS or p <= number + on_each_side]
        if pages[-1] != self.ELLIPSIS:
            pages.append(self.ELLIPSIS)
        return pages


def _page(paginator_class, object_list, per_page, value, **kwargs) -> Page:
    number = requested_page(value)
    paginator = paginator_class(
        object_list,
        per_page,
        number=None if number == LAST else number,
        allow_empty_first_page=True,
        **kwargs,
    )
    return paginator.page(_existing_page(number, paginator.num_pages))


def paginate(
    request,
    object_list,
    per_page: int,
    *,
    param: str = PAGE_PARAM,
    lookahead: int = LOOKAHEAD_PAGES,
) -> Page:
    """The requested page of ``object_list``; an empty list still has a page 1.

    ``lookahead``: pages counted past the requested one (fewer where reading an
    entry costs more than counting a row)."""
    return _page(
        WindowPaginator,
        object_list,
        per_page,
        request.GET.get(param),
        lookahead=lookahead,
    )


class SafePaginationMixin:
    """For ListView: the same page rules as ``paginate()`` instead of Django's 404s."""

    paginator_class = WindowPaginator

    def paginate_queryset(self, queryset, page_size):
        page = _page(
            self.paginator_class,
            queryset,
            page_size,
            self.request.GET.get(self.page_kwarg),
            orphans=self.get_paginate_orphans(),
        )
        return page.paginator, page, page.object_list, page.has_other_pages()
