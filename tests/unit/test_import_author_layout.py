"""What an import keeps of how a document writes its times: a date on every timeline line
(``timeline_dates = "every"``) and its word for the zone (``timezone_name``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_editor.importer import import_file, import_markdown
from postmortem_editor.render import PROFILES, Profile, render_markdown

DOCS = Path(__file__).resolve().parent.parent / "import_docs"


def _timeline(*lines: str, zone_note: str = "") -> str:
    note = f"{zone_note}\n\n" if zone_note else ""
    return "# Queue stall\n\n## Timeline\n\n" + note + "\n".join(lines) + "\n"


# --- dates on every line ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "dates", "word"),
    [
        ("table-dated-rows-cet.md", "every", "CET"),
        ("bullets-iso-dates-eastern.md", "every", "Eastern"),
        ("date-time-columns-edt.md", "changes", "EDT"),  # blank date cells: the row above's
        ("dated-headings-pst-loose-times.md", "changes", "PST"),  # a date heading over times
        ("dateless-bullets-utc.md", "changes", ""),  # "UTC" is the setting as written
    ],
)
def test_the_document_s_dates_and_zone_word_are_kept(name: str, dates: str, word: str) -> None:
    incident = import_file(DOCS / name).incident
    assert (incident.timeline_dates, incident.timezone_name) == (dates, word)


@pytest.mark.parametrize("profile", PROFILES)
def test_a_table_dated_on_every_row_renders_a_date_on_every_row(profile: Profile) -> None:
    markdown = render_markdown(import_file(DOCS / "table-dated-rows-cet.md").incident, profile)
    for written in ("2021-03-12 09:30", "2021-03-19 11:02", "2021-03-19 11:20"):
        assert written in markdown
    assert "(CET)" in markdown
    assert "Europe/Paris" not in markdown


def test_dated_bullets_keep_their_dates_on_the_twelve_hour_clock() -> None:
    incident = import_file(DOCS / "bullets-iso-dates-eastern.md").incident
    assert incident.clock == "12h"
    markdown = render_markdown(incident)
    assert "- **2022-09-14 11:52 PM:** Export job starts its nightly run" in markdown
    assert "- **2022-09-15 7:40 AM:** Finance reports" in markdown
    assert "(Eastern), 8 h 39 min" in markdown


def test_a_date_written_once_over_the_times_is_shown_where_the_day_changes() -> None:
    markdown = _timeline(
        "- 2024-03-01 23:40 - Queue depth alert",
        "- 23:55 - Consumers restarted",
        "- 00:20 - Backlog cleared",
    )
    incident = import_markdown(markdown).incident
    assert incident.timeline_dates == "changes"
    assert "- **Mar 2, 00:20:** Backlog cleared" in render_markdown(incident)


def test_a_date_column_filled_on_every_row_is_a_date_on_every_line() -> None:
    markdown = _timeline(
        "| Date | Time | Event |",
        "| --- | --- | --- |",
        "| 2024-03-01 | 23:40 | Queue depth alert |",
        "| 2024-03-01 | 23:55 | Consumers restarted |",
        "| 2024-03-02 | 00:20 | Backlog cleared |",
    )
    assert import_markdown(markdown).incident.timeline_dates == "every"


@pytest.mark.parametrize(
    ("dated", "undated", "dates"),
    [(9, 1, "every"), (10, 0, "every"), (8, 2, "changes"), (2, 0, "every"), (1, 0, "changes")],
)
def test_nearly_every_line_dated_is_enough_and_a_single_one_is_not(
    dated: int, undated: int, dates: str
) -> None:
    lines = [f"- 2024-03-01 10:{minute:02d} - Step {minute}" for minute in range(dated)]
    lines += [f"- 11:{minute:02d} - Later step {minute}" for minute in range(undated)]
    incident = import_markdown(_timeline(*lines, zone_note="All times in UTC.")).incident
    assert incident.timeline_dates == dates


# --- the author's word for the zone ----------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "setting", "word"),
    [
        ("All times in CET.", "Europe/Paris", "CET"),
        ("All times in CEST.", "Europe/Paris", "CEST"),
        ("Times are Eastern Time.", "America/New_York", "Eastern Time"),
        ("All times in EAT.", "UTC+3", "EAT"),
        ("All times in IST.", "UTC+5:30", "IST"),
        ("All times in UTC.", "UTC", ""),
        ("All times in GMT.", "GMT", ""),
        ("All times in UTC-5.", "UTC-5", ""),
    ],
)
def test_a_zone_note_gives_the_timezone_and_the_word_it_was_written_with(
    note: str, setting: str, word: str
) -> None:
    markdown = "# Queue stall\n\n## Summary\n\nOn 2024-03-01 the queue stalled.\n\n" + _timeline(
        "- 10:00 - Queue depth alert", "- 10:40 - Backlog cleared", zone_note=note
    ).removeprefix("# Queue stall\n\n")
    incident = import_markdown(markdown).incident
    assert (incident.timezone, incident.timezone_name) == (setting, word)
    line = next(line for line in render_markdown(incident).splitlines() if "Duration" in line)
    assert line.endswith(f"({word or setting}), 40 min")


def test_a_zone_in_the_summary_s_start_and_end_gives_the_word() -> None:
    incident = import_file(DOCS / "date-time-columns-edt.md").incident
    assert (incident.timezone, incident.timezone_name) == ("America/New_York", "EDT")
    assert "from 09:10 to 11:45 on May 2, 2023 (EDT), 2 h 35 min" in render_markdown(incident)
