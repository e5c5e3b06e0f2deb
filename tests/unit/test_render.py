"""The renderer: golden files of the samples in each profile, and the shape of its Markdown."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from postmortem_editor.model import FreeSection, Incident, Kind, Summary, Task, TimelineEntry
from postmortem_editor.render import (
    PROFILES,
    duration_line,
    render_blocks,
    render_markdown,
    task_line,
    word_count,
)
from postmortem_editor.store import IncidentFile

from ..conftest import ROOT, SAMPLES

GOLDEN = ROOT / "tests" / "golden"
EST = timezone(timedelta(hours=-5))


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_renders_as_its_golden_file(sample: Path, profile: str, update_golden: bool) -> None:
    markdown = render_markdown(IncidentFile.load(sample).incident, profile)  # type: ignore[arg-type]
    golden = GOLDEN / f"{sample.stem}.{profile}.md"
    if update_golden:
        golden.write_text(markdown, encoding="utf-8")
    assert golden.exists(), f"run pytest --update-golden to create {golden.name}"
    assert markdown == golden.read_text(encoding="utf-8")


def _incident() -> Incident:
    return Incident(
        title="Checkout outage",
        timezone="America/New_York",
        clock="12h",
        summary=Summary(
            start=datetime(2024, 2, 14, 15, 0, tzinfo=UTC),
            end=datetime(2024, 2, 14, 17, 30, tzinfo=UTC),
            impact="Checkout failed for 40% of users.",
            root_cause="A bad deploy.",
        ),
        timeline=[
            TimelineEntry(
                at=datetime(2024, 2, 14, 10, 0, tzinfo=EST),
                kind=Kind.DETECTION,
                text="Alerts fired.",
            ),
            TimelineEntry(
                at=datetime(2024, 2, 15, 1, 10, tzinfo=EST), kind=Kind.RESOLUTION, text="Restored."
            ),
        ],
    )


def test_times_render_in_the_incidents_timezone() -> None:
    markdown = render_markdown(_incident())
    assert (
        "from 10:00 AM to 12:30 PM on February 14, 2024 (America/New_York), 2 h 30 min" in markdown
    )


def test_entry_on_a_later_day_shows_its_date() -> None:
    markdown = render_markdown(_incident())
    assert "- **10:00 AM:** Alerts fired." in markdown
    assert "- **Feb 15, 1:10 AM:** Restored." in markdown


def test_duration_over_midnight_names_both_days() -> None:
    incident = _incident()
    incident.summary.end = datetime(2024, 2, 15, 7, 0, tzinfo=UTC)
    assert duration_line(incident) == (
        "from February 14, 2024, 10:00 AM to February 15, 2024, 2:00 AM (America/New_York), 16 h"
    )


def test_unknown_times_are_left_out_never_filled_with_placeholders() -> None:
    incident = Incident(
        title="x",
        timeline=[
            TimelineEntry(text="Something."),
            TimelineEntry(text="Paged.", by="alice"),
            TimelineEntry(text="Labelled.", label="Before the deploy"),
        ],
    )
    for profile in PROFILES:
        markdown = render_markdown(incident, profile)  # type: ignore[arg-type]
        assert "[Timestamp]" not in markdown and "[Specify Timezone]" not in markdown
        assert "Duration" not in markdown
        assert "None recorded." not in markdown
    standard = render_markdown(incident)
    assert "- Something.\n- alice: Paged.\n- **Before the deploy:** Labelled." in standard
    table = render_markdown(incident, "pagerduty")
    assert "|  | note |  | Something. |" in table
    assert "| Before the deploy | note |  | Labelled. |" in table


def test_a_start_without_an_end_says_only_the_start() -> None:
    incident = _incident()
    incident.summary.end = None
    assert duration_line(incident) == "from February 14, 2024, 10:00 AM (America/New_York)"
    incident.summary.start, incident.summary.end = None, datetime(2024, 2, 14, 17, tzinfo=UTC)
    assert duration_line(incident) == "until February 14, 2024, 12:00 PM (America/New_York)"


def test_empty_parts_of_a_layout_are_left_out() -> None:
    incident = Incident(title="Bare")
    assert render_markdown(incident) == "# Bare\n"
    assert render_markdown(incident, "google-sre") == "# Bare\n"
    assert render_markdown(incident, "pagerduty") == "# Bare\n"


def test_google_sre_says_a_free_section_with_its_own_heading_once() -> None:
    incident = _incident()
    incident.sections = [FreeSection(title="Lessons learned", body="Alerts came late.")]
    markdown = render_markdown(incident, "google-sre")
    assert markdown.count("Lessons") == 1
    assert "## Lessons Learned\n\nAlerts came late." in markdown
    assert "(continued)" not in markdown
    incident.analysis.lessons = "Rollbacks work."
    markdown = render_markdown(incident, "google-sre")
    assert "## Lessons Learned\n\nRollbacks work.\n\nAlerts came late." in markdown
    assert markdown.count("Lessons") == 1


def _spoken() -> Incident:
    incident = _incident()
    incident.timeline[0].by = "alice"
    return incident


def test_who_said_it_stands_before_the_text_in_bullets() -> None:
    incident = _spoken()
    for profile in ("standard", "google-sre"):
        markdown = render_markdown(incident, profile)  # type: ignore[arg-type]
        assert "- **10:00 AM:** alice: Alerts fired." in markdown
        assert "- **Feb 15, 1:10 AM:** Restored." in markdown


def test_pagerduty_table_gets_a_who_column_only_when_someone_is_named() -> None:
    markdown = render_markdown(_spoken(), "pagerduty")
    assert "| Time | Kind | Who | Event |" in markdown
    assert "| 10:00 AM | detection | alice | Alerts fired. |" in markdown
    assert "| Feb 15, 1:10 AM | resolution |  | Restored. |" in markdown
    assert "| Who |" not in render_markdown(_incident(), "pagerduty")


def test_entries_without_who_render_as_before() -> None:
    incident = _incident()
    incident.timeline[0].by = "   "
    for profile in PROFILES:
        assert render_markdown(incident, profile) == render_markdown(_incident(), profile)


def test_tasks_render_as_a_github_task_list_with_owner_priority_and_due_date() -> None:
    task = Task(
        text="Add a config check.", owner="infra", priority="P1", due=date(2024, 3, 1), done=True
    )
    assert (
        task_line(task) == "- [x] Add a config check. (owner: infra; priority: P1; due: 2024-03-01)"
    )
    assert task_line(Task(text="Write docs.")) == "- [ ] Write docs."


def test_share_of_users_is_added_when_the_impact_does_not_say_it() -> None:
    incident = _incident()
    incident.summary.users_affected_percent = 25
    assert "Checkout failed for 40% of users. (25% of users affected.)" in render_markdown(incident)
    incident.summary.users_affected_percent = 40
    assert "(40% of users affected.)" not in render_markdown(incident)


def test_free_sections_keep_their_place() -> None:
    incident = _incident()
    incident.sections = [
        FreeSection(title="Overview", body="Before the summary.", after="start"),
        FreeSection(title="", body="Closing words.", after="measures"),
    ]
    markdown = render_markdown(incident)
    assert markdown.index("## Overview") < markdown.index("## Issue Summary")
    assert markdown.rstrip().endswith("Closing words.")


def test_custom_headings_replace_the_standard_ones() -> None:
    incident = _incident()
    incident.headings.summary = "Incident Details"
    markdown = render_markdown(incident)
    assert "## Incident Details" in markdown
    assert "## Issue Summary" not in markdown


def test_pagerduty_timeline_is_a_table_and_escapes_pipes() -> None:
    incident = _incident()
    incident.timeline[0].text = "grep a|b failed"
    markdown = render_markdown(incident, "pagerduty")
    assert "| Time | Kind | Event |" in markdown
    assert "| 10:00 AM | detection | grep a\\|b failed |" in markdown


def test_google_sre_has_the_books_sections_in_order() -> None:
    incident = _incident()
    incident.analysis.trigger = "A deploy."
    incident.analysis.resolution = "Rolled back."
    incident.analysis.lessons = "Canary first."
    incident.measures.tasks = [Task(text="Add a canary stage.")]
    markdown = render_markdown(incident, "google-sre")
    headings = re.findall(r"^## (.+)$", markdown, re.M)
    assert headings == [
        "Summary", "Impact", "Root Causes", "Trigger", "Resolution",
        "Detection", "Action Items", "Lessons Learned", "Timeline",
    ]  # fmt: skip


def test_multiline_text_in_a_list_item_is_indented_under_it() -> None:
    incident = _incident()
    incident.summary.impact = "- Checkout down.\n- Search slow."
    assert "- **Impact:**\n  - Checkout down.\n  - Search slow." in render_markdown(incident)


def test_blocks_are_keyed_by_what_they_show() -> None:
    incident = _incident()
    incident.sections = [FreeSection(title="Notes", body="n", after="timeline")]
    keys = [block.key for block in render_blocks(incident)]
    assert keys[:3] == ["title", "byline", "summary"]
    assert keys.index(f"section:{incident.sections[0].id}") == keys.index("timeline") + 1


def test_output_has_no_trailing_spaces_nor_double_blank_lines() -> None:
    incident = _incident()
    incident.analysis.root_cause = "One.   \n\n\n\nTwo.  "
    markdown = render_markdown(incident)
    assert not re.search(r"[ \t]$", markdown, re.M)
    assert "\n\n\n" not in markdown
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")


@pytest.mark.parametrize(
    ("markdown", "words"),
    [
        ("# Title\n\nTwo words.", 3),
        ("- [ ] **Fix** the [load balancer](https://example.com/x).", 4),
        ("| a | b |\n| --- | --- |\n| c | d |", 4),
        ("---\n\n1. one\n2. two", 2),
        # Dashes, quotes and underscores alone are not words; digits of any script are.
        ("snake_case it\u2019s -- __ ' \u0661\u0662\u0663 \u00e9t\u00e9", 5),
    ],
)
def test_word_count_counts_what_a_reader_sees(markdown: str, words: int) -> None:
    assert word_count(markdown) == words
