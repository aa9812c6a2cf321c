"""Pagination that never turns a bad ``?page=`` into a 500.

Every public list uses ``paginate()`` (function views) or ``SafePaginationMixin``
(ListView). The rules, one place for all lists:

- missing, empty, non-numeric, zero or negative (``abc``, ``-1``, ``1.5``) → page 1:
  a mangled link still lands the reader on the list;
- ``last`` → the last page, as Django's ListView allows;
- a number past the last page, however long → 404, so crawlers do not index endless
  empty copies of the list and stale links say honestly that the page is gone.
"""

import re

from django.core.paginator import Page, Paginator
from django.http import Http404

PAGE_PARAM = "page"
# Nine digits reach page 999,999,999; longer strings are past any real list and are
# never handed to int(), which refuses strings over 4,300 digits with a ValueError.
_PAGE_NUMBER = re.compile(r"[0-9]{1,9}")
_MAX_DIGITS_CHECKED = 9


def page_number_from(value: str | None, num_pages: int) -> int:
    """The page to show for a raw query-string value; raises Http404 past the end."""
    value = (value or "").strip()
    if value == "last":
        return num_pages
    if value.isascii() and value.isdigit() and len(value) > _MAX_DIGITS_CHECKED:
        raise Http404("No such page.")
    if not _PAGE_NUMBER.fullmatch(value):
        return 1
    number = int(value)
    if number < 1:
        return 1
    if number > num_pages:
        raise Http404("No such page.")
    return number


def paginate(request, object_list, per_page: int, *, param: str = PAGE_PARAM) -> Page:
    """The requested page of ``object_list``; an empty list still has a page 1."""
    paginator = Paginator(object_list, per_page, allow_empty_first_page=True)
    number = page_number_from(request.GET.get(param), paginator.num_pages)
    return paginator.page(number)


class SafePaginationMixin:
    """For ListView: the same page rules as ``paginate()`` instead of Django's 404s."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=True,
        )
        number = page_number_from(
            self.request.GET.get(self.page_kwarg), paginator.num_pages
        )
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()
