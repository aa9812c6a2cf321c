"""The volumes table on a book page leaves out an optional column that no volume
has a value for, instead of printing a column of dashes; one value brings it back."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models.books import VolumeColumns
from tests.factories import SourceVolumeFactory, SourceWorkFactory

pytestmark = pytest.mark.django_db

ISBN = "9780306406157"


class _TableRows(HTMLParser):
    """Each row of the volume table as (cell tag, scope, text) triples."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell, self._in_table = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "volume-table" in (dict(attrs).get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in ("th", "td"):
            self._cell = [tag, dict(attrs).get("scope"), ""]

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif self._cell and tag == self._cell[0]:
            self.rows[-1].append((self._cell[0], self._cell[1], self._cell[2].strip()))
            self._cell = None

    def handle_data(self, data):
        if self._cell:
            self._cell[2] += data


def _table(client, work) -> tuple[list[str], list[list[str]]]:
    """The header labels and each body row's cell texts."""
    response = client.get(work.get_absolute_url())
    assert response.status_code == 200
    parser = _TableRows()
    parser.feed(response.content.decode())
    header, *body = parser.rows
    assert all(tag == "th" and scope == "col" for tag, scope, _ in header)
    return [text for _, _, text in header], [[t for _, _, t in row] for row in body]


def test_no_isbn_on_any_volume_leaves_the_isbn_column_out(client):
    work = SourceWorkFactory()
    for number in (1, 2):
        SourceVolumeFactory(work=work, number=number, isbn13="")
    header, rows = _table(client, work)
    assert header == ["No.", "Title", "Published", "Adapted in"]
    assert all(len(row) == len(header) for row in rows)
    assert not any("—" in cell for row in rows for cell in row)


def test_one_isbn_brings_the_column_back_with_dashes_for_the_others(client):
    work = SourceWorkFactory()
    SourceVolumeFactory(work=work, number=1, isbn13=ISBN)
    SourceVolumeFactory(work=work, number=2, isbn13="")
    header, rows = _table(client, work)
    assert header == ["No.", "Title", "Published", "ISBN-13", "Adapted in"]
    isbn = header.index("ISBN-13")
    assert [row[isbn] for row in rows] == [ISBN, "—"]


def test_no_title_on_any_volume_leaves_the_title_column_out(client):
    work = SourceWorkFactory()
    for number in (1, 2):
        SourceVolumeFactory(work=work, number=number, title="")
    header, rows = _table(client, work)
    assert header == ["No.", "Published", "Adapted in"]
    assert [row[0] for row in rows] == ["1", "2"]
    assert all(len(row) == len(header) for row in rows)


def test_one_title_brings_the_title_column_back_for_every_row(client):
    work = SourceWorkFactory()
    SourceVolumeFactory(work=work, number=1, title="")
    SourceVolumeFactory(work=work, number=2, title="The Finale")
    header, rows = _table(client, work)
    title = header.index("Title")
    assert [row[title] for row in rows] == ["Untitled", "The Finale"]


def test_a_column_appears_at_the_next_request_once_a_volume_has_a_value(
    client, page_cache, fragments
):
    work = SourceWorkFactory()
    volume = SourceVolumeFactory(work=work, number=1, isbn13="")
    assert "ISBN-13" not in _table(client, work)[0]  # now cached without it
    volume.isbn13 = ISBN
    volume.save()
    assert "ISBN-13" in _table(client, work)[0]


def test_choosing_columns_costs_no_query(client):
    work = SourceWorkFactory()
    volumes = [SourceVolumeFactory(work=work, number=n) for n in (1, 2)]
    with CaptureQueriesContext(connection) as ctx:
        columns = VolumeColumns.of(volumes)
    assert columns == VolumeColumns(title=True, isbn13=False)
    assert not ctx.captured_queries


def test_the_book_page_costs_the_same_queries_with_or_without_isbns(client):
    def count(work) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(work.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    bare, with_isbn = SourceWorkFactory(), SourceWorkFactory()
    for number in (1, 2):
        SourceVolumeFactory(work=bare, number=number, isbn13="")
        SourceVolumeFactory(work=with_isbn, number=number, isbn13=ISBN)
    assert count(bare) == count(with_isbn)
