"""How faithfully ``postmortem import`` reads a folder of Markdown postmortems.

    .venv/bin/python -m bench.import_fidelity FOLDER [--verbose] [--missed] [--lost]

For each ``*.md`` in FOLDER the document is imported and rendered (standard profile), and
one line says:

- recall: the share of the source's words found in the render (as a multiset: a word
  written three times must be rendered three times);
- timeline: timed lines of the source's timeline (lines that start with a time of day,
  after any list marker, emphasis, table bar or date) versus the entries made;
- timed: how many of those lines became an entry with the same time of day (and the same
  date, when the line writes one);
- added: words of the render that the source does not have (the source's words include
  those inside its HTML tags: an ``<img src=...>`` rendered as a Markdown image brings
  its address along), leaving out the words of the render's own headings and labels,
  month and zone names (the incident's timezone among them) and numbers (a reformatted
  date or time): anything listed there is filler or an invented value.

Layout rules. Some words of the source are layout that the render states once instead of
on every line; the ``layout`` column and the second mean count them as kept, and only
where the render demonstrably states the same thing elsewhere (the first figures, without
the rules, are always printed too):

- a date written on a timed line of the timeline ("| 2019-11-30 08:24 |") counts as kept
  when the render states that date (any format) at an entry of the timeline or, for the
  timeline's first day, which the render leaves undated at its entries, in the duration
  line; a year is kept only when the duration line states that year;
- a zone written after the time of a timed line ("14:02 UTC", "3:15 PM CAT",
  "(GMT+03:00)") counts as kept when the render writes the same zone name in the
  timeline's heading or the duration line;
- the date, time and zone of a summary line that labels the start or the end
  ("Start Time: Mar 5, 2024 12:00 (GMT)") count as kept when the duration line states
  that day and time; the label's own words ("Start Time") are not.

The render's words that state these (the duration line's dates, times and zone, the dates
before the entries' times, the zone in the timeline's heading) are then set aside, so
that no other word of the source is matched against them. A table's column headers
("Time | Event") are never counted as kept.

``--missed`` lists under each document the timed lines that no entry keeps, and
``--lost`` the source's words the render does not hold (with how many times), for the
documents below 0.97.

The overall figures follow: mean recall, documents at recall >= 0.97, timelines
structured (at least half of a document's timed lines kept with their time), timed lines
kept, documents refused, documents with added words. The counting of source lines is the
benchmark's own, not the importer's, so that the two can disagree.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from postmortem_editor.importer import MarkdownImportError, import_markdown
from postmortem_editor.model import Incident
from postmortem_editor.render import render_markdown

_MONTHS = re.findall(
    r"\w+", "january february march april may june july august september october november december"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_DATE = (
    rf"(?:{_WEEKDAY}\s+)?(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<mname>{_MONTH})\s+(?P<mday>\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s+(?P<myear>\d{{4}}))?"
    rf"|(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dname>{_MONTH}),?(?:\s+(?P<dyear>\d{{4}}))?"
    r"|(?P<slash>\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
    r"|day\s+\d+)"
)
_TIME = (
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::\d{2})?)?\s*"
    r"(?P<half>[ap]\.?\s?m\.?(?![a-z]))?"
)
_LEAD = re.compile(r"^(?:\s|>|[-*+](?=\s)|\d{1,3}[.)](?=\s)|\||[*_~`#\[(])*", re.IGNORECASE)
_TIMED = re.compile(
    rf"^(?:(?P<date>{_DATE})(?:[T\s,\u2013\u2014-]|\*|_|at)*)?{_TIME}",
    re.IGNORECASE,
)
_TIMELINE_TITLE = re.compile(r"timeline|chronology|sequence of events", re.IGNORECASE)
_OTHER_TITLE = re.compile(
    r"^(?:\W|\d+[.)])*(?:root cause|cause|resolution|corrective|preventi?v|preventative|"
    r"lessons?|action items?|measures|conclusion|what went|follow|impact|next steps|"
    r"summary|contributing|recommendations|remediation|prevention|analysis)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"</?[a-zA-Z][^>\n]*>")
_ALLOWED = set(
    re.findall(
        r"\w+",
        "issue summary timeline root cause and resolution corrective preventative measures "
        "duration service impact trigger lessons learned improvements tasks severity authors "
        "from to on until hours hour minutes minute days day h m am pm utc continued users "
        "affected of owner priority due done what happened contributing factors action items "
        "overview detection detected escalated mitigated resolved at time kind event who "
        "note investigation misleading escalation mitigation communication postmortem "
        "gmt z th st nd rd min d fixes",
    )
    + _MONTHS
    + [m[:3] for m in _MONTHS]
)


@dataclass
class Result:
    """The figures of one document."""

    name: str
    refused: str = ""
    recall: float = 0.0
    layout: float = 0.0
    """The recall with the layout rules."""
    lines: int = 0
    entries: int = 0
    timed_entries: int = 0
    kept: int = 0
    dated_lines: int = 0
    dated_kept: int = 0
    added: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    """The timed lines of the source that no entry keeps with their time (and date)."""
    lost: Counter[str] = field(default_factory=Counter)
    """The source's words the render does not hold, with how many are missing."""


