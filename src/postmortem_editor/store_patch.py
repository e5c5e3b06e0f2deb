"""Faithful saves: an edit to an incident rewrites only its own lines of the file's text.

The file is read as a sequence of statements (keys, table headers, comments, blank lines)
grouped into blocks, one per table, each owning the comments that belong to it: those
directly above its header, with any blank-line-separated block of comments up to the
previous table's last key, and those directly under its last key. Between blocks there are
only blank lines. Saving applies the difference between the last saved incident and the
edited one to those blocks:

- a changed value is written in place, in the form it had (string style, time offset and
  precision, number form), unless its new content needs another form;
- a new key replaces the template's commented example line for it (``# start = ...``) when
  the table has one, else it goes after the table's last key;
- a list item (a timeline entry, a task, a free section, an improvement) is matched by its
  id; a deleted one takes its lines and one separating blank line, an added one only adds
  lines, a moved one moves its lines with its comments;
- a new table goes where the format puts it, after a commented example of it
  (``# [[timeline]]``) when there is one.

A file laid out in a way this does not follow (dotted keys, inline tables for sections,
tables of an array split apart) raises :class:`Unsupported`; the store then saves through
its tomlkit document instead.
"""

from __future__ import annotations

import bisect
import difflib
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

import tomlkit
from pydantic import BaseModel
from tomlkit.items import String, StringType, Trivia

from postmortem_editor.model import Incident, Item


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


def _scan_array(text: str, pos: int) -> tuple[int, list[tuple[int, int]]]:
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
        return _scan_array(text, pos)[0]
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


# --- blocks ----------------------------------------------------------------------------------


@dataclass(eq=False)
class Entry:
    """A statement inside a block, editable."""

    kind: str
    text: str
    key: str = ""
    value: tuple[int, int] = (0, 0)

    @property
    def raw(self) -> str:
        """The value's text, as written."""
        return self.text[self.value[0] : self.value[1]]

    def set_raw(self, raw: str) -> None:
        """Write a new value in place, keeping what is around it (the key, a comment)."""
        start, end = self.value
        self.text = self.text[:start] + raw + self.text[end:]
        self.value = (start, start + len(raw))


@dataclass(eq=False)
class Block:
    """A table in the file: the comments it owns, its header and its statements."""

    path: tuple[str, ...]
    aot: bool = False
    head: list[str] = field(default_factory=list)
    header: str = ""
    body: list[Entry] = field(default_factory=list)

    def text(self) -> str:
        """The block as written."""
        return "".join(self.head) + self.header + "".join(entry.text for entry in self.body)

    def entry(self, key: str) -> Entry | None:
        """The statement of a key, if the table has it."""
        for entry in self.body:
            if entry.kind == "key" and entry.key == key:
                return entry
        return None


@dataclass(eq=False)
class Gap:
    """Lines that belong to no table: blank lines between tables, the end of the file."""

    lines: list[str] = field(default_factory=list)


Part = Block | Gap

TABLES = ("headings", "summary", "analysis", "measures")
ARRAYS = {("timeline",), ("measures", "tasks"), ("sections",)}
ORDER: tuple[tuple[str, ...], ...] = (
    ("headings",),
    ("summary",),
    ("timeline",),
    ("analysis",),
    ("measures",),
    ("measures", "tasks"),
    ("sections",),
)


