"""The timeline sections of a document, read into one timeline: zones, notes, second ones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from postmortem_editor.importer.blocks import normalise_newlines, parse_blocks
from postmortem_editor.importer.kept_layout import KeptLayout
from postmortem_editor.importer.report import ImportReport
from postmortem_editor.importer.sections import TIMELINE, outline
from postmortem_editor.importer.timeline_sections import TimelineSections
from postmortem_editor.importer.when import When

DAY = date(2027, 4, 9)
TODAY = date(2031, 1, 15)
PLUS_2 = timezone(timedelta(hours=2))


def _read(markdown: str, *, day: date | None = DAY) -> TimelineSections:
    """Read every timeline section of a document, then settle the start and end."""
    report = ImportReport()
    when = When(report, TODAY)
    when.day = day
    timelines = TimelineSections(when, KeptLayout(report), report)
    for section in outline(parse_blocks(normalise_newlines(markdown))).sections:
        if section.kind == TIMELINE:
            timelines.read(section)
    when.span_from_timeline(timelines.timeline)
    timelines.name_zone_in_heading()
    return timelines


def test_entries_are_read_on_the_incidents_day_in_its_zone() -> None:
    report = ImportReport()
    when = When(report, TODAY)
    when.day = DAY
    when.set_zone("UTC+2")
    timelines = TimelineSections(when, KeptLayout(report), report)
    section = outline(parse_blocks("## Timeline\n\n- 09:10 Alerts fired.\n")).sections[-1]
    timelines.read(section)
    assert [e.at for e in timelines.timeline.entries] == [
        datetime(2027, 4, 9, 9, 10, tzinfo=PLUS_2)
    ]
    assert not when.assumed_zone
    assert report.sections == [("Timeline", "timeline (1 entry)")]


def test_a_zone_note_over_the_entries_goes_into_the_heading() -> None:
    timelines = _read("## Timeline\n\nAll times in PST.\n\n- 09:10 Alerts fired.\n")
    assert timelines.layout.headings == {"timeline": "Timeline (All times in PST)"}
    assert timelines.layout.free == []
    assert timelines.report.notes == ["'All times in PST.' is kept in the timeline's heading"]


def test_text_around_the_entries_is_kept_before_and_after_the_timeline() -> None:
    timelines = _read(
        "## Incident Timeline\n\nThe pager was quiet at first.\n\n- 09:10 Alerts fired.\n\n"
        "No more entries after this.\n"
    )
    layout = timelines.layout
    assert [(s.body, s.after) for s in layout.free] == [
        ("The pager was quiet at first.", "summary"),
        ("No more entries after this.", "timeline"),
    ]
    assert timelines.report.free_sections == ["(timeline text)", "(timeline text)"]
    assert layout.headings == {"timeline": "Incident Timeline"}


def test_a_second_timeline_reads_on_and_its_title_names_its_entries() -> None:
    timelines = _read(
        "## Timeline\n\n- 09:10 Alerts fired.\n- 23:50 Fix deployed.\n\n"
        "## Follow-up timeline\n\n- 00:30 Backlog drained.\n"
    )
    entries = timelines.timeline.entries
    assert [e.at for e in entries] == [
        datetime(2027, 4, 9, 9, 10, tzinfo=UTC),
        datetime(2027, 4, 9, 23, 50, tzinfo=UTC),
        datetime(2027, 4, 10, 0, 30, tzinfo=UTC),  # on from the first timeline's last day
    ]
    assert [e.label for e in entries] == ["", "", "Follow-up timeline"]
    assert timelines.report.sections == [
        ("Timeline", "timeline (2 entries)"),
        ("Follow-up timeline", "timeline (1 more entry)"),
    ]


def test_a_second_timeline_keeps_only_its_own_text_after_the_entries() -> None:
    timelines = _read(
        "## Timeline\n\n- 09:10 Alerts fired.\n\nFirst text after.\n\n"
        "## Incident Timeline\n\n- 10:30 Backlog drained.\n\nSecond text after.\n"
    )
    assert [e.label for e in timelines.timeline.entries] == ["", ""]  # a timeline's name
    assert [(s.body, s.after) for s in timelines.layout.free] == [
        ("First text after.", "timeline"),
        ("Second text after.", "timeline"),
    ]
    assert timelines.report.sections[-1] == ("Incident Timeline", "timeline (1 more entry)")


def test_a_zone_found_with_a_later_time_reads_every_time_again_in_it() -> None:
    timelines = _read("## Timeline\n\n- 09:10 Alerts fired.\n- 09:40 CAT Rolled back.\n")
    assert [e.at for e in timelines.timeline.entries] == [
        datetime(2027, 4, 9, 9, 10, tzinfo=PLUS_2),
        datetime(2027, 4, 9, 9, 40, tzinfo=PLUS_2),
    ]
    when = timelines.when
    assert (when.zone_on_times, when.assumed_zone) == ("CAT", False)
    assert when.timezone


def test_without_a_zone_the_times_are_read_as_utc_and_say_so() -> None:
    timelines = _read("## Timeline\n\n- 09:10 Alerts fired.\n")
    assert timelines.timeline.entries[0].at == datetime(2027, 4, 9, 9, 10, tzinfo=UTC)
    assert timelines.when.assumed_zone
    assert timelines.when.start is None  # a zone assumed is no start to show


def test_a_zone_written_only_with_the_times_is_named_in_the_heading_without_a_duration() -> None:
    timelines = _read("## Timeline\n\n- 09:10 CAT Alerts fired.\n", day=None)
    assert timelines.when.assumed_day
    assert timelines.layout.headings == {"timeline": "Timeline (CAT)"}
    assert timelines.report.notes == [
        "the zone written with the times (CAT) is named in the timeline's heading"
    ]
    with_day = _read("## Timeline\n\n- 09:10 CAT Alerts fired.\n- 09:40 CAT Rolled back.\n")
    assert with_day.when.start is not None  # the duration line names the zone
    assert with_day.layout.headings == {}