def words(text: str) -> list[str]:
    """The words of a text, in lower case: runs of letters and digits (HTML tags left out)."""
    return _WORD.findall(_TAG.sub(" ", text).lower())


def recall(source: str, render: str) -> float:
    """The share of the source's words (as a multiset) that the render holds."""
    have = Counter(words(render))
    want = Counter(words(source))
    total = sum(want.values())
    if not total:
        return 1.0
    return sum(min(count, have[word]) for word, count in want.items()) / total


def lost_words(source: str, render: str) -> Counter[str]:
    """The source's words (as a multiset) that the render does not hold."""
    return Counter(words(source)) - Counter(words(render))


def added_words(source: str, render: str, zone: str = "") -> list[str]:
    """Words of the render that the source never writes (labels, months, numbers aside).

    ``zone`` is the incident's timezone: its name ("America/Los_Angeles" for a document
    that writes PST) is a zone name too.
    """
    known = set(_WORD.findall(source.lower())) | set(words(zone))
    extra = {
        word
        for word in words(render)
        if word not in known
        and word not in _ALLOWED
        and not word.isdigit()
        and not re.fullmatch(r"\d+(?:am|pm|h|m|st|nd|rd|th)", word)
    }
    return sorted(extra)


@dataclass
class TimedLine:
    """A line of a timeline that starts with a time of day."""

    hour: int
    minute: int
    day: tuple[int | None, int, int] | None
    """(year or None, month, day) when the line writes a date."""
    line: str = ""
    """The line as written."""


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _timeline_indexes(lines: list[str]) -> list[int]:
    """The indexes of the lines inside a timeline (titles and code fences left out; a
    ```markdown fence around a postmortem, as a chat answer writes it, is read inside)."""
    found: list[int] = []
    inside = False
    fenced = False
    markdown = False
    for index, raw in enumerate(lines):
        fence = raw.strip()
        if fence.startswith(("```", "~~~")):
            if fenced:
                fenced = False
            elif markdown and fence in ("```", "~~~"):
                markdown = False
            elif fence[3:].strip().lower() in ("markdown", "md"):
                markdown = True
            else:
                fenced = True
            continue
        if fenced:
            continue
        plain = re.sub(r"[*_#`>|:]", " ", raw).strip()
        short = 0 < len(plain.split()) <= 8
        if short and _TIMELINE_TITLE.search(plain) and not _TIMED.match(_lead(raw)):
            inside = True
            continue
        other = short and _OTHER_TITLE.match(plain) and not _TIMED.match(_lead(raw))
        if inside and other and (raw.lstrip().startswith("#") or len(plain.split()) <= 6):
            inside = False
            continue
        if inside:
            found.append(index)
    return found


def timeline_lines(source: str) -> list[TimedLine]:
    """The lines of the source's timeline that start with a time (the benchmark's reading)."""
    found: list[TimedLine] = []
    lines = _lines(source)
    for index in _timeline_indexes(lines):
        timed = _timed(lines[index])
        if timed is not None:
            timed.line = lines[index].strip()
            found.append(timed)
    return found


