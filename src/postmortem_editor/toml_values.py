"""Values written the way people write them by hand, in the form the file already uses.

A changed value keeps its form (string style, time offset and precision, number form)
unless its new content needs another; a new value takes the store's own form; an array of
strings changes only the elements that changed.
"""

from __future__ import annotations

import bisect
import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

import tomlkit
from tomlkit.items import String, StringType, Trivia

from postmortem_editor.matching import ALIKE, corresponding, value_likeness
from postmortem_editor.toml_scan import scan_array

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
    end, spans = scan_array(raw, 0)
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
    inserts: list[tuple[int, int]] = []  # (old index it goes before, new index)
    matcher = difflib.SequenceMatcher(
        None, [comparable(v) for v in before], [comparable(v) for v in after]
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            retained.update(id(element) for element in elements[i1:i2])
        else:  # elements edited in place keep their lines; the others go or come
            pairs: list[tuple[int, int]] = []
            if tag == "replace" and i2 - i1 == j2 - j1:
                pairs = [(offset, offset) for offset in range(i2 - i1)]
            elif tag == "replace":
                pairs = corresponding(
                    before[i1:i2],
                    after[j1:j2],
                    key=comparable,
                    likeness=value_likeness,
                    at_least=ALIKE,
                )
            edited = {i1 + i: j1 + j for i, j in pairs}
            for i in range(i1, i2):
                element = elements[i]
                if i in edited:
                    element.raw = value_raw(after[edited[i]], element.raw, newline)
                    element.value = after[edited[i]]
                    retained.add(id(element))
                else:
                    pool.setdefault(comparable(element.value), []).append(element)
            new_at = {j: i for i, j in edited.items()}
            for j in range(j1, j2):
                if j not in new_at:  # before the next element kept in this block, or after it
                    following = [new_at[k] for k in range(j + 1, j2) if k in new_at]
                    inserts.append((following[0] if following else i2, j))
    placed: dict[int, list[_Element]] = {}  # old index -> new elements that go before it
    for i, j in inserts:
        reused = pool.get(comparable(after[j]))
        if reused:
            element = reused.pop(0)
        else:
            fresh = value_raw(after[j], like, newline)
            element = _Element(after[j], [], indent, fresh, "," + newline)
        placed.setdefault(i, []).append(element)
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


def comparable(value: Any) -> Any:
    """A value as compared for equality: a time by its ISO text (instant and offset)."""
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
    matcher = difflib.SequenceMatcher(
        None, [comparable(v) for v in before], [comparable(v) for v in after]
    )
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
