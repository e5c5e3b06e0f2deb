"""Errors of a file that is not an incident: every problem, on its line, counted from 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.errors import InvalidIncident, Problem, StoreError
from postmortem_editor.problems import place_of, value_positions
from postmortem_editor.reading import parse_text, read_incident
from postmortem_editor.store import IncidentFile

FILE = Path("incident.toml")

MANY = """\
schema_version = 1
title = "Cache outage"
timezone = "UTC"

[summary]
start = "yesterday"
users_affected_percent = 30

[[timeline]]
at = 2024-02-14T10:00:00Z
text = "alerts fired"

[[timeline]]
kind = "party"
text = "cake"

[measures]
improvements = [
    "Check the cache's size.",
    42,
]

[[measures.tasks]]
text = "Resize the cache"
due = "next week"

[[sections]]
title = "Overview"
after = "nowhere"
"""


def _error(text: str) -> InvalidIncident:
    with pytest.raises(InvalidIncident) as caught:
        parse_text(text, FILE)
    assert caught.value.path == FILE
    assert caught.value.text == text
    return caught.value


def test_every_value_problem_is_listed_with_its_line_and_item_counted_from_one() -> None:
    error = _error(MANY)
    assert [problem.describe() for problem in error.problems] == [
        "line 6: summary.start: should be a time with its offset, such as "
        "2024-02-14T10:00:00-05:00 (without quotes)",
        "line 14: timeline entry 2: kind: should be 'detection', 'investigation', "
        "'misleading', 'escalation', 'mitigation', 'resolution', 'communication' or 'note'",
        'line 20: improvement 2: should be text in quotes, such as "text"',
        "line 25: task 1: due: should be a date such as 2024-03-01 (without quotes)",
        "line 29: free section 1: after: should be 'start', 'summary', 'timeline', "
        "'analysis' or 'measures'",
    ]


def test_the_command_line_message_counts_the_problems_then_gives_each_a_line() -> None:
    error = _error(MANY)
    lines = str(error).splitlines()
    assert lines[0] == f"{FILE}: 5 problems:"
    assert error.headline == lines[0]
    assert lines[1:] == [f"  {problem.describe()}" for problem in error.problems]
    assert error.lines() == lines
    assert "[" not in "".join(lines[1:]).replace("[[", "")  # no pydantic paths: timeline[1]


def test_an_unknown_array_of_tables_is_named_with_the_line_of_its_first_table() -> None:
    error = _error('schema_version = 1\ntitle = "x"\n\n[[0sections]]\ntitle = "s"\n')
    assert [problem.describe() for problem in error.problems] == [
        "line 4: 0sections: unknown field (check its spelling, or remove it)"
    ]


def test_an_unknown_table_above_a_dotted_header_is_named_with_the_header_s_line() -> None:
    text = 'schema_version = ""\ntitle = "x"\n\n[[0measures.tasks]]\ntext = "t"\n'
    assert [problem.describe() for problem in _error(text).problems] == [
        "line 1: schema_version: should be a whole number",
        "line 4: 0measures: unknown field (check its spelling, or remove it)",
    ]


def test_one_value_problem_is_one_line() -> None:
    error = _error('schema_version = 1\ntitle = "x"\n\n[summary]\nservice = 3\n')
    assert str(error) == (
        f'{FILE}: line 5: summary.service: should be text in quotes, such as "text"'
    )
    assert error.details == ()


def test_a_syntax_error_gives_line_and_column() -> None:
    error = _error('schema_version = 1\ntitle = "Outage"\nseverity = SEV-1\n')
    assert str(error) == (
        f"{FILE}:3:12: invalid TOML: invalid value (text needs quotes; times look like "
        "2024-02-14T10:00:00Z)"
    )
    (problem,) = error.problems
    assert (problem.kind, problem.line, problem.column) == ("syntax", 3, 12)
    assert problem.where() == "line 3, column 12"


def test_a_key_set_twice_is_named_as_such() -> None:
    error = _error('title = "a"\ntitle = "b"\nstatus = "draft"\n')
    assert str(error).startswith(f"{FILE}:2:")
    assert "a key set twice" in str(error)


def test_a_leftover_conflict_marker_is_named_as_one() -> None:
    error = _error('title = "a"\n>>>>>>> feature\nstatus = "draft"\n')
    assert str(error).startswith(f"{FILE}:2:")
    assert "merge conflict marker" in str(error)


def test_merge_conflicts_are_named_with_the_lines_of_every_block() -> None:
    text = (
        'title = "a"\n<<<<<<< HEAD\nseverity = "SEV-1"\n=======\nseverity = "SEV-2"\n'
        '>>>>>>> other\nstatus = "draft"\n<<<<<<< HEAD\nclock = "12h"\n=======\n>>>>>>> other\n'
    )
    error = _error(text)
    assert str(error) == (
        f"{FILE}: unresolved merge conflicts at lines 2-6, 8-11: open it with "
        f"`postmortem edit {FILE}` to resolve them"
    )
    assert [(p.kind, p.line, p.end_line) for p in error.problems] == [
        ("conflict", 2, 6),
        ("conflict", 8, 11),
    ]


def test_a_conflict_inside_a_prose_string_is_found_though_the_toml_parses() -> None:
    text = (
        'title = "a"\n[analysis]\nroot_cause = """\n<<<<<<< HEAD\nThe cache.\n=======\n'
        'The disk.\n>>>>>>> other\n"""\n'
    )
    error = _error(text)
    assert str(error).startswith(f"{FILE}: an unresolved merge conflict at lines 4-8: ")
    assert str(error).endswith("to resolve it")


