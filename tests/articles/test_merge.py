"""The merge functions: paragraphs, sets and whole snapshots, three ways and two."""

from hypothesis import given
from hypothesis import strategies as st

from articles.merge import (
    MARK_END,
    MARK_MINE,
    MARK_THEIRS,
    has_conflict_markers,
    merge_sets,
    merge_snapshots,
    merge_text,
    merge_text_value,
    merge_value,
    split_paragraphs,
)

BASE = "One.\n\nTwo.\n\nThree."


def test_paragraphs_are_blank_line_separated_blocks():
    text = "One line\nstill one.\r\n\r\nTwo.\n \n\n\nThree."
    assert split_paragraphs(text) == ["One line\nstill one.", "Two.", "Three."]
    assert split_paragraphs("") == [] and split_paragraphs(None) == []


def test_changes_to_different_paragraphs_merge():
    merged = merge_text(
        BASE, "One, theirs.\n\nTwo.\n\nThree.", "One.\n\nTwo.\n\nThree, mine."
    )
    assert merged.text() == "One, theirs.\n\nTwo.\n\nThree, mine."
    assert not merged.conflicts


def test_changes_to_neighbouring_paragraphs_merge():
    merged = merge_text(
        BASE, "One, theirs.\n\nTwo.\n\nThree.", "One.\n\nTwo, mine.\n\nThree."
    )
    assert merged.text() == "One, theirs.\n\nTwo, mine.\n\nThree."
    assert not merged.conflicts


def test_the_same_paragraph_changed_two_ways_is_a_marked_conflict():
    merged = merge_text(
        BASE, "One.\n\nTwo, theirs.\n\nThree.", "One.\n\nTwo, mine.\n\nThree."
    )
    assert len(merged.conflicts) == 1
    conflict = merged.conflicts[0]
    assert (conflict.base, conflict.theirs, conflict.mine) == (
        ["Two."],
        ["Two, theirs."],
        ["Two, mine."],
    )
    assert merged.text() == "\n\n".join(
        [
            "One.",
            MARK_MINE,
            "Two, mine.",
            MARK_THEIRS,
            "Two, theirs.",
            MARK_END,
            "Three.",
        ]
    )
    assert has_conflict_markers(merged.text())


def test_the_same_change_on_both_sides_is_no_conflict():
    same = "One.\n\nTwo, fixed.\n\nThree."
    merged = merge_text(BASE, same, same)
    assert merged.text() == same and not merged.conflicts


def test_a_deletion_merges_with_an_edit_elsewhere():
    merged = merge_text(BASE, "One.\n\nThree.", "One, mine.\n\nTwo.\n\nThree.")
    assert merged.text() == "One, mine.\n\nThree."


def test_deleting_a_paragraph_the_other_side_edited_is_a_conflict():
    merged = merge_text(BASE, "One.\n\nThree.", "One.\n\nTwo, mine.\n\nThree.")
    assert len(merged.conflicts) == 1
    assert merged.conflicts[0].theirs == [] and merged.conflicts[0].mine == [
        "Two, mine."
    ]


def test_insertions_at_different_places_merge():
    merged = merge_text(BASE, "Zero.\n\n" + BASE, BASE + "\n\nFour.")
    assert merged.text() == "Zero.\n\nOne.\n\nTwo.\n\nThree.\n\nFour."


def test_two_insertions_at_the_same_place_are_a_conflict():
    merged = merge_text(BASE, BASE + "\n\nFour, theirs.", BASE + "\n\nFour, mine.")
    assert len(merged.conflicts) == 1


def test_without_a_base_every_difference_is_a_conflict():
    merged = merge_text(None, "One.\n\nTwo, theirs.", "One.\n\nTwo, mine.")
    assert merged.text().startswith("One.\n\n" + MARK_MINE)
    assert len(merged.conflicts) == 1


def test_marker_lines_are_found_only_as_whole_lines():
    assert not has_conflict_markers("A quote: <<<<<<< yours, in a sentence.")
    assert has_conflict_markers(f"Text\r\n{MARK_THEIRS}\r\nmore")


def test_sets_merge_what_each_side_added_and_removed():
    assert merge_sets([1, 2, 3], [1, 2, 3, 4], [2, 3, 5]) == [2, 3, 4, 5]
    assert merge_sets([1], [], [1, 2]) == [2]


