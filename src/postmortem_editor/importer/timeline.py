"""Reading a timeline: entries from lists, nested lists, tables, headings and paragraphs.

An entry starts with a time in any common form (``10:00 AM``, ``**10:00 AM (UTC):**``,
``14:30 UTC -``, ``[10:00]``, ``2024-06-05 10:00``, ``Day 2, 03:15``, ``### 13:35``, a
table's time column or its date and time columns), or with a label that groups entries
("Issue Detected:", "**Actions Taken:**"). Clock times are anchored to the incident's date
and timezone and roll over midnight; a date alone ("### June 5", "**2024-06-05**", "Day
2", "On June 5, 2024:") sets the day of the entries under it. A time written loosely
("~13:30-13:45", "10:45~", "21:40 to 22:10 UTC") is read at its start and keeps what was
written as its label; "17:14pm" is 17:14.

An entry whose time is a placeholder (``[Timestamp]``), a date without a time, or a time
that cannot be anchored keeps what was written as its label, with an unknown time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from postmortem_editor.importer.blocks import (
    Block,
    ListItem,
    join_sources,
    parse_blocks,
    plain_text,
    single_item_text,
)
from postmortem_editor.importer.sections import heading_text, normalise
from postmortem_editor.importer.summary import MIDDAY, regional_time
from postmortem_editor.kinds import suggest_kind
from postmortem_editor.model import Kind, TimelineEntry
from postmortem_editor.timeparse import (
    MONTH_PATTERN,
    TimeParseError,
    find_date,
    find_zone,
    parse_time,
    split_leading_time,
)

_EMPHASIS_START = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_BRACKET = re.compile(r"^\[(?P<inner>[^\]\n]{1,40})\](?!\()")
_RANGE = re.compile(
    r"^(?P<first>\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)\s*(?:-|\u2013|\u2014|to)\s*"
    r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?![\w:])",
    re.IGNORECASE,
)
_LEADING_TILDE = re.compile(r"^[~\u2248]\s*(?=\d)")
_TRAILING_TILDE = re.compile(r"^(?P<time>[^~\n]{0,30}?\d{1,2}:\d{2})~")
_PM_AFTER_24_HOUR = re.compile(
    r"^(?P<clock>(?:\d{4}-\d{2}-\d{2}[T\s]+)?(?:1[3-9]|2[0-3]):[0-5]\d)\s*p\.?\s?m\.?(?![a-z])",
    re.IGNORECASE,
)
_FOOTNOTE = r"(?:\[\^[^\]\s]+\])?"
_PLACEHOLDER = re.compile(
    r"^(?:\d{4}-(?:MM|XX)-(?:DD|XX)|(?:HH|XX|\?\?):(?:MM|XX|\?\?)|TBD|TBA)" + _FOOTNOTE,
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?P<date>\d{4}-\d{2}-\d{2}"
    rf"|{MONTH_PATTERN}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN}\.?,?\s+\d{{4}}"
    r"|day\s+\d{1,3})" + _FOOTNOTE + r"(?=\s*(?:[:\-\u2013\u2014,]|$))",
    re.IGNORECASE,
)
_ISO_DATED = re.compile(r"^[\[(~\u2248\s]*\d{4}-\d{2}-\d{2}(?:T|\s)")
"""A time written after its ISO date ("2020-11-04 13:13", "[2020-11-04T13:13Z]")."""
_DAY_NUMBER = re.compile(r"^day\s+(\d{1,3})$", re.IGNORECASE)
_DAY_PREFIX = re.compile(r"^day\s+\d", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*(?:[:;,|]|[-\u2013\u2014]+>?|->)?\s*")
_LABEL_IN_PARENTHESES = re.compile(r"^\((?P<label>[^()\n]{1,40})\)")
_GROUP_LABEL = re.compile(r"^(?P<label>[A-Z][^:\n]{0,40}?)\s*:\s*$")
_TIME_WORDS = re.compile(r"\btimes?\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:)\"'\u201d]\s*$")
_TEXT_COLUMNS = ("event", "description", "what", "action", "detail", "update", "note", "summary")
_TIME_COLUMNS = ("time", "when", "date", "timestamp")
_KIND_COLUMNS = ("kind", "type", "category")
_LABEL_FIRST = (Kind.DETECTION, Kind.MISLEADING, Kind.ESCALATION, Kind.COMMUNICATION)


@dataclass
class Head:
    """What an entry starts with: a time, a date, a placeholder and/or a label."""

    form: str = "none"
    """What it starts with: "time", "date", "placeholder" or "none"."""
    time: str = ""
    """The time to read with parse_time (brackets taken off)."""
    written: str = ""
    """The time, date or placeholder as written."""
    label: str = ""
    """A label written with it ("Issue Detection", "Escalation")."""
    rest: str = ""
    """The text after it."""
    qualified: bool = False
    """Whether the time says more than its start ("~13:30", "21:45 to 23:28"): what was
    written is then kept as the entry's label."""
    day_above: bool = False
    """Whether the date of ``written`` is not on this line but taken from the one above
    (a table's date cell left blank)."""


