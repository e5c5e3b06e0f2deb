"""The line model of an incident file: its text as a sequence of whole-line statements.

:func:`scan` reads the text as keys, table headers, comments and blank lines, each with the
exact text it spans, so that an edit can replace one statement and keep every other byte.
A layout outside what the patcher edits raises :class:`Unsupported`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass


class Unsupported(Exception):
    """The file's layout is outside what the text patcher edits; save another way."""


# --- scanning ------------------------------------------------------------------------------

_WS = re.compile(r"[ \t]*")
_FILLER = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_END = re.compile(r"[ \t]*(#[^\r\n]*)?(\r?\n|$)")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|""?(?!"))*"{3,5}')
_ML_LITERAL = re.compile(r"'''[\s\S]*?'{3,5}")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"
    r"|\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?"
)
_SCALAR = re.compile(r"[^\s,\]\}#]+")


@dataclass(frozen=True)
class Statement:
    """One statement of the file: whole lines, from the start of its first line."""

    kind: str
    """"blank", "comment", "header" or "key"."""
    text: str
    """Its lines, newline included."""
    key: tuple[str, ...] = ()
    """The key of a key/value, the path of a header."""
    aot: bool = False
    """Whether a header opens a table of an array (``[[...]]``)."""
    value: tuple[int, int] = (0, 0)
    """Where a key's value is within ``text``."""


def _fail(text: str, pos: int) -> Unsupported:
    return Unsupported(f"unexpected text at offset {pos}: {text[pos : pos + 20]!r}")


def _scan_key(text: str, pos: int) -> tuple[tuple[str, ...], int]:
    parts: list[str] = []
    while True:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        char = text[pos : pos + 1]
        if char == '"':
            match = _BASIC.match(text, pos)
            if match is None:
                raise _fail(text, pos)
            parts.append(tomllib.loads(f"k = {match.group()}")["k"])
        elif char == "'":
            match = _LITERAL.match(text, pos)
            if match is None:
                raise _fail(text, pos)
            parts.append(match.group()[1:-1])
        else:
            match = _BARE_KEY.match(text, pos)
            if match is None:
                raise _fail(text, pos)
            parts.append(match.group())
        pos = _WS.match(text, match.end()).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] != ".":
            return tuple(parts), pos
        pos += 1


def scan_array(text: str, pos: int) -> tuple[int, list[tuple[int, int]]]:
    """The end of the array opening at pos, and the spans of its elements."""
    pos += 1
    elements: list[tuple[int, int]] = []
    while True:
        pos = _FILLER.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == "]":
            return pos + 1, elements
        end = _scan_value(text, pos)
        elements.append((pos, end))
        pos = _FILLER.match(text, end).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == ",":
            pos += 1
        elif text[pos : pos + 1] != "]":
            raise _fail(text, pos)


def _scan_inline_table(text: str, pos: int) -> int:
    pos += 1
    while True:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == "}":
            return pos + 1
        _key, pos = _scan_key(text, pos)
        if text[pos : pos + 1] != "=":
            raise _fail(text, pos)
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        pos = _WS.match(text, _scan_value(text, pos)).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == ",":
            pos += 1


def _scan_value(text: str, pos: int) -> int:
    """The end of the value starting at pos."""
    char = text[pos : pos + 1]
    if char == "[":
        return scan_array(text, pos)[0]
    if char == "{":
        return _scan_inline_table(text, pos)
    if text.startswith('"""', pos):
        match = _ML_BASIC.match(text, pos)
    elif char == '"':
        match = _BASIC.match(text, pos)
    elif text.startswith("'''", pos):
        match = _ML_LITERAL.match(text, pos)
    elif char == "'":
        match = _LITERAL.match(text, pos)
    else:
        match = _DATETIME.match(text, pos) or _SCALAR.match(text, pos)
    if match is None:
        raise _fail(text, pos)
    return match.end()


def scan(text: str) -> tuple[Statement, ...]:
    """The statements of a TOML text (one that tomllib reads), in order."""
    statements: list[Statement] = []
    pos, size = 0, len(text)
    while pos < size:
        start = pos
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        char = text[pos : pos + 1]
        if char in ("\n", "\r", ""):
            end = _END.match(text, pos)
            if end is None:
                raise _fail(text, pos)
            statements.append(Statement("blank", text[start : end.end()]))
            pos = end.end()
            continue
        if char == "#":
            end = _END.match(text, pos)
            assert end is not None  # a comment always runs to the end of its line
            statements.append(Statement("comment", text[start : end.end()]))
            pos = end.end()
            continue
        if char == "[":
            aot = text.startswith("[[", pos)
            key, pos = _scan_key(text, pos + (2 if aot else 1))
            close = "]]" if aot else "]"
            if not text.startswith(close, pos):
                raise _fail(text, pos)
            end = _END.match(text, pos + len(close))
            if end is None:
                raise _fail(text, pos)
            statements.append(Statement("header", text[start : end.end()], key, aot))
            pos = end.end()
            continue
        key, pos = _scan_key(text, pos)
        if text[pos : pos + 1] != "=":
            raise _fail(text, pos)
        value_start = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        value_end = _scan_value(text, value_start)
        end = _END.match(text, value_end)
        if end is None:
            raise _fail(text, value_end)
        statements.append(
            Statement(
                "key",
                text[start : end.end()],
                key,
                value=(value_start - start, value_end - start),
            )
        )
        pos = end.end()
    return tuple(statements)