def test_sets_without_a_base_keep_everything_either_side_holds():
    assert merge_sets(None, [1, 2], [2, 3]) == [1, 2, 3]


def test_a_value_changed_by_one_side_takes_that_side():
    assert merge_value("title", "A", "B", "A").result == "B"
    assert merge_value("title", "A", "A", "C").result == "C"
    both = merge_value("title", "A", "B", "C")
    assert both.conflict and both.result == "C"  # mine until the editor chooses


def test_without_a_base_any_difference_is_a_conflict():
    assert merge_value("title", None, "B", "A", has_base=False).conflict
    assert not merge_value("title", None, "A", "A", has_base=False).conflict


def test_a_body_changed_in_different_paragraphs_is_merged_not_conflicting():
    merged = merge_text_value(
        "body", BASE, "One!\n\nTwo.\n\nThree.", "One.\n\nTwo.\n\nThree!"
    )
    assert merged.status == "merged" and merged.result == "One!\n\nTwo.\n\nThree!"


def test_snapshots_merge_field_by_field():
    base = {"title": "T", "body": BASE, "tags": [1, 2], "kind": "news"}
    theirs = {"title": "T2", "body": BASE, "tags": [1, 2, 3], "kind": "news"}
    mine = {
        "title": "T",
        "body": "One.\n\nTwo.\n\nThree, mine.",
        "tags": [2],
        "kind": "review",
    }
    merge = merge_snapshots(
        base,
        theirs,
        mine,
        fields=["title", "body", "tags", "kind"],
        set_fields=("tags",),
        text_fields=("body",),
    )
    assert merge.values == {
        "title": "T2",
        "body": "One.\n\nTwo.\n\nThree, mine.",
        "tags": [2, 3],
        "kind": "review",
    }
    assert not merge.conflicts
    assert {f.name: f.status for f in merge.changed} == {
        "title": "theirs",
        "body": "mine",
        "tags": "merged",
        "kind": "mine",
    }


def test_snapshots_without_a_base_mark_every_differing_field_a_conflict():
    merge = merge_snapshots(
        None,
        {"title": "T2", "kind": "news"},
        {"title": "T", "kind": "news"},
        fields=["title", "kind"],
    )
    assert [f.name for f in merge.conflicts] == ["title"]
    assert not merge.has_base


# --- properties -------------------------------------------------------------------

paragraph = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\x00"),
    min_size=1,
    max_size=12,
).filter(lambda p: p.strip() and p == p.rstrip())
bodies = st.lists(paragraph, max_size=6).map("\n\n".join)


@given(base=bodies, other=bodies)
def test_merging_with_an_unchanged_side_returns_the_other_side(base, other):
    assert merge_text_value("body", base, base, other).result == other
    assert merge_text_value("body", base, other, base).result == other
    assert not merge_text(base, base, other).conflicts
    assert merge_text(base, base, other).text() == "\n\n".join(split_paragraphs(other))
    assert merge_text(base, other, base).text() == "\n\n".join(split_paragraphs(other))


words = st.sampled_from(["Alpha.", "Beta.", "Gamma.", "Delta.", "Epsilon."])


@given(
    base=st.lists(words, max_size=6),
    theirs=st.lists(words, max_size=6),
    mine=st.lists(words, max_size=6),
)
def test_no_paragraph_either_side_wrote_is_lost(base, theirs, mine):
    """Whatever the edits, every paragraph a side added is in the merge (merged
    or inside a conflict), and a clean merge agrees with each side's changes."""
    merged = merge_text("\n\n".join(base), "\n\n".join(theirs), "\n\n".join(mine))
    kept = split_paragraphs(merged.text())
    for block in set(theirs + mine) - set(base):
        assert block in kept
    for block in merged.blocks:
        if block.result is not None:
            assert block.result in (block.theirs, block.mine)


@given(
    base=st.lists(st.integers(0, 9), unique=True),
    theirs=st.lists(st.integers(0, 9), unique=True),
)
def test_a_set_merged_with_an_unchanged_side_is_the_other_side(base, theirs):
    assert set(merge_sets(base, theirs, base)) == set(theirs)
    assert set(merge_sets(base, base, theirs)) == set(theirs)
