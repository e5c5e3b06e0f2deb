"""The summary and impact sections of a document, read into the incident's summary fields.

Of several summaries, the fields of the first with labels ("**Duration:**") are read, else
the first's; another is kept as a free section. The impact gathers the summary's impact and
its prose with every "Impact" section; the root cause is the summary's, else a sentence of
the impact that tells a cause; the service is the summary's, else one named in the text.
"""

from __future__ import annotations

from datetime import date, datetime

from postmortem_editor.importer.analysis import covered, with_label
from postmortem_editor.importer.blocks import block_sources, join_sources, plain_text
from postmortem_editor.importer.kept_layout import KeptLayout
from postmortem_editor.importer.report import ImportReport
from postmortem_editor.importer.sections import IMPACT, SUMMARY, Outline, RawSection
from postmortem_editor.importer.summary import (
    Summary,
    cause_sentence,
    read_summary,
    service_name,
    users_affected,
)
from postmortem_editor.model import SectionAnchor
from postmortem_editor.model import Summary as SummaryFields


def primary_summary(cut: Outline) -> RawSection | None:
    """The summary whose fields are read: the first with labels, else the first."""
    summaries = [s for s in cut.sections if s.kind == SUMMARY]
    for section in summaries:
        if any(block.kind in ("list", "paragraph") for block in section.blocks):
            probe = read_summary(section.blocks, default=None, day=None)
            if probe.labels:
                return section
    return summaries[0] if summaries else None


class SummarySections:
    """What a document's summary and impact sections say of the incident's summary."""

    def __init__(self, cut: Outline, layout: KeptLayout, report: ImportReport) -> None:
        self.cut = cut
        self.layout = layout
        self.report = report
        self.primary = primary_summary(cut)
        """The summary whose fields are read; None when the document has none."""
        self.summary = Summary()
        """What the primary summary says (empty until :meth:`read_primary`)."""
        self.impact: list[str] = []
        self.root_cause: list[str] = []
        """The summary's root cause, as pieces of Markdown."""

    def read_primary(self, day: date | None) -> None:
        """Read the primary summary's fields; ``day`` is the incident's date, if known."""
        if self.primary is not None:
            self.summary = read_summary(self.primary.blocks, default=None, day=day)

    def read(self, section: RawSection, anchor: SectionAnchor) -> SectionAnchor:
        """Read a summary section; returns the anchor of free sections that follow it.

        A summary other than the primary one is kept whole as a free section.
        """
        if section is not self.primary:
            self.layout.keep_free(section.title, block_sources(section.blocks), anchor)
            self.report.sections.append((section.title, "free section"))
            return anchor
        summary = self.summary
        self.layout.heading("summary", section.title)
        self.report.sections.append((section.title, "summary"))
        self.root_cause.extend(summary.root_cause)
        if summary.prose and not summary.labels and self._impact_elsewhere():
            # a summary told in prose, with the impact in a section of its own
            self.layout.keep_free(section.title, join_sources(summary.prose), "start")
            self.layout.headings.pop("summary", None)
            self.impact.extend(summary.impact)
        else:
            self.impact.extend(summary.impact_and_prose)
        if summary.kept:
            text = join_sources(summary.kept)
            self.layout.keep_free("", text, "summary", note="(summary, as written)")
        return "summary"

    def _impact_elsewhere(self) -> bool:
        return any(s.kind == IMPACT for s in self.cut.sections)

    def read_impact(self, section: RawSection, day: date | None) -> None:
        """Read an impact section into the impact, under its own title when that is no
        "Impact"; ``day`` is the incident's date, if known."""
        read = read_summary(section.blocks, default="impact", day=day)
        pieces = [*read.impact, *read.prose]
        if pieces and not covered(section.title, "Impact"):
            pieces[0] = with_label(section.title, pieces[0], title=True)
        self.impact.extend(pieces)
        self.root_cause.extend(read.root_cause)
        if read.kept:
            text = join_sources(read.kept)
            self.layout.keep_free("", text, "summary", note="(impact, as written)")
        self.report.sections.append((section.title, "summary impact"))

    def fields(self, start: datetime | None, end: datetime | None) -> SummaryFields:
        """The incident's summary, from ``start`` to ``end``."""
        root_cause = join_sources(self.root_cause)
        if not root_cause:
            root_cause = cause_sentence([*self.impact])
        service = self.summary.service or service_name(self._service_texts())
        return SummaryFields(
            start=start,
            end=end,
            service=service,
            impact=join_sources(self.impact),
            users_affected_percent=users_affected(self.impact),
            root_cause=root_cause,
        )

    def _service_texts(self) -> list[str]:
        texts = list(self.impact)
        for section in self.cut.sections:
            if section.kind == SUMMARY or section.role in ("preamble", "intro"):
                texts.append(plain_text(block_sources(section.blocks)))
        return texts
