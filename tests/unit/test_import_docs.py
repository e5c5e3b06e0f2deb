"""The test documents of ``tests/import_docs/`` read whole: times, days, zones, nothing made up.

The documents are our own writing, in the forms real postmortems use:

- dateless-bullets-utc.md: no date anywhere, "14:00 UTC:" bullets, code between entries, a
  summary that gives clock times without a date;
- wordprocessor-lazy-titles.md: titles as plain lines against the margin, swallowed by
  the list before them, two entries on one line, WAT;
- dated-headings-pst-loose-times.md: "All times in PST", a date heading over text without
  a time, "### 2019-05-14 17:14pm", "### ~17:30-17:45", time headings, two lists of
  improvements under their own sub-headings;
- multi-incident-report.md: one timeline per incident under dated headings, each after
  its duration, impact and root causes;
- front-matter-post.md: YAML front matter, "2024-08-29 9:12 AM Eastern:" with the text on
  the lines below, a date without a time;
- html-paragraph-sections.md: HTML headings and ``<p>`` lines, start and end inside them;
- table-dated-rows-cet.md: "All times in CET.", a table of dated rows with "09:30~" and
  "--:--", a "Stats" section;
- summary-inline-labels.md: start, end, impact and root cause on one line of the summary;
- bullets-iso-dates-eastern.md: "All times are Eastern.", an ISO date before every 12-hour
  time, across midnight;
- date-time-columns-edt.md: "Start Time:" and "End Time:" in EDT, a table with a date
  column written on its first row only and a time column.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from bench.import_fidelity import added_words

from postmortem_editor.importer import import_file
from postmortem_editor.render import render_markdown

DOCS = Path(__file__).resolve().parent.parent / "import_docs"
ALL_DOCS = sorted(path.name for path in DOCS.glob("*.md"))
IMPORT_DAY = date(2031, 7, 19)

# name: (timezone, the timed entries' times, start, end), as ISO 8601 with their offsets
EXPECTED: dict[str, tuple[str, str, str | None, str | None]] = {
    "dateless-bullets-utc.md": (
        "UTC",
        "2031-07-19T02:40+00:00 2031-07-19T02:52+00:00 2031-07-19T03:10+00:00 "
        "2031-07-19T03:35+00:00 2031-07-19T04:20+00:00 2031-07-19T04:55+00:00",
        None,  # the day is the import's: a start would show it as if written
        None,
    ),
    "wordprocessor-lazy-titles.md": (
        "UTC+1",
        "2031-07-19T10:30+01:00 2031-07-19T10:41+01:00 2031-07-19T11:05+01:00 "
        "2031-07-19T11:40+01:00",
        None,
        None,
    ),
    "dated-headings-pst-loose-times.md": (
        "America/Los_Angeles",
        "2019-05-14T17:14-07:00 2019-05-14T17:30-07:00 2019-05-14T18:57-07:00",
        "2019-05-14T17:14-07:00",
        "2019-05-14T18:57-07:00",
    ),
    "multi-incident-report.md": (
        "UTC",
        "2025-03-03T21:40+00:00 2025-03-03T21:40+00:00 2025-03-03T21:46+00:00 "
        "2025-03-03T22:05+00:00 2025-03-03T22:25+00:00 2025-03-05T08:10+00:00 "
        "2025-03-05T08:10+00:00 2025-03-05T08:50+00:00",
        "2025-03-03T21:40+00:00",
        "2025-03-05T08:50+00:00",
    ),
    "front-matter-post.md": (
        "America/New_York",
        "2024-08-29T09:12-04:00 2024-08-29T09:40-04:00",
        "2024-08-29T09:12-04:00",
        "2024-08-29T09:40-04:00",
    ),
    "html-paragraph-sections.md": ("GMT+2", "", "2024-05-06T14:20+02:00", "2024-05-06T15:05+02:00"),
    "table-dated-rows-cet.md": (
        "Europe/Paris",
        "2021-03-12T09:30+01:00 2021-03-19T11:02+01:00 2021-03-19T11:20+01:00",
        "2021-03-12T09:30+01:00",
        "2021-03-19T11:20+01:00",
    ),
    "summary-inline-labels.md": (
        "UTC+3",
        "2023-06-09T07:05+03:00 2023-06-09T07:12+03:00 2023-06-09T07:25+03:00 "
        "2023-06-09T07:40+03:00 2023-06-09T07:50+03:00",
        "2023-06-09T07:00+03:00",
        "2023-06-09T07:50+03:00",
    ),
    "bullets-iso-dates-eastern.md": (
        "America/New_York",
        "2022-09-14T23:52-04:00 2022-09-14T23:58-04:00 2022-09-15T07:40-04:00 "
        "2022-09-15T08:05-04:00 2022-09-15T08:31-04:00",
        "2022-09-14T23:52-04:00",
        "2022-09-15T08:31-04:00",
    ),
    "date-time-columns-edt.md": (
        "America/New_York",
        "2023-05-02T09:10-04:00 2023-05-02T09:42-04:00 2023-05-02T10:15-04:00 "
        "2023-05-02T11:45-04:00",
        "2023-05-02T09:10-04:00",
        "2023-05-02T11:45-04:00",
    ),
}


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment else None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_timed_line_gets_its_day_and_zone(name: str) -> None:
    zone, times, start, end = EXPECTED[name]
    incident = import_file(DOCS / name, today=IMPORT_DAY).incident
    assert incident.timezone == zone
    assert [iso(entry.at) for entry in incident.timeline if entry.at] == times.split()
    assert (iso(incident.summary.start), iso(incident.summary.end)) == (start, end)


@pytest.mark.parametrize("name", ALL_DOCS)
def test_the_import_makes_up_no_text(name: str) -> None:
    source = (DOCS / name).read_text(encoding="utf-8")
    incident = import_file(DOCS / name, today=IMPORT_DAY).incident
    markdown = render_markdown(incident)
    # an <img> tag's file name is the alt text of its Markdown image; "[x]" a task done
    shown = markdown.replace("- [x] ", "- ")
    assert added_words(source.replace("<", " ").replace(">", " "), shown, incident.timezone) == []
    for filler in ("None recorded", "[Timestamp]", "Not specified", "TBD", "N/A", "Unknown"):
        if filler.lower() not in source.lower():
            assert filler.lower() not in markdown.lower(), filler
    # the day a dateless timeline is kept on is nobody's writing: it is never shown
    for shown in ("2031", "Jul 19", "July 19"):
        assert shown not in markdown


def test_a_dateless_document_says_which_day_its_times_are_kept_on() -> None:
    report = import_file(DOCS / "dateless-bullets-utc.md", today=IMPORT_DAY).report
    assert (
        "no date found: the timeline's times of day are kept on 2031-07-19, the day of the import"
        in report.uncertain()
    )


def test_a_multi_incident_report_reads_every_timeline() -> None:
    report = import_file(DOCS / "multi-incident-report.md").report
    timelines = [where for _, where in report.sections if where.startswith("timeline")]
    assert timelines == [
        "timeline (2 entries)",
        "timeline (5 more entries)",
        "timeline (2 more entries)",
    ]


def test_front_matter_left_out_is_named_in_the_report() -> None:
    report = import_file(DOCS / "front-matter-post.md").report
    assert "front matter left out: date (2024-09-02); tags (security, transparency)" in report.notes
