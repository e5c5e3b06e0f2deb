"""Reading an issue summary: start, end, timezone, share of users, service, impact, cause.

A summary is read part by part (see :func:`~postmortem_editor.importer.sections.labelled_parts`):
"**Duration:** February 14, 2024, from 10:00 AM to 12:30 PM (UTC-5)", "Start Time: June 5,
2024, 10:00 AM (UTC)", "**Impact:** ...", "Root Cause: ...". Unlabelled prose is the
impact when nothing else is. Facts are also picked out of sentences: "from 8:50pm to
9:40pm EAT", "affecting approximately 80% of our customer base", "The main web
application was completely inaccessible", "The root cause was ...".

The same labels are read in the text between a title and the first section (the
"**Severity:** High" lines of a report's header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from postmortem_editor.importer.blocks import (
    Block,
    parse_blocks,
    plain_text,
    single_item_text,
)
from postmortem_editor.importer.sections import (
    Part,
    labelled_parts,
    table_lookup,
)
from postmortem_editor.model import parse_timezone
from postmortem_editor.timeparse import (
    MONTH_PATTERN,
    FoundTime,
    TimeParseError,
    find_date,
    find_times,
    find_zone,
    parse_time,
)
from postmortem_editor.zones import ZONE_REGIONS, zone_setting

SUMMARY_LABELS: dict[str, str] = {
    "duration": "duration",
    "duration of outage": "duration",
    "duration of the outage": "duration",
    "outage duration": "duration",
    "incident duration": "duration",
    "when": "duration",
    "time frame": "duration",
    "timeframe": "duration",
    "outage window": "duration",
    "period": "duration",
    "incident window": "duration",
    "impact window": "duration",
    "time window": "duration",
    "window": "duration",
    "time": "duration",
    "times": "duration",
    "downtime": "duration",
    "duration of impact": "duration",
    "impact duration": "duration",
    "start": "start",
    "start time": "start",
    "started": "start",
    "started at": "start",
    "start date": "start",
    "began": "start",
    "incident start": "start",
    "outage start": "start",
    "began at": "start",
    "begin": "start",
    "start of incident": "start",
    "start of the incident": "start",
    "start of outage": "start",
    "start of the outage": "start",
    "incident began": "start",
    "incident started": "start",
    "outage began": "start",
    "outage started": "start",
    "impact start": "start",
    "impact started": "start",
    "first impact": "start",
    "detected": "detected",
    "detected at": "detected",
    "detection": "detected",
    "detection time": "detected",
    "time detected": "detected",
    "first detected": "detected",
    "end": "end",
    "end time": "end",
    "ended": "end",
    "ended at": "end",
    "end date": "end",
    "incident end": "end",
    "outage end": "end",
    "end of incident": "end",
    "end of the incident": "end",
    "end of outage": "end",
    "end of the outage": "end",
    "incident ended": "end",
    "outage ended": "end",
    "impact end": "end",
    "impact ended": "end",
    "resolved": "resolved",
    "resolved at": "resolved",
    "resolved on": "resolved",
    "time resolved": "resolved",
    "resolution time": "resolved",
    "fixed at": "resolved",
    "restored at": "resolved",
    "service restored": "resolved",
    "recovered at": "resolved",
    "recovery time": "resolved",
    "timezone": "timezone",
    "time zone": "timezone",
    "tz": "timezone",
    "date": "date",
    "incident date": "date",
    "date of incident": "date",
    "impact": "impact",
    "the impact": "impact",
    "user impact": "impact",
    "customer impact": "impact",
    "business impact": "impact",
    "affected users": "impact",
    "users affected": "impact",
    "effect": "impact",
    "effects": "impact",
    "root cause": "root_cause",
    "root causes": "root_cause",
    "cause": "root_cause",
    "rca": "root_cause",
    "service": "service",
    "services": "service",
    "affected service": "service",
    "affected services": "service",
    "service affected": "service",
    "services affected": "service",
    "system": "service",
    "affected system": "service",
    "affected systems": "service",
    "systems affected": "service",
    "affected application": "service",
    "application": "service",
    "product": "service",
    "component": "service",
    "severity": "severity",
    "sev": "severity",
    "severity level": "severity",
    "author": "authors",
    "authors": "authors",
    "written by": "authors",
    "prepared by": "authors",
    "status": "status",
}
"""Labels of a summary (normalised) and the fact each gives."""

MIDDAY = time(12)
"""Where a day is anchored for reading clock times: its middle, so that a time written in
another zone (a "9:40 PM EST" line under "### 2024-02-01" in UTC) falls on that day too."""

DURATION_KEYS = frozenset({"duration", "start", "end", "timezone", "date", "detected", "resolved"})
_PLACEHOLDER = re.compile(
    r"^\s*(?:\[[^\]\d]*\]|TBD|TBA|TODO|N/?A|unknown|-+)\s*\.?\s*$", re.IGNORECASE
)
_PERCENT = re.compile(
    r"(?P<low>\d{1,3}(?:\.\d+)?)\s*(?:%|percent)?\s*(?:[-\u2013]|to)\s*(?P<high>\d{1,3}(?:\.\d+)?)"
    r"\s*(?:%|percent)\s+of\s+|(?P<one>\d{1,3}(?:\.\d+)?)\s*(?:%|percent)\s+of\s+",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"^(?:[\w-]+\s+){0,3}?(?:users?|user\s*base|customers?|customer\s*base|clients?|visitors?"
    r"|subscribers?|students?|members?|accounts?|tenants?|players?|shoppers?)\b",
    re.IGNORECASE,
)
_THING = (
    r"(?:web\s+application|web\s+app|application|app|service|platform|website|web\s*site|site"
    r"|API|database|cluster|portal|storefront|dashboard|backend|frontend)"
)
_SERVICE_PATTERNS = (
    re.compile(r"\bdowntime\s+was\s+(?:our|the)\s+(?P<name>[\w./-]+(?:\s+[\w./-]+){0,3}?)\s*[,.;]"),
    re.compile(
        rf"(?:^|[.!?]\s+)(?:The|Our)\s+(?P<name>(?:[\w./-]+\s+){{0,3}}?{_THING})s?\b"
        r"(?=\s+(?:was|were|is|are|experienced|went|became|had|suffered)\b)"
    ),
    re.compile(
        rf"\b(?:affected|impacted|disrupted|took\s+down)\s+(?:the|our)\s+"
        rf"(?P<name>(?:[\w./-]+\s+){{0,3}}?{_THING})\b"
    ),
    re.compile(rf"\bavailability\s+of\s+(?:the|our)\s+(?P<name>(?:[\w./-]+\s+){{0,3}}?{_THING})\b"),
    re.compile(
        r"\bService(?:s)?(?:\s+Down|\s+Affected)?:\s*(?P<name>[^.;\n]+?)\s+(?:was|were|is)\b"
    ),
)
_CAUSE_SENTENCES = (
    re.compile(r"\broot\s+cause\b", re.IGNORECASE),
    re.compile(r"\b(?:was|were)\s+caused\s+by\b", re.IGNORECASE),
    re.compile(r"\bstemmed\s+from\b", re.IGNORECASE),
)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


@dataclass
class Span:
    """When an incident started and ended, and the zone its times are in."""

    start: datetime | None = None
    end: datetime | None = None
    zone: str | None = None
    """The zone as written ("UTC-5", "(UTC)", "EST"); None when the text names none."""
    problems: list[str] = field(default_factory=list)
    """Why a time could not be read."""
    placeholders: bool = False
    """Whether the times are placeholders ("[Timestamp]") on purpose."""


@dataclass
class Summary:
    """What a summary section says."""

    span: Span = field(default_factory=Span)
    date: date | None = None
    impact: list[str] = field(default_factory=list)
    root_cause: list[str] = field(default_factory=list)
    service: str = ""
    severity: str = ""
    authors: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    """Text without a label."""
    impact_and_prose: list[str] = field(default_factory=list)
    """The impact and the text without a label, in the order written."""
    kept: list[str] = field(default_factory=list)
    """Parts kept as written (unknown labels, times that could not be read)."""
    labels: list[str] = field(default_factory=list)
    """The labels read, as written."""


def read_summary(blocks: list[Block], *, default: str | None, day: date | None) -> Summary:
    """Read a summary's parts; ``default`` is the key of unlabelled text ("impact" or None).

    ``day`` is a date found elsewhere in the document (title, header), used when the
    summary gives clock times without a date.
    """
    summary = Summary()
    span_parts: list[Part] = []
    for part in labelled_parts(blocks, table_lookup(SUMMARY_LABELS), split_unknown=True):
        key = part.key if part.label else default
        if part.label:
            summary.labels.append(part.label)
        value = single_item_text(part.text) if part.text else ""
        if key in DURATION_KEYS:
            span_parts.append(part)
        elif key == "impact":
            summary.impact.append(value)
            summary.impact_and_prose.append(value)
        elif key == "root_cause":
            summary.root_cause.append(value)
        elif key == "service" and value and "\n" not in value:
            summary.service = plain_text(value).rstrip(".")
        elif key == "severity" and value and "\n" not in value:
            summary.severity = plain_text(value)
        elif key == "authors" and value and "\n" not in value:
            summary.authors = split_names(value)
        elif not part.label:
            summary.prose.append(part.text)
            summary.impact_and_prose.append(part.text)
        else:
            summary.kept.append(part.source)
    if span_parts:
        _read_span_parts(summary, span_parts, day)
    elif summary.prose or summary.impact:
        _read_span_in_prose(summary, day)
    return summary


def split_names(text: str) -> list[str]:
    """Names in "A. Person, B. Person and C. Person"."""
    names = re.split(r"\s*(?:,|;|\band\b|&)\s*", plain_text(text))
    return [name.strip() for name in names if name.strip()]


def _read_span_parts(summary: Summary, parts: list[Part], day: date | None) -> None:
    """Start, end, timezone and date from the summary's duration parts."""
    texts: dict[str, list[str]] = {
        "duration": [],
        "start": [],
        "end": [],
        "timezone": [],
        "detected": [],
        "resolved": [],
    }
    for part in parts:
        value = part.text
        nested = [
            sub
            for sub in labelled_parts(
                parse_blocks(value), table_lookup(SUMMARY_LABELS), split_unknown=False
            )
            if sub.key in DURATION_KEYS
        ]
        if nested and part.key == "duration":
            for sub in nested:
                summary.labels.append(sub.label)
                _file_span_text(texts, sub.key, plain_text(single_item_text(sub.text)))
        else:
            _file_span_text(texts, part.key, plain_text(single_item_text(value)))
    for text in [text for values in texts.values() for text in values]:
        summary.date = summary.date or find_date(text)
    # when the summary writes no start (or end), the detection (or resolution) is the nearest
    span = read_span(
        start_text=" ".join(texts["start"] or texts["detected"]),
        end_text=" ".join(texts["end"] or texts["resolved"]),
        span_text=" ".join(texts["duration"]),
        zone_text=" ".join(texts["timezone"]),
        day=summary.date or day,
    )
    summary.span = span
    for part in parts:
        stands_in = part.key in ("detected", "resolved")  # not what the duration line says
        if span.problems or stands_in or (not span.placeholders and has_prose(part.text)):
            # the words around the times say more than the duration line shows
            summary.kept.append(part.source)


