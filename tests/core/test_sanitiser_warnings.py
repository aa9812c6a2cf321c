"""The desk warns about what the sanitiser will drop, at the right line."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.markdown import DroppedContent, dropped_by_sanitiser

SAFE_LINES = [
    "# A heading",
    "Plain text with *emphasis*, **strong** and `<code>`.",
    "- a list item",
    "1. a numbered item",
    "> a quote",
    "[a link](https://example.com/page) and [a relative one](/shows/x/)",
    "![our image](/media/images/a.webp)",
    "<https://example.com/autolink> and <mail@example.com>",
    "A fact {{season:heartstopper/2.premiere}} inline.",
    "[[factbox season=heartstopper/2]]",
    "<strong>allowed</strong> <abbr title='x'>HTML</abbr> <a href='https://x.y'>ok</a>",
    "\\<iframe> is escaped, so it is text",
    "",
]

DROPPED = [
    ("<iframe src='https://www.youtube.com/embed/x'></iframe>", "<iframe>"),
    ("<script>alert(1)</script>", "<script>"),
    ("<img src='/media/a.webp' onerror='alert(1)'>", "event handler attribute onerror"),
    ("<p style='color: red'>red</p>", "attribute style="),
    ("![a still](https://example.com/still.jpg)", "image from another site"),
    ("[click](javascript:alert(1))", "javascript: address"),
    ("<a href='data:text/html,x'>x</a>", "data: address"),
    ("<!-- a note to self -->", "HTML comment"),
    ("<div>a box</div>", "<div>"),
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SAFE_LINES), max_size=25))
def test_plain_safe_markdown_has_no_warnings(lines):
    assert dropped_by_sanitiser("\n".join(lines)) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(SAFE_LINES), max_size=20),
    st.integers(min_value=0, max_value=20),
    st.sampled_from(DROPPED),
)
def test_each_dropped_kind_is_found_at_its_line(lines, at, dropped):
    source, what = dropped
    at = min(at, len(lines))
    lines = [*lines[:at], source, *lines[at:]]
    found = dropped_by_sanitiser("\n".join(lines))
    assert [item.line for item in found] == [at + 1]
    assert what in found[0].what


@pytest.mark.parametrize(
    "text",
    [
        "```\n<iframe src='x'></iframe>\n```",
        "~~~html\n<script>alert(1)</script>\n~~~",
        "Write `<script>` in code.",
    ],
)
def test_html_shown_as_code_is_not_reported(text):
    assert dropped_by_sanitiser(text) == []


def test_findings_are_in_line_order_with_a_readable_message():
    text = "ok\n<iframe></iframe>\n\n<a href='#' onclick='x'>y</a>\n"
    found = dropped_by_sanitiser(text)
    assert [item.line for item in found] == [2, 4]
    assert str(found[0]) == "Line 2: <iframe> is removed (not allowed in a body)"
    assert found[1] == DroppedContent(
        4, "the event handler attribute onclick= on <a> is removed"
    )


def test_a_tag_over_several_lines_is_reported_at_its_first_line():
    found = dropped_by_sanitiser("one\n<iframe\n  src='x'>\n</iframe>")
    assert [item.line for item in found] == [2]
