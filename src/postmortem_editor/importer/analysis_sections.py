"""The analysis and measures sections of a document, read into the incident's fields.

A "Root Cause and Resolution" section is cut into its fields; a section of one field ("Root
Cause", "Trigger", "Lessons Learned") fills that field, its title kept as a label when it
says more than the field's name. A "Root Cause" beside an analysis section, when the
summary names no cause, is the summary's root cause. Measures sections give improvements
and tasks; one where none are found is kept whole as a free section.
"""

from __future__ import annotations

from postmortem_editor.importer.analysis import (
    FIELD_HEADINGS,
    covered,
    read_analysis,
    read_measures,
    with_label,
)
from postmortem_editor.importer.blocks import block_sources, join_sources
from postmortem_editor.importer.kept_layout import KeptLayout
from postmortem_editor.importer.report import ImportReport, plural
from postmortem_editor.importer.sections import (
    ANALYSIS,
    IMPROVEMENTS,
    LESSONS,
    MEASURES,
    RESOLUTION,
    ROOT_CAUSE,
    TASKS,
    TRIGGER,
    Outline,
    RawSection,
)
from postmortem_editor.model import Analysis, Measures, Task

_WHERE = {
    ANALYSIS: "root cause and resolution",
    ROOT_CAUSE: "root cause",
    RESOLUTION: "resolution",
    TRIGGER: "trigger",
    LESSONS: "lessons learned",
}


class AnalysisSections:
    """The analysis fields read so far from a document's analysis sections."""

    def __init__(
        self,
        cut: Outline,
        layout: KeptLayout,
        report: ImportReport,
        summary_root_cause: list[str],
    ) -> None:
        """``summary_root_cause`` is the summary's root cause, which a "Root Cause" section
        beside an analysis section fills when it is empty."""
        self.layout = layout
        self.report = report
        self.summary_root_cause = summary_root_cause
        self.texts: dict[str, list[str]] = {key: [] for key in FIELD_HEADINGS}
        """The pieces of Markdown of each field, by key."""
        self.has_analysis = any(s.kind == ANALYSIS for s in cut.sections)

    def read(self, section: RawSection) -> None:
        """Read an analysis section, or a section of one of its fields."""
        kind = section.kind
        assert kind is not None
        if kind == ANALYSIS:
            self.layout.heading("analysis", section.title)
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
            self.texts[key].extend(texts)
        self.report.sections.append((section.title, where))

    def fields(self) -> Analysis:
        """The incident's analysis."""
        return Analysis(
            root_cause=join_sources(self.texts[ROOT_CAUSE]),
            resolution=join_sources(self.texts[RESOLUTION]),
            trigger=join_sources(self.texts[TRIGGER]),
            lessons=join_sources(self.texts[LESSONS]),
        )


class MeasuresSections:
    """The improvements and tasks read so far from a document's measures sections."""

    def __init__(self, layout: KeptLayout, report: ImportReport, seen: set[str]) -> None:
        """``seen`` holds the kinds of section read so far; measures found add theirs."""
        self.layout = layout
        self.report = report
        self.seen = seen
        self.improvements: list[str] = []
        self.tasks: list[Task] = []

    def read(self, section: RawSection) -> None:
        """Read a measures, improvements or tasks section."""
        kind = section.kind
        default = TASKS if kind == TASKS else IMPROVEMENTS
        read = read_measures(section.blocks, default)
        if not read.improvements and not read.tasks:
            # nothing to list: the layout would show no heading, so the section keeps its own
            self.layout.keep_free(section.title, block_sources(section.blocks), "analysis")
            self.report.sections.append((section.title, "free section (no measures found)"))
            return
        if not self.layout.headings.get("measures") and MEASURES not in self.seen:
            self.layout.heading("measures", section.title)
        for key, label in read.headings.items():
            self.layout.heading(key, label)
        self.improvements.extend(read.improvements)
        self.tasks.extend(read.tasks)
        if read.before:
            text = join_sources(read.before)
            self.layout.keep_free("", text, "analysis", note="(measures text)")
        if read.after:
            text = join_sources(read.after)
            self.layout.keep_free("", text, "measures", note="(measures text)")
        self.seen.update({MEASURES, IMPROVEMENTS, TASKS})
        counts = (
            f"{plural(len(read.improvements), 'improvement')}, {plural(len(read.tasks), 'task')}"
        )
        self.report.sections.append((section.title, f"measures ({counts})"))

    def fields(self) -> Measures:
        """The incident's measures."""
        return Measures(improvements=self.improvements, tasks=self.tasks)