_SPAN_WORDS = frozenset(
    re.findall(
        r"\w+",
        """from to until till through thru on at between and approximately approx about around
        roughly nearly almost some the start started starting end ended ending time times date
        outage incident issue occurred lasted lasting was were it of for a an
        hours hour hrs hr h minutes minute mins min m seconds secs s days day total duration
        st nd rd th am pm a p utc gmt z time zone timezone standard daylight summer eastern
        central pacific mountain monday tuesday wednesday thursday friday saturday sunday
        mon tue tues wed thu thur thurs fri sat sun""",
    )
)
_MONTH_WORD = re.compile(rf"^{MONTH_PATTERN}\.?$", re.IGNORECASE)


def has_prose(text: str) -> bool:
    """Whether a duration's text says more than its times, dates, zone and length.

    "The outage occurred June 5, 2024, from 10:00 AM to 12:30 PM (UTC), about 2.5 hours"
    says no more than the duration line shows; "from 11:00 AM to 1:00 PM on a busy Monday
    morning" does, and is kept as written.
    """
    plain = plain_text(text)
    for found in reversed(find_times(plain)):
        plain = plain[: found.start] + " " + plain[found.end :]
    plain = re.sub(r"\b[A-Za-z]+(?:/[\w+-]+)+", " ", plain)  # America/New_York
    for word in re.findall(r"[A-Za-z]+", plain):
        if word.lower() in _SPAN_WORDS or _MONTH_WORD.match(word):
            continue
        if word.isupper() and len(word) <= 5:
            continue  # a zone: EAT, CEST, PDT
        return True
    return False


