"""When an incident happened, as a document tells it: its day, its timezone, its start and end.

The day is the header's, the title's, the summary's, the first the timeline writes, else the
front matter's; the timezone the summary's, the front matter's, the timeline's, else the
header's. A timeline with no day anywhere in the document keeps its times of day on the day
of the import, and one with no zone is read as UTC: :class:`When` remembers both, so that
the start and end taken from the timeline when the summary writes none are set only on a
day and in a zone the document gives, and the report says what was assumed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from postmortem_editor.importer.blocks import block_sources, plain_text
from postmortem_editor.importer.front_matter import FrontMatter
from postmortem_editor.importer.report import ImportReport
from postmortem_editor.importer.sections import TIMELINE, Outline, RawSection
from postmortem_editor.importer.summary import MIDDAY, Span
from postmortem_editor.importer.timeline import Timeline, first_date, timeline_zone
from postmortem_editor.model import parse_timezone
from postmortem_editor.timeparse import find_date, find_times, find_zone
from postmortem_editor.zones import author_zone_name, zone_setting


def _zone_or_none(written: str) -> str | None:
    """The timezone setting of a zone as written, None for one this program does not know."""
    try:
        return zone_setting(written)
    except ValueError:
        return None


class When:
    """The incident's day, timezone, start and end, and what of them the import assumed."""

    def __init__(self, report: ImportReport, today: date) -> None:
        self.report = report
        """Where an unknown or ambiguous zone, and what was assumed, is said."""
        self.today = today
        """The day of the import."""
        self.day: date | None = None
        self.span = Span()
        """The start, end and zone the summary writes."""
        self.timezone = ""
        """The incident's timezone setting; "" when the document gives none this program knows."""
        self.timezone_name = ""
        """The document's word for that timezone ("CET", "Eastern"), when it is a word."""
        self.zone: tzinfo | None = None
        self.zone_on_times = ""
        """The zone as the timeline writes it with its times ("3:00 PM CAT"), when the
        incident's timezone comes from there."""
        self.assumed_day = False
        """Whether the timeline's times were put on the day of the import (no date known)."""
        self.assumed_zone = False
        """Whether the timeline's times were read as UTC (no timezone known)."""
        self.start: datetime | None = None
        self.end: datetime | None = None
        self.taken: list[str] = []
        """What of the start and end was taken from the timeline."""

    def settle_day(
        self, title: str, cut: Outline, primary: RawSection | None, front: FrontMatter
    ) -> None:
        """The incident's date: the header's (already in :attr:`day`), the title's, the
        summary's, the first the timeline writes, else the front matter's (a blog post's
        date). A front matter date not taken is added to what it left out."""
        self.day = self.day or find_date(title)
        if primary is not None:
            self.day = self.day or find_date(plain_text(block_sources(primary.blocks)))
        timelines = [s for s in cut.sections if s.kind == TIMELINE]
        if timelines:
            self.day = self.day or first_date(timelines[0].blocks)
        self.day = self.day or front.day
        if front.day is not None and self.day != front.day:
            front.left_out.insert(0, f"date ({front.day.isoformat()})")

    def settle_zone(
        self,
        span: Span,
        title: str,
        cut: Outline,
        primary: RawSection | None,
        front: FrontMatter,
    ) -> None:
        """The incident's timezone: the summary's (its ``span``), the front matter's, the
        timeline's (its heading, a zone note, a zone written with its times), else the
        header's."""
        self.span = span
        written = span.zone or front.timezone or None
        timelines = [s for s in cut.sections if s.kind == TIMELINE]
        if written is None and timelines:
            written = timeline_zone(timelines[0].title, timelines[0].blocks)
        on_times = None
        if timelines:
            text = plain_text(block_sources(timelines[0].blocks))
            on_times = next((t.zone for t in find_times(text) if t.zone), None)
        written = written or on_times
        if written is None and primary is not None:
            written = find_zone(plain_text(block_sources(primary.blocks)))  # "All times in PST."
        if written is None:
            header = [s for s in cut.sections if s.role in ("preamble", "intro")]
            texts = [title, *(plain_text(block_sources(s.blocks)) for s in header)]
            written = next((z for z in map(find_zone, texts) if z), None)
        if written is not None:
            self.set_zone(written)
        if on_times is not None and self.timezone and _zone_or_none(on_times) == self.timezone:
            self.zone_on_times = on_times

    def set_zone(self, written: str) -> None:
        """Take a zone as written for the incident's; the report says when it is ambiguous
        or unknown (the timezone then stays as it was)."""
        bare = written.strip().strip("()").strip().upper()
        if bare == "IST":
            self.report.warnings.append(
                f"timezone {written!r} is ambiguous (India, Israel or Irish Standard Time): "
                "read as India Standard Time"
            )
        try:
            self.timezone = zone_setting(written)
            self.zone = parse_timezone(self.timezone)
            self.timezone_name = author_zone_name(written)
        except ValueError:
            self.report.warnings.append(f"timezone {written!r} is not one this program knows")

    def reading_zone(self) -> tzinfo:
        """The zone the timeline's times are read in: the incident's, else UTC (assumed)."""
        if self.zone is None:
            self.assumed_zone = True
            return UTC
        return self.zone

    def take_zone_of_times(self, written: str) -> tzinfo | None:
        """Take the zone written with the timeline's times ("7:09 AM Eastern") as the
        incident's; the zone, when this program knows it (the times are then no longer
        read as UTC)."""
        self.set_zone(written)
        self.zone_on_times = written
        if self.zone is not None:
            self.assumed_zone = False
        return self.zone

    def timeline_anchor(self, zone: tzinfo) -> datetime:
        """What the timeline's clock times are read from: the start, else the day's middle
        (the day of the import, assumed, when the document gives none)."""
        if self.span.start is not None:
            return self.span.start
        day = self.day
        if day is None:
            day, self.assumed_day = self.today, True
        return datetime.combine(day, MIDDAY, tzinfo=zone)

    def span_from_timeline(self, timeline: Timeline) -> None:
        """A start and end the summary does not write: the timeline's first and last times.

        Only times on a day and in a zone the document gives: a date or zone assumed for
        reading would be shown in the duration line as if the author had written it.
        """
        self.start, self.end = self.span.start, self.span.end
        times = sorted(entry.at for entry in timeline.entries if entry.at is not None)
        if not times or self.assumed_day or self.assumed_zone:
            return
        if self.start is None:
            self.start = times[0]
            self.taken.append("start")
        if self.end is None and times[-1] > self.start:
            self.end = times[-1]
            self.taken.append("end")

    def report_uncertain(self, *, timezone: str) -> None:
        """Say in the report what is unsure about when: the summary's times, what was taken
        from the timeline or assumed for it, and no ``timezone`` (the incident's)."""
        report, span = self.report, self.span
        if span.placeholders:
            report.unread_times.append("the summary's start and end are placeholders")
        report.warnings.extend(f"summary: {problem}" for problem in span.problems)
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
        if not timezone:
            read_as = ": the timeline's times are read as UTC" if self.assumed_zone else ""
            report.warnings.append(f"no timezone found{read_as if timed else ''}")
