"""One edit, its own lines: a property test of the line diff a save makes.

Incidents are written by hand here, with comments in every position (above tables, after
values, between items, at the end) and every string style; one edit is made through the
model and saved. The line diff between the two texts may touch only the edited field's or
item's lines, every other line (comments included) stays byte for byte, and the file
reads back with ``tomllib`` as the edited incident.

CI runs the "ci" profile; ``HYPOTHESIS_PROFILE=long`` runs thousands of examples.
"""

from __future__ import annotations

import json
import tempfile
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from postmortem_editor.model import FreeSection, Incident, Kind, Task, TimelineEntry
from postmortem_editor.store import IncidentFile, dump_plain
from postmortem_editor.store_patch import patch_text

Span = tuple[int, int]

_WORDS = st.sampled_from(["alpha", "déjà vu", "on-call", "p99", "🔥", "x"])
_comment = st.lists(_WORDS, min_size=1, max_size=3).map(lambda words: "# " + " ".join(words))
_chars = st.sampled_from(list("abc XYZ09.,:;!?-_/é🔥\"'\\\t#[]{}="))
_line_text = st.text(_chars, max_size=30)
_prose = st.lists(_line_text, min_size=1, max_size=3).map("\n".join)
_times = st.builds(
    lambda day, minutes, seconds, micro, zone: datetime(
        2024, 5, day, minutes // 60, minutes % 60, seconds, micro, tzinfo=zone
    ),
    st.integers(1, 28),
    st.integers(0, 24 * 60 - 1),
    st.integers(0, 59),
    st.sampled_from([0, 0, 500000, 123000]),
    st.sampled_from([UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]),
)


