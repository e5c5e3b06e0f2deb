"""The timeline sections of a document, read into the incident's one timeline.

The first timeline is read in the incident's zone (else as UTC, until a zone written with
its times is found: it is then read again in that one), from the summary's start or the
middle of the incident's day. A second one (one per incident of a report, a "Follow-up
timeline") is read on after the first. Text around the entries is kept as free sections; a
zone note over them ("All times in PST") goes into the timeline's heading.
"""

from __future__ import annotations

import re

from postmortem_editor.importer.blocks import join_sources, plain_text
from postmortem_editor.importer.kept_layout import KeptLayout
from postmortem_editor.importer.report import ImportReport, plural
from postmortem_editor.importer.sections import SECTION_NAMES, TIMELINE, RawSection, normalise
from postmortem_editor.importer.timeline import Timeline, TimelineReader
from postmortem_editor.importer.when import When
from postmortem_editor.render import DEFAULT_HEADINGS
from postmortem_editor.timeparse import find_zone

_TIMELINE_NAMES = frozenset(name for name, kind in SECTION_NAMES.items() if kind == TIMELINE)
_ZONE_NOTE = re.compile(
    r"^(?:all\s+)?(?:the\s+)?(?:times?|timestamps?|hours?)\b[^.!?]{0,60}\.?$", re.IGNORECASE
)


class TimelineSections:
    """The timeline read so far from a document's timeline sections, and how to read on."""

    def __init__(self, when: When, layout: KeptLayout, report: ImportReport) -> None:
        self.when = when
        self.layout = layout
        self.report = report
        self.timeline = Timeline()
        self.reader: TimelineReader | None = None
        """The reader of the first timeline, which reads the others on."""

    def read(self, section: RawSection) -> None:
        """Read a timeline section: the first sets how times are read, the others read on."""
        if self.reader is not None:
            self._read_more(section, self.reader)
            return
        self.layout.heading("timeline", section.title)
        when = self.when
        zone = when.reading_zone()
        self.reader = TimelineReader(zone=zone, anchor=when.timeline_anchor(zone))
        self.timeline = self.reader.read(section.blocks)
        first_zone = self.timeline.first_zone
        if when.zone is None and first_zone:  # "2024-06-28 7:09 AM Eastern:"
            known = when.take_zone_of_times(first_zone)
            if known is not None:  # read again, the times without a zone in this one
                self.reader = TimelineReader(zone=known, anchor=when.timeline_anchor(known))
                self.timeline = self.reader.read(section.blocks)
        self._zone_note_in_heading(section.title or DEFAULT_HEADINGS["timeline"])
        if self.timeline.before:
            text = join_sources(self.timeline.before)
            self.layout.keep_free("", text, "summary", note="(timeline text)")
        if self.timeline.after:
            text = join_sources(self.timeline.after)
            self.layout.keep_free("", text, "timeline", note="(timeline text)")
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
        self.layout.headings["timeline"] = f"{title} ({note.rstrip('.')})"
        self.report.notes.append(f"{note!r} is kept in the timeline's heading")

    def _read_more(self, section: RawSection, reader: TimelineReader) -> None:
        """A second timeline: its entries follow the first's, on the days the first left
        off; a title other than "Timeline" names them."""
        entries, after = len(self.timeline.entries), len(self.timeline.after)
        named = "" if normalise(section.title) in _TIMELINE_NAMES else section.title
        self.timeline = reader.read(section.blocks, group=named)
        if self.timeline.after[after:]:
            text = join_sources(self.timeline.after[after:])
            self.layout.keep_free("", text, "timeline", note="(timeline text)")
        count = plural(len(self.timeline.entries) - entries, "more entry", "more entries")
        self.report.sections.append((section.title, f"timeline ({count})"))

    def name_zone_in_heading(self) -> None:
        """A zone written with every time ("3:00 PM CAT") and stated nowhere else (no start
        or end, so no duration line) is named once, in the timeline's heading."""
        when = self.when
        if not when.zone_on_times or not when.timezone or when.start or when.end:
            return
        headings = self.layout.headings
        title = headings.get("timeline") or DEFAULT_HEADINGS["timeline"]
        if find_zone(title):
            return
        zone = when.zone_on_times.strip().strip("()").strip()
        headings["timeline"] = f"{title} ({zone})"
        self.report.notes.append(
            f"the zone written with the times ({zone}) is named in the timeline's heading"
        )
