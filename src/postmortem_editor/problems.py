"""What keeps a text from being an incident, worded for the person who fixes the file.

Each problem names its line (and column where TOML gives one), and the item as the user
sees it, counted from 1: "timeline entry 2: at", "task 1: due", "improvement 3",
"free section 2: title", never pydantic's ``timeline[1].at``.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

from postmortem_editor.conflict_markers import Conflict
from postmortem_editor.errors import Problem
from postmortem_editor.toml_scan import Statement, Unsupported, scan, scan_array

Loc = tuple[int | str, ...]
"""Where a value is in the incident's data: ("timeline", 1, "at")."""

# Lists whose items the user counts, and the word for one item.
_ITEMS: dict[tuple[str, ...], str] = {
    ("timeline",): "timeline entry",
    ("measures", "tasks"): "task",
    ("measures", "improvements"): "improvement",
    ("sections",): "free section",
    ("authors",): "author",
}

_TABLE_LISTS = {("timeline",), ("measures", "tasks"), ("sections",)}
"""Lists written as arrays of tables."""

_TOML_POSITION = re.compile(r"^(?P<message>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_MESSAGES = {
    "Illegal character '\\n'": "the line ends inside a string (is a closing quote missing?)",
    "Invalid value": "invalid value (text needs quotes; times look like 2024-02-14T10:00:00Z)",
    "Cannot overwrite a value": "a key set twice (a key may appear once in a table)",
}
_NOT_AN_EARLY_END = {"Cannot overwrite a value"}
"""Messages tomllib gives "at end of document" for a mistake on the last line."""
_DECLARED_TWICE = re.compile(r"Cannot declare \((?P<key>.*)\) twice")
_MARKER_LINE = re.compile(r"(?:<{7}|\|{7}|={7}|>{7})(?:[ \r]|$)")

# Pydantic's error types worded for a TOML file.
_TYPE_MESSAGES = {
    "extra_forbidden": "unknown field (check its spelling, or remove it)",
    "model_type": "should be a table of keys",
    "model_attributes_type": "should be a table of keys",
    "list_type": "should be a list",
    "datetime_type": "should be a time with its offset, such as 2024-02-14T10:00:00-05:00 "
    "(without quotes)",
    "date_type": "should be a date such as 2024-03-01 (without quotes)",
    "bool_type": "should be true or false (without quotes)",
    "string_type": 'should be text in quotes, such as "text"',
    "int_type": "should be a whole number",
    "float_type": "should be a number",
}


def place_of(loc: Loc) -> str:
    """A value's place as the user sees it: ("timeline", 1, "at") -> "timeline entry 2: at".

    Tables read as dotted keys ("summary.start"); an item of a list is counted from 1.
    """
    parts: list[str] = []
    keys: list[str] = []  # the keys since the last item
    for part in loc:
        if not isinstance(part, int):
            keys.append(str(part))
            continue
        noun = None if parts else _ITEMS.get(tuple(keys))
        if noun is None:
            noun = ".".join(keys) + " item" if keys else "item"
        parts.append(f"{noun} {part + 1}")
        keys = []
    if keys:
        parts.append(".".join(keys))
    return ": ".join(parts)


def value_message(error: Mapping[str, Any]) -> str:
    """A pydantic error's message, as words about a value in a TOML file."""
    kind = str(error.get("type", ""))
    loc = tuple(error.get("loc", ()))
    if kind == "list_type" and loc in _TABLE_LISTS:
        return f"should be [[{'.'.join(map(str, loc))}]] tables, one for each item"
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind]
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if message.startswith("Input should"):
        message = message.removeprefix("Input ")
    return message[:1].lower() + message[1:]


def value_problems(errors: Sequence[Mapping[str, Any]], text: str) -> tuple[Problem, ...]:
    """Every validation error of the incident's data, with the line of its value in text."""
    positions = value_positions(text)
    problems = []
    for error in errors:
        loc: Loc = tuple(error.get("loc", ()))
        line, column = _position(positions, loc)
        problems.append(
            Problem("value", value_message(error), line=line, column=column, place=place_of(loc))
        )
    return tuple(sorted(problems, key=lambda p: (p.line is None, p.line or 0)))


def _position(positions: Mapping[Loc, tuple[int, int]], loc: Loc) -> tuple[int | None, int | None]:
    """The position of the value at loc, or of the nearest table or item that holds it."""
    for length in range(len(loc), 0, -1):
        found = positions.get(loc[:length])
        if found is not None:
            return found
    return None, None