class Document:
    """A file's text as blocks and gaps, edited in place and written out again."""

    def __init__(self, statements: Sequence[Statement], newline: str, final_newline: bool):
        self.newline = newline
        self.final_newline = final_newline
        self.parts: list[Part] = []
        sections: list[list[Statement]] = [[]]
        for statement in statements:
            if statement.kind == "header":
                sections.append([])
            sections[-1].append(statement)
        pending: list[str] = []
        gap: list[str] = []
        for index, section in enumerate(sections):
            if index == 0:
                block = Block(())
                body = section
            else:
                header = section[0]
                if header.key not in ARRAYS and (
                    len(header.key) != 1 or header.key[0] not in TABLES
                ):
                    raise Unsupported(f"table {'.'.join(header.key)}")
                if header.aot != (header.key in ARRAYS):
                    raise Unsupported("a table written as an array, or the other way round")
                block = Block(header.key, header.aot, pending, header.text)
                body = section[1:]
            keys = [i for i, s in enumerate(body) if s.kind == "key"]
            if keys:
                own = keys[-1] + 1
            else:
                own = 0
                if index == 0:  # the file's opening comments stay at the top
                    while own < len(body) and body[own].kind == "comment":
                        own += 1
            while own < len(body) and body[own].kind == "comment":
                own += 1
            for statement in body[:own]:
                if statement.kind == "key":
                    if len(statement.key) != 1:
                        raise Unsupported("dotted key")
                    block.body.append(
                        Entry("key", statement.text, statement.key[0], statement.value)
                    )
                else:
                    block.body.append(Entry(statement.kind, statement.text))
            rest = [s.text for s in body[own:]]
            blanks = 0
            while blanks < len(rest) and not rest[blanks].strip():
                blanks += 1
            if index:
                self.parts.append(Gap(gap))
            self.parts.append(block)
            if index == len(sections) - 1:
                self.parts.append(Gap(rest))
            else:
                gap, pending = rest[:blanks], rest[blanks:]
        self._check()

    @classmethod
    def parse(cls, text: str, statements: Sequence[Statement] | None = None) -> Document:
        """The document of a text; ``statements`` is ``scan(text)`` when already known."""
        newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
        if statements is None:
            statements = scan(text)
        final = text.endswith("\n")
        if not final and statements:
            last = statements[-1]
            statements = (
                *statements[:-1],
                Statement(last.kind, last.text + newline, last.key, last.aot, last.value),
            )
        return cls(statements, newline, final)

    def _check(self) -> None:
        seen: set[tuple[str, ...]] = set()
        previous: tuple[str, ...] | None = None
        for block in self.blocks():
            if block.path in seen and not (block.aot and block.path == previous):
                raise Unsupported(f"the tables of {'.'.join(block.path)} are apart")
            seen.add(block.path)
            previous = block.path
            for entry in block.body:
                if entry.kind != "key":
                    continue
                if entry.raw.startswith("{"):
                    raise Unsupported("inline table")
                if block.path == () and entry.key in (*TABLES, "timeline", "sections"):
                    raise Unsupported(f"{entry.key} written as a value")
                if block.path == ("measures",) and entry.key == "tasks":
                    raise Unsupported("tasks written as a value")

    def blocks(self) -> list[Block]:
        """The blocks, in the file's order."""
        return [part for part in self.parts if isinstance(part, Block)]

    def table(self, path: tuple[str, ...]) -> Block | None:
        """The block of a table (the root is ``()``)."""
        for part in self.parts:
            if isinstance(part, Block) and part.path == path:
                return part
        return None

    def group(self, path: tuple[str, ...]) -> list[Block]:
        """The blocks of an array of tables, in order."""
        return [part for part in self.parts if isinstance(part, Block) and part.path == path]

    def text(self) -> str:
        """The document as written."""
        chunks: list[str] = []
        for part in self.parts:
            if isinstance(part, Gap):
                chunks.extend(part.lines)
            else:
                chunks.append(part.text())
        out = "".join(chunks)
        if not self.final_newline and out.endswith(self.newline):
            out = out[: -len(self.newline)]
        return out

    # -- moving blocks about

    def _index(self, block: Block) -> int:
        for index, part in enumerate(self.parts):
            if part is block:
                return index
        raise ValueError("block not in document")

    def remove(self, block: Block) -> None:
        """Take a block out with the blank line that separated it."""
        index = self._index(block)
        del self.parts[index]
        before = self.parts[index - 1] if index else None
        after = self.parts[index] if index < len(self.parts) else None
        if isinstance(before, Gap) and before.lines and not before.lines[-1].strip():
            before.lines.pop()
        elif isinstance(after, Gap) and after.lines and not after.lines[0].strip():
            after.lines.pop(0)
        if isinstance(before, Gap) and isinstance(after, Gap):
            before.lines.extend(after.lines)
            del self.parts[index]

    def insert_after(self, anchor: Block, block: Block) -> None:
        """Put a block after another, a blank line between them."""
        index = self._index(anchor) + 1
        self.parts[index:index] = [Gap([self.newline]), block]

    def insert_before(self, anchor: Block, block: Block) -> None:
        """Put a block before another (and the comments it owns), a blank line between them."""
        index = self._index(anchor)
        self.parts[index:index] = [block, Gap([self.newline])]

    def insert_table(self, block: Block) -> None:
        """Put a new table where the format puts it, after a commented example of it if any."""
        rank = ORDER.index(block.path)
        index = 0
        for position, part in enumerate(self.parts):
            if isinstance(part, Block) and (part.path == () or ORDER.index(part.path) < rank):
                index = position
        index += 1
        marker = re.compile(
            r"[ \t]*#[ \t]*\[\[?[ \t]*" + re.escape(".".join(block.path)) + r"[ \t]*\]"
        )
        following = self.parts[index] if index < len(self.parts) else None
        if isinstance(following, Gap):
            hit = _marked(following.lines, marker)
            if hit is not None:
                self.parts[index : index + 1] = [
                    Gap(following.lines[:hit]),
                    Gap(following.lines[hit:]),
                ]
                index += 1
            else:
                after = self.parts[index + 1] if index + 1 < len(self.parts) else None
                if isinstance(after, Block):
                    hit = _marked(after.head, marker)
                    if hit is not None:
                        self.parts.insert(index + 1, Gap(after.head[:hit]))
                        after.head = after.head[hit:]
                        index += 2
        previous = self.parts[index - 1]
        empty_top = isinstance(previous, Block) and previous.path == () and not previous.body
        self.parts[index:index] = [block] if empty_top else [Gap([self.newline]), block]


