"""Pagination never answers a bad ?page= with a 500."""

import pytest
from django.http import Http404
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.views.generic import ListView
from hypothesis import given
from hypothesis import strategies as st

from core.pagination import (
    LOOKAHEAD_PAGES,
    SafePaginationMixin,
    paginate,
)

ITEMS = list(range(1, 96))  # 10 pages of 10, the last with 5


def _page(query):
    return paginate(RequestFactory().get("/", query), ITEMS, 10)


@pytest.mark.parametrize(
    "value", ["", "abc", "-1", "0", "1.5", "1e3", " ", "٣", "%00", "<script>"]
)
def test_unreadable_page_numbers_show_the_first_page(value):
    page = _page({"page": value})
    assert page.number == 1
    assert list(page.object_list) == list(range(1, 11))


def test_missing_page_parameter_shows_the_first_page():
    assert _page({}).number == 1


def test_valid_page_numbers_show_that_page():
    page = _page({"page": "10"})
    assert page.number == 10
    assert list(page.object_list) == list(range(91, 96))


def test_last_shows_the_last_page():
    assert _page({"page": "last"}).number == 10


@pytest.mark.parametrize("value", ["11", "999999", "9" * 10, "9" * 5000])
def test_page_past_the_end_is_404(value):
    with pytest.raises(Http404):
        _page({"page": value})


def test_empty_list_still_has_a_first_page():
    page = paginate(RequestFactory().get("/", {"page": "abc"}), [], 10)
    assert page.number == 1
    assert list(page.object_list) == []


@given(st.text(max_size=40))
def test_any_value_gives_a_page_or_404_and_nothing_else(value):
    try:
        page = paginate(RequestFactory().get("/", {"page": value}), ITEMS, 10)
    except Http404:
        return
    assert 1 <= page.number <= page.paginator.num_pages


class _NumberList(SafePaginationMixin, ListView):
    paginate_by = 10
    template_name = "unused.html"

    def get_queryset(self):
        return ITEMS


@pytest.mark.parametrize(("value", "number"), [("abc", 1), ("-5", 1), ("3", 3)])
def test_list_view_mixin_uses_the_same_rules(value, number):
    request = RequestFactory().get("/", {"page": value})
    view = _NumberList()
    view.setup(request)
    view.object_list = view.get_queryset()
    assert view.get_context_data()["page_obj"].number == number


def test_list_view_mixin_404s_past_the_end():
    view = _NumberList()
    view.setup(RequestFactory().get("/", {"page": "12"}))
    view.object_list = view.get_queryset()
    with pytest.raises(Http404):
        view.get_context_data()


def _render_nav(query):
    request = RequestFactory().get("/shows/", query)
    page_obj = paginate(request, ITEMS, 10)
    return Template('{% include "includes/pagination.html" %}').render(
        RequestContext(request, {"page_obj": page_obj})
    )


def test_pagination_nav_marks_current_page_and_links_prev_next():
    html = _render_nav({"page": "5", "kind": "news"})
    assert '<nav class="pagination" aria-label="Pages">' in html
    assert 'href="/shows/?kind=news&amp;page=4" rel="prev"' in html
    assert 'href="/shows/?kind=news&amp;page=6" rel="next"' in html
    assert (
        '<span aria-current="page"><span class="visually-hidden">Page </span>5' in html
    )
    assert "Page 5 of 10" in html


def test_links_to_page_one_drop_the_page_parameter():
    html = _render_nav({"page": "2", "kind": "news"})
    assert 'href="/shows/?kind=news" rel="prev"' in html
    assert (
        '<a href="/shows/?kind=news"><span class="visually-hidden">Page </span>1'
        in html
    )
    assert 'href="/shows/" rel="prev"' in _render_nav({"page": "2"})


def test_pagination_nav_has_no_prev_on_first_or_next_on_last_page():
    first, last = _render_nav({}), _render_nav({"page": "last"})
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_single_page_renders_no_navigation():
    request = RequestFactory().get("/")
    page_obj = paginate(request, ITEMS[:5], 10)
    html = Template('{% include "includes/pagination.html" %}').render(
        RequestContext(request, {"page_obj": page_obj})
    )
    assert html.strip() == ""


# A database list: WindowPaginator counts it only a few pages past the one asked for.
def _tags(n):
    from articles.models import Tag

    Tag.objects.bulk_create(
        Tag(name=f"Tag {i:03}", slug=f"tag-{i:03}") for i in range(1, n + 1)
    )
    return Tag.objects.order_by("name")


def _db_page(query, n=100):
    return paginate(RequestFactory().get("/", query), _tags(n), 10)


@pytest.mark.django_db
def test_first_page_of_a_long_list_counts_only_a_window_of_it():
    page = _db_page({})
    window = (1 + LOOKAHEAD_PAGES) * 10
    assert page.paginator.count == window + 1  # one more row proves there is more
    assert page.paginator.more
    assert page.paginator.num_pages == LOOKAHEAD_PAGES + 2
    assert [t.name for t in page.object_list] == [f"Tag {i:03}" for i in range(1, 11)]


@pytest.mark.django_db
def test_window_count_is_one_query_with_a_limit(django_assert_num_queries):
    tags = _tags(100)
    request = RequestFactory().get("/")
    with django_assert_num_queries(1) as captured:
        assert paginate(request, tags, 10).paginator.count == 51
    assert "LIMIT 51" in captured.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_list_ending_inside_the_window_is_counted_exactly():
    page = _db_page({"page": "8"})
    assert page.paginator.count == 100 and not page.paginator.more
    assert page.paginator.num_pages == 10
    assert page.has_next()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["11", "40", "999999999"])
def test_database_list_page_past_the_end_is_404(value):
    with pytest.raises(Http404):
        _db_page({"page": value})


@pytest.mark.django_db
def test_database_list_last_page_and_exact_end():
    tags = _tags(100)
    last = paginate(RequestFactory().get("/", {"page": "last"}), tags, 10)
    assert last.number == 10 and not last.has_next()
    assert [t.name for t in last.object_list][-1] == "Tag 100"
    tenth = paginate(RequestFactory().get("/", {"page": "10"}), tags, 10)
    assert tenth.number == 10 and not tenth.paginator.more


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "abc", "0", "-3"])
def test_database_list_junk_page_is_page_one(value):
    assert _db_page({"page": value}).number == 1


@pytest.mark.django_db
def test_database_list_page_deep_in_a_longer_list_has_next():
    page = _db_page({"page": "30"}, n=1000)
    assert page.number == 30 and page.has_next() and page.has_previous()
    assert page.paginator.count == (30 + LOOKAHEAD_PAGES) * 10 + 1


@pytest.mark.django_db
def test_nav_of_an_uncounted_list_says_or_more_and_links_no_last_page():
    request = RequestFactory().get("/shows/")
    page_obj = paginate(request, _tags(100), 10)
    html = Template('{% include "includes/pagination.html" %}').render(
        RequestContext(request, {"page_obj": page_obj})
    )
    assert "Page 1 of 6 or more" in html
    assert 'href="/shows/?page=2"' in html
    assert "page=6" not in html  # not known to be the last page
    assert '<span class="pagination__gap">…</span>' in html
