"""Fuzzing the loader and the command line with mutated copies of the sample incidents.

Whatever the bytes of a file, `IncidentFile.load` either returns an incident or raises
the store's own StoreError with a message naming the file; `postmortem check` and
`postmortem render` answer with exit 0, 1 or 2 and one line on stderr (or, for several
problems with the values, a headline and a line for each), never a traceback; an edit to
any file that loads saves, and the file reads back as the edit.
"""

from __future__ import annotations

import random
import re
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from postmortem_editor.cli import main
from postmortem_editor.model import Task, TimelineEntry
from postmortem_editor.store import IncidentFile, StoreError, dump_plain

from .conftest import SAMPLES
from .test_hostile_input import postmortem_command

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


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def _answer(message: str) -> str:
    """The kind of refusal a load error message describes."""
    if "invalid TOML" in message:
        return "invalid TOML"
    if "binary" in message or "UTF-8" in message or "empty" in message:
        return "not text"
    return "schema error"


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


# --- the loader ----------------------------------------------------------------------------------


@fuzz(2_000)
@given(data=mutants())
def test_a_mutated_file_loads_or_raises_the_stores_error(tmp_path: Path, data: bytes) -> None:
    path = write_mutant(tmp_path, data)
    try:
        document = IncidentFile.load(path)
    except StoreError as error:
        message = str(error)
        event(_answer(message.removeprefix(str(path))))
        assert message.startswith(f"{path}:"), message
        assert_problem_lines(message)
        assert error.path == path
    else:
        event("loads")
        assert document.path == path
        assert not document.dirty
    assert path.read_bytes() == data


# --- the command line, in process ---------------------------------------------------------------


@fuzz(800)
@given(data=mutants())
def test_check_and_render_answer_any_mutated_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    path = write_mutant(tmp_path, data)
    try:
        IncidentFile.load(path)
        loads = True
    except StoreError:
        loads = False
    capsys.readouterr()
    for command, allowed in (("check", {0, 1, 2}), ("render", {0, 2})):
        code = main([command, str(path)])
        out, err = capsys.readouterr()
        assert code in allowed, (command, code, err)
        assert "Traceback" not in out + err
        assert "internal error" not in err, err
        assert_problem_lines(err)
        if loads:
            assert code != 2, (command, err)
        else:
            assert code == 2 and out == "" and err.startswith(f"{path}:"), (command, err)
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.toml"]


# --- an edit to whatever loads -------------------------------------------------------------------

EDITS: tuple[Callable[[IncidentFile], object], ...] = (
    lambda d: setattr(d.incident, "title", "Edited title"),
    lambda d: setattr(d.incident.summary, "impact", "Edited impact.\n\nSecond paragraph."),
    lambda d: setattr(d.incident.analysis, "lessons", "Lessons \u241b [b]literal[/b] 🔥"),
    lambda d: d.incident.timeline.append(TimelineEntry(text="Added entry")),
    lambda d: d.incident.timeline.reverse(),
    lambda d: d.incident.timeline[:1] and d.incident.timeline.pop(0),
    lambda d: d.incident.measures.tasks.append(Task(text="Added task", owner="sre")),
    lambda d: d.incident.measures.improvements.append("Added improvement"),
)


@fuzz(700)
@given(data=mutants(), edit=st.sampled_from(EDITS))
def test_an_edit_to_a_mutated_file_that_loads_saves_and_reloads(
    tmp_path: Path, data: bytes, edit: Callable[[IncidentFile], object]
) -> None:
    path = write_mutant(tmp_path, data)
    try:
        document = IncidentFile.load(path)
    except StoreError:
        return
    edit(document)
    wanted = dump_plain(document.incident)
    try:
        document.save()
    except StoreError as error:
        raise AssertionError(
            f"BUG: a file that loads cannot be saved after an edit: {error}"
        ) from error
    assert dump_plain(IncidentFile.load(path).incident) == wanted
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.toml"]


# --- the mutations reach every kind of refusal --------------------------------------------------


def test_the_mutations_reach_every_kind_of_answer(tmp_path: Path) -> None:
    kinds: set[str] = set()
    for seed in range(400):
        path = write_mutant(tmp_path, mutate(RandomChooser(seed)))
        try:
            IncidentFile.load(path)
        except StoreError as error:
            kinds.add(_answer(str(error).removeprefix(str(path))))
        else:
            kinds.add("loads")
    assert kinds == {"invalid TOML", "not text", "schema error", "loads"}


# --- the real command -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_the_postmortem_command_never_prints_a_traceback(seed: int, tmp_path: Path) -> None:
    data = mutate(RandomChooser(1_000 + seed))
    path = write_mutant(tmp_path, data)
    processes = {
        command: subprocess.Popen(
            [*postmortem_command(), command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        for command in ("check", "render", "edit")
    }
    for command, process in processes.items():
        out, err = process.communicate(timeout=120)
        stderr = err.decode("utf-8", "replace")
        assert "Traceback" not in stderr, (command, stderr)
        assert "internal error" not in stderr, (command, stderr)
        assert process.returncode in {0, 1, 2}, (command, process.returncode, stderr)
        assert_problem_lines(stderr)
        if process.returncode == 2 and command != "edit":
            assert stderr.startswith(f"{path}:"), (command, stderr)
        assert b"\x1b" not in out, command
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.toml"]
