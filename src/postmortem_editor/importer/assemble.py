"""A Markdown postmortem -> an incident, section by section, with a report.

The document is cut into sections (:mod:`.sections`); the summary is read first, for the
incident's date and timezone; then every section in order: the timeline (a second one is
read on after the first), root cause and resolution, measures. Whatever has no field (a
preamble, an "Overview", a "Conclusion", text a section could not place) becomes a free
section where it stood, so that the standard render of the incident holds every word of
the document.

A timeline with no date anywhere in the document keeps its times of day on the day of the
import, and one with no zone is read as UTC; the report says so, and neither is shown: the
start and end, taken from the timeline when the summary writes none, are set only on a
day and in a zone the document gives.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from postmortem_editor.errors import StoreError
from postmortem_editor.importer.analysis import (
    FIELD_HEADINGS,
    covered,
    read_analysis,
    read_measures,
    with_label,
)
from postmortem_editor.importer.blocks import (
    Block,
    is_markdown_fence,
    join_sources,
    normalise_newlines,
    open_markdown_fence,
    parse_blocks,
    plain_text,
)
from postmortem_editor.importer.front_matter import FrontMatter, split_front_matter
from postmortem_editor.importer.report import ImportReport, plural
from postmortem_editor.importer.sections import (
    ANALYSIS,
    IMPACT,
    IMPROVEMENTS,
    LESSONS,
    MEASURES,
    RESOLUTION,
    ROOT_CAUSE,
    SECTION_NAMES,
    SUMMARY,
    TASKS,
    TIMELINE,
    TRIGGER,
    Outline,
    RawSection,
    normalise,
    outline,
)
from postmortem_editor.importer.summary import (
    MIDDAY,
    Summary,
    cause_sentence,
    read_header,
    read_summary,
    service_name,
    users_affected,
    zone_setting,
)
from postmortem_editor.importer.timeline import (
    Timeline,
    TimelineReader,
    first_date,
    timeline_zone,
)
from postmortem_editor.model import (
    Analysis,
    FreeSection,
    Headings,
    Incident,
    Measures,
    SectionAnchor,
    Task,
    describe_error,
    parse_timezone,
)
from postmortem_editor.model import Summary as SummaryFields
from postmortem_editor.reading import MAX_FILE_BYTES, read_text
from postmortem_editor.render import DEFAULT_HEADINGS
from postmortem_editor.timeparse import find_date, find_times, find_zone

_ANCHOR_OF: dict[str, SectionAnchor] = {
    SUMMARY: "summary",
    IMPACT: "summary",
    TIMELINE: "timeline",
    ANALYSIS: "analysis",
    ROOT_CAUSE: "analysis",
    RESOLUTION: "analysis",
    TRIGGER: "analysis",
    LESSONS: "analysis",
    MEASURES: "measures",
    IMPROVEMENTS: "measures",
    TASKS: "measures",
}
_WHERE = {
    SUMMARY: "summary",
    IMPACT: "summary impact",
    ANALYSIS: "root cause and resolution",
    ROOT_CAUSE: "root cause",
    RESOLUTION: "resolution",
    TRIGGER: "trigger",
    LESSONS: "lessons learned",
}

_TIMELINE_NAMES = frozenset(name for name, kind in SECTION_NAMES.items() if kind == TIMELINE)
_ZONE_NOTE = re.compile(
    r"^(?:all\s+)?(?:the\s+)?(?:times?|timestamps?|hours?)\b[^.!?]{0,60}\.?$", re.IGNORECASE
)
_TWELVE_HOUR = re.compile(r"(?<![\w:])\d{1,2}(?::[0-5]\d)?\s*[ap]\.?\s?m\b", re.IGNORECASE)
# An offset ("GMT+03:00", "UTC-05:00", "+02:00") is no time of day.
_TWENTY_FOUR_HOUR = re.compile(
    r"(?<![\w:.+])(?<!(?:UTC|GMT)[-\u2212])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\s*[ap]\.?\s?m\b)(?![\w:])",
    re.IGNORECASE,
)


def document_clock(text: str) -> Literal["24h", "12h"]:
    """The clock a document writes its times on: "12h" when most carry AM or PM."""
    twelve = len(_TWELVE_HOUR.findall(text))
    twenty_four = len(_TWENTY_FOUR_HOUR.findall(text))
    return "12h" if twelve > twenty_four else "24h"


def _zone_or_none(written: str) -> str | None:
    """The timezone setting of a zone as written, None for one this program does not know."""
    try:
        return zone_setting(written)
    except ValueError:
        return None


class MarkdownImportError(ValueError):
    """A file that cannot be imported; the message is one line naming the file."""


@dataclass
class ImportResult:
    """An imported incident and the report of what was found."""

    incident: Incident
    report: ImportReport


def import_file(path: str | Path, *, today: date | None = None) -> ImportResult:
    """Import a Markdown postmortem file (``today`` as for :func:`import_markdown`).

    Raises StoreError for a file that cannot be read (missing, a folder, too large, not
    UTF-8) and MarkdownImportError for one that is no postmortem (empty, binary, Python
    source).
    """
    file_path = Path(path)
    return import_markdown(read_source(file_path), name=str(file_path), today=today)


def read_source(path: Path) -> str:
    """The text of a Markdown file, with one-line messages for files that are no Markdown."""
    try:
        return read_text(path)
    except StoreError as error:
        # The store's words are about incident files; an import says what it expected.
        raw = _small_file_bytes(path)
        if raw is not None and not raw.strip():
            message = f"{path}: the file is empty; there is nothing to import"
            raise MarkdownImportError(message) from None
        if raw is not None and b"\x00" in raw and "binary" in str(error):
            message = f"{path}: this is a binary file, not a Markdown postmortem"
            raise MarkdownImportError(message) from None
        raise


def _small_file_bytes(path: Path) -> bytes | None:
    try:
        if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            return path.read_bytes()
    except OSError:
        return None
    return None


def import_markdown(
    text: str, *, name: str = "document", today: date | None = None
) -> ImportResult:
    """Import the text of a Markdown postmortem; ``name`` names it in messages.

    ``today`` is the day of the import (the local date when None): the times of a timeline
    that gives no date anywhere are kept on that day, and the report says so.

    Raises MarkdownImportError when the text is no postmortem: empty or Python source. A
    text without any section this importer knows is kept whole as free sections.
    """
    text = normalise_newlines(text)
    if not text.strip():
        raise MarkdownImportError(f"{name}: the file is empty; there is nothing to import")
    if _looks_like_python(text):
        raise MarkdownImportError(f"{name}: this is Python source, not a Markdown postmortem")
    front, body = split_front_matter(text)
    report = ImportReport()
    cut = outline(parse_blocks(body))
    if not _known(cut):
        opened = _open_fences(parse_blocks(body))
        if opened is not None and _known(outline(opened)):
            cut = outline(opened)
            report.notes.append("read the postmortem inside a ```markdown code block")
    if not _known(cut):
        report.warnings.append(
            "no postmortem section was recognized (such as Issue Summary, Timeline, Root "
            "Cause, Corrective and Preventative Measures): all the text is kept as free sections"
        )
    builder = _Builder(cut, front, report, today or date.today())
    builder.clock = document_clock(body)
    return builder.build(name)


def _known(cut: Outline) -> bool:
    return any(section.kind for section in cut.sections)


def _open_fences(blocks: list[Block]) -> list[Block] | None:
    if not any(is_markdown_fence(block) for block in blocks):
        return None
    opened: list[Block] = []
    for block in blocks:
        opened.extend(open_markdown_fence(block) if is_markdown_fence(block) else [block])
    return opened


def _looks_like_python(text: str) -> bool:
    """Whether the text is a Python module (imports, functions or classes), not prose."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    code = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return any(isinstance(node, code) for node in tree.body)


