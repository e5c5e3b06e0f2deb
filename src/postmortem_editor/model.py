"""Pydantic models of an incident: what a postmortem holds, with no I/O and no user interface.

An incident is one TOML file (schema version 1). The models mirror that file: the top
level, ``[summary]``, ``[[timeline]]``, ``[analysis]``, ``[measures]`` with
``[[measures.tasks]]``, the free Markdown ``[[sections]]`` and the optional ``[headings]``.
Every list item carries a runtime ``id`` that is never written to disk; the store and the
editor use it to follow an entry through edits, moves and sorts.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from postmortem_editor.problems import place_of, value_message

SCHEMA_VERSION = 1


class Kind(StrEnum):
    """What a timeline entry records."""

    DETECTION = "detection"
    INVESTIGATION = "investigation"
    MISLEADING = "misleading"
    ESCALATION = "escalation"
    MITIGATION = "mitigation"
    RESOLUTION = "resolution"
    COMMUNICATION = "communication"
    NOTE = "note"


class Status(StrEnum):
    """Where the postmortem is in its life."""

    DRAFT = "draft"
    REVIEW = "review"
    FINAL = "final"


SectionAnchor = Literal["start", "summary", "timeline", "analysis", "measures"]
"""Where a free section stands: after the title ("start") or after the named section."""

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)}
_CONTROL_PICTURES[0x7F] = 0x2421  # ␡
_CONTROL_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})


def visible_controls(text: str) -> str:
    """Text with control characters made visible and harmless.

    Escape sequences and other control characters inside a field would be executed by
    the terminal that shows them; each becomes its Unicode control picture (ESC -> "␛"),
    C1 controls become "\ufffd". Tabs and newlines stay; CRLF line ends become LF.
    """
    if not _CONTROLS.search(text):
        return text
    return text.replace("\r\n", "\n").translate(_CONTROL_PICTURES)


PlainStr = Annotated[str, AfterValidator(visible_controls)]
"""A string field: any text, with control characters made visible (see visible_controls)."""


def new_id() -> str:
    """A fresh runtime id for a list item (timeline entry, task, free section)."""
    return uuid.uuid4().hex[:12]


def parse_timezone(name: str) -> tzinfo:
    """The tzinfo for an IANA name ("Europe/Paris"), "UTC", or a fixed offset ("-05:00", "UTC-5").

    Raises ValueError with a message saying what is accepted.
    """
    text = name.strip()
    if text.upper() in {"UTC", "Z", "GMT"}:
        return UTC
    match = _OFFSET.match(text)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if hours > 23 or minutes > 59:
            raise ValueError(f"offset {name!r} is out of range")
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if sign == "-" else delta)
    if "/" in text or text.isalpha():
        try:
            return ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise ValueError(
        f"unknown timezone {name!r}: use an IANA name such as 'America/New_York', "
        "'UTC', or a fixed offset such as '-05:00'"
    )


YEARS = (1900, 2999)
"""Times outside these years are refused: they are typing mistakes, and some cannot be shown."""


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        raise ValueError("time has no UTC offset: write it as 2024-02-14T10:00:00-05:00")
    if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(f"year {value.year} is out of range ({YEARS[0]} to {YEARS[1]})")
    return value


Prose = PlainStr
"""Markdown prose; paragraphs separated by blank lines, one line per paragraph."""


class Item(BaseModel):
    """Base of list items: carries the runtime id, never saved."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: SkipJsonSchema[str] = Field(default_factory=new_id, exclude=True, repr=False)
    """Runtime identity of the item; not part of the file."""


class TimelineEntry(Item):
    """One line of the timeline."""

    at: datetime | None = Field(default=None, strict=True)
    """When it happened, with a UTC offset; absent when the time is unknown."""
    kind: Kind = Kind.NOTE
    """What the entry records (detection, escalation, resolution, ...)."""
    by: PlainStr = ""
    """Who did or said it: a person, a team or a chat speaker; empty when not recorded."""
    text: PlainStr = ""
    """What happened, in a sentence or two."""
    label: PlainStr = ""
    """Optional label shown with the time, or instead of it when the time is unknown."""

    @field_validator("at")
    @classmethod
    def _check_at(cls, value: datetime | None) -> datetime | None:
        return _aware(value)