def _file_span_text(texts: dict[str, list[str]], key: str | None, text: str) -> None:
    if key == "date":
        texts["duration"].append(text)
    elif key in texts:
        texts[key].append(text)


def _read_span_in_prose(summary: Summary, day: date | None) -> None:
    """Start and end from the first sentence of the prose that gives two clock times."""
    for text in [*summary.impact, *summary.prose]:
        plain = plain_text(text)
        for sentence in _SENTENCE.findall(plain):
            if len(find_times(sentence)) >= 2:
                found = find_date(sentence)
                zone = find_zone(plain) or ""
                span = read_span(span_text=sentence, zone_text=zone, day=found or day)
                if span.start is not None:
                    summary.date = found
                    summary.span = span
                    return


def read_span(
    *,
    span_text: str = "",
    start_text: str = "",
    end_text: str = "",
    zone_text: str = "",
    day: date | None = None,
) -> Span:
    """Start and end from the texts of a duration, a start, an end and a timezone.

    The first time of the start text (else of the duration) is the start; the first time of
    the end text (else the duration's second time) is the end. A zone written with one time
    applies to all; an end earlier than the start, without a date of its own, is on the
    next day. ``day`` is the date of times written without one.
    """
    span = Span()
    given = [text for text in (span_text, start_text, end_text) if text.strip()]
    if given and all(is_placeholder(text) for text in given):
        span.placeholders = True
        return span
    in_span = find_times(span_text)
    starts = find_times(start_text)
    ends = find_times(end_text)
    first = starts[0] if starts else (in_span[0] if in_span else None)
    last = ends[0] if ends else (in_span[1] if not starts and len(in_span) > 1 else None)
    every = " ".join(given)
    zone_text = "" if is_placeholder(zone_text) else zone_text
    span.zone = _first_zone([t for t in (first, last) if t]) or find_zone(zone_text or every)
    zone: tzinfo | None = None
    if span.zone:
        try:
            zone = parse_timezone(zone_setting(span.zone))
        except ValueError as error:
            span.problems.append(str(error))
            return span
    if first is None:
        span.problems.append(f"no start time in {every.strip()!r}")
        return span
    anchor = datetime.combine(day, MIDDAY, tzinfo=zone) if day else None
    try:
        first_text, first_zone = regional_time(first.text, zone)
        span.start = parse_time(first_text, zone=first_zone, anchor=anchor)
        if last is not None:
            last_text, last_zone = regional_time(last.text, zone)
            end = parse_time(last_text, zone=last_zone, anchor=anchor, previous=span.start)
            if end < span.start and not last.dated:
                end += timedelta(days=1)
            span.end = end
    except TimeParseError as error:
        span.start = span.end = None
        span.problems.append(str(error))
    return span


