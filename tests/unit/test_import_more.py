"""More forms of real postmortems read by the importer, each written here in our own words.

Every test here failed before the form it covers was read: a duration told in a sentence,
HTML sections, dateless and zoneless timelines, start and end taken from the timeline,
front matter, zone notes, resolution sentences, several timelines in one document.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from postmortem_editor.check import check_incident
from postmortem_editor.importer import import_markdown
from postmortem_editor.importer.blocks import plain_text
from postmortem_editor.kinds import suggest_kind
from postmortem_editor.model import Incident, Kind
from postmortem_editor.render import render_markdown
from postmortem_editor.timeparse import find_times, find_zone

from .test_samples import words


def imported(markdown: str) -> Incident:
    return import_markdown(markdown).incident


def lost_words(markdown: str) -> set[str]:
    """The words of a document its render does not have (numbers aside: the render writes
    dates and times its own way, "2024-09-18" as "September 18, 2024")."""
    lost = words(markdown) - words(render_markdown(imported(markdown)))
    return {word for word in lost if not word.isdigit()}


# --- the summary's duration -------------------------------------------------------------------


def test_words_around_the_summary_times_are_kept() -> None:
    source = (
        "# Checkout outage\n\n## Summary\n\n"
        "Start time: Jan 3rd 2024 9:00 AM (EAT), End time: Jan 3rd 2024 10:00 AM (EAT). "
        "The checkout page answered 502 for every shopper.\n"
    )
    incident = imported(source)
    assert incident.summary.start is not None and incident.summary.start.hour == 9
    assert lost_words(source) == set()


def test_a_date_header_inside_pasted_output_loses_nothing() -> None:
    source = (
        "# Proxy errors\n\n## Summary\n\nThe proxy failed on 2023-02-07.\n"
        "Date: Tue, 7 Feb 2023 08:12:40 GMT\nServer: edge-proxy\nContent-Length: 0\n\n"
        "The cache volume was full.\n"
    )
    assert lost_words(source) == set()


# --- HTML documents ------------------------------------------------------------------------------


def test_html_headings_after_paragraphs_start_their_sections() -> None:
    source = (
        "<h1>Issue Summary</h1>\n<p>The mail relay stopped sending for an hour.</p>\n"
        "<h2>Timeline</h2>\n<p>The queue grew until noon.</p>\n"
        "<h2>Root Cause and Resolution</h2>\n<p>A full spool disk stopped the relay.</p>\n"
    )
    result = import_markdown(source)
    kinds = [where for _, where in result.report.sections]
    assert kinds[:3] == ["summary", "timeline (1 entry)", "root cause and resolution"]
    assert "spool" in result.incident.analysis.root_cause
    assert lost_words(source) == set()


# --- zones named in words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("All times in Central European Time (CET)", "Central European Time"),
        ("Timeline (24-hour clock, West Central Africa Standard Timezone)", None),
        ("Times are US Central Time", "Central Time"),
        ("2024-06-28 7:09 AM Eastern", "Eastern"),
    ],
)
def test_a_zone_named_in_words_is_read_whole_or_not_at_all(text: str, zone: str | None) -> None:
    assert find_zone(text) == zone


def test_central_european_time_is_paris_time_not_chicago_time() -> None:
    incident = imported(
        "# Outage\n\n## Timeline\n\nAll times in Central European Time (CET)\n\n"
        "- 2024-07-02 10:00 Alert fired.\n"
    )
    assert incident.timezone == "Europe/Paris"
    assert incident.timeline[0].at == datetime(2024, 7, 2, 10, tzinfo=ZoneInfo("Europe/Paris"))


# --- the day and zone of a timeline's times ------------------------------------------------------

DAY = date(2026, 3, 4)
UTC_MINUS_5 = timezone(timedelta(hours=-5))


def test_a_dateless_timeline_keeps_its_times_on_the_day_of_the_import() -> None:
    result = import_markdown(
        "# Outage\n\n## Summary\n\nThe API failed for an hour (times in EAT).\n\n"
        "## Timeline\n\n- 23:40: Alerts fired.\n- 23:55: The database was restarted.\n"
        "- 00:20: Traffic was back to normal.\n",
        today=DAY,
    )
    eat = timezone(timedelta(hours=3))
    assert [e.at for e in result.incident.timeline] == [
        datetime(2026, 3, 4, 23, 40, tzinfo=eat),
        datetime(2026, 3, 4, 23, 55, tzinfo=eat),
        datetime(2026, 3, 5, 0, 20, tzinfo=eat),
    ]
    assert result.incident.timezone == "UTC+3"
    assert (result.incident.summary.start, result.incident.summary.end) == (None, None)
    assert any("kept on 2026-03-04, the day of the import" in w for w in result.report.warnings)


def test_a_zoneless_timeline_is_read_as_utc_and_says_so() -> None:
    result = import_markdown(
        "# Outage\n\n## Timeline\n\n### 2024-05-02\n\n- 09:10 Disk alarm.\n- 09:40 Disk swapped.\n"
    )
    assert [e.at for e in result.incident.timeline] == [
        datetime(2024, 5, 2, 9, 10, tzinfo=UTC),
        datetime(2024, 5, 2, 9, 40, tzinfo=UTC),
    ]
    assert result.incident.timezone == ""
    assert result.incident.summary.start is None  # the duration line would show "(UTC)"
    assert "no timezone found: the timeline's times are read as UTC" in result.report.warnings


@pytest.mark.parametrize(
    "timeline",
    [
        # a date on the first line, then times only
        "- Sep 27 2017 13:06 - Deploy to staging.\n- 13:35 - Deploy to beta.\n"
        "- 00:15 - Rollback finished.\n",
        # a date heading, then time headings
        "### 2017-09-27\n\n### 13:06\n\nDeploy to staging.\n\n### 13:35\n\nDeploy to beta.\n\n"
        "### 00:15\n\nRollback finished.\n",
        # a dated table row, then rows with times only
        "| Time | Event |\n| --- | --- |\n| 2017-09-27 13:06 | Deploy to staging. |\n"
        "| 13:35 | Deploy to beta. |\n| 00:15 | Rollback finished. |\n",
    ],
)
def test_a_date_written_once_gives_the_day_of_the_times_after_it(timeline: str) -> None:
    result = import_markdown(
        f"# Staging outage\n\n## Summary\n\nLaunches failed.\n\n## Timeline\n\nAll times in PST\n\n"
        f"{timeline}"
    )
    pacific = ZoneInfo("America/Los_Angeles")
    assert [e.at for e in result.incident.timeline if e.at] == [
        datetime(2017, 9, 27, 13, 6, tzinfo=pacific),
        datetime(2017, 9, 27, 13, 35, tzinfo=pacific),
        datetime(2017, 9, 28, 0, 15, tzinfo=pacific),
    ]
    assert result.incident.timeline[0].at.utcoffset() == timedelta(hours=-7)  # PDT


def test_the_timelines_first_date_dates_the_summarys_clock_times() -> None:
    incident = imported(
        "# Outage\n\n## Summary\n\nFrom 10:00 to 11:30 UTC uploads failed.\n\n"
        "## Timeline\n\n### 2024-03-02\n\n- 10:00 Uploads fail.\n- 11:30 Uploads work.\n"
    )
    assert incident.summary.start == datetime(2024, 3, 2, 10, tzinfo=UTC)
    assert incident.summary.end == datetime(2024, 3, 2, 11, 30, tzinfo=UTC)


def test_a_date_written_against_its_month_is_read() -> None:
    incident = imported(
        "# Outage\n\nThe outage of January23, 2021 is described here.\n\n"
        "## Timeline\n\n- 07:31 PM PT - Outage begins.\n"
    )
    assert incident.timeline[0].at == datetime(
        2021, 1, 23, 19, 31, tzinfo=ZoneInfo("America/Los_Angeles")
    )


# --- start and end from the timeline --------------------------------------------------------------


def test_start_and_end_are_taken_from_the_timeline_when_the_summary_has_none() -> None:
    result = import_markdown(
        "# Outage\n\n## Summary\n\nSearch was slow.\n\n## Timeline\n\nAll times in UTC.\n\n"
        "### 2024-11-05\n\n- 08:02 Latency alert.\n- 08:30 Index rebuilt.\n"
        "- 09:15 Latency normal.\n"
    )
    summary = result.incident.summary
    assert (summary.start, summary.end) == (
        datetime(2024, 11, 5, 8, 2, tzinfo=UTC),
        datetime(2024, 11, 5, 9, 15, tzinfo=UTC),
    )
    assert "start and end taken from the timeline's first and last times" in (
        result.report.warnings
    )
    assert "summary: no start time found" not in result.report.warnings


def test_only_the_missing_end_is_taken_from_the_timeline() -> None:
    result = import_markdown(
        "# Outage\n\n## Summary\n\n- Start Time: 2024-11-05 08:00 UTC\n\n"
        "## Timeline\n\n- 2024-11-05 08:02 Latency alert.\n- 09:15 Latency normal.\n"
    )
    summary = result.incident.summary
    assert summary.start == datetime(2024, 11, 5, 8, tzinfo=UTC)
    assert summary.end == datetime(2024, 11, 5, 9, 15, tzinfo=UTC)
    assert "end taken from the timeline's last time" in result.report.warnings


@pytest.mark.parametrize(
    "timeline",
    [
        "**June 5, 2024**\n\n- 22:00 Queue grows.\n- 23:30 Workers added.\n\n"
        "**June 6, 2024**\n\n- 01:00 Queue empty.\n",
        "June 5, 2024:\n\n- 22:00 Queue grows.\n- 23:30 Workers added.\n\n"
        "June 6, 2024:\n\n- 01:00 Queue empty.\n",
        "2024-06-05\n22:00 Queue grows.\n23:30 Workers added.\n\n2024-06-06\n01:00 Queue empty.\n",
        "### Wednesday, June 5th 2024\n\n- 22:00 Queue grows.\n- 23:30 Workers added.\n\n"
        "### Thursday, June 6th 2024\n\n- 01:00 Queue empty.\n",
        "| Date | Time | Event |\n| --- | --- | --- |\n| 2024-06-05 | 22:00 | Queue grows. |\n"
        "|  | 23:30 | Workers added. |\n| 2024-06-06 | 01:00 | Queue empty. |\n",
    ],
)
def test_a_date_alone_on_its_line_gives_the_day_of_the_times_under_it(timeline: str) -> None:
    result = import_markdown(
        f"# Backlog\n\n## Summary\n\nOrders waited.\n\n## Timeline (UTC)\n\n{timeline}", today=DAY
    )
    assert [(e.at, e.label) for e in result.incident.timeline] == [
        (datetime(2024, 6, 5, 22, tzinfo=UTC), ""),
        (datetime(2024, 6, 5, 23, 30, tzinfo=UTC), ""),
        (datetime(2024, 6, 6, 1, tzinfo=UTC), ""),
    ]
    assert result.report.uncertain() == [
        "start and end taken from the timeline's first and last times",
    ]


def test_a_group_label_that_writes_a_date_sets_the_day() -> None:
    incident = imported(
        "# Backlog\n\n## Timeline (UTC)\n\nOn June 5, 2024:\n\n- 22:00 Queue grows.\n"
    )
    assert incident.timeline[0].at == datetime(2024, 6, 5, 22, tzinfo=UTC)


def test_text_under_a_date_without_a_time_is_an_entry_of_that_day() -> None:
    result = import_markdown(
        "# Builds\n\n## Timeline\n\nAll times in PST\n\n### 2018-01-15\n\n"
        "Builds fail on the CI service.\n\n### 2018-01-16 17:14\n\nThe mirror is gone.\n"
    )
    first, second = result.incident.timeline
    assert (first.at, first.label, first.text) == (
        None,
        "2018-01-15",
        "Builds fail on the CI service.",
    )
    assert second.at == datetime(2018, 1, 16, 17, 14, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert "'2018-01-15': a date without a time of day" in result.report.unread_times


# --- several timelines, and titles inside lists ---------------------------------------------------


def test_the_timelines_of_several_incidents_are_read_in_turn() -> None:
    result = import_markdown(
        "# Two cache storms\n\n## Summary\n\nTwo storms hit the cache.\n\n"
        "## Incident Timeline\n\n### March 3, 2025 - First storm\n\n"
        "**Duration:** 21:40 to 22:10 UTC (30 minutes)\n\n"
        "**Root causes:**\n\n- Too many writers.\n\n**Timeline:**\n\n"
        "- **21:40 UTC** - Writes spike.\n- **22:10 UTC** - Writes throttled.\n\n"
        "### March 5, 2025 - Second storm\n\n**Root causes:**\n\n- The same writers.\n\n"
        "**Timeline:**\n\n- **08:00 UTC** - Writes spike again.\n"
    )
    timed = [e for e in result.incident.timeline if e.at]
    assert [(e.at, e.text) for e in timed] == [
        (datetime(2025, 3, 3, 21, 40, tzinfo=UTC), "21:40 to 22:10"),
        (datetime(2025, 3, 3, 21, 40, tzinfo=UTC), "Writes spike."),
        (datetime(2025, 3, 3, 22, 10, tzinfo=UTC), "Writes throttled."),
        (datetime(2025, 3, 5, 8, tzinfo=UTC), "Writes spike again."),
    ]
    assert [e.label for e in timed][1:] == [
        "March 3, 2025 - First storm",
        "March 3, 2025 - First storm",
        "March 5, 2025 - Second storm",
    ]
    assert not any("second timeline" in w for w in result.report.warnings)
    assert ("Timeline", "timeline (2 more entries)") in result.report.sections


def test_a_follow_up_timeline_goes_on_after_the_first() -> None:
    source = (
        "# Hub outage\n\n## Summary\n\nThe hub was down.\n\n## Timeline (times in BST)\n\n"
        "### 5:00 PM\n\nIncident declared.\n\n### 6:10 PM\n\nIncident resolved.\n\n"
        "## Follow-up timeline (times in BST)\n\n### 8:15 PM\n\nUsers report slow kernels.\n"
    )
    result = import_markdown(source, today=DAY)
    last = result.incident.timeline[-1]
    assert (last.at, last.label) == (
        datetime(2026, 3, 4, 20, 15, tzinfo=ZoneInfo("Europe/London")),
        "Follow-up timeline (times in BST)",
    )
    assert lost_words(source) == set()


def test_a_title_written_against_the_margin_inside_a_list_ends_the_list() -> None:
    incident = imported(
        "Issue Summary:\n- Duration: from 9:00 AM to 10:00 AM (UTC) on 2024-02-01.\n"
        "Root Cause:\nA full disk.\nTimeline:\n- 9:00 AM: Alerts fired.\n"
        "- 10:00 AM: Disk cleaned.\nCorrective and Preventative Measures:\n- Add disk alerts.\n"
    )
    assert [e.at for e in incident.timeline] == [
        datetime(2024, 2, 1, 9, tzinfo=UTC),
        datetime(2024, 2, 1, 10, tzinfo=UTC),
    ]
    assert incident.measures.improvements == ["Add disk alerts."]


# --- time forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "at", "label"),
    [
        ("- 2024-02-01 17:14pm: Mirror gone.", datetime(2024, 2, 1, 17, 14, tzinfo=UTC), ""),
        ("- 14:15pm: Logs read.", datetime(2024, 2, 1, 14, 15, tzinfo=UTC), ""),
        ("- ~13:30-13:45 Launches fail.", datetime(2024, 2, 1, 13, 30, tzinfo=UTC), "~13:30-13:45"),
        (
            "- 2024-02-01 10:45~ Upgrade.",
            datetime(2024, 2, 1, 10, 45, tzinfo=UTC),
            "2024-02-01 10:45~",
        ),
        (
            "- 21:40 to 22:10 EST: Storm.",
            datetime(2024, 2, 1, 21, 40, tzinfo=UTC_MINUS_5),
            "21:40 to 22:10",
        ),
    ],
)
def test_times_written_loosely_are_read_and_keep_how_they_were_written(
    line: str, at: datetime, label: str
) -> None:
    incident = imported(f"# Outage\n\n## Timeline (UTC)\n\n### 2024-02-01\n\n{line}\n")
    entry = incident.timeline[0]
    assert (entry.at, entry.label) == (at, label)
    assert entry.at.utcoffset() == at.utcoffset()


# --- start and end labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "labels",
    [
        "**Began:** March 2, 2024 at 10:00 UTC\n**Resolved at:** March 2, 2024 at 11:30 UTC\n",
        "**Outage began:** 10:00 UTC on March 2, 2024  \n"
        "**Outage ended:** 11:30 UTC on March 2, 2024\n",
        "**Start of incident:** 2024-03-02 10:00 UTC\n**End of incident:** 2024-03-02 11:30 UTC\n",
        "**Incident window:** 2024-03-02 10:00 \u2013 11:30 UTC\n",
        "**Date:** March 2, 2024\n**Time:** 10:00 - 11:30 UTC\n",
        "**Detected at:** 2024-03-02 10:00 UTC\n**Mitigated at:** 2024-03-02 11:00 UTC\n"
        "**Resolved at:** 2024-03-02 11:30 UTC\n",
    ],
)
def test_start_and_end_labels_of_every_common_name_set_the_span(labels: str) -> None:
    source = f"# Outage\n\n## Summary\n\n{labels}\nUsers saw errors.\n"
    incident = imported(source)
    assert (incident.summary.start, incident.summary.end) == (
        datetime(2024, 3, 2, 10, tzinfo=UTC),
        datetime(2024, 3, 2, 11, 30, tzinfo=UTC),
    )
    assert lost_words(source) <= {"time", "date", "began", "ended", "start", "end", "incident"} | {
        "window",
        "outage",
        "of",
    }


def test_a_detection_label_stands_in_for_the_start_and_is_kept_as_written() -> None:
    source = "# Outage\n\n## Summary\n\n**Detected at:** 2024-03-02 10:05 UTC\n"
    incident = imported(source)
    assert incident.summary.start == datetime(2024, 3, 2, 10, 5, tzinfo=UTC)
    assert "**Detected at:** 2024-03-02 10:05 UTC" in render_markdown(incident)


# --- front matter --------------------------------------------------------------------------------

FRONT = (
    "---\n"
    'title: "Incident report: stale mirror"\n'
    "description: The package mirror served stale files\n"
    "    for half a day.\n"
    "authors:\n  - r.okafor\n  - l.brandt\n"
    "date: 2025-04-09\n"
    "tags: [mirror, transparency]\n"
    "layout: post\n"
    "---\n\n"
    "## Timeline\n\n- 2025-04-08 09:10 UTC: Sync job stalls.\n- 21:40 UTC: Sync job restarted.\n"
)


def test_front_matter_gives_the_fields_it_names_and_is_not_shown_as_code() -> None:
    result = import_markdown(FRONT)
    incident = result.incident
    assert incident.title == "Incident report: stale mirror"
    assert incident.authors == ["r.okafor", "l.brandt"]
    markdown = render_markdown(incident)
    assert "```" not in markdown and "layout" not in markdown and "tags" not in markdown
    assert "The package mirror served stale files for half a day." in markdown
    assert (
        "front matter left out: date (2025-04-09); tags (mirror, transparency); layout (post)"
        in result.report.notes
    )


def test_the_date_of_a_post_is_used_only_when_the_document_gives_none() -> None:
    undated = FRONT.replace("2025-04-08 ", "")
    titled = undated.replace("## Timeline", "# 2025-04-08, Stale mirror\n\n## Timeline")
    assert imported(titled).timeline[0].at == datetime(2025, 4, 8, 9, 10, tzinfo=UTC)
    posted = import_markdown(undated, today=DAY).incident
    assert posted.timeline[0].at == datetime(2025, 4, 9, 9, 10, tzinfo=UTC)


def test_a_zone_written_only_on_the_timelines_times_is_the_incidents() -> None:
    incident = imported(
        "# Token leak\n\n## Timeline\n\n- 2024-06-28 7:09 AM Eastern:\n    A token is reported.\n"
        "- 2024-06-28 8:30 AM:\n    The token is revoked.\n"
    )
    eastern = ZoneInfo("America/New_York")
    assert incident.timezone == "America/New_York"
    assert [e.at for e in incident.timeline] == [
        datetime(2024, 6, 28, 7, 9, tzinfo=eastern),
        datetime(2024, 6, 28, 8, 30, tzinfo=eastern),
    ]
    assert incident.summary.start == datetime(2024, 6, 28, 7, 9, tzinfo=eastern)


# --- a timeline's zone note ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "zone", "offset"),
    [
        ("All times in PST", "America/Los_Angeles", -7),  # September: PDT
        ("_All times in CET._", "Europe/Paris", 2),  # September: CEST
        ("Times are in UTC+1 (Zurich time)", "UTC+1", 1),
    ],
)
def test_a_zone_note_sets_the_zone_and_goes_into_the_timelines_heading(
    note: str, zone: str, offset: int
) -> None:
    source = (
        "# Hub 500s\n\n## Summary\n\nLaunches failed.\n\n"
        f"## Timeline\n\n{note}\n\n### 2024-09-18 13:06\n\nDeploy to staging.\n"
    )
    result = import_markdown(source)
    incident = result.incident
    assert incident.timezone == zone
    assert incident.timeline[0].at.utcoffset() == timedelta(hours=offset)
    assert incident.headings.timeline == f"Timeline ({plain_text(note).rstrip('.')})"
    assert [s.body for s in incident.sections] == []  # no untitled section after the summary
    assert lost_words(source) == set()


# --- resolutions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The fix has been merged and deployed, bringing the outage to an end.",
        "Pods were rescheduled on healthy nodes. Service resumes. Incident ends.",
        "All systems verified operational",
        "The page was back up like normal.",
        "Mirror downgraded, and the issue was permanently fixed",
        "Engineer finishes resolving the overall incident by restarting the exporters.",
    ],
)
def test_a_sentence_that_ends_the_incident_is_a_resolution(text: str) -> None:
    assert suggest_kind(text) == Kind.RESOLUTION
    incident = imported(
        f"# Outage\n\n## Timeline (UTC)\n\n- 2024-02-01 10:00 Alerts fire.\n- 10:40 {text}\n"
    )
    assert "PM006" not in {finding.id for finding in check_incident(incident)}


def test_every_list_of_measures_keeps_its_own_name() -> None:
    source = (
        "# Outage\n\n## Action items\n\n### Process improvements\n\n1. Page two people.\n\n"
        "### Documentation improvements\n\n1. Write the recycling guide.\n"
    )
    incident = imported(source)
    assert incident.headings.improvements == "Process improvements"
    assert incident.measures.improvements == [
        "Page two people.",
        "Documentation improvements: Write the recycling guide.",
    ]
    assert lost_words(source) == set()


def test_a_time_followed_by_a_colon_is_found_with_its_zone() -> None:
    assert [(t.text, t.zone) for t in find_times("- 9:12 AM Eastern: key reported")] == [
        ("9:12 AM Eastern", "Eastern")
    ]
    assert [t.text for t in find_times("- 02:52am: logs read")] == ["02:52am"]
    assert find_times("10:05:3x") == []


def test_a_measures_section_without_measures_keeps_its_title() -> None:
    source = (
        "# Outage\n\n## Corrective and Preventative Measures\n\n"
        "<p>Render one page of each kind before a deploy finishes.</p>\n"
    )
    result = import_markdown(source)
    assert [s.title for s in result.incident.sections] == ["Corrective and Preventative Measures"]
    assert lost_words(source) == set()
