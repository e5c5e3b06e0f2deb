"""More forms of real postmortems read by the importer, each written here in our own words.

Every test here failed before the form it covers was read: a duration told in a sentence,
HTML sections, dateless and zoneless timelines, start and end taken from the timeline,
front matter, zone notes, resolution sentences, several timelines in one document.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from postmortem_editor.importer import import_markdown
from postmortem_editor.model import Incident
from postmortem_editor.render import render_markdown
from postmortem_editor.timeparse import find_zone

from .test_samples import words


def imported(markdown: str) -> Incident:
    return import_markdown(markdown).incident


def lost_words(markdown: str) -> set[str]:
    """The words of a document its render does not have."""
    return words(markdown) - words(render_markdown(imported(markdown)))


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
