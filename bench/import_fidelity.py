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
- added: words of the render that the source does not have, leaving out the words of the
  render's own headings and labels, month and zone names (the incident's timezone among
  them) and numbers (a reformatted date or time): anything listed there is filler or an
  invented value.

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
    rf"^(?:{_DATE}(?:[T\s,\u2013\u2014-]|\*|_|at)*)?{_TIME}",
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
    known = set(words(source)) | set(words(zone))
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


def timeline_lines(source: str) -> list[TimedLine]:
    """The lines of the source's timeline that start with a time (the benchmark's reading)."""
    found: list[TimedLine] = []
    inside = False
    fenced = False
    for raw in source.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
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
            timed = _timed(raw)
            if timed is not None:
                timed.line = raw.strip()
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
        f"{'document':<14} {'recall':>6} {'lines':>5} {'entries':>7} {'timed':>5} "
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
            f"{r.name:<14} {r.recall:6.3f} {r.lines:5d} {r.entries:7d} {r.timed_entries:5d} "
            f"{r.kept:4d} {r.dated_kept:4d}/{r.dated_lines:<4d}  {added}"
        )
        if args.missed:
            for line in r.missed:
                print(f"    missed: {line[:100]}")
        if args.lost and r.recall < 0.97:
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
