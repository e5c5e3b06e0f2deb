"""The Markdown importer: sections, summary facts, timeline forms, measures, nothing lost.

The test documents in ``tests/import_docs/`` are our own writing, in the styles real
postmortems use (bold labels, headings of any level, tables, timelines in headings and
paragraphs, 24-hour clocks, days, placeholders, HTML headings, a chat answer's code fence,
CRLF line ends).
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_editor.importer import (
    ImportResult,
    MarkdownImportError,
    import_file,
    import_markdown,
)
from postmortem_editor.importer.sections import section_kind
from postmortem_editor.model import Incident, Kind
from postmortem_editor.render import render_markdown
from postmortem_editor.store import IncidentFile, dump_plain
from postmortem_editor.timeparse import (
    TimeParseError,
    find_date,
    find_times,
    find_zone,
    format_clock,
    parse_time,
    split_leading_time,
)

from ..conftest import ROOT, SEEDS
from .test_samples import SAMPLE_OF_SEED, words

DOCS = ROOT / "tests" / "import_docs"
DOC_NAMES = sorted(p.name for p in DOCS.glob("*.md"))
SEED_NAMES = sorted(p.name for p in SEEDS.iterdir())
UTC_MINUS_5 = timezone(timedelta(hours=-5))


def imported(markdown: str) -> Incident:
    return import_markdown(markdown).incident


def doc(name: str) -> ImportResult:
    return import_file(DOCS / name)


START = "## Issue Summary\n\n- **Duration:** June 5, 2024, from 10:00 AM to 12:30 PM (UTC)\n\n"


def timeline_of(lines: str, summary: str = START) -> Incident:
    return imported(f"# Outage\n\n{summary}## Timeline\n\n{lines}\n")


# --- the time forms imported documents add to timeparse --------------------------------------

ANCHOR = datetime(2024, 4, 11, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Day 2, 03:15", datetime(2024, 4, 12, 3, 15, tzinfo=UTC)),
        ("day 1 at 22:40", datetime(2024, 4, 11, 22, 40, tzinfo=UTC)),
        (
            "11th April 2024 at 8:50pm EAT",
            datetime(2024, 4, 11, 20, 50, tzinfo=timezone(timedelta(hours=3))),
        ),
        ("10:00 AM UTC, February 14", datetime(2024, 2, 14, 10, tzinfo=UTC)),
        ("9 PM on May 3, 2023", datetime(2023, 5, 3, 21, tzinfo=UTC)),
        (
            "2024-06-28 7:09 AM Eastern",
            datetime(2024, 6, 28, 7, 9, tzinfo=ZoneInfo("America/New_York")),
        ),
        ("Sep 27 2017 13:06", datetime(2017, 9, 27, 13, 6, tzinfo=UTC)),
        ("9:00 Pacific Time", datetime(2024, 4, 11, 9, tzinfo=ZoneInfo("America/Los_Angeles"))),
    ],
)
def test_parse_time_reads_the_forms_of_imported_documents(text: str, expected: datetime) -> None:
    result = parse_time(text, zone=UTC, anchor=ANCHOR)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Day 0, 10:00", "counted from Day 1"),
        ("10:00 AM, February 30", "no such date"),
        ("June 5, 10:00 AM, June 6", "two dates"),
    ],
)
def test_parse_time_refuses_impossible_days(text: str, says: str) -> None:
    with pytest.raises(TimeParseError, match=says):
        parse_time(text, zone=UTC, anchor=ANCHOR)


def test_day_numbers_need_a_first_day() -> None:
    with pytest.raises(TimeParseError, match="no first day"):
        parse_time("Day 2, 03:15", zone=UTC, anchor=None)


def test_find_times_picks_the_times_out_of_a_sentence() -> None:
    found = find_times("February 14, 2024, from 10:00 AM to 12:30 PM (UTC-5), about 10 hrs")
    assert [(f.text, f.zone, f.dated) for f in found] == [
        ("10:00 AM", None, False),
        ("12:30 PM (UTC-5)", "(UTC-5)", False),
    ]
    ranged = find_times("2024-02-02 09:00 UTC - 2024-02-02 09:45 UTC")
    assert [f.text for f in ranged] == ["2024-02-02 09:00 UTC", "2024-02-02 09:45 UTC"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("It took place on 11th April 2024 at 8:50pm.", date(2024, 4, 11)),
        ("**Date:** January 14-19, 2026", date(2026, 1, 14)),
        ("Hub 403 incident, 2017-09-27", date(2017, 9, 27)),
        ("Incident report July 11 2025 - CloudBank", date(2025, 7, 11)),
        ("No date here, only 10:00.", None),
    ],
)
def test_find_date_reads_the_first_full_date(text: str, day: date | None) -> None:
    assert find_date(text) == day


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("All times in PST", "PST"),
        ("Timeline (times in BST)", "BST"),
        ("Timeline(in East African Time)", "East African Time"),
        ("Time (UTC-5)", "UTC-5"),
        ("The est. cost of a west wind", None),
    ],
)
def test_find_zone_reads_zones_in_capitals_only(text: str, zone: str | None) -> None:
    assert find_zone(text) == zone


def test_new_zone_words_do_not_swallow_the_text_of_a_quick_entry() -> None:
    assert split_leading_time("10:05 eat lunch") == ("10:05", "eat lunch")
    assert split_leading_time("10:05 EAT paged") == ("10:05 EAT", "paged")


# --- sections ------------------------------------------------------------------------------


@pytest.mark.parametrize("level", range(1, 7))
def test_a_section_is_found_by_a_heading_of_any_level(level: int) -> None:
    incident = imported(f"{'#' * level} Timeline\n\n- 10:00 AM: Alert fired.\n")
    assert [entry.text for entry in incident.timeline] == ["Alert fired."]


def test_sections_are_found_by_bold_labels() -> None:
    incident = imported(
        "# Outage\n\n**Timeline:**\n\n- **10:00 AM:** Alert fired.\n\n"
        "**Root Cause:**\n\nA full disk.\n"
    )
    assert len(incident.timeline) == 1
    assert incident.analysis.root_cause == "A full disk."


def test_a_label_alone_on_its_line_starts_a_section() -> None:
    incident = imported("# Outage\n\nTimeline:\nThe alert fired.\nWe restarted the app.\n")
    assert [e.text for e in incident.timeline] == ["The alert fired.", "We restarted the app."]


def test_an_html_heading_starts_a_section_and_the_markdown_after_it_is_read() -> None:
    incident = imported("<h1>Outage</h1>\n\n<h3>Timeline</h3>\n- 9:00 PM: Alert fired.\n")
    assert incident.title == "Outage"
    assert [entry.text for entry in incident.timeline] == ["Alert fired."]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Issue Summary", "summary"),
        ("Summary", "summary"),
        ("Overview", "summary"),
        ("Executive Summary", "summary"),
        ("Incident Details", "summary"),
        ("Timeline", "timeline"),
        ("Chronology", "timeline"),
        ("Sequence of Events", "timeline"),
        ("Timeline of events", "timeline"),
        ("Outage Timeline", "timeline"),
        ("Root Cause", "root_cause"),
        ("Root Cause Analysis", "root_cause"),
        ("Cause", "root_cause"),
        ("Resolution", "resolution"),
        ("Fix", "resolution"),
        ("Recovery", "resolution"),
        ("Root Cause and Resolution", "analysis"),
        ("Corrective and Preventative Measures", "measures"),
        ("Corrective and preventive measures taken", "measures"),
        ("Action Items", "tasks"),
        ("Follow-ups", "tasks"),
        ("Lessons Learned", "lessons"),
        ("Impact", "impact"),
        # case, punctuation, numbering, emoji, emphasis and a remark in parentheses
        ("ISSUE SUMMARY:", "summary"),
        ("**Timeline:**", "timeline"),
        ("⏰ 2. Timeline (times in BST):", "timeline"),
        ("Timeline(in East African Time)", "timeline"),
        ("🤯 Root Cause & Resolution", "analysis"),
        ("follow ups", "tasks"),
    ],
)
def test_section_names_are_matched_by_synonym_ignoring_case_and_punctuation(
    title: str, kind: str
) -> None:
    assert section_kind(title) == kind


@pytest.mark.parametrize(
    "title",
    ["Conclusion", "Humorous Take", "Visualization of the Issue and Resolution Process", "Thanks"],
)
def test_other_headings_are_not_sections(title: str) -> None:
    assert section_kind(title) is None


def test_a_heading_under_a_section_that_names_none_stays_in_it() -> None:
    incident = imported(
        "# Outage\n\n## Root Cause\n\nA full disk.\n\n### Why the disk filled\n\nLogs.\n\n"
        "## Conclusion\n\nDone.\n"
    )
    assert "### Why the disk filled" in incident.analysis.root_cause
    assert [(s.title, s.body) for s in incident.sections] == [("Conclusion", "Done.")]


# --- the summary ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "start", "end", "zone"),
    [
        (
            "- **Duration:** February 14, 2024, from 10:00 AM to 12:30 PM (UTC-5).",
            datetime(2024, 2, 14, 10, tzinfo=UTC_MINUS_5),
            datetime(2024, 2, 14, 12, 30, tzinfo=UTC_MINUS_5),
            "UTC-5",
        ),
        (
            "**Duration of Outage:**\n- Start Time: June 5, 2024, 10:00 AM (UTC)\n"
            "- End Time: June 5, 2024, 12:30 PM (UTC)",
            datetime(2024, 6, 5, 10, tzinfo=UTC),
            datetime(2024, 6, 5, 12, 30, tzinfo=UTC),
            "UTC",
        ),
        (
            "- **Duration:** The outage occurred from 10:00 AM to 12:00 PM on April 15, 2024"
            " (UTC).",
            datetime(2024, 4, 15, 10, tzinfo=UTC),
            datetime(2024, 4, 15, 12, tzinfo=UTC),
            "UTC",
        ),
        (
            "- **Duration**: March 15, 2024, 10:00 AM - March 15, 2024, 12:00 PM (UTC)",
            datetime(2024, 3, 15, 10, tzinfo=UTC),
            datetime(2024, 3, 15, 12, tzinfo=UTC),
            "UTC",
        ),
        (
            "**Duration:**\n- Start Time: 2024-01-19 15:00 UTC\n- End Time: 2024-01-19 18:30 UTC",
            datetime(2024, 1, 19, 15, tzinfo=UTC),
            datetime(2024, 1, 19, 18, 30, tzinfo=UTC),
            "UTC",
        ),
        (
            "- **Duration:** Aug 22, 2024 1:00 PM (GMT+1) - Aug 22, 2024 11:00 PM (GMT+1)",
            datetime(2024, 8, 22, 13, tzinfo=timezone(timedelta(hours=1))),
            datetime(2024, 8, 22, 23, tzinfo=timezone(timedelta(hours=1))),
            "GMT+1",
        ),
        (
            "- **Duration:** January 9, 2024, 9:00 AM to 10:30 AM EST",
            datetime(2024, 1, 9, 9, tzinfo=UTC_MINUS_5),
            datetime(2024, 1, 9, 10, 30, tzinfo=UTC_MINUS_5),
            "America/New_York",
        ),
        (
            "- **Duration:** November 2, 2024, 6:00 PM to 7:15 PM (PST)",
            datetime(2024, 11, 2, 18, tzinfo=timezone(timedelta(hours=-7))),
            datetime(2024, 11, 2, 19, 15, tzinfo=timezone(timedelta(hours=-7))),
            "America/Los_Angeles",
        ),
        (
            "- Start Time: July 1, 2024, 9:00 AM\n- End Time: July 1, 2024, 9:40 AM\n"
            "- Timezone: Europe/Berlin",
            datetime(2024, 7, 1, 9, tzinfo=ZoneInfo("Europe/Berlin")),
            datetime(2024, 7, 1, 9, 40, tzinfo=ZoneInfo("Europe/Berlin")),
            "Europe/Berlin",
        ),
        (
            "On 2024-05-21 between 14:05 and 15:50 UTC, lookups failed for 40% of users.",
            datetime(2024, 5, 21, 14, 5, tzinfo=UTC),
            datetime(2024, 5, 21, 15, 50, tzinfo=UTC),
            "UTC",
        ),
    ],
)
def test_start_end_and_timezone_are_read_from_the_summary(
    summary: str, start: datetime, end: datetime, zone: str
) -> None:
    incident = imported(f"# Outage\n\n## Issue Summary\n\n{summary}\n\n## Timeline\n\n- x\n")
    assert incident.summary.start == start
    assert incident.summary.end == end
    assert incident.summary.start.utcoffset() == start.utcoffset()
    assert incident.timezone == zone


def test_a_duration_past_midnight_ends_on_the_next_day() -> None:
    incident = imported(
        "# Outage\n\n## Summary\n\n- **Duration:** March 3, 2024, from 9:15 PM to 1:40 AM (UTC)\n"
    )
    assert incident.summary.end == datetime(2024, 3, 4, 1, 40, tzinfo=UTC)


def test_clock_times_in_the_summary_take_the_date_written_near_the_title() -> None:
    incident = imported(
        "# Database collapse\n\nIt took place on 11th April 2024 in Nairobi.\n\n"
        "## Issue Summary\n\nFrom 8:50pm to 9:40pm EAT, requests failed.\n"
    )
    assert incident.summary.start == datetime(
        2024, 4, 11, 20, 50, tzinfo=timezone(timedelta(hours=3))
    )
    assert incident.timezone == "UTC+3"


@pytest.mark.parametrize(
    ("impact", "share"),
    [
        ("affecting approximately 80% of our customer base.", 80),
        ("Affected Users: 85% of total user base experienced the outage.", 85),
        ("30-35% of the users were affected.", 35),
        ("Approximately 75% of users were unable to log in.", 75),
        ("The outage led to a 30% degradation in user experience.", None),
        ("About 45% of requests failed.", None),
    ],
)
def test_the_share_of_users_affected_is_read_from_the_impact(
    impact: str, share: float | None
) -> None:
    incident = imported(f"# Outage\n\n## Issue Summary\n\n- **Impact:** {impact}\n")
    assert incident.summary.users_affected_percent == share


@pytest.mark.parametrize(
    ("summary", "service"),
    [
        (
            "- **Impact:** The main web application was completely inaccessible.",
            "main web application",
        ),
        (
            "- **Impact:** The primary service experiencing downtime was our e-commerce platform, "
            "affecting users.",
            "e-commerce platform",
        ),
        ("- **Impact:** The API service experienced downtime.", "API service"),
        (
            "- Service: order processing queue\n- Impact: Orders were late.",
            "order processing queue",
        ),
        ("- **Impact:** Users were sad.", ""),
    ],
)
def test_the_service_is_read_from_the_summary(summary: str, service: str) -> None:
    assert imported(f"# Outage\n\n## Issue Summary\n\n{summary}\n").summary.service == service


def test_impact_and_root_cause_are_read_from_their_labels() -> None:
    incident = imported(
        "# Outage\n\n## Issue Summary\n\n**Impact:**\n- Checkout was down.\n"
        "- Refunds were late.\n\n**Root Cause:**\n- A full disk on the database server.\n"
    )
    assert incident.summary.impact == "- Checkout was down.\n- Refunds were late."
    assert incident.summary.root_cause == "A full disk on the database server."


def test_a_summary_in_prose_is_the_impact_and_gives_the_root_cause_sentence() -> None:
    incident = imported(
        "# Outage\n\n## Summary\n\nCheckout failed for an hour. The root cause was a full disk."
        " We are sorry.\n"
    )
    assert incident.summary.impact.startswith("Checkout failed for an hour.")
    assert incident.summary.root_cause == "The root cause was a full disk."


def test_a_placeholder_summary_gives_no_times_and_is_reported() -> None:
    result = import_file(DOCS / "login-template-placeholders.md")
    assert result.incident.summary.start is None
    assert result.incident.timezone == ""
    assert "the summary's start and end are placeholders" in result.report.unread_times
    assert "no timezone found" in result.report.warnings


def test_severity_and_authors_are_read_from_the_header() -> None:
    incident = imported(
        "# Outage\n\n**Severity:** SEV-2  \n**Authors:** A. Person, B. Person  \n"
        "**Status:** Resolved\n\n## Timeline\n\n- 10:00 AM: x\n"
    )
    assert incident.severity == "SEV-2"
    assert incident.authors == ["A. Person", "B. Person"]
    assert [s.body for s in incident.sections] == ["**Status:** Resolved"]


# --- the timeline -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- 10:30 AM: Alert fired.", datetime(2024, 6, 5, 10, 30, tzinfo=UTC)),
        ("- **10:30 AM (UTC):** Alert fired.", datetime(2024, 6, 5, 10, 30, tzinfo=UTC)),
        ("- **10:30 AM**: Alert fired.", datetime(2024, 6, 5, 10, 30, tzinfo=UTC)),
        ("- 14:30: Alert fired.", datetime(2024, 6, 5, 14, 30, tzinfo=UTC)),
        ("- 14:30 UTC - Alert fired.", datetime(2024, 6, 5, 14, 30, tzinfo=UTC)),
        ("- 14:30 (UTC-5) Alert fired.", datetime(2024, 6, 5, 14, 30, tzinfo=UTC_MINUS_5)),
        ("- [14:30] Alert fired.", datetime(2024, 6, 5, 14, 30, tzinfo=UTC)),
        ("- 2024-06-05 14:30 Alert fired.", datetime(2024, 6, 5, 14, 30, tzinfo=UTC)),
        ("- 2024-06-05T14:30:00Z Alert fired.", datetime(2024, 6, 5, 14, 30, tzinfo=UTC)),
        ("- Day 2, 03:15 \u2014 Alert fired.", datetime(2024, 6, 6, 3, 15, tzinfo=UTC)),
        ("- **June 6, 2024, 3:15 AM:** Alert fired.", datetime(2024, 6, 6, 3, 15, tzinfo=UTC)),
        ("- **2:30 PM UTC, June 7** - Alert fired.", datetime(2024, 6, 7, 14, 30, tzinfo=UTC)),
        ("14:30 - Alert fired.", datetime(2024, 6, 5, 14, 30, tzinfo=UTC)),
        ("**14:30 UTC:**\nAlert fired.", datetime(2024, 6, 5, 14, 30, tzinfo=UTC)),
        ("### 14:30\n\nAlert fired.", datetime(2024, 6, 5, 14, 30, tzinfo=UTC)),
        (
            "| Time | Event |\n| --- | --- |\n| 14:30 | Alert fired. |",
            datetime(2024, 6, 5, 14, 30, tzinfo=UTC),
        ),
    ],
)
def test_timeline_times_are_read_in_every_common_form(line: str, expected: datetime) -> None:
    incident = timeline_of(line)
    assert [(e.at, e.text) for e in incident.timeline] == [(expected, "Alert fired.")]
    assert incident.timeline[0].at.utcoffset() == expected.utcoffset()


def test_times_that_go_past_midnight_roll_to_the_next_day() -> None:
    incident = timeline_of(
        "- 11:50 PM: Alert fired.\n- 12:10 AM: Paged the DBA.\n- 1:05 AM: Service restored.",
        summary="## Summary\n\n- **Duration:** May 1, 2024, 11:50 PM to 1:05 AM (UTC)\n\n",
    )
    assert [e.at for e in incident.timeline] == [
        datetime(2024, 5, 1, 23, 50, tzinfo=UTC),
        datetime(2024, 5, 2, 0, 10, tzinfo=UTC),
        datetime(2024, 5, 2, 1, 5, tzinfo=UTC),
    ]


def test_a_day_heading_sets_the_day_and_names_its_entries() -> None:
    incident = timeline_of(
        "### Day 1\n\n- 22:40 Alert fired.\n\n### Day 2\n\n- 01:30 Node rebuilt."
    )
    assert [(e.at, e.label) for e in incident.timeline] == [
        (datetime(2024, 6, 5, 22, 40, tzinfo=UTC), "Day 1"),
        (datetime(2024, 6, 6, 1, 30, tzinfo=UTC), "Day 2"),
    ]


def test_a_date_heading_sets_the_day_of_the_times_under_it() -> None:
    incident = timeline_of("### June 7\n\n- 09:00 Backlog drained.")
    assert incident.timeline[0].at == datetime(2024, 6, 7, 9, 0, tzinfo=UTC)
    assert incident.timeline[0].label == ""


def test_a_label_after_the_time_is_kept() -> None:
    incident = timeline_of(
        "**15:00 UTC: Issue Detection**\nThe pager went off.\n\n"
        "- **15:30 (Escalation):** Called the network team."
    )
    assert [(e.label, e.text) for e in incident.timeline] == [
        ("Issue Detection", "The pager went off."),
        ("Escalation", "Called the network team."),
    ]


def test_a_placeholder_time_is_kept_with_its_label_and_an_unknown_time() -> None:
    result = import_markdown(
        "# Outage\n\n## Timeline\n\n- Issue Detected:\n  - [Timestamp]: Support tickets.\n"
        "- [Time] Restarted the app.\n"
    )
    entries = result.incident.timeline
    assert [(e.at, e.label, e.text) for e in entries] == [
        (None, "Issue Detected: [Timestamp]", "Support tickets."),
        (None, "[Time]", "Restarted the app."),
    ]
    assert any("[Timestamp]" in text for text in result.report.unread_times)


def test_labelled_groups_give_one_entry_per_nested_item() -> None:
    incident = timeline_of(
        "- **Actions Taken:**\n  - Restarted the app.\n  - Checked the dashboards.\n"
        "- **Escalation:** Escalated to the cache team."
    )
    assert [(e.at, e.label, e.text) for e in incident.timeline] == [
        (None, "Actions Taken", "Restarted the app."),
        (None, "Actions Taken", "Checked the dashboards."),
        (None, "Escalation", "Escalated to the cache team."),
    ]


def test_a_timed_item_with_a_nested_bullet_takes_it_as_its_text() -> None:
    incident = timeline_of("- **10:05 AM:**\n  - On-call engineer confirmed the alert.")
    assert incident.timeline[0].text == "On-call engineer confirmed the alert."


def test_a_label_before_the_time_is_read_with_it() -> None:
    incident = timeline_of("- **Escalation:** **June 5, 2024 11:00 AM (UTC)** - Paged the DBA.")
    entry = incident.timeline[0]
    assert (entry.at, entry.label, entry.text) == (
        datetime(2024, 6, 5, 11, tzinfo=UTC),
        "Escalation",
        "Paged the DBA.",
    )


def test_a_date_without_a_time_is_kept_as_the_label() -> None:
    result = import_markdown("# Leak\n\n## Timeline\n\n- 2024-06-21: Images removed.\n")
    entry = result.incident.timeline[0]
    assert (entry.at, entry.label, entry.text) == (None, "2024-06-21", "Images removed.")
    assert result.report.unread_times == ["'2024-06-21': a date without a time of day"]


def test_times_without_any_date_are_kept_on_the_day_of_the_import_and_reported() -> None:
    result = import_markdown(
        "# Outage\n\n## Timeline\n\n- 10:00 AM UTC: Alert fired.\n", today=date(2026, 3, 4)
    )
    entry = result.incident.timeline[0]
    assert (entry.at, entry.label) == (datetime(2026, 3, 4, 10, tzinfo=UTC), "")
    assert result.report.unread_times == []
    assert (
        "no date found: the timeline's times of day are kept on 2026-03-04, the day of the import"
        in result.report.uncertain()
    )
    assert result.incident.summary.start is None  # a day nobody wrote is not shown


@pytest.mark.parametrize(
    ("heading", "paragraph", "zone"),
    [
        ("Timeline (times in BST)", "", "Europe/London"),
        ("Timeline(in East African Time)", "", "UTC+3"),
        ("Timeline", "All times in PST.", "America/Los_Angeles"),
    ],
)
def test_the_timeline_says_its_timezone(heading: str, paragraph: str, zone: str) -> None:
    incident = imported(
        f"# Outage\n\nOn June 5, 2024.\n\n## {heading}\n\n{paragraph}\n\n- 10:00 AM: Alert fired.\n"
    )
    assert incident.timezone == zone
    assert incident.timeline[0].at is not None
    assert incident.timeline[0].at.hour == 10


def test_a_timeline_table_gives_times_kinds_and_extra_columns() -> None:
    incident = timeline_of(
        "| Time (UTC) | Kind | Event | Who |\n| --- | --- | --- | --- |\n"
        "| 10:05 AM | detection | Alert fired. | pager |\n| 10:20 AM | note | Call opened. | |"
    )
    assert [(e.at.minute if e.at else None, e.kind, e.text) for e in incident.timeline] == [
        (5, Kind.DETECTION, "Alert fired.; Who: pager"),
        (20, Kind.NOTE, "Call opened."),
    ]


def test_kinds_are_suggested_from_the_words_and_labels() -> None:
    incident = timeline_of(
        "- 10:00 AM: Monitoring alerts detected a spike in errors.\n"
        "- 10:10 AM: Incident escalated to the platform team.\n"
        "- **Misleading Paths:** Looked at server logs for an attack.\n"
        "- 10:50 AM: Service fully restored."
    )
    assert [e.kind for e in incident.timeline] == [
        Kind.DETECTION,
        Kind.ESCALATION,
        Kind.MISLEADING,
        Kind.RESOLUTION,
    ]


def test_a_timeline_told_in_sentences_gives_entries_without_times() -> None:
    result = import_markdown(
        "# Outage\n\nTimeline:\nThe alert fired late.\nWe restarted the web server.\n"
    )
    assert [e.at for e in result.incident.timeline] == [None, None]
    assert result.report.no_time == 2


# --- root cause, resolution and measures ---------------------------------------------------


def test_prose_is_cut_where_the_resolution_starts() -> None:
    incident = imported(
        "# Outage\n\n## Root Cause and Resolution\n\nA disk filled up. The database stopped."
        " To resolve the issue, we removed old logs.\n"
    )
    assert incident.analysis.root_cause == "A disk filled up. The database stopped."
    assert incident.analysis.resolution == "To resolve the issue, we removed old logs."


def test_labels_the_layout_does_not_show_stay_in_bold() -> None:
    incident = imported(
        "# Outage\n\n## Root Cause and Resolution\n\n- Cause Analysis:\n  - A full disk.\n"
        "- **Resolution**: Removed old logs.\n"
    )
    assert incident.analysis.root_cause == "**Cause Analysis:** A full disk."
    assert incident.analysis.resolution == "Removed old logs."


def test_lessons_sections_are_kept_under_their_own_names() -> None:
    incident = imported(
        "# Outage\n\n## What went well\n\nPaging worked.\n\n## Lessons Learned\n\nTest restores.\n"
    )
    assert incident.analysis.lessons == "**What went well**\n\nPaging worked.\n\nTest restores."


def test_measures_come_from_labelled_lists_and_checklists() -> None:
    result = doc("payment-api-bold-labels.md")
    measures = result.incident.measures
    assert measures.improvements == [
        "Read certificates from the system bundle instead of a copy kept by the proxy.",
        "Alert thirty days before any certificate in a chain expires.",
    ]
    assert [(t.text, t.done) for t in measures.tasks] == [
        ("Replace the expired intermediate certificate.", True),
        ("Add certificate expiry checks to the monitoring system", False),
        ("Document the proxy's certificate handling in the runbook.", False),
    ]
    task = measures.tasks[1]
    assert (task.owner, task.priority, task.due) == ("platform", "P1", date(2024, 4, 1))
    assert result.incident.headings.improvements == "Improvements/Fixes"


def test_measures_come_from_sub_headings_and_numbered_lists() -> None:
    incident = imported(
        "# Outage\n\n## Corrective and Preventative Measures\n\n### Improvements\n\n"
        "1. Alert on disk use.\n2. Rotate logs daily.\n\n### Tasks to Address the Issue\n\n"
        "1. Add a disk alert.\n"
    )
    assert incident.measures.improvements == ["Alert on disk use.", "Rotate logs daily."]
    assert [t.text for t in incident.measures.tasks] == ["Add a disk alert."]
    assert incident.headings.improvements == "Improvements"
    assert incident.headings.tasks == "Tasks to Address the Issue"


def test_a_measures_table_gives_tasks_with_owner_priority_due_and_status() -> None:
    tasks = doc("dns-headings-24h.md").incident.measures.tasks
    assert [(t.owner, t.priority, t.due, t.done) for t in tasks] == [
        ("dns-team", "P1", date(2024, 6, 15), False),
        ("tooling", "P2", date(2024, 7, 1), True),
    ]


def test_items_under_an_unknown_sub_heading_keep_its_name() -> None:
    incident = imported("# Outage\n\n## Action Items\n\n### Deployment\n\n1. Deploy more often.\n")
    assert [t.text for t in incident.measures.tasks] == ["Deployment: Deploy more often."]


# --- nothing lost -------------------------------------------------------------------------------


def test_text_before_the_title_and_unknown_sections_are_kept_in_their_place() -> None:
    incident = doc("storage-multi-day.md").incident
    assert incident.title == "Storage cluster degradation"
    preamble = [s for s in incident.sections if s.after == "start"]
    assert "![status: resolved](https://img.shields.io/badge/status-resolved-green.svg)" in (
        preamble[0].body
    )
    assert "[runbook](https://wiki.example.com/storage/runbook)" in preamble[1].body
    conclusion = incident.sections[-1]
    assert (conclusion.title, conclusion.after) == ("Conclusion", "measures")


def test_an_overview_next_to_a_summary_with_fields_is_kept_as_a_free_section() -> None:
    incident = doc("login-template-placeholders.md").incident
    assert incident.headings.summary == ""
    assert [(s.title, s.after) for s in incident.sections] == [("Overview", "start")]


def test_an_html_image_becomes_a_markdown_image() -> None:
    incident = doc("cdn-paragraphs-html.md").incident
    assert incident.sections[0].body == "![cache hit ratio](<images/cache hit ratio.png>)"


def test_the_documents_own_heading_names_are_kept() -> None:
    incident = doc("queue-backlog-table.md").incident
    assert incident.headings.summary == "Incident Details"
    assert incident.headings.timeline == "Sequence of Events"
    assert incident.headings.measures == "Action Items"


def test_a_postmortem_inside_a_markdown_code_fence_is_read() -> None:
    result = doc("chat-answer-fenced.md")
    assert result.incident.title == "Postmortem: Search Index Lag"
    assert len(result.incident.timeline) == 3
    assert result.incident.sections[0].body == "Sure! Here is the postmortem you asked for:"


def test_crlf_line_ends_are_read_like_lf() -> None:
    raw = (DOCS / "storage-multi-day.md").read_bytes()
    assert b"\r\n" in raw  # this document is stored with CRLF line ends
    crlf = import_markdown(raw.decode("utf-8")).incident
    lf = import_markdown(raw.decode("utf-8").replace("\r\n", "\n")).incident
    assert dump_plain(crlf) == dump_plain(lf)
    assert crlf.summary.start == datetime(2024, 6, 5, 22, 40, tzinfo=UTC)


@pytest.mark.parametrize("name", DOC_NAMES)
def test_every_document_reads_the_same_with_crlf_line_ends(name: str) -> None:
    text = (DOCS / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    crlf = import_markdown(text.replace("\n", "\r\n")).incident
    assert dump_plain(crlf) == dump_plain(import_markdown(text).incident)
    assert "\r" not in str(dump_plain(crlf))


# Words the standard layout says its own way: the labels of the start and end times (their
# values are in the duration line), a timeline table's header and status column (the
# times, and task boxes), and the info string of a ```markdown fence. Times themselves are
# compared as times: "22:40" is shown as "10:40 PM". A duration that is only placeholders
# ("[Timestamp] ([Specify Timezone])") is read as no start and no end, and the render says
# nothing the file does not: its label and placeholder words are not shown.
LAYOUT_WORDS = {
    "dated-headings-cest.md": set(),
    "indented-pdt-bold.md": set(),
    "plain-titles-wordprocessor.md": set(),
    "000_7944cd21160a79dc.txt": set(),
    "001_5fd7a72d1b423ad2.txt": set(),
    "002_84ea7d0aa5fd3ed0.txt": {"start", "end"},
    "003_d0de7ebbbc07db80.txt": {"start", "end", "specify", "timezone"},
    "004_52eb452ef33d325f.txt": {"occurred"},
    "cdn-paragraphs-html.md": set(),
    "chat-answer-fenced.md": {"markdown"},
    "dns-headings-24h.md": {"action", "item", "status", "open", "done"},
    "login-template-placeholders.md": {"start", "end", "time", "duration", "specify", "timezone"},
    "payment-api-bold-labels.md": set(),
    "queue-backlog-table.md": {"start", "end", "time", "timezone", "event"},
    "storage-multi-day.md": {"start", "end", "time"},
    "dateless-bullets-utc.md": set(),
    "wordprocessor-lazy-titles.md": set(),
    "dated-headings-pst-loose-times.md": set(),
    "multi-incident-report.md": set(),
    # front matter: its keys, and the tags and the post's date, which the report names
    "front-matter-post.md": {"title", "description", "date", "tags", "transparency", "09", "02"},
    "html-paragraph-sections.md": set(),
    "table-dated-rows-cet.md": {"event"},
    "summary-inline-labels.md": set(),
    "bullets-iso-dates-eastern.md": set(),
    # the day of a date column written on its first row only is the duration line's "May 2"
    "date-time-columns-edt.md": {"start", "end", "time", "date", "event", "05", "02"},
}
SOURCES = {**{n: SEEDS / n for n in SEED_NAMES}, **{n: DOCS / n for n in DOC_NAMES}}


def without_times(text: str) -> str:
    """Text with its times taken out: they are compared as times, not as words."""
    for found in reversed(find_times(text)):
        text = text[: found.start] + " " + text[found.end :]
    return text


def test_every_document_and_seed_has_its_layout_words_listed() -> None:
    assert set(LAYOUT_WORDS) == set(SOURCES)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_render_of_an_import_keeps_every_word(name: str) -> None:
    source = SOURCES[name].read_text(encoding="utf-8")
    markdown = render_markdown(import_file(SOURCES[name]).incident)
    missing = words(without_times(source)) - words(markdown) - LAYOUT_WORDS[name]
    assert not missing, f"words of {name} lost in the render: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_layout_words_are_really_missing_from_the_render(name: str) -> None:
    markdown = render_markdown(import_file(SOURCES[name]).incident)
    assert not LAYOUT_WORDS[name] & words(markdown)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_time_read_is_shown_in_the_render(name: str) -> None:
    incident = import_file(SOURCES[name]).incident
    markdown = render_markdown(incident)
    for entry in incident.timeline:
        if entry.at is not None:
            assert format_clock(entry.at, incident.tz(), clock=incident.clock) in markdown


@pytest.mark.parametrize("seed", sorted(SAMPLE_OF_SEED))
def test_a_seed_imports_like_its_hand_conversion(seed: str) -> None:
    incident = import_file(SEEDS / seed).incident
    sample = IncidentFile.load(ROOT / "sample_incidents" / SAMPLE_OF_SEED[seed]).incident
    assert incident.title == sample.title
    assert incident.summary.start == sample.summary.start
    assert incident.summary.end == sample.summary.end
    assert incident.summary.users_affected_percent == sample.summary.users_affected_percent
    assert [(e.at, e.text) for e in incident.timeline] == [(e.at, e.text) for e in sample.timeline]
    assert incident.measures.improvements == sample.measures.improvements
    assert [t.text for t in incident.measures.tasks] == [t.text for t in sample.measures.tasks]


@pytest.mark.parametrize("sample", sorted(SAMPLE_OF_SEED.values()))
def test_the_render_of_a_sample_imports_back_to_the_same_facts(sample: str) -> None:
    original = IncidentFile.load(ROOT / "sample_incidents" / sample).incident
    again = import_markdown(render_markdown(original)).incident
    assert again.title == original.title
    assert (again.summary.start, again.summary.end) == (
        original.summary.start,
        original.summary.end,
    )
    assert [(e.at, e.label, e.text) for e in again.timeline] == [
        (e.at, e.label.rstrip(":"), e.text) for e in original.timeline
    ]
    # the same words; a label written as a list item comes back in bold
    assert words(again.analysis.root_cause) == words(original.analysis.root_cause)
    assert words(again.analysis.resolution) == words(original.analysis.resolution)
    assert again.measures.improvements == original.measures.improvements
    assert [(t.text, t.done) for t in again.measures.tasks] == [
        (t.text, t.done) for t in original.measures.tasks
    ]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_imported_incident_writes_toml_that_loads_back(name: str, tmp_path: Path) -> None:
    incident = import_file(SOURCES[name]).incident
    out = tmp_path / "incident.toml"
    document = IncidentFile.new(out, incident=incident)
    text = document.render_toml()
    tomllib.loads(text)
    document.save()
    assert out.read_text(encoding="utf-8") == text
    assert dump_plain(IncidentFile.load(out).incident) == dump_plain(incident)


FRAGMENTS = st.sampled_from(
    [
        "# Outage",
        "## Issue Summary",
        "**Timeline:**",
        "- **Duration:** June 5, 2024, from 10:00 AM to 12:30 PM (UTC)",
        "- 10:00 AM: Alert fired.",
        "- 23:59 UTC - Paged.",
        "- Day 2, 03:15 Rebuilt.",
        "- [Timestamp]: Tickets.",
        "### 13:35",
        "### Day 2",
        "| Time | Event |\n| --- | --- |\n| 10:00 | Alert. |",
        "## Root Cause and Resolution",
        "## Action Items",
        "- [x] Done.",
        "- Start Time: 2999-12-31 23:59 UTC",
        "- Timezone: Mars/Olympus",
        "```markdown\n## Timeline\n- 10:00 x\n```",
        "<h3>Timeline</h3>\n- 9:00 PM: y",
        "---\ntitle: x\n---",
        "---\ntitle: x\ndate: 2024-01-01\ntags: [a, b]\ndescription: y\n  z\n---",
        "Issue Summary:\n- Duration: 10:00 to 11:00 UTC\nTimeline:\n- 10:00 AM: y",
        "<h1>Summary</h1>\n<p>x</p>\n<h2>Timeline</h2>\n<p>10:00 y</p>",
        "### ~13:30-13:45",
        "- 2024-02-01 17:14pm: x",
        "| Date | Time | Event |\n| --- | --- | --- |\n| 2024-06-05 | 10:00 | a |\n| | 11:00 | b |",
        "All times in PST",
        "**June 5, 2024**",
        "- 21:40 to 22:10 EST: x",
        "## Follow-up timeline",
        "**Start:** 2024-03-02 10:00 UTC\n**Resolved at:** 11:30",
    ]
)


@settings(deadline=None, max_examples=150)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=8), st.booleans())
def test_any_text_gives_an_incident_or_a_one_line_refusal(pieces: list[str], crlf: bool) -> None:
    text = "\n\n".join(pieces)
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        incident = import_markdown(text, name="notes.md").incident
    except MarkdownImportError as error:
        assert str(error).startswith("notes.md: ")
        assert "\n" not in str(error)
    else:
        render_markdown(incident)
        tomllib.loads(IncidentFile.new("incident.toml", incident=incident).render_toml())


# --- the report and refusals --------------------------------------------------------------


def test_the_report_says_what_was_found() -> None:
    report = doc("dns-headings-24h.md").report
    assert ("Chronology", "timeline (7 entries)") in report.sections
    assert ("Appendix", "free section") in report.sections
    assert (report.entries, report.timed) == (7, 7)
    assert "Appendix" in report.free_sections
    assert report.uncertain() == []
    assert any(line.startswith("  sections: Summary -> summary") for line in report.lines())


def test_a_clean_document_has_nothing_uncertain() -> None:
    assert doc("payment-api-bold-labels.md").report.uncertain() == []


def test_a_draft_with_placeholders_is_uncertain() -> None:
    uncertain = doc("login-template-placeholders.md").report.uncertain()
    assert "time not read: '[Timestamp]': a placeholder, not a time" in uncertain
    assert "no timezone found" in uncertain


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "the file is empty"),
        ("  \n\n\t\n", "the file is empty"),
        ("import os\n\n\ndef main():\n    print(os.getcwd())\n", "this is Python source"),
    ],
)
def test_text_that_is_no_postmortem_is_refused(text: str, says: str) -> None:
    with pytest.raises(MarkdownImportError, match=re.escape(says)):
        import_markdown(text, name="notes.md")


@pytest.mark.parametrize(
    "text",
    ["Hello,\n\nthis is a letter, not a postmortem.\n", "# Shopping list\n\n- milk\n- bread\n"],
)
def test_prose_without_known_sections_is_kept_whole_and_said(text: str) -> None:
    result = import_markdown(text, name="notes.md")
    markdown = render_markdown(result.incident)
    for word in re.findall(r"[a-z]+", text.lower()):
        assert word in markdown.lower()
    assert any("no postmortem section was recognized" in w for w in result.report.uncertain())


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(MarkdownImportError, match="binary file"):
        import_file(path)


# --- forms of real postmortems: plain titles, date headings, indented and dated times ---------

# The forms each document covers:
# - plain-titles-wordprocessor.md: a word-processor paste without headings or blank lines:
#   plain title lines, a numbered title ("1. Issue Summary:"), a decorated one
#   ("--Timeline--:"), plain "9:10 AM: text" lines, a time alone on its line, 12-hour clock.
# - dated-headings-cest.md: "_All times in CEST_", date headings at the level of the
#   Timeline heading ("## August 12, 2025"), time headings under them ("### 19:40"), a bold
#   dated time with en dashes (Aug 13, en dash, 19:30, en dash, text), a multi-day timeline.
# - indented-pdt-bold.md: "All times in PST" in the summary for a September date (UTC-7),
#   a playful Timeline suffix ("Timeline of Chaos"), lines indented four spaces with a
#   date ("    2024-09-18 2:00 PM: text"), bold times in bullets, "Sep 18 3:05 PM".
FORM_DOCS = {
    "plain-titles-wordprocessor.md": (
        "UTC",
        ["2025-03-03T09:10", "2025-03-03T09:18", "2025-03-03T09:40", "2025-03-03T10:25"],
    ),
    "dated-headings-cest.md": (
        "Europe/Paris",
        ["2025-08-12T19:40", "2025-08-12T20:05", "2025-08-13T18:55", "2025-08-13T19:30"],
    ),
    "indented-pdt-bold.md": (
        "America/Los_Angeles",
        ["2024-09-18T14:00", "2024-09-18T14:12", "2024-09-18T14:30", "2024-09-18T15:05"],
    ),
}


@pytest.mark.parametrize("name", sorted(FORM_DOCS))
def test_every_timed_line_keeps_its_time_date_and_zone(name: str) -> None:
    zone, times = FORM_DOCS[name]
    result = import_file(DOCS / name)
    incident = result.incident
    assert incident.timezone == zone
    assert [e.at.strftime("%Y-%m-%dT%H:%M") for e in incident.timeline if e.at] == times
    markdown = render_markdown(incident)
    source = (DOCS / name).read_text(encoding="utf-8")
    from bench.import_fidelity import added_words, recall

    assert recall(source, markdown) >= 0.9  # short documents: a date heading weighs much
    assert added_words(source, markdown, incident.timezone) == []


def test_a_pst_note_on_a_summer_date_is_utc_minus_7() -> None:
    result = import_file(DOCS / "indented-pdt-bold.md")
    first = result.incident.timeline[0].at
    assert first is not None and first.utcoffset() == timedelta(hours=-7)


def test_an_ist_zone_is_reported_as_uncertain() -> None:
    result = import_markdown(
        "# Outage\n\n## Issue Summary\n\nOn 2024-01-05 from 10:00 to 11:00 IST the API failed.\n"
    )
    assert any("ambiguous" in item for item in result.report.uncertain())