def _marked(lines: list[str], marker: re.Pattern[str]) -> int | None:
    """Where the comment block holding a marker line ends, if a line matches it."""
    for index, line in enumerate(lines):
        if marker.match(line):
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            return end
    return None


# --- writing values --------------------------------------------------------------------------


def _reads_as(raw: str, value: Any) -> bool:
    try:
        return bool(tomllib.loads(f"v = {raw}")["v"] == value)
    except tomllib.TOMLDecodeError:
        return False


def _multiline_basic(value: str, leading: bool) -> str:
    inner = String.from_raw(value, StringType.MLB).as_string()[3:-3]
    if inner.endswith('"'):
        inner = inner[:-1] + '\\"'
    if leading or inner.startswith("\n"):
        inner = "\n" + inner
    return '"""' + inner + '"""'


def _plain_text(value: str) -> bool:
    return not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", value)


def string_raw(value: str, like: str | None, newline: str = "\n") -> str:
    """A TOML string for value, in the style of ``like`` unless its content needs another."""
    if like is None:
        return fresh_raw(value, newline)
    leading = like[3:4] in ("\n", "\r")
    candidates: list[Callable[[], str]] = []
    if like.startswith("'''"):
        if "'''" not in value and not value.endswith("'") and _plain_text(value.replace("\n", "")):
            candidates.append(
                lambda: "'''" + ("\n" if leading or value.startswith("\n") else "") + value + "'''"
            )
        candidates.append(lambda: _multiline_basic(value, leading))
    elif like.startswith('"""'):
        candidates.append(lambda: _multiline_basic(value, leading))
    elif like.startswith("'") and "'" not in value and _plain_text(value):
        candidates.append(lambda: f"'{value}'")
    if "\n" in value:
        candidates.append(lambda: _multiline_basic(value, True))
    candidates.append(lambda: String.from_raw(value).as_string())
    for make in candidates:
        raw = make()
        if _reads_as(raw, value):
            return raw.replace("\n", newline) if newline != "\n" else raw
    return String.from_raw(value).as_string()


_DATETIME_PARTS = re.compile(
    r"\d{4}-\d{2}-\d{2}(?P<sep>[Tt ])\d{2}:\d{2}(?P<sec>:\d{2})?(?P<frac>\.\d+)?"
    r"(?P<off>[Zz]|[+-]\d{2}:\d{2})$"
)


def datetime_raw(value: datetime, like: str | None) -> str:
    """A TOML time for value, with the separator, precision and offset form of ``like``."""
    offset = value.utcoffset()
    match = _DATETIME_PARTS.match(like or "")
    if match is None or offset is None or offset.seconds % 60 or offset.microseconds:
        return fresh_raw(value)
    text = value.strftime("%Y-%m-%d") + match["sep"] + value.strftime("%H:%M:%S")
    micro = f"{value.microsecond:06d}"
    if match["frac"]:
        digits = len(match["frac"]) - 1
        if micro[digits:].strip("0"):
            shown = micro.rstrip("0")  # more precision than the old form shows
        else:
            shown = micro[:digits].ljust(digits, "0")
        text += "." + shown
    elif value.microsecond:
        text += "." + micro.rstrip("0")
    if not offset and match["off"] in ("Z", "z"):
        return text + match["off"]
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{mins:02d}"


def _float_raw(value: float, like: str | None) -> str:
    if like is not None and value.is_integer():
        plain = like.replace("_", "").lstrip("+-")
        if plain.isdigit():
            return str(int(value))
        if re.fullmatch(r"\d+\.\d+", plain):
            return repr(float(value))
    return fresh_raw(value)


