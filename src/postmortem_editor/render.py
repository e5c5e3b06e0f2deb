"""Incident -> GitHub-flavoured Markdown, one layout per profile.

The output is deterministic and ready to paste: one line per paragraph (no hard wrapping),
blank lines around every block, ``-`` bullets, and clean under markdownlint's default
rules apart from line length. A document is built from :class:`Block` s, each keyed by
the part of the incident it shows, so that a preview can redraw only the blocks that
changed; :func:`render_markdown` joins them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Literal

from postmortem_editor.model import (
    FreeSection,
    Incident,
    Kind,
    SectionAnchor,
    Task,
    TimelineEntry,
    format_duration,
)
from postmortem_editor.timeparse import format_clock
from postmortem_editor.zones import names_zone

Profile = Literal["standard", "google-sre", "pagerduty"]
PROFILES: tuple[Profile, ...] = ("standard", "google-sre", "pagerduty")

EMPTY_CELL = "—"
"""An action item's table cell the file says nothing about (owner, priority, due)."""

DEFAULT_HEADINGS = {
    "summary": "Issue Summary",
    "timeline": "Timeline",
    "analysis": "Root Cause and Resolution",
    "measures": "Corrective and Preventative Measures",
    "improvements": "Improvements and Fixes",
    "tasks": "Tasks",
}


@dataclass(frozen=True)
class Block:
    """A piece of the rendered document: a key naming what it shows, and its Markdown."""

    key: str
    """What the block shows: "title", "summary", "timeline", "section:<id>", ..."""
    markdown: str
    """The block's Markdown, without surrounding blank lines."""


def render_markdown(incident: Incident, profile: Profile = "standard") -> str:
    """The whole postmortem as Markdown, ending with one newline."""
    return join_blocks(render_blocks(incident, profile))


def join_blocks(blocks: Iterable[Block]) -> str:
    """Join blocks into a document with one blank line between them."""
    return "\n\n".join(block.markdown for block in blocks if block.markdown) + "\n"


def render_blocks(
    incident: Incident, profile: Profile = "standard", *, timeline_body: bool = True
) -> list[Block]:
    """The document as keyed blocks, in order.

    With ``timeline_body=False`` the "timeline" block holds only its heading, for a preview
    that draws the entries itself.
    """
    if profile not in RENDERERS:
        raise ValueError(f"unknown profile {profile!r}: choose one of {', '.join(PROFILES)}")
    return RENDERERS[profile](incident, timeline_body)


# --- text helpers ----------------------------------------------------------------------


def _prose(text: str) -> str:
    """User prose as a Markdown block: trailing spaces dropped, runs of blank lines collapsed."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out)


def _indent(text: str, prefix: str = "  ") -> str:
    """Continuation lines of a list item, indented under it."""
    return "\n".join((prefix + line) if line else "" for line in text.splitlines())


def _item(head: str, body: str) -> str:
    """A bullet "- head body" whose body may span lines or start a nested list."""
    body = _prose(body)
    if not body:
        return f"- {head}".rstrip()
    first, _, rest = body.partition("\n")
    if _starts_block(first):
        return f"- {head}\n{_indent(body)}".rstrip()
    line = f"- {head} {first}".rstrip() if head else f"- {first}"
    return line + ("\n" + _indent(rest) if rest else "")


def _starts_block(line: str) -> bool:
    return bool(re.match(r"^(\s*([-*+]|\d+[.)])\s|#|>|```|\|)", line))


def _cell(text: str) -> str:
    """Text for a table cell: one line, pipes escaped."""
    flat = " ".join(_prose(text).split())
    return flat.replace("|", "\\|") or EMPTY_CELL


def _heading(level: int, text: str) -> str:
    return f"{'#' * level} {' '.join(text.split())}"


def _section(level: int, title: str, body: str) -> str:
    body = _prose(body)
    return f"{_heading(level, title)}\n\n{body}" if body else _heading(level, title)


def _offset_name(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is None or not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")


def _clock(moment: datetime, clock: str = "12h") -> str:
    """The time of day on the incident's clock: "14:05" on "24h", "2:05 PM" on "12h"."""
    return format_clock(moment, None, clock=clock)


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day(moment: datetime) -> str:
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def _short_day(moment: datetime) -> str:
    return f"{MONTHS[moment.month - 1][:3]} {moment.day}"