def parse_head(line: str) -> Head:
    """Read what starts a timeline line: ``**10:00 AM:** text``, ``- [Timestamp]: text``, ..."""
    text = line.strip()
    emphasis = _EMPHASIS_START.match(text)
    if emphasis:
        inner, after = emphasis.group(2).strip(), text[emphasis.end() :]
        head = _when(inner.rstrip(":").strip())
        if head is not None:
            head.label = _label_after_time(head.rest)
            head.rest = _strip_separator(after)
            return head
        if inner.endswith(":") or after.lstrip().startswith(":") or not after.strip():
            label = heading_text(inner)
            rest = _strip_separator(after)
            head = _when(rest)
            if head is not None:
                head.label = _join_label(label, _label_in_parentheses(head))
                return head
            return Head(label=label, rest=rest)
        return Head(rest=text)
    head = _when(text)
    if head is not None:
        head.label = _label_in_parentheses(head)
        return head
    group = _GROUP_LABEL.match(text)
    if group:
        return Head(label=group.group("label").strip())
    return Head(rest=text)


def _when(text: str) -> Head | None:
    """A time, a date or a placeholder at the start of the text (perhaps emphasised)."""
    emphasis = _EMPHASIS_START.match(text)
    if emphasis:
        head = _when(emphasis.group(2).strip().rstrip(":").strip())
        if head is None:
            return None
        head.rest = _join_text(head.rest, _strip_separator(text[emphasis.end() :]))
        return head
    bracket = _BRACKET.match(text)
    if bracket:
        inner = bracket.group("inner").strip()
        after = _strip_separator(text[bracket.end() :])
        time_text, left = split_leading_time(inner)
        if time_text is not None and not left:
            return Head("time", time_text, bracket.group(0), rest=after)
        if inner.lower() in ("x", " ", ""):
            return None  # a task box, not a time
        return Head("placeholder", "", bracket.group(0), rest=after)
    tilde = _LEADING_TILDE.match(text) or _TRAILING_TILDE.match(text)
    if tilde:
        # "~13:30", "2020-11-17 10:45~": about that time
        plain = text[tilde.end() :] if tilde.re is _LEADING_TILDE else tilde.group("time")
        head = _when(plain if tilde.re is _LEADING_TILDE else plain + text[tilde.end() :])
        if head is not None and head.form == "time":
            cut = len(text) - len(text[tilde.end() :]) if tilde.re is _TRAILING_TILDE else 0
            written = text[:cut] if cut else "~" + head.written
            return Head("time", head.time, written, rest=head.rest, qualified=True)
    spread = _RANGE.match(text)
    if spread:
        after = _strip_separator(text[spread.end() :])
        first = spread.group("first")
        zoned, left = split_leading_time(f"{first} {after}")  # "21:45 to 23:28 UTC"
        if zoned is not None and zoned != first:
            first, after = zoned, left
        return Head("time", first, spread.group(0), rest=after, qualified=True)
    time_text, rest = split_leading_time(_redundant_meridiem(text))
    if time_text is not None:
        return Head("time", time_text, time_text, rest=rest)
    placeholder = _PLACEHOLDER.match(text)
    if placeholder:
        return Head("placeholder", "", placeholder.group(0), rest=_after(text, placeholder))
    day = _DATE_ONLY.match(text)
    if day:
        rest = _after(text, day)
        inner = _EMPHASIS_START.match(rest)
        timed = inner.group(2).strip().rstrip(":").strip() if inner else rest
        time_text, after = split_leading_time(timed)
        if time_text is not None and not _DAY_PREFIX.match(day.group("date")):
            # "Nov 24 - 06:12 UTC - text": the date and the time of one entry
            written = text[: len(text) - len(rest)] + time_text
            if inner:
                after = _join_text(after, _strip_separator(rest[inner.end() :]))
            clock = f"{day.group('date')} {time_text}"
            return Head("time", clock, written.strip(), rest=after)
        return Head("date", "", day.group(0), rest=rest)
    return None


