"""Mutated copies of the sample incidents, for fuzzing the loader and the command line.

A mutation cuts, inserts, flips, swaps or replaces bytes, characters, TOML tokens, lines,
values or keys; hypothesis draws them (``mutants()``), or a seeded chooser (``RandomChooser``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from hypothesis import strategies as st

from .conftest import SAMPLES

T = TypeVar("T")

SOURCES: dict[str, bytes] = {path.name: path.read_bytes() for path in SAMPLES}

# Characters and fragments that mean something to TOML (or to a terminal, or to UTF-8).
TOKENS: tuple[str, ...] = (
    '"',
    "'",
    "[",
    "]",
    "=",
    "{",
    "}",
    "#",
    "\n",
    "\r",
    "\r\n",
    ",",
    ".",
    "\\",
    '"""',
    "'''",
    "[[",
    "]]",
    "\t",
    " ",
    "\x00",
    "\x01",
    "\x7f",
    "\ufeff",
    "\x1b",
    "\x9b",
    "é",
    "🔥",
    "\\u",
    "\\U0011FFFF",
    "\\x",
    "-",
    ":",
    "+",
    "T",
    "Z",
    "0",
    "9",
    "_",
    "1e999",
    "nan",
    "inf",
    "true",
    "x = 1",
    "[summary]",
    "[[timeline]]",
    "[[measures.tasks]]",
    "[measures]",
    "title = 1",
)

# Values to put where a value was: every TOML type, and values the model must refuse.
VALUES: tuple[str, ...] = (
    '""',
    '"x"',
    "'literal'",
    '"""\nmulti\nline"""',
    "'''raw\\n'''",
    "1",
    "-1",
    "0",
    "99",
    "99999999999999999999999",
    "3.5",
    "1e400",
    "nan",
    "-inf",
    "true",
    "false",
    "2024-02-14",
    "10:00:00",
    "2024-02-14T10:00:00",
    "2024-02-14T10:00:00Z",
    "2024-02-14 10:00:00+05:30",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-05:00",
    "1899-12-31T23:59:59+00:00",
    "2024-02-30T10:00:00Z",
    "[]",
    "[1, 2]",
    '["a", 1]',
    "[[]]",
    "[[[[[[[[]]]]]]]]",
    "{}",
    '{ text = "a" }',
    '[{ text = "a" }]',
    '"\\u001b[2J\\u001b]52;c;eA==\\u0007"',
    '"[bold]x[/bold] [link=https://e.com]y[/link]"',
    '"UTC"',
    '"UTC+99"',
    '"Mars/Olympus"',
    '"America"',
    '"../../etc/passwd"',
    '"detection"',
    '"party"',
    '"final"',
    '"start"',
    '"השבתה 👩\u200d👩\u200d👧"',
    '"' + "x" * 5_000 + '"',
)

KEYS: tuple[str, ...] = (
    "title",
    "schema_version",
    "status",
    "timezone",
    "severity",
    "authors",
    "start",
    "end",
    "at",
    "kind",
    "text",
    "label",
    "due",
    "done",
    "owner",
    "priority",
    "service",
    "impact",
    "users_affected_percent",
    "root_cause",
    "resolution",
    "lessons",
    "tasks",
    "timeline",
    "improvements",
    "sections",
    "after",
    "body",
    "headings",
    "summary",
    "colour",
    "summary.service",
    '"quoted key"',
    "a.b.c",
    "measures.tasks",
    '""',
)


class Chooser(Protocol):
    """Where a mutation gets its choices: hypothesis while fuzzing, a seeded Random otherwise."""

    def integer(self, low: int, high: int) -> int: ...

    def choice(self, options: Sequence[T]) -> T: ...

    def blob(self) -> bytes: ...

    def text(self) -> str: ...


class DrawChooser:
    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def integer(self, low: int, high: int) -> int:
        return self._draw(st.integers(low, high))

    def choice(self, options: Sequence[T]) -> T:
        return self._draw(st.sampled_from(options))

    def blob(self) -> bytes:
        return self._draw(st.binary(min_size=1, max_size=12))

    def text(self) -> str:
        return self._draw(st.text(min_size=1, max_size=12))


class RandomChooser:
    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self._random.randint(low, high)

    def choice(self, options: Sequence[T]) -> T:
        return self._random.choice(options)

    def blob(self) -> bytes:
        return self._random.randbytes(self._random.randint(1, 12))

    def text(self) -> str:
        length = self._random.randint(1, 12)
        return "".join(chr(self._random.randint(0, 0x2FFF)) for _ in range(length))