def zone_name(incident: Incident) -> str:
    """The incident's timezone as a reader is told it: the author's word for it ("CET")
    while that word stands for the timezone, else the setting ("Europe/Paris"); "" for none."""
    name = " ".join(incident.timezone_name.split())
    return name if names_zone(name, incident.timezone) else incident.timezone


def _zone_label(incident: Incident, sample: datetime) -> str:
    return zone_name(incident) or _offset_name(sample)


class Clock:
    """Formats the times of one incident in its timezone, with the date where it changes
    (or at every time, when the incident's ``timeline_dates`` is "every")."""

    def __init__(self, incident: Incident) -> None:
        self.incident = incident
        self.zone: tzinfo | None = incident.tz()
        self.hours: str = incident.clock
        """The incident's clock: "24h" or "12h"."""
        self.every_date = incident.timeline_dates == "every"
        """Whether every time shows its date (2020-11-04 13:13), not only a later day's."""
        start = incident.summary.start
        self.first_day = self.local(start).date() if start else None
        if self.first_day is None:
            known = [e.at for e in incident.timeline if e.at is not None]
            self.first_day = self.local(min(known)).date() if known else None

    def local(self, moment: datetime) -> datetime:
        """The moment in the incident's timezone."""
        return moment.astimezone(self.zone) if self.zone else moment

    def clock(self, moment: datetime) -> str:
        """The time of day of a moment already in the incident's zone, on its clock."""
        return _clock(moment, self.hours)

    @property
    def key(self) -> tuple[object, ...]:
        """What the times depend on: two clocks with the same key write every time alike."""
        return (self.zone, self.first_day, self.hours, self.every_date)

    def time(self, moment: datetime | None) -> str:
        """ "14:05" (or "2:05 PM"), with the date on a later day than the first
        ("Feb 15, 01:10"), or before every time in ISO form ("2024-02-14 14:05") when
        the incident shows every date; "" for none."""
        if moment is None:
            return ""
        local = self.local(moment)
        if self.every_date:
            return f"{local.date().isoformat()} {self.clock(local)}"
        if self.first_day is not None and local.date() != self.first_day:
            return f"{_short_day(local)}, {self.clock(local)}"
        return self.clock(local)

    def stamp(self, moment: datetime | None) -> str:
        """Date and time in full: "February 14, 2024, 14:05"; "" for none."""
        if moment is None:
            return ""
        local = self.local(moment)
        return f"{_day(local)}, {self.clock(local)}"


def duration_line(incident: Incident) -> str:
    """Start, end, timezone and length in one line, as a reader expects it; "" with neither.

    Only what the file says: "from ... (zone)" with no end, "until ... (zone)" with no start.
    """
    start, end = incident.summary.start, incident.summary.end
    clock = Clock(incident)
    anchor = start or end
    if anchor is None:
        return ""
    zone = _zone_label(incident, anchor)
    if start and end:
        a, b = clock.local(start), clock.local(end)
        length = format_duration(end - start)
        if a.date() == b.date():
            return f"from {clock.clock(a)} to {clock.clock(b)} on {_day(a)} ({zone}), {length}"
        return f"from {clock.stamp(start)} to {clock.stamp(end)} ({zone}), {length}"
    if start:
        return f"from {clock.stamp(start)} ({zone})"
    return f"until {clock.stamp(end)} ({zone})"


def impact_text(incident: Incident) -> str:
    """The impact, with the share of users affected added when the text does not say it."""
    impact = _prose(incident.summary.impact)
    share = incident.summary.users_affected_percent
    if share is None:
        return impact
    figure = f"{share:g}%"
    if figure in impact:
        return impact
    addition = f"{figure} of users affected."
    return (
        f"{impact} ({addition})"
        if impact and "\n" not in impact
        else (f"{impact}\n\n{addition}" if impact else addition)
    )