class _Builder:
    """Builds the incident from a document's outline, section by section."""

    def __init__(self, cut: Outline, front: FrontMatter, report: ImportReport, today: date) -> None:
        self.cut = cut
        self.today = today
        self.front = front
        self.report = report
        self.title = cut.title or front.title
        self.free: list[FreeSection] = []
        self.headings: dict[str, str] = {}
        self.severity = front.severity
        self.authors: list[str] = list(front.authors)
        self.day: date | None = None
        self.summary = Summary()
        self.impact: list[str] = []
        self.summary_root_cause: list[str] = []
        self.analysis: dict[str, list[str]] = {key: [] for key in FIELD_HEADINGS}
        self.improvements: list[str] = []
        self.tasks: list[Task] = []
        self.timeline = Timeline()
        self.timezone = ""
        self.clock: Literal["24h", "12h"] = "24h"
        self.zone: tzinfo | None = None
        self.assumed_day = False
        """Whether the timeline's times were put on the day of the import (no date known)."""
        self.assumed_zone = False
        """Whether the timeline's times were read as UTC (no timezone known)."""
        self.zone_on_times = ""
        """The zone as the timeline writes it with its times ("3:00 PM CAT"), when the
        incident's timezone comes from there."""
        self.reader: TimelineReader | None = None
        """The reader of the first timeline, which reads the others on."""
        self.start: datetime | None = None
        self.end: datetime | None = None
        self.taken: list[str] = []
        """What of the start and end was taken from the timeline."""
        self.seen: set[str] = set()
        self.primary = self._primary_summary()
        self.has_analysis = any(s.kind == ANALYSIS for s in cut.sections)

    # --- the whole document -------------------------------------------------------------------

    def build(self, name: str) -> ImportResult:
        """Read every section and put the incident together."""
        if self.front.prose:
            self._free("", join_sources(self.front.prose), "start", note="(front matter)")
        for section in self.cut.sections:
            if section.role in ("preamble", "intro"):
                self._read_header(section)
        self._settle_day()
        if self.front.left_out:
            self.report.notes.append(f"front matter left out: {'; '.join(self.front.left_out)}")
        if self.primary is not None:
            self.summary = read_summary(self.primary.blocks, default=None, day=self.day)
        self._settle_zone()
        anchor: SectionAnchor = "start"
        for section in self.cut.sections:
            anchor = self._read_section(section, anchor)
        self._span_from_timeline()
        self._zone_of_times_in_heading()
        incident = self._incident(name)
        self._finish_report(incident)
        return ImportResult(incident, self.report)

    def _primary_summary(self) -> RawSection | None:
        """The summary whose fields are read: the first with labels, else the first."""
        summaries = [s for s in self.cut.sections if s.kind == SUMMARY]
        for section in summaries:
            if any(block.kind in ("list", "paragraph") for block in section.blocks):
                probe = read_summary(section.blocks, default=None, day=None)
                if probe.labels:
                    return section
        return summaries[0] if summaries else None

    def _read_header(self, section: RawSection) -> None:
        header = read_header(section.blocks)
        self.severity = self.severity or header.severity
        self.authors = self.authors or header.authors
        self.day = self.day or header.date
        section.blocks = header.blocks

    def _settle_day(self) -> None:
        """The incident's date: the header's, the title's, the summary's, the first the
        timeline writes, else the front matter's (a blog post's date)."""
        self.day = self.day or find_date(self.title)
        if self.primary is not None:
            self.day = self.day or find_date(plain_text(_body(self.primary.blocks)))
        timelines = [s for s in self.cut.sections if s.kind == TIMELINE]
        if timelines:
            self.day = self.day or first_date(timelines[0].blocks)
        self.day = self.day or self.front.day
        if self.front.day is not None and self.day != self.front.day:
            self.front.left_out.insert(0, f"date ({self.front.day.isoformat()})")

    def _settle_zone(self) -> None:
        """The incident's timezone: the summary's, the front matter's, the timeline's (its
        heading, a zone note, a zone written with its times), else the header's."""
        written = self.summary.span.zone or self.front.timezone or None
        timelines = [s for s in self.cut.sections if s.kind == TIMELINE]
        if written is None and timelines:
            written = timeline_zone(timelines[0].title, timelines[0].blocks)
        on_times = None
        if timelines:
            on_times = next((t.zone for t in find_times(_text(timelines[0])) if t.zone), None)
        written = written or on_times
        if written is None and self.primary is not None:
            written = find_zone(plain_text(_body(self.primary.blocks)))  # "All times in PST."
        if written is None:
            header = [s for s in self.cut.sections if s.role in ("preamble", "intro")]
            texts = [self.title, *(plain_text(_body(s.blocks)) for s in header)]
            written = next((z for z in map(find_zone, texts) if z), None)
        if written is not None:
            self._set_zone(written)
        if on_times is not None and self.timezone and _zone_or_none(on_times) == self.timezone:
            self.zone_on_times = on_times

    def _set_zone(self, written: str) -> None:
        bare = written.strip().strip("()").strip().upper()
        if bare == "IST":
            self.report.warnings.append(
                f"timezone {written!r} is ambiguous (India, Israel or Irish Standard Time): "
                "read as India Standard Time"
            )
        try:
            self.timezone = zone_setting(written)
            self.zone = parse_timezone(self.timezone)
        except ValueError:
            self.report.warnings.append(f"timezone {written!r} is not one this program knows")

    # --- one section ----------------------------------------------------------------------------

    def _read_section(self, section: RawSection, anchor: SectionAnchor) -> SectionAnchor:
        """Read a section; returns the anchor of free sections that follow it."""
        title = section.title
        if section.role in ("preamble", "intro"):
            self._free(title, _body(section.blocks), "start", note="(text before the sections)")
            return anchor
        kind = section.kind
        if kind is None:
            self._free(title, _body(section.blocks), anchor)
            self.report.sections.append((title or "(untitled)", "free section"))
            return anchor
        if kind == SUMMARY:
            return self._read_summary_section(section, anchor)
        if kind == IMPACT:
            self._read_impact(section)
        elif kind == TIMELINE:
            self._read_timeline(section)
        elif kind in (ANALYSIS, ROOT_CAUSE, RESOLUTION, TRIGGER, LESSONS):
            self._read_analysis(section)
        else:
            self._read_measures(section)
        self.seen.add(kind)
        return _ANCHOR_OF[kind]

    def _read_summary_section(self, section: RawSection, anchor: SectionAnchor) -> SectionAnchor:
        if section is not self.primary:
            self._free(section.title, _body(section.blocks), anchor)
            self.report.sections.append((section.title, "free section"))
            return anchor
        summary = self.summary
        self._heading("summary", section.title)
        self.report.sections.append((section.title, "summary"))
        self.summary_root_cause.extend(summary.root_cause)
        self.severity = self.severity or summary.severity
        self.authors = self.authors or summary.authors
        if summary.prose and not summary.labels and self._impact_elsewhere():
            # a summary told in prose, with the impact in a section of its own
            self._free(section.title, join_sources(summary.prose), "start")
            self.headings.pop("summary", None)
            self.impact.extend(summary.impact)
        else:
            self.impact.extend(summary.impact_and_prose)
        if summary.kept:
            self._free("", join_sources(summary.kept), "summary", note="(summary, as written)")
        self.seen.add(SUMMARY)
        return "summary"

    def _impact_elsewhere(self) -> bool:
        return any(s.kind == IMPACT for s in self.cut.sections)

    def _read_impact(self, section: RawSection) -> None:
        read = read_summary(section.blocks, default="impact", day=self.day)
        pieces = [*read.impact, *read.prose]
        if pieces and not covered(section.title, "Impact"):
            pieces[0] = with_label(section.title, pieces[0], title=True)
        self.impact.extend(pieces)
        self.summary_root_cause.extend(read.root_cause)
        if read.kept:
            self._free("", join_sources(read.kept), "summary", note="(impact, as written)")
        self.report.sections.append((section.title, "summary impact"))

    def _read_timeline(self, section: RawSection) -> None:
        if self.reader is not None:
            self._read_more_timeline(section, self.reader)
            return
        self._heading("timeline", section.title)
        zone = self.zone
        if zone is None:
            zone, self.assumed_zone = UTC, True
        self.reader = TimelineReader(zone=zone, anchor=self._timeline_anchor(zone))
        self.timeline = self.reader.read(section.blocks)
        if self.zone is None and self.timeline.first_zone:
            self._set_zone(self.timeline.first_zone)  # "2024-06-28 7:09 AM Eastern:"
            self.zone_on_times = self.timeline.first_zone
            if self.zone is not None:  # read again, the times without a zone in this one
                self.assumed_zone = False
                self.reader = TimelineReader(
                    zone=self.zone, anchor=self._timeline_anchor(self.zone)
                )
                self.timeline = self.reader.read(section.blocks)
        self._zone_note_in_heading(section.title or DEFAULT_HEADINGS["timeline"])
        if self.timeline.before:
            self._free("", join_sources(self.timeline.before), "summary", note="(timeline text)")
        if self.timeline.after:
            self._free("", join_sources(self.timeline.after), "timeline", note="(timeline text)")
        count = plural(len(self.timeline.entries), "entry", "entries")
        self.report.sections.append((section.title, f"timeline ({count})"))

    def _zone_note_in_heading(self, title: str) -> None:
        """ "All times in PST" over the entries goes into the timeline's heading, where it
        says what it says, instead of standing alone after the summary."""
        before = self.timeline.before
        if not before or find_zone(title):
            return
        note = plain_text(before[0])
        if "\n" in note or not _ZONE_NOTE.match(note) or not find_zone(note):
            return
        before.pop(0)
        self.headings["timeline"] = f"{title} ({note.rstrip('.')})"
        self.report.notes.append(f"{note!r} is kept in the timeline's heading")

    def _timeline_anchor(self, zone: tzinfo) -> datetime:
        """What the timeline's clock times are read from: the start, else the day's middle."""
        if self.summary.span.start is not None:
            return self.summary.span.start
        day = self.day
        if day is None:
            day, self.assumed_day = self.today, True
        return datetime.combine(day, MIDDAY, tzinfo=zone)

    def _read_more_timeline(self, section: RawSection, reader: TimelineReader) -> None:
        """A second timeline (one per incident of a report, a "Follow-up timeline"): its
        entries follow the first's, on the days the first left off; a title other than
        "Timeline" names them."""
        entries, after = len(self.timeline.entries), len(self.timeline.after)
        named = "" if normalise(section.title) in _TIMELINE_NAMES else section.title
        self.timeline = reader.read(section.blocks, group=named)
        if self.timeline.after[after:]:
            self._free(
                "", join_sources(self.timeline.after[after:]), "timeline", note="(timeline text)"
            )
        count = plural(len(self.timeline.entries) - entries, "more entry", "more entries")
        self.report.sections.append((section.title, f"timeline ({count})"))

    def _read_analysis(self, section: RawSection) -> None:
        kind = section.kind
        assert kind is not None
        if kind == ANALYSIS:
            self._heading("analysis", section.title)
            fields = read_analysis(section.blocks, None)
        else:
            fields = read_analysis(section.blocks, kind)
            own = fields[kind]
            if not covered(section.title, FIELD_HEADINGS[kind]):
                if own:
                    own[0] = with_label(section.title, own[0], title=True)
                else:
                    own.append(with_label(section.title, "", title=True))
        where = _WHERE[kind]
        if kind == ROOT_CAUSE and self.has_analysis and not self.summary_root_cause:
            self.summary_root_cause.extend(fields.pop(ROOT_CAUSE))
            where = "summary root cause"
        for key, texts in fields.items():
            self.analysis[key].extend(texts)
        self.report.sections.append((section.title, where))

    def _read_measures(self, section: RawSection) -> None:
        kind = section.kind
        default = TASKS if kind == TASKS else IMPROVEMENTS
        read = read_measures(section.blocks, default)
        if not read.improvements and not read.tasks:
            # nothing to list: the layout would show no heading, so the section keeps its own
            self._free(section.title, _body(section.blocks), "analysis")
            self.report.sections.append((section.title, "free section (no measures found)"))
            return
        if not self.headings.get("measures") and MEASURES not in self.seen:
            self._heading("measures", section.title)
        for key, label in read.headings.items():
            self._heading(key, label)
        self.improvements.extend(read.improvements)
        self.tasks.extend(read.tasks)
        if read.before:
            self._free("", join_sources(read.before), "analysis", note="(measures text)")
        if read.after:
            self._free("", join_sources(read.after), "measures", note="(measures text)")
        self.seen.update({MEASURES, IMPROVEMENTS, TASKS})
        counts = (
            f"{plural(len(read.improvements), 'improvement')}, {plural(len(read.tasks), 'task')}"
        )
        self.report.sections.append((section.title, f"measures ({counts})"))

    # --- helpers ---------------------------------------------------------------------------------

    def _heading(self, key: str, title: str) -> None:
        """Keep a document's own name for a section, when it is not the default."""
        if title and key not in self.headings and title != DEFAULT_HEADINGS[key]:
            self.headings[key] = title

    def _free(self, title: str, body: str, after: SectionAnchor, *, note: str = "") -> None:
        if not title and not body.strip():
            return
        self.free.append(FreeSection(title=title, body=body, after=after))
        self.report.free_sections.append(title or note or "(untitled)")

    def _zone_of_times_in_heading(self) -> None:
        """A zone written with every time ("3:00 PM CAT") and stated nowhere else (no start
        or end, so no duration line) is named once, in the timeline's heading."""
        if not self.zone_on_times or not self.timezone or self.start or self.end:
            return
        title = self.headings.get("timeline") or DEFAULT_HEADINGS["timeline"]
        if find_zone(title):
            return
        zone = self.zone_on_times.strip().strip("()").strip()
        self.headings["timeline"] = f"{title} ({zone})"
        self.report.notes.append(
            f"the zone written with the times ({zone}) is named in the timeline's heading"
        )

    def _span_from_timeline(self) -> None:
        """A start and end the summary does not write: the timeline's first and last times.

        Only times on a day and in a zone the document gives: a date or zone assumed for
        reading would be shown in the duration line as if the author had written it.
        """
        self.start, self.end = self.summary.span.start, self.summary.span.end
        times = sorted(entry.at for entry in self.timeline.entries if entry.at is not None)
        if not times or self.assumed_day or self.assumed_zone:
            return
        if self.start is None:
            self.start = times[0]
            self.taken.append("start")
        if self.end is None and times[-1] > self.start:
            self.end = times[-1]
            self.taken.append("end")

    # --- the incident -----------------------------------------------------------------------------

    def _incident(self, name: str) -> Incident:
        summary = self.summary
        root_cause = join_sources(self.summary_root_cause)
        if not root_cause:
            root_cause = cause_sentence([*self.impact])
        service = summary.service or service_name(self._service_texts())
        try:
            return Incident(
                title=self.title,
                severity=self.severity,
                timezone=self.timezone,
                clock=self.clock,
                authors=self.authors,
                headings=Headings(**self.headings),
                summary=SummaryFields(
                    start=self.start,
                    end=self.end,
                    service=service,
                    impact=join_sources(self.impact),
                    users_affected_percent=users_affected(self.impact),
                    root_cause=root_cause,
                ),
                timeline=list(self.timeline.entries),
                analysis=Analysis(
                    root_cause=join_sources(self.analysis[ROOT_CAUSE]),
                    resolution=join_sources(self.analysis[RESOLUTION]),
                    trigger=join_sources(self.analysis[TRIGGER]),
                    lessons=join_sources(self.analysis[LESSONS]),
                ),
                measures=Measures(improvements=self.improvements, tasks=self.tasks),
                sections=self.free,
            )
        except ValidationError as error:
            raise MarkdownImportError(f"{name}: {describe_error(error)}") from None

    def _service_texts(self) -> list[str]:
        texts = list(self.impact)
        for section in self.cut.sections:
            if section.kind == SUMMARY or section.role in ("preamble", "intro"):
                texts.append(plain_text(_body(section.blocks)))
        return texts

    def _finish_report(self, incident: Incident) -> None:
        report = self.report
        report.title = incident.title
        report.entries = len(incident.timeline)
        report.timed = sum(1 for entry in incident.timeline if entry.at is not None)
        report.no_time = self.timeline.no_time
        report.unread_times.extend(self.timeline.unread)
        span = self.summary.span
        if span.placeholders:
            report.unread_times.append("the summary's start and end are placeholders")
        report.warnings.extend(f"summary: {problem}" for problem in span.problems)
        if self.primary is None:
            report.warnings.append("no issue summary found")
        if self.taken:
            which = {"start": "first", "end": "last"}
            report.warnings.append(
                f"{' and '.join(self.taken)} taken from the timeline's "
                f"{' and '.join(which[key] for key in self.taken)} "
                f"{'times' if len(self.taken) > 1 else 'time'}"
            )
        if self.start is None and not span.placeholders and not span.problems:
            report.warnings.append("summary: no start time found")
        if self.start is not None and self.end is None:
            report.warnings.append("summary: no end time found")
        timed = report.timed > 0
        if self.assumed_day and timed:
            report.warnings.append(
                f"no date found: the timeline's times of day are kept on "
                f"{self.today.isoformat()}, the day of the import"
            )
        if not incident.timezone:
            read_as = ": the timeline's times are read as UTC" if self.assumed_zone else ""
            report.warnings.append(f"no timezone found{read_as if timed else ''}")
        if TIMELINE not in self.seen:
            report.warnings.append("no timeline found")


def _body(blocks: list[Block]) -> str:
    return join_sources([block.source for block in blocks])


def _text(section: RawSection) -> str:
    return plain_text(_body(section.blocks))