def _redundant_meridiem(text: str) -> str:
    """ "17:14pm" as "17:14": a 24-hour time with a needless PM (no clock has a PM hour 17)."""
    return _PM_AFTER_24_HOUR.sub(r"\g<clock>", text, count=1)


def _day_alone(head: Head) -> bool:
    """Whether a head is a date and nothing else ("### June 5", "**2024-06-05**", "Day 2")."""
    return head.form == "date" and not head.rest and not head.label


def _after(text: str, match: re.Match[str]) -> str:
    return _strip_separator(text[match.end() :])


def _strip_separator(text: str) -> str:
    return _SEPARATOR.sub("", text, count=1).strip()


def _label_after_time(text: str) -> str:
    """The label inside an emphasised head after its time: "15:00 UTC: Issue Detection"."""
    text = _strip_separator(text)
    match = _LABEL_IN_PARENTHESES.fullmatch(text)
    return match.group("label").strip() if match else text.rstrip(":").strip()


def _label_in_parentheses(head: Head) -> str:
    """A label in parentheses after the time ("10:05 AM (Escalation): text"), taken off."""
    match = _LABEL_IN_PARENTHESES.match(head.rest)
    if match is None:
        return ""
    head.rest = _strip_separator(head.rest[match.end() :])
    return match.group("label").strip()


def _join_label(first: str, second: str) -> str:
    return ": ".join(part for part in (first, second) if part)


def _join_text(first: str, second: str) -> str:
    return " ".join(part for part in (first, second) if part)


def entry_kind(label: str, text: str) -> Kind:
    """The kind of an entry: from its label when that names a phase, else from its words."""
    if label:
        from_label = suggest_kind(label)
        if from_label in _LABEL_FIRST:
            return from_label
    from_text = suggest_kind(text)
    if from_text != Kind.NOTE or not label:
        return from_text
    return suggest_kind(label)


def timeline_zone(title: str, blocks: list[Block]) -> str | None:
    """The zone a timeline says its times are in: "Timeline (times in BST)", "All times in PST"."""
    candidates = [title]
    for block in blocks:
        if block.kind == "paragraph" and len(block.source) < 120:
            if _TIME_WORDS.search(block.source):
                candidates.append(plain_text(block.source))
        elif block.kind == "table" and block.rows:
            candidates.extend(block.rows[0])
    for text in candidates:
        zone = find_zone(text)
        if zone:
            return zone
    return None


def first_date(blocks: list[Block]) -> date | None:
    """The first full date a timeline writes where an entry or a day starts.

    "### 2018-01-17", "- Sep 27 2017 13:06 - text", a table's "2020-11-17 10:45": the day
    of the times written without a date before and after it, when the document gives
    none elsewhere. Dates inside an entry's text are not read.
    """
    for line in _starts(blocks):
        head = parse_head(line)
        if head.form in ("time", "date"):
            day = find_date(head.written)
            if day is not None:
                return day
    return None


def _starts(blocks: list[Block]) -> Iterator[str]:
    """The lines of a timeline where an entry or a day may start, in order."""
    for block in blocks:
        if block.kind == "heading":
            yield heading_text(block.text)
        elif block.kind == "paragraph":
            yield from block.lines
        elif block.kind == "list":
            for item in block.items:
                yield item.head
                if item.rest.strip():
                    yield from _starts(parse_blocks(item.rest))
        elif block.kind == "table":
            yield from (row[0] for row in block.rows[1:] if row)
        elif block.kind == "code" and not block.source.lstrip().startswith(("```", "~~~")):
            yield from (line.strip() for line in block.code.split("\n"))