def entry_head(entry: TimelineEntry, clock: Clock) -> str:
    """What stands before an entry's text: its time (with its label), its label alone, or ""."""
    label = entry.label.strip().rstrip(":")
    if entry.at is None:
        return label
    time = clock.time(entry.at)
    return f"{time} ({label})" if label else time


def entry_body(entry: TimelineEntry) -> str:
    """An entry's text, after who did or said it when that is recorded: "alice: restarted db"."""
    by = " ".join(entry.by.split())
    if not by:
        return entry.text
    text = _prose(entry.text)
    if not text or _starts_block(text.partition("\n")[0]):
        return f"{by}:\n{text}" if text else f"{by}:"
    return f"{by}: {text}"


def timeline_entry_line(entry: TimelineEntry, clock: Clock) -> str:
    """One timeline entry as a bullet: "- **10:05 AM:** text", "- **10:05 AM:** alice: text".

    An entry with neither a time nor a label is just "- text".
    """
    head = entry_head(entry, clock)
    return _item(f"**{head}:**" if head else "", entry_body(entry))


def label_runs(entries: Sequence[TimelineEntry]) -> Iterator[range]:
    """The timeline cut into runs: a run of untimed entries in a row that share a label
    (listed under that label once), else one entry alone."""
    index = 0
    while index < len(entries):
        label = entries[index].label.strip()
        end = index + 1
        if entries[index].at is None and label:
            while (
                end < len(entries)
                and entries[end].at is None
                and entries[end].label.strip() == label
            ):
                end += 1
        yield range(index, end)
        index = end


def timeline_list(incident: Incident) -> str:
    """The timeline as a bullet list; untimed entries sharing a label are grouped under it."""
    clock = Clock(incident)
    lines: list[str] = []
    entries = incident.timeline
    for run in label_runs(entries):
        entry = entries[run.start]
        if len(run) == 1:
            lines.append(timeline_entry_line(entry, clock))
        else:
            lines.append(f"- **{entry.label.strip().rstrip(':')}:**")
            lines.extend(_indent(_item("", entry_body(entries[i]))) for i in run)
    return "\n".join(lines)


def task_line(task: Task) -> str:
    """A task as a GitHub task-list item, with owner, priority and due date where set."""
    details = []
    if task.owner:
        details.append(f"owner: {task.owner}")
    if task.priority:
        details.append(f"priority: {task.priority}")
    if task.due:
        details.append(f"due: {task.due.isoformat()}")
    box = "[x]" if task.done else "[ ]"
    text = " ".join(_prose(task.text).split())
    suffix = f" ({'; '.join(details)})" if details else ""
    return f"- {box} {text}{suffix}".rstrip()


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(_item("", text) for text in items if text.strip())


def _free(incident: Incident, anchor: SectionAnchor, level: int = 2) -> list[Block]:
    return [free_section_block(s, level) for s in incident.sections if s.after == anchor]


def free_section_block(section: FreeSection, level: int = 2) -> Block:
    """A free section: its heading (when it has one) and its Markdown as written."""
    body = _prose(section.body)
    if section.title.strip():
        return Block(f"section:{section.id}", _section(level, section.title, body))
    return Block(f"section:{section.id}", body)


def _title(incident: Incident) -> Block:
    return Block("title", _heading(1, incident.title.strip() or "Postmortem"))


def _byline(incident: Incident) -> Block:
    parts = []
    if incident.severity:
        parts.append(f"**Severity:** {incident.severity}")
    if incident.authors:
        parts.append(f"**Authors:** {', '.join(incident.authors)}")
    return Block("byline", " · ".join(parts))


# --- standard: the layout of the seeds ---------------------------------------------------


def _heading_of(incident: Incident, key: str) -> str:
    return getattr(incident.headings, key).strip() or DEFAULT_HEADINGS[key]