PROSE_WIDTH = 80


def fresh_item(value: Any) -> Any:
    """A tomlkit item for a plain value, formatted the way people write TOML by hand."""
    if isinstance(value, Enum):
        return tomlkit.item(value.value)
    if isinstance(value, bool):
        return tomlkit.item(value)
    if isinstance(value, float) and value.is_integer():
        return tomlkit.item(int(value))
    if isinstance(value, datetime):
        offset = value.utcoffset()
        fixed = value.astimezone(timezone(offset)) if offset is not None else value
        return tomlkit.item(fixed)
    if isinstance(value, date):
        return tomlkit.item(value)
    if isinstance(value, str):
        return fresh_string(value)
    if isinstance(value, list):
        array = tomlkit.array()
        for element in value:
            array.append(fresh_item(element))
        if len(value) > 1 and sum(len(str(v)) for v in value) > PROSE_WIDTH:
            array.multiline(True)
        return array
    return tomlkit.item(value)


def fresh_string(value: str) -> String:
    """Short text as a basic string; prose as a multi-line string opening on its own line."""
    if "\r" in value or ("\n" not in value and len(value) <= PROSE_WIDTH):
        return String.from_raw(value)
    raw = String.from_raw(value, StringType.MLB).as_string()[3:-3]
    if not raw.startswith("\n"):
        raw = "\n" + raw
    return String(StringType.MLB, value, raw, Trivia())


def fresh_raw(value: Any, newline: str = "\n") -> str:
    """A value's TOML text the way people write it by hand (the store's own form)."""
    raw = str(fresh_item(value).as_string())
    return raw.replace("\n", newline) if newline != "\n" else raw


