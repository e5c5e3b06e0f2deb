"""Git's conflict blocks: found with their lines, resolved as ours, theirs or both."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.conflict_markers import (
    Conflict,
    find_conflicts,
    line_ranges,
    resolve,
    resolve_all,
)

TWO_BLOCKS = """\
title = "Cache outage"
<<<<<<< HEAD
severity = "SEV-1"
=======
severity = "SEV-2"
>>>>>>> feature/triage
timezone = "UTC"
<<<<<<< ours
impact = "All users."
||||||| base
impact = ""
=======
impact = "Half the users."
>>>>>>> theirs
"""


def test_blocks_are_found_with_their_lines_sides_and_labels() -> None:
    first, second = find_conflicts(TWO_BLOCKS)
    assert (first.first_line, first.split_line, first.last_line) == (2, 4, 6)
    assert first.base_line is None
    assert first.ours == 'severity = "SEV-1"\n'
    assert first.theirs == 'severity = "SEV-2"\n'
    assert (first.ours_label, first.theirs_label) == ("HEAD", "feature/triage")
    assert (second.first_line, second.base_line, second.split_line, second.last_line) == (
        8,
        10,
        12,
        14,
    )
    assert second.ours == 'impact = "All users."\n'
    assert second.base == 'impact = ""\n'
    assert second.theirs == 'impact = "Half the users."\n'
    assert line_ranges((first, second)) == "2-6, 8-14"


@pytest.mark.parametrize(
    ("side", "expected"),
    [
        ("ours", 'severity = "SEV-1"\n'),
        ("theirs", 'severity = "SEV-2"\n'),
        ("both", 'severity = "SEV-1"\nseverity = "SEV-2"\n'),
    ],
)
def test_a_block_resolves_to_a_side_and_the_rest_stays(side: str, expected: str) -> None:
    first = find_conflicts(TWO_BLOCKS)[0]
    resolved = resolve(TWO_BLOCKS, first, side)  # type: ignore[arg-type]
    lines = TWO_BLOCKS.splitlines(keepends=True)
    assert resolved == lines[0] + expected + "".join(lines[6:])
    assert [c.first_line for c in find_conflicts(resolved)] == [8 - 5 + expected.count("\n")]


def test_the_base_section_is_dropped_whichever_side_is_kept() -> None:
    second = find_conflicts(TWO_BLOCKS)[1]
    for side in ("ours", "theirs", "both"):
        assert 'impact = ""' not in resolve(TWO_BLOCKS, second, side)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        # A Markdown heading's underline inside a prose string is not a conflict.
        'body = """\nOverview\n=======\nAll good.\n"""\n',
        # A block that never closes, or closes before it splits.
        "<<<<<<< HEAD\na = 1\n=======\na = 2\n",
        "<<<<<<< HEAD\na = 1\n>>>>>>> x\n",
        # Markers that do not start their line, or are longer than git's.
        "  <<<<<<< HEAD\na = 1\n=======\na = 2\n>>>>>>> x\n",
        "<<<<<<<< HEAD\na = 1\n=======\na = 2\n>>>>>>> x\n",
        "<<<<<<<HEAD\na = 1\n=======\na = 2\n>>>>>>> x\n",
        "",
    ],
    ids=["setext-heading", "unclosed", "unsplit", "indented", "eight-marks", "no-space", "empty"],
)
def test_what_is_not_a_whole_block_is_not_a_conflict(text: str) -> None:
    assert find_conflicts(text) == ()


def test_a_block_opened_again_before_it_closes_counts_from_the_inner_one() -> None:
    text = "<<<<<<< a\nx\n<<<<<<< b\ny\n=======\nz\n>>>>>>> c\n"
    (conflict,) = find_conflicts(text)
    assert (conflict.first_line, conflict.ours_label) == (3, "b")


def test_crlf_lines_keep_their_line_ends() -> None:
    text = "a = 1\r\n<<<<<<< HEAD\r\nb = 2\r\n=======\r\nb = 3\r\n>>>>>>> x\r\n"
    (conflict,) = find_conflicts(text)
    assert conflict.theirs_label == "x"
    assert resolve_all(text, "theirs") == "a = 1\r\nb = 3\r\n"


def test_a_block_at_the_end_without_a_line_end_resolves() -> None:
    text = "<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> x"
    assert resolve_all(text, "ours") == "b = 2\n"


def test_resolving_a_block_that_is_no_longer_there_is_refused() -> None:
    first = find_conflicts(TWO_BLOCKS)[0]
    changed = "# a line above\n" + TWO_BLOCKS
    with pytest.raises(ValueError, match="no conflict at lines 2-6"):
        resolve(changed, first, "ours")


# --- properties ------------------------------------------------------------------------------

_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})")
_LINE = st.text(alphabet="ab =<>|#\"'[]\t", max_size=12).filter(lambda s: not _MARKER.match(s))
_LINES = st.lists(_LINE, max_size=4).map(lambda lines: "".join(f"{line}\n" for line in lines))
_LABEL = st.text(alphabet="abcHEAD/-_.0123456789", max_size=10)

# A text in pieces: common lines, and conflicts (ours, base or None, theirs, labels).
_Piece = tuple[str, ...]
_COMMON = st.tuples(st.just("common"), _LINES)
_CONFLICT = st.tuples(
    st.just("conflict"), _LINES, st.one_of(st.none(), _LINES), _LINES, _LABEL, _LABEL
)


def _texts(pieces: list[tuple[object, ...]]) -> tuple[str, str, str, str]:
    """The conflicted text with git's markers, and what ours, theirs and both give."""
    conflicted, ours, theirs, both = [], [], [], []
    for piece in pieces:
        if piece[0] == "common":
            for part in (conflicted, ours, theirs, both):
                part.append(str(piece[1]))
            continue
        _, our, base, their, our_label, their_label = (
            str(p) if p is not None else None for p in piece
        )
        assert our is not None and their is not None
        conflicted.append(f"<<<<<<< {our_label}\n{our}")
        if base is not None:
            conflicted.append(f"||||||| base\n{base}")
        conflicted.append(f"=======\n{their}>>>>>>> {their_label}\n")
        ours.append(our)
        theirs.append(their)
        both.append(our + their)
    return "".join(conflicted), "".join(ours), "".join(theirs), "".join(both)