def standard_summary(incident: Incident) -> str:
    """The Issue Summary section."""
    summary = incident.summary
    items = []
    duration = duration_line(incident)
    if duration:
        items.append(_item("**Duration:**", duration))
    if summary.service.strip():
        items.append(_item("**Service:**", summary.service))
    impact = impact_text(incident)
    if impact.strip():
        items.append(_item("**Impact:**", impact))
    if summary.root_cause.strip():
        items.append(_item("**Root Cause:**", summary.root_cause))
    return _part(_heading_of(incident, "summary"), "\n".join(items))


def standard_analysis(incident: Incident) -> str:
    """The Root Cause and Resolution section."""
    analysis = incident.analysis
    parts = [_heading(2, _heading_of(incident, "analysis"))]
    for title, text in (
        ("Root Cause", analysis.root_cause),
        ("Trigger", analysis.trigger),
        ("Resolution", analysis.resolution),
        ("Lessons Learned", analysis.lessons),
    ):
        if text.strip():
            parts.append(_section(3, title, text))
    if len(parts) == 1:
        return ""
    return "\n\n".join(parts)


def standard_measures(incident: Incident) -> str:
    """The Corrective and Preventative Measures section."""
    measures = incident.measures
    parts = [_heading(2, _heading_of(incident, "measures"))]
    if measures.improvements:
        parts.append(
            _section(3, _heading_of(incident, "improvements"), _bullets(measures.improvements))
        )
    if measures.tasks:
        tasks = "\n".join(task_line(t) for t in measures.tasks)
        parts.append(_section(3, _heading_of(incident, "tasks"), tasks))
    if len(parts) == 1:
        return ""
    return "\n\n".join(parts)


def standard_timeline(incident: Incident, body: bool = True) -> str:
    """The Timeline section (only its heading when ``body`` is False)."""
    if not incident.timeline:
        return ""
    if not body:
        return _heading(2, _heading_of(incident, "timeline"))
    return _section(2, _heading_of(incident, "timeline"), timeline_list(incident))


def render_standard(incident: Incident, timeline_body: bool = True) -> list[Block]:
    """Issue Summary, Timeline, Root Cause and Resolution, Corrective and Preventative Measures."""
    return [
        _title(incident),
        _byline(incident),
        *_free(incident, "start"),
        Block("summary", standard_summary(incident)),
        *_free(incident, "summary"),
        Block("timeline", standard_timeline(incident, timeline_body)),
        *_free(incident, "timeline"),
        Block("analysis", standard_analysis(incident)),
        *_free(incident, "analysis"),
        Block("measures", standard_measures(incident)),
        *_free(incident, "measures"),
    ]


# --- google-sre: the SRE book's template ----------------------------------------------------


def _part(title: str, body: str) -> str:
    """A section of a layout, or "" (left out) when there is nothing to put under it."""
    body = _prose(body)
    return _section(2, title, body) if body else ""


def _first_of(incident: Incident, kind: Kind) -> TimelineEntry | None:
    for entry in incident.timeline:
        if entry.kind == kind:
            return entry
    return None


def detection_text(incident: Incident) -> str:
    """How the incident was detected, from the timeline's detection entries."""
    clock = Clock(incident)
    detections = [e for e in incident.timeline if e.kind == Kind.DETECTION]
    if not detections:
        return ""
    lines = [timeline_entry_line(e, clock) for e in detections]
    ttd = incident.metrics().time_to_detect
    if ttd is not None:
        lines.append(f"- **Time to detect:** {format_duration(ttd)}")
    return "\n".join(lines)