def _first_zone(found: list[FoundTime]) -> str | None:
    for item in found:
        if item.zone:
            return item.zone
    return None


_REGIONAL = re.compile(r"\s*\(?\b(?P<zone>[A-Z]{2,4})\)?\s*$")


def regional_time(text: str, zone: tzinfo | None) -> tuple[str, tzinfo | None]:
    """A time written with a region's abbreviation ("6:00 PM PST") as the time without it
    and the region's zone, whose offset follows the date; other times as they are."""
    match = _REGIONAL.search(text)
    if match is None or match.group("zone") not in ZONE_REGIONS:
        return text, zone
    return text[: match.start()], parse_timezone(ZONE_REGIONS[match.group("zone")])


def users_affected(texts: list[str]) -> float | None:
    """The share of users affected, from "affecting approximately 80% of our customer base".

    A range ("30-35% of the users") gives its upper end; shares of other things ("a 30%
    degradation in user experience", "45% of requests") are not counted.
    """
    for text in texts:
        plain = plain_text(text)
        for match in _PERCENT.finditer(plain):
            if not _PEOPLE.match(plain[match.end() :]):
                continue
            value = float(match.group("high") or match.group("one"))
            if 0 <= value <= 100:
                return value
    return None


def service_name(texts: list[str]) -> str:
    """The service affected, from "The main web application was ...", "downtime was our X"."""
    for pattern in _SERVICE_PATTERNS:
        for text in texts:
            match = pattern.search(plain_text(text))
            if match:
                return " ".join(match.group("name").split())
    return ""


