"""The quick-entry line under the timeline: ctrl+t, times typed or not, kinds suggested,
what the hint says before Enter, and text shown as written.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from postmortem_editor.model import Kind, TimelineEntry
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.widgets.preview import Preview

from ..editor_helpers import (
    SIZE,
    at,
    focus,
    input_value,
    label_text,
    open_app,
    preview_list,
    row_keys,
    settle,
    timeline_ids,
    timeline_table,
    type_text,
)


async def test_ctrl_t_from_another_pane_focuses_the_quick_entry(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-impact")
        await pilot.press("ctrl+t")
        assert app.focused is not None and app.focused.id == "quick-entry"
        assert app.editor.query_one("#panes", TabbedContent).active == "tab-timeline"


@pytest.mark.parametrize(
    ("line", "when", "kind", "text", "index"),
    [
        ("12:40 paged the DBA team", at(12, 40), Kind.ESCALATION, "paged the DBA team", 9),
        ("10:05 AM restarted nginx", at(10, 5), Kind.MITIGATION, "restarted nginx", 2),
        ("+5m rolled back", at(12, 35), Kind.MITIGATION, "rolled back", 9),
        (
            "2024-02-14T12:50:00-05:00 status page updated",
            at(12, 50),
            Kind.COMMUNICATION,
            "status page updated",
            9,
        ),
        (
            "12:45 status page updated #mitigation",
            at(12, 45),
            Kind.MITIGATION,
            "status page updated",
            9,
        ),
    ],
    ids=["clock", "am-pm", "relative", "iso-offset", "kind-tag"],
)
async def test_quick_entry_adds_an_entry_at_the_typed_time(
    dated: Path, line: str, when: datetime, kind: Kind, text: str, index: int
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await type_text(pilot, line)
        await pilot.press("enter")
        timeline = app.document.incident.timeline
        assert len(timeline) == 10
        entry = timeline[index]
        assert (entry.at, entry.kind, entry.text) == (when, kind, text)
        assert entry.at is not None and entry.at.utcoffset() == timedelta(hours=-5)
        assert input_value(app, "#quick-entry") == ""
        table = timeline_table(app)
        assert row_keys(table) == timeline_ids(app)
        assert table.current_id == entry.id


async def test_an_added_entry_is_scrolled_into_the_preview_with_the_change(dated: Path) -> None:
    document = IncidentFile.load(dated)
    start = document.incident.timeline[0].at
    assert start is not None
    document.incident.timeline += [
        TimelineEntry(at=start + timedelta(minutes=n), text=f"Checked replica {n}")
        for n in range(1, 80)
    ]
    document.save()
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        preview = app.screen.query_one(Preview)
        before = int(preview.scroll_y)
        await type_text(pilot, "11:10 zqwert paged the DBA")
        await pilot.press("enter")
        top = int(preview.scroll_y)
        assert top > before + 40
        height = preview.scrollable_content_region.height
        assert any("zqwert" in line for line in preview.text()[top : top + height])


async def test_quick_entry_without_a_time_is_stamped_now(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await type_text(pilot, "service restored")
        assert "(now)" in label_text(app.editor.query_one("#entry-hint"))
        await pilot.press("enter")
        entry = app.document.incident.timeline[-1]
        assert entry.text == "service restored"
        assert entry.kind is Kind.RESOLUTION
        assert entry.at is not None
        assert abs(entry.at - datetime.now().astimezone()) < timedelta(minutes=1)
        assert entry.at.utcoffset() == timedelta(hours=-5)  # shown in the incident's zone


async def test_quick_entry_with_a_bad_time_is_added_without_a_time_and_marked(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await type_text(pilot, "25:99 oops")
        hint = app.editor.query_one("#entry-hint")
        assert "time not read (25:99)" in label_text(hint)
        await pilot.press("enter")
        timeline = app.document.incident.timeline
        assert len(timeline) == 10
        entry = timeline[-1]
        assert (entry.at, entry.text) == (None, "25:99 oops")  # never stamped with a time
        assert timeline_table(app).get_cell(entry.id, "time").plain == "time not read"


async def test_the_quick_entry_hint_shows_the_suggested_kind_before_enter(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t", *"12:40 paged")
        hint = app.editor.query_one("#entry-hint")
        assert label_text(hint) == "Enter adds: 12:40 PM · detection · paged"
        await type_text(pilot, " the DBA team")
        assert label_text(hint) == "Enter adds: 12:40 PM · escalation · paged the DBA team"
        await type_text(pilot, " #comm")
        assert label_text(hint) == "Enter adds: 12:40 PM · communication · paged the DBA team"
        assert len(app.document.incident.timeline) == 9


async def test_markup_in_an_entry_is_shown_literally_in_the_table(dated: Path) -> None:
    text = "[bold]x[/bold] and [link=http://e]y[/link]"
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await type_text(pilot, f"12:40 {text}")
        assert text in label_text(app.editor.query_one("#entry-hint"))
        await pilot.press("enter")
        entry = app.document.incident.timeline[-1]
        assert entry.text == text
        cell = timeline_table(app).get_cell(entry.id, "text")
        assert cell.plain == text
        await settle(pilot)
        assert preview_list(app)[-1] == f"12:40 PM: {' '.join(text.split())} ⚠"