def test_a_valid_text_reads_with_no_problems() -> None:
    reading = read_incident('schema_version = 1\ntitle = "Fine"\n')
    assert reading.incident is not None and reading.incident.title == "Fine"
    assert reading.problems == ()


def test_an_unreadable_file_is_not_an_invalid_incident(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(StoreError) as caught:
        IncidentFile.load(path)
    assert not isinstance(caught.value, InvalidIncident)


@pytest.mark.parametrize(
    ("loc", "place"),
    [
        (("title",), "title"),
        (("summary", "start"), "summary.start"),
        (("timeline", 0), "timeline entry 1"),
        (("timeline", 11, "at"), "timeline entry 12: at"),
        (("measures", "tasks", 2, "due"), "task 3: due"),
        (("measures", "improvements", 0), "improvement 1"),
        (("sections", 1, "title"), "free section 2: title"),
        (("authors", 3), "author 4"),
        (("headings", "summary"), "headings.summary"),
        (("timeline", 0, "extra", 1), "timeline entry 1: extra item 2"),
    ],
)
def test_places_are_worded_as_the_user_counts(loc: tuple[int | str, ...], place: str) -> None:
    assert place_of(loc) == place


def test_positions_follow_tables_arrays_of_tables_dotted_keys_and_inline_arrays() -> None:
    text = (
        "# a comment\n"
        'summary.start = "x"\n'
        "timeline = [\n"
        '  { text = "a" },\n'
        '  { text = "b" },\n'
        "]\n"
        "[[measures.tasks]]\n"
        '  text = "t"\n'
        "[[measures.tasks]]\n"
        '  due = "soon"\n'
    )
    positions = value_positions(text)
    assert positions[("summary",)] == (2, 1)
    assert positions[("summary", "start")] == (2, 17)
    assert positions[("timeline", 0)] == (4, 3)
    assert positions[("timeline", 1)] == (5, 3)
    assert positions[("measures", "tasks", 0)] == (7, 1)
    assert positions[("measures", "tasks", 1, "due")] == (10, 9)


# --- a property: whatever the layout, each bad value is named on its own line ----------------

_FILLER = st.lists(st.sampled_from(["", "# note", "   ", "# [[timeline]]"]), max_size=2)


@st.composite
def incidents_with_bad_values(draw: st.DrawFn) -> tuple[str, list[tuple[int, str]]]:
    """A file with good and bad timeline entries, tasks and sections, between comments and
    blank lines; and (line, place) of each bad value, counted as a person reads the file."""
    lines = ["schema_version = 1", 'title = "Generated"']
    expected: list[tuple[int, str]] = []

    def add(line: str, bad_place: str | None = None) -> None:
        lines.extend(draw(_FILLER))
        lines.append(line)
        if bad_place is not None:
            expected.append((len(lines), bad_place))

    for index in range(draw(st.integers(0, 5))):
        add("[[timeline]]")
        add('text = "step"')
        if draw(st.booleans()):
            add('kind = "party"', f"timeline entry {index + 1}: kind")
        else:
            add('kind = "note"')
    for index in range(draw(st.integers(0, 4))):
        add("[[measures.tasks]]")
        if draw(st.booleans()):
            add("done = 1", f"task {index + 1}: done")
        else:
            add("done = true")
    for index in range(draw(st.integers(0, 3))):
        add("[[sections]]")
        if draw(st.booleans()):
            add("title = 3", f"free section {index + 1}: title")
        else:
            add('title = "x"')
    return "\n".join(lines) + "\n", expected


@given(incidents_with_bad_values())
def test_every_bad_value_is_listed_on_its_line(case: tuple[str, list[tuple[int, str]]]) -> None:
    text, expected = case
    reading = read_incident(text)
    if not expected:
        assert reading.incident is not None
        return
    assert reading.incident is None
    assert [(p.line, p.place) for p in reading.problems] == expected
    assert all(isinstance(p, Problem) and p.kind == "value" for p in reading.problems)
    error = _error(text)
    if len(expected) == 1:
        assert str(error).startswith(f"{FILE}: line {expected[0][0]}: {expected[0][1]}: ")
    else:
        assert str(error).splitlines()[0] == f"{FILE}: {len(expected)} problems:"
        assert [line.split(": ")[:2] for line in error.details] == [
            [f"line {line}", place.split(": ")[0]] for line, place in expected
        ]