def cause_sentence(texts: list[str]) -> str:
    """The sentence that gives the root cause ("The root cause was ..."), or ""."""
    for pattern in _CAUSE_SENTENCES:
        for text in texts:
            for sentence in _SENTENCE.findall(plain_text(text)):
                if pattern.search(sentence):
                    return " ".join(sentence.split())
    return ""


@dataclass
class Header:
    """What the text between the title and the first section says of the incident."""

    severity: str = ""
    authors: list[str] = field(default_factory=list)
    date: date | None = None
    blocks: list[Block] = field(default_factory=list)
    """The blocks with the lines that became fields taken out."""


_HEADER_KEYS = frozenset({"severity", "authors"})
_BYLINE_SEPARATOR = re.compile(r"\s+[\u00b7|]\s+")


def read_header(blocks: list[Block]) -> Header:
    """Severity and authors from label lines ("**Severity:** High"), and a date for anchoring.

    Lines that became fields are taken out of their paragraph; a date stays where it is
    (it says more than the start time shows).
    """
    header = Header()
    for block in blocks:
        if block.kind != "paragraph":
            header.blocks.append(block)
            continue
        kept_lines = []
        for line in block.lines:
            pieces = _BYLINE_SEPARATOR.split(line)
            kept_pieces = [piece for piece in pieces if not _read_header_piece(header, piece)]
            if len(kept_pieces) == len(pieces):
                kept_lines.append(line)
            elif kept_pieces:
                kept_lines.append(" \u00b7 ".join(kept_pieces))
        if header.date is None:
            header.date = find_date(plain_text(block.source))
        if kept_lines:
            header.blocks.append(Block("paragraph", "\n".join(kept_lines)))
    return header


def _read_header_piece(header: Header, piece: str) -> bool:
    """Read a "**Severity:** High" piece of a header line; whether it became a field."""
    parts = labelled_parts(
        [Block("paragraph", piece)], table_lookup(SUMMARY_LABELS), split_unknown=False
    )
    if len(parts) != 1 or parts[0].key not in _HEADER_KEYS or not parts[0].text:
        return False
    value = parts[0].text.strip()
    if "\n" in value:
        return False
    if parts[0].key == "severity":
        header.severity = plain_text(value)
    else:
        header.authors = split_names(value)
    return True


def is_placeholder(text: str) -> bool:
    """Whether a value is a placeholder: "[Timestamp]", "TBD", "unknown"."""
    return bool(_PLACEHOLDER.match(text))