class Task(Item):
    """A specific follow-up task."""

    text: PlainStr = ""
    """What is to be done."""
    owner: PlainStr = ""
    """Who does it: a person or a team."""
    priority: PlainStr = ""
    """Priority, e.g. "P1"."""
    due: date | None = Field(default=None, strict=True)
    """When it is due."""
    done: bool = Field(default=False, strict=True)
    """Whether it is done."""

    @field_validator("due")
    @classmethod
    def _check_due(cls, value: date | None) -> date | None:
        if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
            raise ValueError(f"year {value.year} is out of range ({YEARS[0]} to {YEARS[1]})")
        return value


class FreeSection(Item):
    """A section of free Markdown kept in its place (an overview, a conclusion, a preamble)."""

    title: PlainStr = ""
    """Heading of the section; empty for text shown without a heading."""
    body: Prose = ""
    """The section's Markdown."""
    after: SectionAnchor = "measures"
    """Where it stands: after the title ("start") or after the named section."""


class Section(BaseModel):
    """Base of the fixed sections (tables in the file)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Summary(Section):
    """The issue summary: when, what and who was affected, and why in a sentence."""

    start: datetime | None = Field(default=None, strict=True)
    """When the incident started, with a UTC offset."""
    end: datetime | None = Field(default=None, strict=True)
    """When it ended, with a UTC offset."""
    service: PlainStr = ""
    """The service or system affected."""
    impact: Prose = ""
    """What users saw, and how many of them."""
    users_affected_percent: float | None = Field(default=None, ge=0, le=100, strict=True)
    """Share of users affected, in percent."""
    root_cause: Prose = ""
    """The root cause in a sentence."""

    @field_validator("start", "end")
    @classmethod
    def _check_times(cls, value: datetime | None) -> datetime | None:
        return _aware(value)


class Analysis(Section):
    """Root cause and resolution, at length."""

    root_cause: Prose = ""
    """Why it happened."""
    resolution: Prose = ""
    """How it was resolved."""
    trigger: Prose = ""
    """What set it off, when that differs from the root cause."""
    lessons: Prose = ""
    """Lessons learned: what went well, what went wrong, where we got lucky."""


class Measures(Section):
    """Corrective and preventative measures."""

    improvements: list[PlainStr] = Field(default_factory=list)
    """Improvements and fixes, one line each."""
    tasks: list[Task] = Field(default_factory=list)
    """Specific tasks, each with an owner, priority and due date where known."""


class Headings(Section):
    """Section headings as this document names them; used by the standard profile."""

    summary: PlainStr = ""
    """Heading of the summary (default "Issue Summary")."""
    timeline: PlainStr = ""
    """Heading of the timeline (default "Timeline")."""
    analysis: PlainStr = ""
    """Heading of the analysis (default "Root Cause and Resolution")."""
    measures: PlainStr = ""
    """Heading of the measures (default "Corrective and Preventative Measures")."""
    improvements: PlainStr = ""
    """Sub-heading of the improvements (default "Improvements and Fixes")."""
    tasks: PlainStr = ""
    """Sub-heading of the tasks (default "Tasks")."""


class Incident(BaseModel):
    """An incident postmortem: the whole file."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: int = Field(default=SCHEMA_VERSION, strict=True)
    """Version of the file format; this program reads version 1."""
    title: PlainStr = ""
    """Title of the postmortem."""
    status: Status = Status.DRAFT
    """draft, review or final."""
    severity: PlainStr = ""
    """Severity, e.g. "SEV-1"."""
    timezone: PlainStr = ""
    """Timezone the times are shown in: an IANA name, "UTC" or a fixed offset."""
    timezone_name: PlainStr = ""
    """The document's own word for the timezone ("CET", "Eastern"), shown in place of the
    timezone's setting while it stands for it (CET for Europe/Paris, not for another zone);
    an import keeps the author's."""
    clock: Literal["24h", "12h"] = "24h"
    """How times are shown: "24h" (14:05) or "12h" (2:05 PM); an import keeps the document's."""
    timeline_dates: Literal["changes", "every"] = "changes"
    """Where the timeline's times show their date: "changes" (where the day changes) or
    "every" (each timed entry, 2020-11-04 13:13); an import keeps the document's."""
    authors: list[PlainStr] = Field(default_factory=list)
    """Who wrote the postmortem."""
    headings: Headings = Field(default_factory=Headings)
    """Custom section headings for the standard profile."""
    summary: Summary = Field(default_factory=Summary)
    """The issue summary."""
    timeline: list[TimelineEntry] = Field(default_factory=list)
    """The timeline, in the order written."""
    analysis: Analysis = Field(default_factory=Analysis)
    """Root cause and resolution."""
    measures: Measures = Field(default_factory=Measures)
    """Corrective and preventative measures."""
    sections: list[FreeSection] = Field(default_factory=list)
    """Free Markdown sections, each kept in its place."""

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value < 1 or value > SCHEMA_VERSION:
            raise ValueError(
                f"schema version {value} is not supported: this program reads version "
                f"{SCHEMA_VERSION}; upgrade postmortem-editor to open this file"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if value:
            parse_timezone(value)
        return value

    def tz(self) -> tzinfo | None:
        """The incident's tzinfo, or None when no timezone is set."""
        return parse_timezone(self.timezone) if self.timezone else None

    def local(self, moment: datetime) -> datetime:
        """A time shown in the incident's timezone (its own offset when none is set)."""
        zone = self.tz()
        return moment.astimezone(zone) if zone else moment

    def entry(self, entry_id: str) -> TimelineEntry:
        """The timeline entry with this id; KeyError when there is none."""
        for item in self.timeline:
            if item.id == entry_id:
                return item
        raise KeyError(entry_id)

    def metrics(self) -> Metrics:
        """Duration and times to detect, mitigate and resolve, where the file says enough."""
        return Metrics.of(self)


def _first(incident: Incident, *kinds: Kind) -> datetime | None:
    times = [e.at for e in incident.timeline if e.kind in kinds and e.at is not None]
    return min(times) if times else None


def _since(start: datetime | None, moment: datetime | None) -> timedelta | None:
    if start is None or moment is None:
        return None
    return moment - start


class Metrics(BaseModel):
    """Derived figures of an incident, measured from its start."""

    duration: timedelta | None = None
    """From start to end."""
    time_to_detect: timedelta | None = None
    """From start to the first detection entry."""
    time_to_mitigate: timedelta | None = None
    """From start to the first mitigation entry (or the resolution, when none)."""
    time_to_resolve: timedelta | None = None
    """From start to the first resolution entry (or the end, when none)."""

    @classmethod
    def of(cls, incident: Incident) -> Metrics:
        """Compute the metrics of an incident."""
        summary = incident.summary
        resolved = _first(incident, Kind.RESOLUTION) or summary.end
        return cls(
            duration=_since(summary.start, summary.end),
            time_to_detect=_since(summary.start, _first(incident, Kind.DETECTION)),
            time_to_mitigate=_since(
                summary.start,
                _first(incident, Kind.MITIGATION) or _first(incident, Kind.RESOLUTION),
            ),
            time_to_resolve=_since(summary.start, resolved),
        )


def format_duration(delta: timedelta | None) -> str:
    """A duration as people write it: "2 h 30 min", "45 min", "3 d 4 h"; "unknown" for None."""
    if delta is None:
        return "unknown"
    minutes = int(delta.total_seconds() / 60)  # toward zero, alike for both signs
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} d")
    if hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    return sign + " ".join(parts)


def describe_error(error: ValidationError) -> str:
    """Every problem of a validation error on one line: "place: message; place: message".

    Places are worded as the user sees them, items counted from 1 ("timeline entry 2: at").
    """
    described = []
    for problem in error.errors():
        place = place_of(tuple(problem["loc"]))
        message = value_message(problem)
        described.append(f"{place}: {message}" if place else message)
    return "; ".join(described)


def incident_from_data(data: dict[str, Any]) -> Incident:
    """Validate plain data (as read from TOML) into an Incident; raises ValidationError."""
    return Incident.model_validate(data)