def _lead(line: str) -> str:
    return _LEAD.sub("", line, count=1)


def _timed(line: str) -> TimedLine | None:
    match = _TIMED.match(_lead(line))
    if match is None:
        return None
    hour = int(match.group("hour"))
    minute = int(match.group("minute") or 0)
    half = (match.group("half") or "").lower()
    if match.group("minute") is None and not half:
        return None  # "3 servers", "2024 ..."
    if hour > 24 or minute > 59:
        return None
    if half.startswith("p") and hour < 12:
        hour += 12
    elif half.startswith("a") and hour == 12:
        hour = 0
    return TimedLine(hour % 24, minute, _day_of(match))


def _day_of(match: re.Match[str]) -> tuple[int | None, int, int] | None:
    if match.group("iso"):
        year, month, day = (int(part) for part in match.group("iso").split("-"))
        return (year, month, day)
    name = match.group("mname") or match.group("dname")
    if name:
        month = next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(name[:3].lower()))
        day = int(match.group("mday") or match.group("dday"))
        year = match.group("myear") or match.group("dyear")
        return (int(year) if year else None, month, day)
    return None


# --- layout rules -------------------------------------------------------------------------

_ZONE_AFTER = re.compile(
    r"[ \t]*[(\[]?[ \t]*(?P<zone>[A-Z]{2,5}(?:[+\u2212-]\d{1,2}(?::?\d{2})?)?(?![\w])"
    r"|[+\u2212-]\d{2}:?\d{2}(?!\d))"
)
_START_END = re.compile(
    r"^(?:\W|\d+[.)])*(?:start|end)(?:ed)?(?:\s+(?:time|date))?\W*?:\W*", re.IGNORECASE
)
_CLOCK = re.compile(
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?\s*(?P<half>[ap]\.?\s?m\b)?", re.IGNORECASE
)
Span = tuple[int, int, int]
"""A line's index and a character range in it."""


@dataclass
class _Render:
    """What a render states once: the dates of its timeline and duration line, its zones."""

    lines: list[str]
    duration: int | None
    heading: int | None
    days: dict[tuple[int, int], list[Span]] = field(default_factory=dict)
    years: set[int] = field(default_factory=set)
    times: dict[tuple[int, int], list[Span]] = field(default_factory=dict)

    def zone(self, name: str) -> Span | None:
        """Where the duration line or the timeline's heading writes this zone name."""
        for index in (self.heading, self.duration):
            if index is None:
                continue
            match = re.search(rf"(?<![\w+-]){re.escape(name)}(?![\w:+-])", self.lines[index], re.I)
            if match:
                return (index, match.start(), match.end())
        return None


def _read_render(render: str) -> _Render:
    lines = _lines(render)
    duration = next((i for i, line in enumerate(lines) if line.startswith("- **Duration:**")), None)
    inside = _timeline_indexes(lines)
    heading = inside[0] - 1 if inside else None
    while heading is not None and heading > 0 and not lines[heading].startswith("#"):
        heading -= 1
    stated = _Render(lines, duration, heading)
    for index in inside:
        lead = len(lines[index]) - len(_lead(lines[index]))
        match = _TIMED.match(_lead(lines[index]))
        day = _day_of(match) if match else None
        if match and day is not None:
            span = (index, lead + match.start("date"), lead + match.end("date"))
            stated.days.setdefault(day[1:], []).append(span)
    if duration is not None:
        line = lines[duration]
        for match in re.finditer(_DATE, line, re.IGNORECASE):
            day = _day_of(match)
            if day is not None:
                stated.days.setdefault(day[1:], []).append((duration, *match.span()))
                if day[0] is not None:
                    stated.years.add(day[0])
        for match in _CLOCK.finditer(line):
            stated.times.setdefault(_hour_minute(match), []).append((duration, *match.span()))
    return stated


def _hour_minute(match: re.Match[str]) -> tuple[int, int]:
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    half = (match.group("half") or "").lower()
    if half.startswith("p") and hour < 12:
        hour += 12
    elif half.startswith("a") and hour == 12:
        hour = 0
    return (hour % 24, minute)