def action_items_table(incident: Incident) -> str:
    """Improvements and tasks as one table: item, type, owner, priority, due, status."""
    rows = [
        "| Action item | Type | Owner | Priority | Due | Status |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for text in incident.measures.improvements:
        rows.append(
            f"| {_cell(text)} | improvement | {EMPTY_CELL} | {EMPTY_CELL} | {EMPTY_CELL} | open |"
        )
    for task in incident.measures.tasks:
        due = task.due.isoformat() if task.due else EMPTY_CELL
        status = "done" if task.done else "open"
        rows.append(
            f"| {_cell(task.text)} | task | {_cell(task.owner)} | {_cell(task.priority)} "
            f"| {due} | {status} |"
        )
    if len(rows) == 2:
        return ""
    return "\n".join(rows)


def _title_key(title: str) -> str:
    """A heading compared loosely: case, spacing, a trailing colon and plural "s" aside."""
    key = " ".join(title.lower().strip().rstrip(":").split())
    return key.removesuffix("s")


def _parts_and_free(
    incident: Incident, parts: list[tuple[str, str, str]], timeline: Block
) -> list[Block]:
    """A profile's parts (key, title, body) in order, then the free sections.

    A free section whose title is one of the parts' own headings ("Lessons learned") is
    said once: its body goes under that heading. Parts with nothing to say are left out.
    """
    bodies = {key: _prose(body) for key, _, body in parts}
    own = {_title_key(title): key for key, title, _ in parts if key != "timeline"}
    free: list[FreeSection] = []
    for section in incident.sections:
        key = own.get(_title_key(section.title)) if section.title.strip() else None
        if key is None or not section.body.strip():
            free.append(section)
            continue
        bodies[key] = "\n\n".join(p for p in (bodies[key], _prose(section.body)) if p)
    blocks = [_title(incident), _byline(incident)]
    for key, title, _ in parts:
        blocks.append(timeline if key == "timeline" else Block(key, _part(title, bodies[key])))
    taken = {_title_key(title) for key, title, _ in parts if bodies.get(key)}
    if incident.timeline:
        taken.add("timeline")
    for section in free:
        block = free_section_block(section)
        if section.title.strip() and _title_key(section.title) in taken:
            renamed = section.model_copy(update={"title": f"{section.title.strip()} (continued)"})
            block = free_section_block(renamed)
        blocks.append(block)
    return blocks


def _overview(incident: Incident) -> str:
    summary = incident.summary
    overview = []
    duration = duration_line(incident)
    if duration:
        overview.append(f"- **Duration:** {duration}")
    if summary.service.strip():
        overview.append(_item("**Service:**", summary.service))
    if summary.root_cause.strip():
        overview.append(_item("**Root cause:**", summary.root_cause))
    return "\n".join(overview)


def render_google_sre(incident: Incident, timeline_body: bool = True) -> list[Block]:
    """The SRE book's sections: Summary, Impact, Root Causes, ..., Lessons Learned, Timeline."""
    analysis = incident.analysis
    parts = [
        ("summary", "Summary", _overview(incident)),
        ("impact", "Impact", impact_text(incident)),
        ("root-causes", "Root Causes", analysis.root_cause or incident.summary.root_cause),
        ("trigger", "Trigger", analysis.trigger),
        ("resolution", "Resolution", analysis.resolution),
        ("detection", "Detection", detection_text(incident)),
        ("measures", "Action Items", action_items_table(incident)),
        ("lessons", "Lessons Learned", analysis.lessons),
        ("timeline", "Timeline", ""),
    ]
    timeline = Block("timeline", _timeline_section(timeline_list, incident, timeline_body))
    return _parts_and_free(incident, parts, timeline)


# --- pagerduty: PagerDuty's postmortem template -----------------------------------------------


def what_happened(incident: Incident) -> str:
    """What happened, told from the first detection, escalation, mitigation and resolution."""
    if incident.analysis.trigger.strip():
        return _prose(incident.analysis.trigger)
    clock = Clock(incident)
    lines = []
    for kind, verb in (
        (Kind.DETECTION, "Detected"),
        (Kind.ESCALATION, "Escalated"),
        (Kind.MITIGATION, "Mitigated"),
        (Kind.RESOLUTION, "Resolved"),
    ):
        entry = _first_of(incident, kind)
        if entry is not None:
            head = entry_head(entry, clock)
            lead = f"**{verb} at {head}:**" if head else f"**{verb}:**"
            lines.append(_item(lead, entry_body(entry)))
    return "\n".join(lines)


def timeline_table(incident: Incident) -> str:
    """The timeline as a table: time, kind, event; a "Who" column when any entry has a `by`."""
    clock = Clock(incident)
    who = any(entry.by.strip() for entry in incident.timeline)
    if who:
        rows = ["| Time | Kind | Who | Event |", "| --- | --- | --- | --- |"]
    else:
        rows = ["| Time | Kind | Event |", "| --- | --- | --- |"]
    for entry in incident.timeline:
        cells = [
            _cell(entry_head(entry, clock)) if entry_head(entry, clock) else "",
            entry.kind.value,
        ]
        if who:
            cells.append(_cell(entry.by) if entry.by.strip() else "")
        cells.append(_cell(entry.text))
        rows.append(f"| {' | '.join(cells)} |")
    return "\n".join(rows) if incident.timeline else ""


def render_pagerduty(incident: Incident, timeline_body: bool = True) -> list[Block]:
    """Overview, What Happened, Contributing Factors, Resolution, Impact, Timeline, Action Items,
    Lessons Learned."""
    analysis = incident.analysis
    actions = [_item("", text) for text in incident.measures.improvements if text.strip()]
    actions += [task_line(task) for task in incident.measures.tasks]
    metrics = incident.metrics()
    impact = _prose(impact_text(incident))
    figures = [
        f"- **{name}:** {format_duration(value)}"
        for name, value in (
            ("Time to detect", metrics.time_to_detect),
            ("Time to resolve", metrics.time_to_resolve),
        )
        if value is not None
    ]
    parts = [
        ("summary", "Overview", _overview(incident)),
        ("what-happened", "What Happened", what_happened(incident)),
        (
            "root-causes",
            "Contributing Factors",
            analysis.root_cause or incident.summary.root_cause,
        ),
        ("resolution", "Resolution", analysis.resolution),
        ("impact", "Impact", "\n\n".join(p for p in (impact, "\n".join(figures)) if p)),
        ("timeline", "Timeline", ""),
        ("measures", "Action Items", "\n".join(actions)),
        ("lessons", "Lessons Learned", analysis.lessons),
    ]
    timeline = Block("timeline", _timeline_section(timeline_table, incident, timeline_body))
    return _parts_and_free(incident, parts, timeline)


def _timeline_section(body: Callable[[Incident], str], incident: Incident, with_body: bool) -> str:
    if not incident.timeline:
        return ""
    if not with_body:
        return _heading(2, "Timeline")
    return _section(2, "Timeline", body(incident))


RENDERERS: dict[str, Callable[[Incident, bool], list[Block]]] = {
    "standard": render_standard,
    "google-sre": render_google_sre,
    "pagerduty": render_pagerduty,
}


# --- words ---------------------------------------------------------------------------------

_MARKUP = re.compile(
    r"!?\[([^\]]*)\]\([^)]*\)|[#*_`>|]|^\s*(?:[-+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?", re.M
)
# A run of word characters, apostrophes and hyphens that holds a letter or digit
# ([^\W_] is exactly what str.isalnum accepts).
_WORD = re.compile(r"[\w'\u2019-]*[^\W_][\w'\u2019-]*")


def incident_words(incident: Incident) -> int:
    """The incident's word count, as the status line shows it and the rubric judges it.

    It is the count of the standard render, whatever profile the preview shows, so that
    the figure (and a word-count rule) does not change when the profile does.
    """
    return word_count(render_markdown(incident, "standard"))


def word_count(markdown: str) -> int:
    """Words a reader sees in rendered Markdown: markup, URLs and list markers not counted."""
    text = _MARKUP.sub(lambda m: m.group(1) or " ", markdown)
    text = re.sub(r"^\s*-{3,}\s*$", " ", text, flags=re.M)
    return len(_WORD.findall(text))