def value_raw(value: Any, like: str | None, newline: str = "\n") -> str:
    """A value's TOML text, in the form of the text it replaces (``like``) where it can."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return string_raw(value, like, newline)
    if isinstance(value, float):
        return _float_raw(value, like)
    if isinstance(value, datetime):
        return datetime_raw(value, like)
    if isinstance(value, date):
        return value.isoformat()
    return fresh_raw(value, newline)


# --- arrays of strings -----------------------------------------------------------------------


@dataclass
class _Element:
    value: Any
    lead: list[str]
    indent: str
    raw: str
    after: str

    def text(self) -> str:
        return "".join(self.lead) + self.indent + self.raw + self.after


def array_raw(raw: str, before: list[Any], after: list[Any], newline: str = "\n") -> str:
    """An array's text with only the elements that changed rewritten."""
    end, spans = _scan_array(raw, 0)
    if end != len(raw) or len(spans) != len(before):
        return fresh_raw(after, newline) if after else "[]"
    if "\n" not in raw:
        return _inline_array(raw, spans, before, after, newline)
    layout = _element_lines(raw, spans, before)
    if layout is None:
        return fresh_raw(after, newline) if after else "[]"
    fixed, elements = layout
    like = elements[0].raw if elements else None
    indent = elements[0].indent if elements else "    "
    retained: set[int] = set()  # ids of the elements that stay where they are
    pool: dict[Any, list[_Element]] = {}  # deleted elements, by value, for moves
    inserts: list[tuple[int, int, int]] = []
    matcher = difflib.SequenceMatcher(None, [_key(v) for v in before], [_key(v) for v in after])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            retained.update(id(element) for element in elements[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                element = elements[i1 + offset]
                element.raw = value_raw(after[j1 + offset], element.raw, newline)
                element.value = after[j1 + offset]
                retained.add(id(element))
        else:
            for element in elements[i1:i2]:
                pool.setdefault(_key(element.value), []).append(element)
            inserts.append((i1, j1, j2))
    placed: dict[int, list[_Element]] = {}  # old index -> new elements that go before it
    for i1, j1, j2 in inserts:
        for j in range(j1, j2):
            reused = pool.get(_key(after[j]))
            if reused:
                element = reused.pop(0)
            else:
                fresh = value_raw(after[j], like, newline)
                element = _Element(after[j], [], indent, fresh, "," + newline)
            placed.setdefault(i1, []).append(element)
    chunks: list[str | _Element] = []
    for index, item in enumerate(fixed):
        if isinstance(item, int):
            chunks.extend(placed.get(item, []))
            if id(elements[item]) in retained:
                chunks.append(elements[item])
        else:
            if index == len(fixed) - 1:
                chunks.extend(placed.get(len(elements), []))
            chunks.append(item)
    order = [chunk for chunk in chunks if isinstance(chunk, _Element)]
    for element in order[:-1]:
        if not element.after.lstrip(" \t").startswith(","):
            element.after = "," + element.after
    return "".join(c if isinstance(c, str) else c.text() for c in chunks)


def _key(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _inline_array(
    raw: str, spans: list[tuple[int, int]], before: list[Any], after: list[Any], newline: str
) -> str:
    if not after:
        return "[]"
    if not spans:
        return fresh_raw(after, newline)
    raws = [raw[s:e] for s, e in spans]
    news: list[str] = []
    matcher = difflib.SequenceMatcher(None, [_key(v) for v in before], [_key(v) for v in after])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            news.extend(raws[i1:i2])
        else:
            for j in range(j1, j2):
                like = raws[min(i1 + j - j1, len(raws) - 1)]
                news.append(value_raw(after[j], like, newline))
    separator = raw[spans[0][1] : spans[1][0]] if len(spans) > 1 else ", "
    return raw[: spans[0][0]] + separator.join(news) + raw[spans[-1][1] :]


def _element_lines(
    raw: str, spans: list[tuple[int, int]], values: list[Any]
) -> tuple[list[str | int], list[_Element]] | None:
    """A multi-line array as fixed lines and element numbers, one element per line."""
    lines = raw.splitlines(keepends=True)
    if len(lines) < 2 or lines[-1].strip() != "]":
        return None
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    elements: list[_Element] = []
    owner: dict[int, int] = {}  # first line of an element -> its number
    covered: set[int] = set()
    previous_end = 0
    for number, (start, end) in enumerate(spans):
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, end - 1) - 1
        if first <= previous_end or last >= len(lines) - 1:
            return None
        if raw[starts[first] : start].strip():
            return None
        tail = raw[end : starts[last + 1]]
        if not re.fullmatch(r"[ \t]*,?[ \t]*(#[^\n]*)?\r?\n", tail):
            return None
        lead_start = first
        while lead_start - 1 > previous_end and lines[lead_start - 1].lstrip().startswith("#"):
            lead_start -= 1
        elements.append(
            _Element(
                values[number],
                lines[lead_start:first],
                raw[starts[first] : start],
                raw[start:end],
                tail,
            )
        )
        owner[lead_start] = number
        covered.update(range(lead_start, last + 1))
        previous_end = last
    fixed: list[str | int] = []
    for index, line in enumerate(lines):
        if index in owner:
            fixed.append(owner[index])
        elif index not in covered:
            fixed.append(line)
    return fixed, elements


# --- applying a model ------------------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Whether two values are written alike (times with the same offset too)."""
    if isinstance(a, BaseModel) or isinstance(b, BaseModel):
        return (
            type(a) is type(b)
            and a == b
            and all(same(getattr(a, name), getattr(b, name)) for name in type(a).model_fields)
        )
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, datetime) or isinstance(b, datetime):
        return _key(a) == _key(b)
    return type(a) is type(b) and a == b


def _content(item: Item) -> dict[str, Any]:
    return item.model_dump(mode="json")


class Patcher:
    """Applies the difference between two incidents to a document."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.nl = document.newline

    def apply(self, old: Incident, new: Incident) -> None:
        """Change the document from what old says to what new says."""
        root = self.doc.table(())
        assert root is not None
        self.fields(root, old, new)
        for name in TABLES:
            before, after = getattr(old, name), getattr(new, name)
            if not same(before, after):
                block = self.doc.table((name,))
                if block is not None:
                    self.fields(block, before, after)
                else:
                    entries = self.new_entries(after)
                    if entries:
                        self.doc.insert_table(
                            Block((name,), False, [], f"[{name}]{self.nl}", entries)
                        )
            if name == "measures":
                self.items(("measures", "tasks"), before.tasks, after.tasks)
        self.items(("timeline",), old.timeline, new.timeline)
        self.items(("sections",), old.sections, new.sections)

    def fields(self, block: Block, old: BaseModel, new: BaseModel) -> None:
        """Write the plain fields that differ into a table's block."""
        for name in type(new).model_fields:
            if name == "id" or name in TABLES or name in ("timeline", "sections", "tasks"):
                continue
            before, after = getattr(old, name), getattr(new, name)
            if same(before, after):
                continue
            entry = block.entry(name)
            if after is None:
                if entry is not None:
                    block.body.remove(entry)
                continue
            if entry is not None:
                if isinstance(after, list):
                    entry.set_raw(array_raw(entry.raw, list(before or []), after, self.nl))
                else:
                    entry.set_raw(value_raw(after, entry.raw, self.nl))
                continue
            if after == "" or after == []:
                continue
            self.add_key(block, name, value_raw(after, None, self.nl))

    def add_key(self, block: Block, name: str, raw: str) -> None:
        """A new key where the table's commented example of it is, else after its last key."""
        example = re.compile(r"[ \t]*#[ \t]*" + re.escape(name) + r"[ \t]*=")
        for index, entry in enumerate(block.body):
            if entry.kind == "comment" and example.match(entry.text):
                indent = entry.text[: len(entry.text) - len(entry.text.lstrip(" \t"))]
                block.body[index] = _key_entry(name, raw, indent, self.nl)
                return
        keys = [entry for entry in block.body if entry.kind == "key"]
        indent = (
            keys[-1].text[: len(keys[-1].text) - len(keys[-1].text.lstrip(" \t"))] if keys else ""
        )
        block.body.append(_key_entry(name, raw, indent, self.nl))

    def new_entries(self, model: BaseModel) -> list[Entry]:
        """The statements of a new table: its fields that are not empty."""
        entries = []
        for name in type(model).model_fields:
            if name == "id" or name == "tasks":
                continue
            value = getattr(model, name)
            if value is None or value == "" or value == []:
                continue
            entries.append(_key_entry(name, value_raw(value, None, self.nl), "", self.nl))
        return entries

    def items(self, path: tuple[str, ...], before: list[Any], after: list[Any]) -> None:
        """Bring an array of tables in line with a list of items, matched by their ids."""
        if same(before, after):
            return
        blocks = self.doc.group(path)
        if len(blocks) != len(before):
            raise Unsupported(f"{'.'.join(path)}: tables and items differ")
        olds = {item.id: index for index, item in enumerate(before)}
        match: dict[int, int] = {}  # new index -> old index
        used: set[int] = set()
        for j, item in enumerate(after):
            i = olds.get(item.id)
            if i is not None and i not in used:
                match[j] = i
                used.add(i)
        if len(match) < len(after):
            free: dict[str, list[int]] = {}
            for i, item in enumerate(before):
                if i not in used:
                    free.setdefault(repr(_content(item)), []).append(i)
            for j, item in enumerate(after):
                if j not in match:
                    candidates = free.get(repr(_content(item)))
                    if candidates:
                        match[j] = candidates.pop(0)
                        used.add(match[j])
        for i, block in enumerate(blocks):
            if i not in used:
                self.doc.remove(block)
        staying = _increasing([match[j] for j in sorted(match)])
        header = f"[[{'.'.join(path)}]]{self.nl}"
        placed: list[Block] = []  # the blocks in their new order, as far as laid out
        for j, item in enumerate(after):
            if j in match:
                block = blocks[match[j]]
                self.fields(block, before[match[j]], item)
                if match[j] in staying:
                    placed.append(block)
                    continue
                self.doc.remove(block)
            else:
                block = Block(path, True, [], header, self.new_entries(item))
            if placed:
                self.doc.insert_after(placed[-1], block)
            else:
                following = next(
                    (
                        blocks[match[k]]
                        for k in range(j + 1, len(after))
                        if k in match and match[k] in staying
                    ),
                    None,
                )
                if following is not None:
                    self.doc.insert_before(following, block)
                else:
                    self.doc.insert_table(block)
            placed.append(block)


def _increasing(sequence: list[int]) -> set[int]:
    """The values of a longest increasing subsequence."""
    tails: list[int] = []
    tail_index: list[int] = []
    parents: list[int] = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        position = bisect.bisect_left(tails, value)
        if position == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[position] = value
            tail_index[position] = index
        parents[index] = tail_index[position - 1] if position else -1
    result: set[int] = set()
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        result.add(sequence[index])
        index = parents[index]
    return result


def _key_entry(name: str, raw: str, indent: str, newline: str) -> Entry:
    prefix = f"{indent}{name} = "
    return Entry("key", prefix + raw + newline, name, (len(prefix), len(prefix) + len(raw)))


def patch_text(
    text: str, old: Incident, new: Incident, statements: Sequence[Statement] | None = None
) -> str:
    """The text with only what differs between old (what it holds) and new rewritten.

    Raises Unsupported when the file is laid out in a way this does not edit.
    """
    document = Document.parse(text, statements)
    Patcher(document).apply(old, new)
    return document.text()
