"""What an import keeps of a document's layout: its names for sections, and its free text.

A document's own heading for a part of the incident ("What happened" for the summary) is
kept in the incident's headings when it is not the default one. Text that no field takes (a
preamble, an "Overview", text a section could not place) becomes a free section after the
part of the incident it followed, so that the render keeps every word where it stood; the
report names each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from postmortem_editor.importer.report import ImportReport
from postmortem_editor.model import FreeSection, SectionAnchor
from postmortem_editor.render import DEFAULT_HEADINGS


@dataclass
class KeptLayout:
    """The document's own section headings and its free sections, in the order read."""

    report: ImportReport
    """Where each free section is named."""
    headings: dict[str, str] = field(default_factory=dict)
    """The incident's headings by key ("summary", "timeline"), where the document has its own."""
    free: list[FreeSection] = field(default_factory=list)

    def heading(self, key: str, title: str) -> None:
        """Keep a document's own name for a section, when it is not the default."""
        if title and key not in self.headings and title != DEFAULT_HEADINGS[key]:
            self.headings[key] = title

    def keep_free(self, title: str, body: str, after: SectionAnchor, *, note: str = "") -> None:
        """Keep text no field takes as a free section after ``after``.

        The report names it by its title, else by ``note`` ("(timeline text)"). Nothing is
        kept when there is neither a title nor any text.
        """
        if not title and not body.strip():
            return
        self.free.append(FreeSection(title=title, body=body, after=after))
        self.report.free_sections.append(title or note or "(untitled)")