# --- mutations -----------------------------------------------------------------------------------


def _position(data: bytes, c: Chooser) -> int:
    return c.integer(0, len(data))


def delete_span(data: bytes, c: Chooser) -> bytes:
    start = _position(data, c)
    end = c.integer(start, min(len(data), start + 80))
    return data[:start] + data[end:]


def insert_bytes(data: bytes, c: Chooser) -> bytes:
    at = _position(data, c)
    return data[:at] + c.blob() + data[at:]


def insert_text(data: bytes, c: Chooser) -> bytes:
    at = _position(data, c)
    return data[:at] + c.text().encode("utf-8") + data[at:]


def insert_token(data: bytes, c: Chooser) -> bytes:
    at = _position(data, c)
    return data[:at] + c.choice(TOKENS).encode("utf-8") + data[at:]


def replace_character(data: bytes, c: Chooser) -> bytes:
    if not data:
        return data
    at = c.integer(0, len(data) - 1)
    return data[:at] + c.choice(TOKENS).encode("utf-8") + data[at + 1 :]


def truncate(data: bytes, c: Chooser) -> bytes:
    return data[: _position(data, c)]


def flip_bit(data: bytes, c: Chooser) -> bytes:
    if not data:
        return data
    at = c.integer(0, len(data) - 1)
    return data[:at] + bytes([data[at] ^ (1 << c.integer(0, 7))]) + data[at + 1 :]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def duplicate_line(data: bytes, c: Chooser) -> bytes:
    lines = _lines(data)
    at = c.integer(0, len(lines) - 1)
    lines.insert(c.integer(0, len(lines)), lines[at])
    return b"".join(lines)


def swap_lines(data: bytes, c: Chooser) -> bytes:
    lines = _lines(data)
    first, second = c.integer(0, len(lines) - 1), c.integer(0, len(lines) - 1)
    lines[first], lines[second] = lines[second], lines[first]
    return b"".join(lines)


def drop_line(data: bytes, c: Chooser) -> bytes:
    lines = _lines(data)
    del lines[c.integer(0, len(lines) - 1)]
    return b"".join(lines)


def replace_value(data: bytes, c: Chooser) -> bytes:
    lines = _lines(data)
    assignments = [index for index, line in enumerate(lines) if b" = " in line]
    if not assignments:
        return data
    index = c.choice(assignments)
    key = lines[index].split(b" = ", 1)[0]
    lines[index] = key + b" = " + c.choice(VALUES).encode("utf-8") + b"\n"
    return b"".join(lines)


def rename_key(data: bytes, c: Chooser) -> bytes:
    lines = _lines(data)
    assignments = [index for index, line in enumerate(lines) if b" = " in line]
    if not assignments:
        return data
    index = c.choice(assignments)
    value = lines[index].split(b" = ", 1)[1]
    lines[index] = c.choice(KEYS).encode("utf-8") + b" = " + value
    return b"".join(lines)


MUTATIONS: tuple[Callable[[bytes, Chooser], bytes], ...] = (
    delete_span,
    insert_bytes,
    insert_text,
    insert_token,
    insert_token,
    replace_character,
    replace_character,
    truncate,
    flip_bit,
    duplicate_line,
    swap_lines,
    drop_line,
    replace_value,
    replace_value,
    replace_value,
    rename_key,
)


def mutate(c: Chooser) -> bytes:
    """A sample incident with one to three mutations applied."""
    data = SOURCES[c.choice(sorted(SOURCES))]
    for _ in range(c.integer(1, 3)):
        data = c.choice(MUTATIONS)(data, c)
    return data


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    return mutate(DrawChooser(draw))


def write_mutant(folder: Path, data: bytes) -> Path:
    path = folder / "incident.toml"
    path.write_bytes(data)
    return path


def assert_problem_lines(message: str) -> None:
    """One line; or, for several problems with the values, a headline that counts them and
    one indented line for each, with its line number."""
    lines = message.splitlines()
    if len(lines) <= 1:
        return
    count = re.fullmatch(r".*: (\d+) problems:", lines[0])
    assert count is not None, message
    assert int(count[1]) == len(lines) - 1 >= 2, message
    assert all(re.match(r"  line \d+: \S", line) for line in lines[1:]), message