def _basic(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _string(value: str, style: int) -> str:
    """value as a TOML string in one of four styles, or a basic string when that one can't."""
    plain = "\t" not in value
    if style == 1 and "'" not in value and "\n" not in value and plain:
        return f"'{value}'"
    if style == 2 or ("\n" in value and style != 3):
        body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        return '"""\n' + body + '"""'
    if style == 3 and "'" not in value and plain:
        return "'''\n" + value + "'''"
    return _basic(value)


def _time(value: datetime, style: int) -> str:
    text = value.strftime("%Y-%m-%d") + ("T" if style != 2 else " ") + value.strftime("%H:%M:%S")
    if value.microsecond or style == 1:
        text += f".{value.microsecond // 1000:03d}"
    offset = value.utcoffset()
    assert offset is not None
    if not offset and style != 3:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    return f"{text}{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass
class Writer:
    """Writes an incident by hand and remembers where each field and item is."""

    draw: Any
    lines: list[str] = field(default_factory=list)
    fields: dict[tuple[Any, ...], Span] = field(default_factory=dict)
    items: dict[tuple[Any, ...], Span] = field(default_factory=dict)
    tables: dict[tuple[Any, ...], Span] = field(default_factory=dict)

    def comment(self, blank_after: bool = False) -> None:
        if self.draw(st.booleans()):
            self.lines.extend(self.draw(st.lists(_comment, min_size=1, max_size=2)))
            if blank_after:
                self.lines.append("")

    def key(self, where: tuple[Any, ...], name: str, raw: str) -> None:
        start = len(self.lines)
        trailer = self.draw(st.sampled_from(["", "  " + "# after the value"]))
        text = f"{name} = {raw}{trailer}"
        self.lines.extend(text.split("\n"))
        if trailer and self.draw(st.booleans()):
            self.lines.append("#   continued")  # a comment directly under a key is its own
        self.fields[(*where, name)] = (start, len(self.lines))

    def string(self, where: tuple[Any, ...], name: str, value: str) -> None:
        self.key(where, name, _string(value, self.draw(st.integers(0, 3))))

    def header(self, text: str) -> int:
        """A table's header after a blank line; returns where the table's own lines start."""
        self.lines.append("")
        if self.draw(st.booleans()):  # a blank-line-separated block of comments of its own
            start = len(self.lines)
            self.lines.append(self.draw(_comment))
            self.lines.append("")
        else:
            start = len(self.lines)
        self.comment()
        self.lines.append(text)
        return start


@st.composite
def documents(draw: Any) -> tuple[str, Writer]:
    """The text of an incident with comments everywhere, and where its parts are."""
    w = Writer(draw)
    w.comment(blank_after=True)
    w.key((), "schema_version", "1")
    w.string((), "title", draw(_line_text))
    w.key((), "status", _string(draw(st.sampled_from(["draft", "review"])), 0))
    w.string((), "severity", draw(_line_text))
    w.key((), "timezone", '"UTC"')
    authors = draw(st.lists(_line_text, max_size=2))
    w.key((), "authors", "[" + ", ".join(_basic(a) for a in authors) + "]")

    start = w.header("[summary]")
    w.key(("summary",), "start", _time(draw(_times), draw(st.integers(0, 3))))
    if draw(st.booleans()):
        w.key(("summary",), "end", _time(draw(_times), draw(st.integers(0, 3))))
    w.string(("summary",), "service", draw(_line_text))
    w.comment()
    w.string(("summary",), "impact", draw(_prose))
    w.key(("summary",), "users_affected_percent", draw(st.sampled_from(["80", "12.5", "70.0"])))
    w.string(("summary",), "root_cause", draw(_line_text))
    w.tables[("summary",)] = (start, len(w.lines))

    for index in range(draw(st.integers(0, 3))):
        where = ("timeline", index)
        start = w.header("[[timeline]]")
        if draw(st.booleans()):
            w.key(where, "at", _time(draw(_times), draw(st.integers(0, 3))))
        w.key(where, "kind", _basic(draw(st.sampled_from(list(Kind))).value))
        w.string(where, "text", draw(_line_text))
        w.items[where] = (start, len(w.lines))

    start = w.header("[analysis]")
    w.string(("analysis",), "root_cause", draw(_prose))
    w.string(("analysis",), "resolution", draw(_line_text))

    start = w.header("[measures]")
    improvements = draw(st.lists(_line_text, max_size=3, unique=True))
    w.lines.append("improvements = [")
    for index, text in enumerate(improvements):
        begin = len(w.lines)
        w.comment()
        trailer = draw(st.sampled_from(["", "  # why"]))
        w.lines.append(f"    {_string(text, draw(st.integers(0, 1)))},{trailer}")
        w.items[("improvements", index)] = (begin, len(w.lines))
    if draw(st.booleans()):
        w.lines.append("    # more to come")
    w.lines.append("]")
    for index in range(draw(st.integers(0, 3))):
        where = ("tasks", index)
        start = w.header("[[measures.tasks]]")
        w.string(where, "text", draw(_line_text))
        if draw(st.booleans()):
            w.key(where, "due", "2024-06-0" + str(draw(st.integers(1, 9))))
        w.key(where, "done", draw(st.sampled_from(["true", "false"])))
        w.items[where] = (start, len(w.lines))

    for index in range(draw(st.integers(0, 2))):
        where = ("sections", index)
        start = w.header("[[sections]]")
        w.string(where, "title", draw(_line_text))
        w.key(where, "after", _basic(draw(st.sampled_from(["start", "summary", "measures"]))))
        w.string(where, "body", draw(_prose))
        w.items[where] = (start, len(w.lines))

    if draw(st.booleans()):
        w.lines.append("")
        w.lines.extend(draw(st.lists(_comment, min_size=1, max_size=2)))
    return "\n".join(w.lines) + "\n", w


_GROUPS = {"timeline": ("timeline",), "tasks": ("measures", "tasks"), "sections": ("sections",)}


def _list(incident: Any, group: str) -> list[Any]:
    if group == "tasks":
        return incident.measures.tasks  # type: ignore[no-any-return]
    if group == "improvements":
        return incident.measures.improvements  # type: ignore[no-any-return]
    return getattr(incident, group)  # type: ignore[no-any-return]


def _new_item(group: str, draw: Any) -> Any:
    text = draw(_line_text)
    if group == "timeline":
        return TimelineEntry(text=text, kind=draw(st.sampled_from(list(Kind))), at=draw(_times))
    if group == "tasks":
        return Task(text=text, owner="sre", due=date(2024, 7, 1))
    if group == "sections":
        return FreeSection(title=text, body=draw(_prose))
    return text


def _edit(incident: Any, writer: Writer, draw: Any) -> tuple[str, Span | None, tuple[Any, ...]]:
    """Make one edit; return its kind, the lines it may touch, and what it touched."""
    groups = ["timeline", "tasks", "sections", "improvements"]
    kind = draw(st.sampled_from(["top", "summary", "field", "add", "delete", "move"]))
    if kind == "top":
        name = draw(st.sampled_from(["title", "severity", "authors", "status"]))
        value: Any = {
            "title": draw(_line_text),
            "severity": draw(_line_text),
            "authors": draw(st.lists(_line_text, max_size=3)),
            "status": draw(st.sampled_from(["draft", "review", "final"])),
        }[name]
        setattr(incident, name, value)
        return "field", writer.fields[(name,)], (name,)
    if kind == "summary":
        name = draw(st.sampled_from(["start", "end", "service", "impact", "root_cause", "users"]))
        if name == "users":
            name = "users_affected_percent"
            value = float(draw(st.sampled_from([0, 5, 12.5, 99.9, 100])))
        elif name in ("start", "end"):
            value = draw(st.none() | _times) if name == "end" else draw(_times)
        else:
            value = draw(_prose if name == "impact" else _line_text)
        setattr(incident.summary, name, value)
        return "field", writer.fields.get(("summary", name)), ("summary",)
    present = [g for g in groups if _list(incident, g)]
    if kind in ("field", "delete", "move") and not present:
        kind = "add"
    if kind == "add":
        group = draw(st.sampled_from(groups))
        items = _list(incident, group)
        item = _new_item(group, draw)
        if group == "improvements" and item in items:
            item += " (new)"
        items.insert(draw(st.integers(0, len(items))), item)
        return "add", None, (group,)
    group = draw(st.sampled_from(present))
    items = _list(incident, group)
    index = draw(st.integers(0, len(items) - 1))
    span = writer.items[(group, index)]
    if kind == "delete":
        del items[index]
        return "delete", span, (group, index)
    if kind == "move":
        item = items.pop(index)
        items.insert(draw(st.integers(0, len(items))), item)
        return "move", span, (group, index)
    if group == "improvements":
        new = draw(_line_text.filter(lambda t: t not in items))
        items[index] = new
        return "field", span, (group, index)
    item = items[index]
    name = {
        "timeline": st.sampled_from(["text", "at", "kind"]),
        "tasks": st.sampled_from(["text", "done", "due"]),
        "sections": st.sampled_from(["title", "body"]),
    }[group]
    chosen = draw(name)
    value = {
        "text": draw(_line_text),
        "at": draw(st.none() | _times),
        "kind": draw(st.sampled_from(list(Kind))),
        "done": draw(st.booleans()),
        "due": draw(st.none() | st.dates(date(2024, 1, 1), date(2024, 12, 31))),
        "title": draw(_line_text),
        "body": draw(_prose),
    }[chosen]
    setattr(item, chosen, value)
    key = writer.fields.get((group, index, chosen))
    return "field", key or span, (group, index)


def _comments(lines: list[str]) -> Counter[str]:
    return Counter(line for line in lines if line.lstrip().startswith("#"))


def _keeps(before: list[str], after: list[str], lo: int, hi: int) -> bool:
    """Whether after is before with only the lines lo..hi replaced (by anything)."""
    tail = len(before) - hi
    return (
        len(after) >= lo + tail
        and after[:lo] == before[:lo]
        and after[len(after) - tail :] == before[hi:]
    )


def _check_diff(
    before: list[str], after: list[str], kind: str, span: Span | None, table: Span | None
) -> None:
    """Only the edited lines changed; every other line is there, byte for byte, in order."""
    if kind == "add":  # only lines added, all in one place
        assert any(_keeps(before, after, i, i) for i in range(len(before) + 1))
        assert len(after) > len(before)
        return
    bounds = span if span is not None else table
    assert bounds is not None
    lo, hi = bounds
    own = before[lo:hi]
    if kind == "delete":  # its lines, and the blank line that separated it
        candidates = [before[:lo] + before[hi:]]
        if lo and not before[lo - 1]:
            candidates.append(before[: lo - 1] + before[hi:])
        if hi < len(before) and not before[hi]:
            candidates.append(before[:lo] + before[hi + 1 :])
        assert after in candidates
        return
    if kind == "move":  # its lines, together, elsewhere; the rest as it was
        rest = before[:lo] + before[hi:]
        runs = [i for i in range(len(after) - len(own) + 1) if after[i : i + len(own)] == own]
        assert runs, "the moved item's lines are not kept together"
        assert any(
            [x for x in after[:i] + after[i + len(own) :] if x] == [x for x in rest if x]
            for i in runs
        )
        assert Counter(after) == Counter(before)
        return
    assert _keeps(before, after, lo, hi)
    outside = before[:lo] + before[hi:]
    assert not _comments(outside) - _comments(after)


@given(data=st.data(), document=documents())
def test_one_edit_changes_only_its_own_lines(data: st.DataObject, document: Any) -> None:
    text, writer = document
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "incident.toml"
        path.write_text(text)
        loaded = IncidentFile.load(path)
        original = loaded.incident.model_copy(deep=True)
        kind, span, where = _edit(loaded.incident, writer, data.draw)
        event(f"{kind} {where[0]}")
        expected = dump_plain(loaded.incident)
        if not loaded.save():
            return
        after = path.read_text()
    assert dump_plain(Incident.model_validate(tomllib.loads(after))) == expected
    assert after == patch_text(text, original, loaded.incident)  # saved line by line
    table = writer.tables.get(where[:1]) or (writer.items.get(where) if len(where) == 2 else None)
    if span is None and where == ("summary",):
        table = writer.tables[("summary",)]
    _check_diff(text.split("\n"), after.split("\n"), kind, span, table)