@given(st.lists(st.one_of(_COMMON, _CONFLICT), max_size=8))
def test_resolving_every_block_gives_the_chosen_side(pieces: list[tuple[object, ...]]) -> None:
    conflicted, ours, theirs, both = _texts(pieces)
    assert len(find_conflicts(conflicted)) == sum(1 for p in pieces if p[0] == "conflict")
    assert resolve_all(conflicted, "ours") == ours
    assert resolve_all(conflicted, "theirs") == theirs
    assert resolve_all(conflicted, "both") == both
    assert find_conflicts(ours) == find_conflicts(theirs) == ()


@given(st.lists(st.one_of(_COMMON, _CONFLICT), max_size=8))
def test_each_block_is_found_at_its_lines(pieces: list[tuple[object, ...]]) -> None:
    conflicted, *_ = _texts(pieces)
    lines = conflicted.split("\n")
    for conflict in find_conflicts(conflicted):
        assert lines[conflict.first_line - 1].startswith("<<<<<<<")
        assert lines[conflict.split_line - 1] == "======="
        assert lines[conflict.last_line - 1].startswith(">>>>>>>")


@given(st.lists(st.one_of(_COMMON, _CONFLICT), max_size=6), st.randoms())
def test_blocks_resolved_one_at_a_time_in_any_order_give_ours(
    pieces: list[tuple[object, ...]], random: object
) -> None:
    conflicted, ours, _theirs, _both = _texts(pieces)
    text = conflicted
    while blocks := find_conflicts(text):
        chosen: Conflict = random.choice(blocks)  # type: ignore[attr-defined]
        text = resolve(text, chosen, "ours")
    assert text == ours
