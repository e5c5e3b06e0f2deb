"""What an import found, said to the user: sections, entries, unread times, free sections.

The report separates what is only worth knowing (a "Conclusion" kept as a free section)
from what is uncertain (a time that could not be read, an entry without a time, a summary
without a start): ``postmortem import --strict`` refuses a document with anything uncertain.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def plural(count: int, noun: str, nouns: str = "") -> str:
    """A count with its noun: "1 entry", "3 entries"."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


@dataclass
class ImportReport:
    """What an import found and where it put it."""

    title: str = ""
    """The postmortem's title."""
    sections: list[tuple[str, str]] = field(default_factory=list)
    """Each section of the document as written, and where it went."""
    entries: int = 0
    """Timeline entries read."""
    timed: int = 0
    """Timeline entries with a time."""
    no_time: int = 0
    """Timeline entries written without any time (not even a placeholder)."""
    unread_times: list[str] = field(default_factory=list)
    """Times that could not be read (placeholders, dates without a time), with the reason."""
    free_sections: list[str] = field(default_factory=list)
    """Text kept as free sections, by title."""
    notes: list[str] = field(default_factory=list)
    """Other things worth knowing."""
    warnings: list[str] = field(default_factory=list)
    """Other uncertain things: no start time, no timezone, a second summary."""

    def uncertain(self) -> list[str]:
        """Everything uncertain about the import; empty when it is sure of everything."""
        items = [f"time not read: {text}" for text in self.unread_times]
        if self.no_time:
            items.append(f"{self.no_time} timeline entries written without a time")
        return items + self.warnings

    def lines(self) -> list[str]:
        """The report as lines of text, for the terminal."""
        lines = []
        if self.title:
            lines.append(f"  title: {self.title}")
        if self.sections:
            found = "; ".join(f"{title} -> {where}" for title, where in self.sections)
            lines.append(f"  sections: {found}")
        entries = plural(self.entries, "entry", "entries")
        lines.append(f"  timeline: {entries}, {self.timed} with a time")
        for text in self.unread_times:
            lines.append(f"  time not read: {text}")
        if self.free_sections:
            lines.append(f"  kept as free sections: {', '.join(self.free_sections)}")
        lines.extend(f"  note: {note}" for note in self.notes)
        lines.extend(f"  uncertain: {warning}" for warning in self.warnings)
        return lines
