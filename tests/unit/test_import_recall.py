"""What an import keeps of the author's words around times: the clock a document writes
its times on, a zone written in a timeline table's header or on every timed line.

Each document here is written in our own words, in the forms real postmortems use.
"""

from __future__ import annotations

from postmortem_editor.importer import import_markdown
from postmortem_editor.importer.assemble import document_clock
from postmortem_editor.render import render_markdown


def test_offsets_written_with_twelve_hour_times_keep_the_twelve_hour_clock() -> None:
    markdown = (
        "# Postmortem\n\n## Issue Summary\n\n"
        "- **Duration**: Start time: Jul 3, 2024 2:00 PM (GMT+02:00), "
        "End time: Jul 3, 2024 5:00 PM (GMT+02:00)\n\n"
        "## Timeline\n\n"
        "- **Jul 3, 2024 2:00 PM (GMT+02:00)** - Uploads began to fail.\n"
        "- **Jul 3, 2024 5:00 PM (UTC-04:00)** - Uploads succeeded again.\n"
    )
    assert document_clock(markdown) == "12h"
    incident = import_markdown(markdown).incident
    assert incident.clock == "12h"
    assert "2:00 PM" in render_markdown(incident)


def test_twenty_four_hour_times_with_offsets_keep_the_twenty_four_hour_clock() -> None:
    assert document_clock("10:00-11:00 (UTC+01:00), then 12:30 and 1 PM") == "24h"


UNDATED_ZONED_TIMES = """# Checkout outage

## Issue Summary

Checkout failed for every customer for an hour and a half.

## Timeline

- 9:00 AM WAT - Payment errors began.
- 9:20 AM WAT - The on-call engineer rolled back the release.
- 10:30 AM WAT - Payments succeeded again.
"""


def test_a_zone_written_with_every_time_and_nowhere_else_is_named_in_the_heading() -> None:
    incident = import_markdown(UNDATED_ZONED_TIMES).incident
    assert incident.summary.start is None  # no date written: no duration line
    markdown = render_markdown(incident)
    assert "## Timeline (WAT)" in markdown
    assert "- **9:00 AM:** Payment errors began." in markdown


def test_a_zone_stated_by_the_duration_line_is_not_repeated_in_the_heading() -> None:
    dated = UNDATED_ZONED_TIMES.replace("for an hour", "on 2024-05-02 for an hour")
    incident = import_markdown(dated).incident
    assert incident.summary.start is not None
    markdown = render_markdown(incident)
    assert "## Timeline\n" in markdown
    # the duration line names the zone with the author's word, not its offset
    assert (incident.timezone, incident.timezone_name) == ("UTC+1", "WAT")
    assert "(WAT), 1 h 30 min" in markdown.split("## Timeline")[0]


def test_the_bench_counts_a_repeated_date_as_kept_only_where_the_render_states_it() -> None:
    from bench.import_fidelity import layout_recall, recall

    source = (
        "## Timeline\n\n| Time | Event |\n| --- | --- |\n"
        "| 2023-03-14 10:00 | Disk filled |\n| 2023-03-15 09:00 | Disk replaced |\n"
    )
    stated = "## Timeline\n\n- **10:00:** Disk filled\n- **Mar 15, 09:00:** Disk replaced\n"
    duration = "- **Duration:** from March 14, 2023, 10:00 to March 15, 2023, 09:00 (UTC)\n\n"
    assert layout_recall(source, duration + stated) > recall(source, duration + stated)
    # without the duration line, neither the first day nor the year is stated anywhere
    assert layout_recall(source, stated) == recall(source, stated)
    # the column headers stay lost
    assert layout_recall(source, duration + stated) < 1.0