def syntax_problem(error: tomllib.TOMLDecodeError, text: str) -> Problem:
    """A TOML syntax error, with its line and column."""
    match = _TOML_POSITION.match(str(error))
    if match:
        line, column = int(match["line"]), int(match["col"])
        message = _toml_message(match["message"])
        lines = text.split("\n")
        if 0 < line <= len(lines) and _MARKER_LINE.match(lines[line - 1]):
            message = "a merge conflict marker left on its own: delete the line"
        return Problem("syntax", f"invalid TOML: {message}", line=line, column=column)
    if str(error).endswith("(at end of document)"):
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        raw = str(error).removesuffix(" (at end of document)")
        message = _toml_message(raw)
        if raw not in _NOT_AN_EARLY_END:
            message = f"the file ends too early: {message}"
        return Problem("syntax", f"invalid TOML: {message}", line=line, column=column)
    return Problem("syntax", f"invalid TOML: {error}")


def _toml_message(message: str) -> str:
    """tomllib's message in words about the file."""
    declared = _DECLARED_TWICE.fullmatch(message)
    if declared:
        return "a table declared twice (each [table] may appear once)"
    message = _TOML_MESSAGES.get(message, message)
    return message[:1].lower() + message[1:]


def conflict_problem(conflict: Conflict) -> Problem:
    """A merge conflict block, as a problem spanning its lines."""
    ours = f" ({conflict.ours_label})" if conflict.ours_label else ""
    theirs = f" ({conflict.theirs_label})" if conflict.theirs_label else ""
    return Problem(
        "conflict",
        f"merge conflict between ours{ours} and theirs{theirs}",
        line=conflict.first_line,
        end_line=conflict.last_line,
    )


# --- where values are ------------------------------------------------------------------------


def value_positions(text: str) -> dict[Loc, tuple[int, int]]:
    """Where each key, table, array-of-tables item and array element starts in a TOML text.

    Keys are data paths as pydantic reports them (("measures", "tasks", 0, "due")); values
    are (line, column) from 1. Empty when the text's layout cannot be read line by line.
    """
    positions: dict[Loc, tuple[int, int]] = {}
    # A layout that cannot be read line by line: the problems are named without lines.
    with contextlib.suppress(Unsupported, RecursionError):
        _scan_positions(text, positions)
    return positions


def _scan_positions(text: str, positions: dict[Loc, tuple[int, int]]) -> None:
    counts: dict[tuple[str, ...], int] = {}
    table: Loc = ()
    line = 1
    for statement in scan(text):
        indent = len(statement.text) - len(statement.text.lstrip(" \t"))
        if statement.kind == "header":
            table = _table_loc(statement, counts)
            # The header is where its table is, and where the tables above it first appear
            # ([[a.b]] makes a and a.b), an array of tables where its first item is.
            for length in range(1, len(table) + 1):
                positions.setdefault(table[:length], (line, indent + 1))
        elif statement.kind == "key":
            _key_positions(statement, table, line, indent, positions)
        line += statement.text.count("\n")


def _table_loc(header: Statement, counts: dict[tuple[str, ...], int]) -> Loc:
    """The data path of a table header, counting the items of arrays of tables."""
    loc: list[int | str] = []
    for length in range(1, len(header.key) + 1):
        prefix = header.key[:length]
        loc.append(prefix[-1])
        if header.aot and length == len(header.key):
            counts[prefix] = counts.get(prefix, 0) + 1
            loc.append(counts[prefix] - 1)
        elif prefix in counts:
            loc.append(counts[prefix] - 1)  # a sub-table of the latest item
    return tuple(loc)


def _key_positions(
    statement: Statement,
    table: Loc,
    line: int,
    indent: int,
    positions: dict[Loc, tuple[int, int]],
) -> None:
    """Record a key/value statement, and the elements of an array value."""
    key = table + statement.key
    for length in range(len(table) + 1, len(key)):
        positions.setdefault(key[:length], (line, indent + 1))  # dotted keys' tables
    start, _end = statement.value
    positions.setdefault(key, _offset_position(statement.text, start, line))
    if statement.text[start : start + 1] != "[":
        return
    _array_end, elements = scan_array(statement.text, start)
    for index, (element_start, _element_end) in enumerate(elements):
        positions.setdefault((*key, index), _offset_position(statement.text, element_start, line))


def _offset_position(text: str, offset: int, first_line: int) -> tuple[int, int]:
    """The (line, column) of an offset in a statement's text that starts at first_line."""
    before = text[:offset]
    line = first_line + before.count("\n")
    column = offset - (before.rfind("\n") + 1) + 1
    return line, column
