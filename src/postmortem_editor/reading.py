"""Reading incident files: their text, decoded, parsed and validated, with errors worded.

A file is read whole (under :data:`MAX_FILE_BYTES`), decoded as UTF-8 with a plain word for
what it is otherwise (empty, UTF-16, a byte-order mark, binary), parsed with ``tomllib``
(fast, strict TOML 1.0) and validated into an :class:`Incident`. A file that cannot be
read is a :class:`StoreError` of one line; text that is not an incident (git's merge
conflict markers, TOML that does not parse, values the schema refuses) is an
:class:`InvalidIncident` that lists every problem with its line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from postmortem_editor.conflict_markers import find_conflicts
from postmortem_editor.errors import InvalidIncident, Problem, StoreError
from postmortem_editor.model import Incident
from postmortem_editor.problems import conflict_problem, syntax_problem, value_problems

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Larger files are refused: a postmortem of that size is not a postmortem."""


def decode(path: Path, raw: bytes) -> str:
    """The UTF-8 text of an incident file's bytes, or a StoreError saying what they are."""
    if not raw.strip():
        raise StoreError(
            f"{path}: the file is empty; create an incident with `postmortem new {path}`",
            path=path,
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StoreError(f"{path}: this is UTF-16 text; save it as UTF-8 to open it", path=path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise StoreError(
            f"{path}:1:1: invalid TOML: the file starts with a byte-order mark (BOM); "
            "save it as UTF-8 without BOM",
            path=path,
        )
    if b"\x00" in raw:
        raise StoreError(f"{path}: this is a binary file, not an incident", path=path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(
            f"{path}: not UTF-8 text (bad byte at offset {error.start})", path=path
        ) from None


def read_text(path: Path) -> str:
    """The text of an incident file, or a StoreError saying why it cannot be read."""
    try:
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not an incident file", path=path)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise StoreError(
                f"{path}: the file is {size // (1024 * 1024)} MB; an incident file "
                f"must be under {MAX_FILE_BYTES // (1024 * 1024)} MB",
                path=path,
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file", path=path) from None
    except PermissionError:
        raise StoreError(f"{path}: permission denied", path=path) from None
    except OSError as error:
        raise StoreError(f"{path}: cannot read: {error.strerror}", path=path) from None
    return decode(path, raw)


@dataclass(frozen=True)
class Reading:
    """What a text holds: the incident, or every problem that keeps it from being one."""

    incident: Incident | None
    problems: tuple[Problem, ...] = ()


def read_incident(text: str) -> Reading:
    """Read incident text: merge conflicts first, then TOML syntax, then every value problem.

    Conflict markers are looked for even in text that parses: a conflict inside a
    multi-line string reads as TOML, and would otherwise end up in the postmortem.
    """
    conflicts = find_conflicts(text)
    if conflicts:
        return Reading(None, tuple(conflict_problem(conflict) for conflict in conflicts))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Reading(None, (syntax_problem(error, text),))
    except RecursionError:
        return Reading(None, (Problem("syntax", "invalid TOML: nested too deeply"),))
    try:
        return Reading(Incident.model_validate(data))
    except ValidationError as error:
        return Reading(None, value_problems(error.errors(), text))
    except RecursionError:
        return Reading(None, (Problem("value", "values nested too deeply"),))


def parse_text(text: str, path: Path) -> Incident:
    """Parse and validate incident text; InvalidIncident naming the file and every problem.

    A TOML error is one line, ``FILE:LINE:COL: invalid TOML: ...``; one problem with the
    values is ``FILE: line N: place: message``; several are a headline with their count
    and a line each; merge conflicts are one line with the lines of every block.
    """
    reading = read_incident(text)
    if reading.incident is not None:
        return reading.incident
    raise invalid_incident(path, text, reading.problems)


def invalid_incident(path: Path, text: str, problems: tuple[Problem, ...]) -> InvalidIncident:
    """The error for a text with these problems, its message worded for the command line."""
    first = problems[0]
    details: list[str] = []
    if first.kind == "conflict":
        count = len(problems)
        blocks = ", ".join(problem.where().removeprefix("lines ") for problem in problems)
        what = "an unresolved merge conflict" if count == 1 else "unresolved merge conflicts"
        them = "it" if count == 1 else "them"
        message = (
            f"{path}: {what} at lines {blocks}: open it with `postmortem edit {path}` "
            f"to resolve {them}"
        )
    elif first.kind == "syntax" and first.line is not None:
        message = f"{path}:{first.line}:{first.column}: {first.message}"
    elif len(problems) == 1:
        message = f"{path}: {first.describe()}"
    else:
        message = f"{path}: {len(problems)} problems:"
        details = [problem.describe() for problem in problems]
    return InvalidIncident(message, path=path, text=text, problems=problems, details=details)