def _date_span(match: re.Match[str], group: str | int = "date") -> tuple[int, int]:
    """Where the date of a match starts, its weekday left out, and where it ends."""
    starts = [match.start(g) for g in ("iso", "mname", "dday") if match.start(g) >= 0]
    return (min(starts) if starts else match.start(group), match.end(group))


def _stated_day(stated: _Render, day: tuple[int | None, int, int] | None) -> list[Span]:
    if day is None or (day[0] is not None and day[0] not in stated.years):
        return []
    return stated.days.get(day[1:], [])


def layout_spans(source: str, render: str) -> tuple[list[Span], list[Span]]:
    """The source's layout the render states once elsewhere (see the module's notes), and
    the render's statements of it."""
    lines = _lines(source)
    stated = _read_render(render)
    kept: list[Span] = []
    used: set[Span] = set()
    for index in _timeline_indexes(lines):
        lead = len(lines[index]) - len(_lead(lines[index]))
        match = _TIMED.match(_lead(lines[index]))
        if match is None or _timed(lines[index]) is None:
            continue
        if match.group("date") and (where := _stated_day(stated, _day_of(match))):
            start, end = _date_span(match)
            kept.append((index, lead + start, lead + end))
            used.update(where)
        after = _ZONE_AFTER.match(lines[index], lead + match.end())
        if after and (zone := stated.zone(after.group("zone"))):
            kept.append((index, *after.span("zone")))
            used.add(zone)
    for index, line in enumerate(lines):
        label = _START_END.match(line)
        if label is None:
            continue
        date_match = re.compile(_DATE, re.IGNORECASE).search(line, label.end())
        clock = _CLOCK.search(line, label.end())
        if date_match is None or clock is None:
            continue
        days = _stated_day(stated, _day_of(date_match))
        times = stated.times.get(_hour_minute(clock), [])
        if not days or not times:
            continue
        kept += [(index, *_date_span(date_match, 0)), (index, *clock.span())]
        used.update([days[0], times[0]])
        after = _ZONE_AFTER.match(line, clock.end())
        if after and (zone := stated.zone(after.group("zone"))):
            kept.append((index, *after.span("zone")))
            used.add(zone)
    return kept, sorted(used)


def _cut(text: str, spans: list[Span]) -> tuple[str, str]:
    """The text without the spans, and the text of the spans."""
    lines = _lines(text)
    taken: list[str] = []
    for index, start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        line = lines[index]
        taken.append(line[start:end])
        lines[index] = line[:start] + " " + line[end:]
    return "\n".join(lines), " ".join(taken)


def layout_recall(source: str, render: str) -> float:
    """The recall with the layout rules: the source's layout that the render states once
    elsewhere counts as kept, and the render's statements of it match nothing else."""
    kept, used = layout_spans(source, render)
    rest, credited = _cut(source, _merge(kept))
    have = Counter(words(_cut(render, _merge(used))[0]))
    want = Counter(words(rest))
    credit = len(words(credited))
    total = sum(want.values()) + credit
    if not total:
        return 1.0
    return (sum(min(count, have[word]) for word, count in want.items()) + credit) / total


def _merge(spans: list[Span]) -> list[Span]:
    """Spans without overlaps (a zone inside a date's range, the same span twice)."""
    merged: list[Span] = []
    for span in sorted(set(spans)):
        if merged and merged[-1][0] == span[0] and span[1] < merged[-1][2]:
            last = merged.pop()
            span = (last[0], last[1], max(last[2], span[2]))
        merged.append(span)
    return merged


def _local(incident: Incident, moment: datetime) -> list[datetime]:
    zone = incident.tz()
    return [moment, moment.astimezone(zone)] if zone else [moment]