@dataclass
class _Open:
    """An entry whose text is still being read (under a heading, or over several lines)."""

    head: Head
    group: str
    texts: list[str] = field(default_factory=list)


@dataclass
class Timeline:
    """What a timeline section gave."""

    entries: list[TimelineEntry] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    """Times that could not be read, each with the reason."""
    before: list[str] = field(default_factory=list)
    """Markdown before the first entry that is no entry ("All times in PST")."""
    after: list[str] = field(default_factory=list)
    """Markdown after the entries that is no entry."""
    first_zone: str | None = None
    """The zone written with the first time that has one."""
    no_time: int = 0
    """Entries written without any time, not even a placeholder."""
    iso_dated: int = 0
    """Timed entries whose line writes the date before the time in ISO form (2020-11-04 13:13)."""

    def dated_everywhere(self) -> bool:
        """Whether the timeline writes an ISO date on (nearly) every timed line: at least
        two, and nine in ten of them, so that one row written without it does not count."""
        timed = sum(1 for entry in self.entries if entry.at is not None)
        return self.iso_dated >= 2 and self.iso_dated * 10 >= timed * 9


class TimelineReader:
    """Reads a timeline's blocks into entries, in order."""

    def __init__(self, *, zone: tzinfo | None, anchor: datetime | None) -> None:
        self.zone = zone
        self.anchor = anchor
        """The start of the incident, or the first day at midnight; None when unknown."""
        self.first_day: datetime | None = anchor
        self.previous: datetime | None = None
        self.result = Timeline()
        self._open: _Open | None = None
        self._group = ""

    def read(self, blocks: list[Block], *, group: str = "") -> Timeline:
        """Read the blocks of a timeline section; a second section's are read on after the
        first's, ``group`` (its title) naming its entries."""
        if group:
            self._group = group
        for block in blocks:
            self._read_block(block)
        self._close()
        if not self.result.entries and self.result.before:
            self._entries_from_prose()
        return self.result

    # --- blocks -----------------------------------------------------------------------------

    def _read_block(self, block: Block) -> None:
        if block.kind == "heading":
            self._read_heading(block)
        elif block.kind == "list":
            if self._open is not None and not any(
                parse_head(item.head).form != "none" for item in block.items
            ):
                self._open.texts.append(block.source)  # the bullets under "### 1:06 PM"
                return
            self._close()
            for item in block.items:
                self._read_item(item, self._group)
        elif block.kind == "table" and self._read_table(block):
            self._close()
        elif block.kind == "paragraph":
            self._read_paragraph(block)
        elif block.kind == "code" and self._indented_entries(block):
            pass
        elif self._open is not None:
            self._open.texts.append(block.source)
        else:
            self._leftover(block.source)

    def _indented_entries(self, block: Block) -> bool:
        """Lines indented four spaces (a code block to Markdown) that start with times."""
        if block.source.lstrip(" \t").startswith(("```", "~~~")):
            return False
        lines = [line.strip() for line in block.code.split("\n") if line.strip()]
        if not lines or parse_head(lines[0]).form not in ("time", "date"):
            return False
        for inner in parse_blocks(block.code):
            self._read_block(inner)
        return True

    def _read_heading(self, block: Block) -> None:
        self._close()
        head = parse_head(heading_text(block.text))
        if _day_alone(head):
            self._set_day(head.written)
            # "### Day 2" names the entries under it; "### June 5" is shown in their times,
            # and text under it without a time is an entry of that day
            self._group = head.written if _DAY_NUMBER.match(head.written) else ""
            if not self._group:
                self._open = _Open(head, "", [])
        elif head.form == "date" and not _DAY_NUMBER.match(head.written):
            self._set_day(head.written)  # "### October 21, 2025 - Redis overload"
            self._group = heading_text(block.text)
        elif head.form != "none":
            self._open = _Open(head, self._group, [head.rest] if head.rest else [])
        else:
            self._group = heading_text(block.text)
            self._day_in_label(self._group)  # "### The night of June 5, 2024"

    def _read_paragraph(self, block: Block) -> None:
        heads = [parse_head(line) for line in block.lines]
        if heads[0].form == "none":
            if self._open is not None:
                self._open.texts.append(block.source)
            elif self._group:
                self._add(Head(), block.source, self._group)
            elif heads[0].label and not heads[0].rest and len(block.lines) == 1:
                self._group = heads[0].label  # "**Actions Taken:**" over the list below
                self._day_in_label(self._group)  # "On June 5, 2024:"
            else:
                self._leftover(block.source)
            return
        self._close()
        for line, head in zip(block.lines, heads, strict=True):
            if head.form != "none" or self._open is None:
                self._close()
                if _day_alone(head):
                    self._set_day(head.written)  # "**June 5, 2024**" over the times of that day
                self._open = _Open(head, self._group, [head.rest] if head.rest else [])
            else:
                self._open.texts.append(line)
        opened = self._open
        if not (opened is not None and opened.head.form in ("time", "date") and not opened.texts):
            self._close()  # a time or a date alone on its line takes the text below it

    def _read_item(self, item: ListItem, group: str) -> None:
        head = parse_head(item.head)
        nested = parse_blocks(item.rest) if item.rest.strip() else []
        lists = [b for b in nested if b.kind == "list"]
        if head.form in ("none", "date") and not head.rest and lists:
            # "- Issue Detected:" or "- June 5:" over a list of entries
            label = group
            if head.form == "date":
                self._set_day(head.written)
            elif head.label:
                label = head.label
            for block in nested:
                if block.kind == "list":
                    for sub in block.items:
                        self._read_item(sub, label)
                else:
                    self._add(Head(), block.source, label)
            return
        if head.form == "none" and not head.label:
            self._add(head, item.content, group)
        elif head.rest and item.rest.strip():
            self._add(head, head.rest + "\n" + item.rest, group)
        elif item.rest.strip():
            self._add(head, single_item_text(item.rest), group)
        else:
            self._add(head, head.rest, group)

    def _read_table(self, block: Block) -> bool:
        """Entries from a table with a time column; False when the table has none."""
        if len(block.rows) < 2:
            return False
        header = [normalise(cell) for cell in block.rows[0]]
        when = _column(header, _TIME_COLUMNS)
        if when is None:
            when = 0 if parse_head(block.rows[1][0]).form != "none" else None
        if when is None:
            return False
        clock = _clock_column(header, when)
        what = _column(header, _TEXT_COLUMNS, skip=when, also=clock)
        if what is None:
            what = next((i for i in range(len(header)) if i not in (when, clock)), None)
        kind_column = _column(header, _KIND_COLUMNS, skip=when)
        day = ""
        for row in block.rows[1:]:
            cells = row + [""] * (len(header) - len(row))
            written = cells[when]
            day_above = False
            if clock is not None:
                # | Date | Time | Event |: a date left blank is the row above's
                day_above = not cells[when].strip()
                day = cells[when].strip() or day
                written = f"{day} {cells[clock].strip()}".strip()
            head = _when(written) or Head(label=written)
            head.day_above = day_above
            extra = [
                f"{block.rows[0][i]}: {cell}"
                for i, cell in enumerate(cells)
                if i not in (when, clock, what, kind_column) and cell.strip()
            ]
            text = "; ".join(part for part in [cells[what] if what is not None else "", *extra])
            head.rest = _join_text(head.rest, text)
            kind = _kind_named(cells[kind_column]) if kind_column is not None else None
            self._add(head, head.rest, "", kind=kind)
        return True

    # --- entries ------------------------------------------------------------------------------

    def _close(self) -> None:
        if self._open is not None:
            opened, self._open = self._open, None
            if _day_alone(opened.head) and not opened.texts:
                return  # a date over timed entries: it gave their day
            self._add(opened.head, join_sources(opened.texts), opened.group)

    def _day_in_label(self, label: str) -> None:
        """A group label that writes a full date ("On June 5, 2024:") sets the day."""
        day = find_date(label)
        if day is not None:
            self._set_day(day.isoformat())

    def _add(self, head: Head, text: str, group: str, *, kind: Kind | None = None) -> None:
        label = _join_label(group, head.label)
        at: datetime | None = None
        if head.form == "time":
            at = self._time_of(head)
            if at is None or head.qualified:
                label = _join_label(label, head.written)
        elif head.form in ("date", "placeholder"):
            label = _join_label(label, head.written)
            if head.form == "date":
                self.result.unread.append(f"{head.written!r}: a date without a time of day")
            else:
                self.result.unread.append(f"{head.written!r}: a placeholder, not a time")
        text = text.strip()
        if not text and head.form == "time":
            text = head.written
        if not text and not label:
            return
        try:
            entry = TimelineEntry(
                at=at, kind=kind or entry_kind(label, text), text=text, label=label
            )
        except ValueError as error:  # a year outside the calendar the model accepts
            self.result.unread.append(f"{head.written!r}: {error}")
            entry = TimelineEntry(
                kind=kind or entry_kind(label, text), text=text, label=label or head.written
            )
        if head.form == "none":
            self.result.no_time += 1
        if entry.at is not None and _ISO_DATED.match(head.written) and not head.day_above:
            self.result.iso_dated += 1
        self.result.entries.append(entry)

    def _time_of(self, head: Head) -> datetime | None:
        anchor, previous = self.anchor, self.previous
        if _DAY_PREFIX.match(head.time):
            anchor, previous = self.first_day, None  # "Day 2, 03:15" counts from the first day
        zone = self.zone
        if zone is None:
            known = previous or anchor
            zone = known.tzinfo if known is not None else None
        text, zone = regional_time(head.time, zone)
        try:
            at = parse_time(text, zone=zone, anchor=anchor, previous=previous)
        except TimeParseError as error:
            self.result.unread.append(f"{head.written!r}: {error}")
            return None
        self.previous = at
        if self.anchor is None:
            self.anchor = at
        if self.first_day is None:
            self.first_day = at
        if self.result.first_zone is None:
            self.result.first_zone = find_zone(head.time)
        return at

    def _set_day(self, written: str) -> None:
        """Times after "### June 5" or "Day 2" are on that day."""
        bare = re.sub(r"\[\^[^\]]*\]", "", written).strip()
        number = _DAY_NUMBER.match(bare)
        day: date | None = None
        if number and self.first_day is not None:
            day = self.first_day.date() + timedelta(days=int(number.group(1)) - 1)
        elif number is None:
            day = find_date(bare) or self._date_in_year(bare)
        if day is None:
            self.result.unread.append(f"{written!r}: no date to set the day of the times below")
            return
        zone = self.zone or (self.anchor.tzinfo if self.anchor else None)
        self.anchor = datetime.combine(day, MIDDAY, tzinfo=zone)
        self.previous = None
        if self.first_day is None:
            self.first_day = self.anchor

    def _date_in_year(self, text: str) -> date | None:
        """A date without a year ("June 5"), in the year of the incident."""
        if self.anchor is None:
            return None
        return find_date(f"{text}, {self.anchor.year}")

    def _leftover(self, markdown: str) -> None:
        (self.result.after if self.result.entries else self.result.before).append(markdown)

    def _entries_from_prose(self) -> None:
        """A timeline told in sentences: each line (or paragraph) an entry without a time."""
        prose, self.result.before = self.result.before, []
        for markdown in prose:
            blocks = parse_blocks(markdown)
            if len(blocks) != 1 or blocks[0].kind != "paragraph":
                self._add(Head(), markdown, "")
                continue
            lines = blocks[0].lines
            if all(_SENTENCE_END.search(line) for line in lines):
                for line in lines:
                    self._add(Head(), line, "")
            else:
                self._add(Head(), markdown, "")


def _column(
    header: list[str], names: tuple[str, ...], skip: int | None = None, also: int | None = None
) -> int | None:
    for index, cell in enumerate(header):
        if index not in (skip, also) and any(word.startswith(names) for word in cell.split()):
            return index
    return None


def _clock_column(header: list[str], when: int) -> int | None:
    """The column of the times of day when the time column holds only dates ("Date")."""
    if header[when].split()[:1] not in (["date"], ["day"]) or "time" in header[when].split():
        return None
    return _column(header, ("time", "hour", "clock"), skip=when)


def _kind_named(cell: str) -> Kind | None:
    value = normalise(cell)
    for kind in Kind:
        if kind.value == value:
            return kind
    return None
