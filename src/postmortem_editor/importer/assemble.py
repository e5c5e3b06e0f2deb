"""A Markdown postmortem -> an incident, section by section, with a report.

The document is cut into sections (:mod:`.sections`); the summary is read first, for the
incident's date and timezone (:mod:`.when`); then every section in order, each kind by its
reader: the summary and impact (:mod:`.summary_sections`), the timeline, a second one read
on after the first (:mod:`.timeline_sections`), root cause and resolution, measures
(:mod:`.analysis_sections`). Whatever has no field (a preamble, an "Overview", a
"Conclusion", text a section could not place) becomes a free section where it stood
(:mod:`.kept_layout`), so that the standard render of the incident holds every word of the
document.

A timeline with no date anywhere in the document keeps its times of day on the day of the
import, and one with no zone is read as UTC; the report says so, and neither is shown: the
start and end, taken from the timeline when the summary writes none, are set only on a
day and in a zone the document gives.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from postmortem_editor.errors import StoreError
from postmortem_editor.importer.analysis_sections import AnalysisSections, MeasuresSections
from postmortem_editor.importer.blocks import (
    Block,
    block_sources,
    is_markdown_fence,
    join_sources,
    normalise_newlines,
    open_markdown_fence,
    parse_blocks,
)
from postmortem_editor.importer.front_matter import FrontMatter, split_front_matter
from postmortem_editor.importer.kept_layout import KeptLayout
from postmortem_editor.importer.report import ImportReport
from postmortem_editor.importer.sections import (
    ANALYSIS,
    IMPACT,
    IMPROVEMENTS,
    LESSONS,
    MEASURES,
    RESOLUTION,
    ROOT_CAUSE,
    SUMMARY,
    TASKS,
    TIMELINE,
    TRIGGER,
    Outline,
    RawSection,
    outline,
)
from postmortem_editor.importer.summary import read_header
from postmortem_editor.importer.summary_sections import SummarySections
from postmortem_editor.importer.timeline_sections import TimelineSections
from postmortem_editor.importer.when import When
from postmortem_editor.model import Headings, Incident, SectionAnchor, describe_error
from postmortem_editor.reading import MAX_FILE_BYTES, read_text

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
    """Builds the incident from a document's outline, section by section.

    Each kind of section has its reader; they share what the document keeps of its layout
    (:class:`KeptLayout`) and when the incident happened (:class:`When`).
    """

    def __init__(self, cut: Outline, front: FrontMatter, report: ImportReport, today: date) -> None:
        self.cut = cut
        self.front = front
        self.report = report
        self.title = cut.title or front.title
        self.severity = front.severity
        self.authors: list[str] = list(front.authors)
        self.clock: Literal["24h", "12h"] = "24h"
        self.seen: set[str] = set()
        """The kinds of section read."""
        self.layout = KeptLayout(report)
        self.when = When(report, today)
        self.summaries = SummarySections(cut, self.layout, report)
        self.timelines = TimelineSections(self.when, self.layout, report)
        self.analysis = AnalysisSections(cut, self.layout, report, self.summaries.root_cause)
        self.measures = MeasuresSections(self.layout, report, self.seen)

    def build(self, name: str) -> ImportResult:
        """Read every section and put the incident together."""
        layout, when, summaries = self.layout, self.when, self.summaries
        if self.front.prose:
            prose = join_sources(self.front.prose)
            layout.keep_free("", prose, "start", note="(front matter)")
        for section in self.cut.sections:
            if section.role in ("preamble", "intro"):
                self._read_header(section)
        when.settle_day(self.title, self.cut, summaries.primary, self.front)
        if self.front.left_out:
            self.report.notes.append(f"front matter left out: {'; '.join(self.front.left_out)}")
        summaries.read_primary(when.day)
        summary = summaries.summary
        # the severity and authors of the front matter or the header, else the summary's
        self.severity = self.severity or summary.severity
        self.authors = self.authors or summary.authors
        when.settle_zone(summary.span, self.title, self.cut, summaries.primary, self.front)
        anchor: SectionAnchor = "start"
        for section in self.cut.sections:
            anchor = self._read_section(section, anchor)
        when.span_from_timeline(self.timelines.timeline)
        self.timelines.name_zone_in_heading()
        incident = self._incident(name)
        self._finish_report(incident)
        return ImportResult(incident, self.report)

    def _read_header(self, section: RawSection) -> None:
        header = read_header(section.blocks)
        self.severity = self.severity or header.severity
        self.authors = self.authors or header.authors
        self.when.day = self.when.day or header.date
        section.blocks = header.blocks

    def _read_section(self, section: RawSection, anchor: SectionAnchor) -> SectionAnchor:
        """Read a section; returns the anchor of free sections that follow it."""
        title = section.title
        if section.role in ("preamble", "intro"):
            body = block_sources(section.blocks)
            self.layout.keep_free(title, body, "start", note="(text before the sections)")
            return anchor
        kind = section.kind
        if kind is None:
            self.layout.keep_free(title, block_sources(section.blocks), anchor)
            self.report.sections.append((title or "(untitled)", "free section"))
            return anchor
        if kind == SUMMARY:
            return self.summaries.read(section, anchor)
        if kind == IMPACT:
            self.summaries.read_impact(section, self.when.day)
        elif kind == TIMELINE:
            self.timelines.read(section)
        elif kind in (ANALYSIS, ROOT_CAUSE, RESOLUTION, TRIGGER, LESSONS):
            self.analysis.read(section)
        else:
            self.measures.read(section)
        self.seen.add(kind)
        return _ANCHOR_OF[kind]

    def _incident(self, name: str) -> Incident:
        when, timeline = self.when, self.timelines.timeline
        try:
            return Incident(
                title=self.title,
                severity=self.severity,
                timezone=when.timezone,
                timezone_name=when.timezone_name,
                clock=self.clock,
                timeline_dates="every" if timeline.dated_everywhere() else "changes",
                authors=self.authors,
                headings=Headings(**self.layout.headings),
                summary=self.summaries.fields(when.start, when.end),
                timeline=list(timeline.entries),
                analysis=self.analysis.fields(),
                measures=self.measures.fields(),
                sections=self.layout.free,
            )
        except ValidationError as error:
            raise MarkdownImportError(f"{name}: {describe_error(error)}") from None

    def _finish_report(self, incident: Incident) -> None:
        report = self.report
        timeline = self.timelines.timeline
        report.title = incident.title
        report.entries = len(incident.timeline)
        report.timed = sum(1 for entry in incident.timeline if entry.at is not None)
        report.no_time = timeline.no_time
        report.unread_times.extend(timeline.unread)
        if self.summaries.primary is None:
            report.warnings.append("no issue summary found")
        self.when.report_uncertain(timezone=incident.timezone)
        if TIMELINE not in self.seen:
            report.warnings.append("no timeline found")