def measure(path: Path) -> Result:
    """Import and render one document and compare the render with it."""
    result = Result(path.name)
    source = path.read_text(encoding="utf-8", errors="replace")
    lines = timeline_lines(source)
    result.lines = len(lines)
    try:
        incident = import_markdown(source, name=path.name).incident
    except MarkdownImportError as error:
        result.refused = str(error)
        return result
    render = render_markdown(incident, "standard")
    result.recall = recall(source, render)
    result.layout = layout_recall(source, render)
    result.added = added_words(source, render, incident.timezone)
    result.lost = lost_words(source, render)
    result.entries = len(incident.timeline)
    times = [e.at for e in incident.timeline if e.at is not None]
    result.timed_entries = len(times)
    unused = list(times)
    for line in lines:
        if line.day is not None:
            result.dated_lines += 1
        for moment in unused:
            if any(_same(line, local) for local in _local(incident, moment)):
                unused.remove(moment)
                result.kept += 1
                if line.day is not None:
                    result.dated_kept += 1
                break
        else:
            result.missed.append(line.line)
    return result


def _same(line: TimedLine, moment: datetime) -> bool:
    if (moment.hour, moment.minute) != (line.hour, line.minute):
        return False
    if line.day is None:
        return True
    year, month, day = line.day
    if year is not None and date(year, month, day) != moment.date():
        return False
    return (moment.month, moment.day) == (month, day)


def main(argv: list[str] | None = None) -> int:
    """Measure every Markdown file of a folder and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.import_fidelity")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list the words added")
    parser.add_argument("--missed", action="store_true", help="list the timed lines no entry keeps")
    parser.add_argument(
        "--lost", action="store_true", help="list the words lost, below 0.97 recall"
    )
    args = parser.parse_args(argv)
    paths = sorted(p for p in args.folder.glob("*.md") if p.name.lower() != "readme.md")
    if not paths:
        print(f"{args.folder}: no .md files", file=sys.stderr)
        return 2
    results = [measure(path) for path in paths]
    print(
        f"{'document':<14} {'recall':>6} {'layout':>6} {'lines':>5} {'entries':>7} {'timed':>5} "
        f"{'kept':>4} {'dated':>9}  added"
    )
    for r in results:
        if r.refused:
            print(f"{r.name:<14} REFUSED: {r.refused}")
            continue
        added = ", ".join(r.added[:8]) + (" ..." if len(r.added) > 8 else "")
        if not args.verbose and len(added) > 60:
            added = added[:57] + "..."
        print(
            f"{r.name:<14} {r.recall:6.3f} {r.layout:6.3f} {r.lines:5d} {r.entries:7d} "
            f"{r.timed_entries:5d} {r.kept:4d} {r.dated_kept:4d}/{r.dated_lines:<4d}  {added}"
        )
        if args.missed:
            for line in r.missed:
                print(f"    missed: {line[:100]}")
        if args.lost and min(r.recall, r.layout) < 0.97:
            lost = ", ".join(f"{w}" + (f" x{n}" if n > 1 else "") for w, n in r.lost.most_common())
            print(f"    lost: {lost[:400]}")
    done = [r for r in results if not r.refused]
    with_lines = [r for r in done if r.lines >= 2]
    lines = sum(r.lines for r in results)
    kept = sum(r.kept for r in results)
    dated = sum(r.dated_lines for r in results)
    dated_kept = sum(r.dated_kept for r in results)
    structured = [r for r in with_lines if r.kept * 2 >= r.lines]
    mean = sum(r.recall for r in done) / len(done) if done else 0.0
    high = sum(1 for r in done if r.recall >= 0.97)
    print()
    print(f"documents: {len(results)}, refused: {len(results) - len(done)}")
    print(
        f"mean word recall: {mean:.4f}; at >= 0.97: {high}/{len(results)} "
        f"({high / len(results):.0%})"
    )
    mean = sum(r.layout for r in done) / len(done) if done else 0.0
    high = sum(1 for r in done if r.layout >= 0.97)
    print(
        f"  with the layout rules: {mean:.4f}; at >= 0.97: {high}/{len(results)} "
        f"({high / len(results):.0%})"
    )
    if with_lines:
        print(
            f"timelines structured: {len(structured)}/{len(with_lines)} "
            f"({len(structured) / len(with_lines):.0%})"
        )
    if lines:
        print(f"timed timeline lines kept with their time: {kept}/{lines} ({kept / lines:.0%})")
    if dated:
        print(f"  of them dated, kept with their date: {dated_kept}/{dated}")
    print(f"renders with added words: {sum(1 for r in done if r.added)}/{len(done)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
