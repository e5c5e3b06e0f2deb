"""The editor, driven through Textual's pilot: panes, preview, timeline, save, copy, quit.

Every test opens a copy of a sample incident in tmp_path, presses keys as a user would,
and looks at the model, the preview's Markdown, what the screen shows and the saved file.
"""

from __future__ import annotations

import gc
import re
import time
import tomllib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyperclip
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, TabbedContent

from postmortem_editor.cli import main
from postmortem_editor.model import Kind, TimelineEntry
from postmortem_editor.render import render_markdown
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.editor import EditorScreen
from postmortem_editor.tui.screens.dialogs import HelpScreen, QuitScreen
from postmortem_editor.tui.services.gc_policy import KEYS_IDLE
from postmortem_editor.tui.widgets.form import FieldArea
from postmortem_editor.tui.widgets.key_bar import KeyBar
from postmortem_editor.tui.widgets.measures import TaskBar, TasksTable
from postmortem_editor.tui.widgets.preview import Preview
from postmortem_editor.tui.widgets.timeline import EntryBar

from ..editor_helpers import (
    SIZE,
    changed_lines,
    copy_sample,
    field_error,
    focus,
    input_value,
    label_text,
    open_app,
    preview_list,
    preview_says,
    preview_text,
    replace_text,
    row_keys,
    screen_text,
    settle,
    status_text,
    timeline_ids,
    timeline_table,
    toasts,
    type_text,
    wait_until,
)

EST = timezone(timedelta(hours=-5))
"""The dated sample's timezone ("UTC-5")."""


def at(hour: int, minute: int) -> datetime:
    """A time on the dated sample's day, in its timezone."""
    return datetime(2024, 2, 14, hour, minute, tzinfo=EST)


# --- the Summary pane ---------------------------------------------------------------------


async def test_typing_a_title_renames_the_incident_and_its_preview_heading(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#title")
        await pilot.press("end", "ctrl+u", *"LB outage")
        assert app.document.incident.title == "LB outage"
        await settle(pilot)
        assert "LB outage" in [line.strip() for line in preview_text(app).splitlines()]
        assert "unsaved" in status_text(app)


async def test_typing_the_service_and_impact_changes_the_summary(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await focus(pilot, "#summary-impact")
        await pilot.press("f7")  # the text area's "select all"
        await type_text(pilot, "Checkout failed for every customer.")
        summary = app.document.incident.summary
        assert summary.service == "checkout API"
        assert summary.impact == "Checkout failed for every customer."
        await settle(pilot)
        assert preview_says(app, "• Service: checkout API")
        assert preview_says(app, "• Impact: Checkout failed for every customer.")


async def test_typing_a_start_time_sets_it_in_the_incidents_timezone(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-start")
        assert input_value(app, "#summary-start") == "2024-02-14 10:00"
        await pilot.press("end", "ctrl+u", *"2024-02-14 09:55")
        assert app.document.incident.summary.start == at(9, 55)
        assert field_error(app, "#summary-start") == ""
        await settle(pilot)
        assert preview_says(app, "Duration: from 9:55 AM to")


async def test_typing_the_share_of_users_affected_sets_the_percentage(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-users_affected_percent")
        await pilot.press("end", "ctrl+u", *"65%")
        assert app.document.incident.summary.users_affected_percent == 65
        await settle(pilot)
        assert preview_says(app, "65%")


async def test_a_bad_start_time_shows_an_error_under_the_field_and_keeps_the_model(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        field = await focus(pilot, "#summary-start")
        await replace_text(pilot, "2024-02-14 25:99")
        assert "the hour is 0 to 23" in field_error(app, "#summary-start")
        assert field.has_class("-invalid")
        assert app.document.incident.summary.start == at(10, 0)
        assert not app.document.dirty
        await replace_text(pilot, "2024-02-14 09:55")
        assert field_error(app, "#summary-start") == ""
        assert not field.has_class("-invalid")
        assert app.document.incident.summary.start == at(9, 55)


async def test_changing_the_timezone_shows_start_and_end_in_the_new_zone(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timezone")
        await replace_text(pilot, "UTC")
        assert app.document.incident.timezone == "UTC"
        assert timeline_table(app).get_cell(timeline_ids(app)[0], "time").plain == "3:00 PM"
        assert input_value(app, "#summary-start") == "2024-02-14 15:00"
        assert input_value(app, "#summary-end") == "2024-02-14 17:30"


async def test_ctrl_z_undoes_typing_into_a_field(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await pilot.press("ctrl+z")
        assert app.document.incident.summary.service == "main web application"
        assert input_value(app, "#summary-service") == "main web application"
        assert not app.document.dirty
        await pilot.press("ctrl+y")
        assert app.document.incident.summary.service == "checkout API"


@pytest.mark.parametrize(
    ("text", "message"),
    [("lots", "expected a share of users in percent"), ("150", "less than or equal to 100")],
)
async def test_a_bad_share_of_users_is_refused_with_a_message(
    dated: Path, text: str, message: str
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-users_affected_percent")
        await replace_text(pilot, text)
        assert message in field_error(app, "#summary-users_affected_percent")
        assert app.document.incident.summary.users_affected_percent == 80
        assert not app.document.dirty


# --- Root cause and Measures --------------------------------------------------------------


async def test_typing_the_root_cause_changes_the_analysis_and_its_preview(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-analysis"
        await focus(pilot, "#analysis-root_cause")
        await pilot.press("f7")
        await type_text(pilot, "A health check pointed at the wrong port.")
        assert app.document.incident.analysis.root_cause == (
            "A health check pointed at the wrong port."
        )
        await settle(pilot)
        assert preview_says(app, "A health check pointed at the wrong port.")


async def test_improvements_are_one_per_line(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-measures"
        await focus(pilot, "#measures-improvements")
        await pilot.press("f7")
        await type_text(pilot, "Alert on uneven traffic")
        await pilot.press("enter")
        await type_text(pilot, "Review LB changes")
        assert app.document.incident.measures.improvements == [
            "Alert on uneven traffic",
            "Review LB changes",
        ]
        await settle(pilot)
        assert preview_says(app, "• Alert on uneven traffic • Review LB changes")


async def test_a_task_is_added_from_the_task_bar_and_marked_done_with_x(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-measures"
        await focus(pilot, "#task-text")
        await type_text(pilot, "Lint the LB config in CI")
        await focus(pilot, "#task-owner")
        await type_text(pilot, "infra")
        await focus(pilot, "#task-priority")
        await type_text(pilot, "P1")
        await focus(pilot, "#task-due")
        await type_text(pilot, "2024-03-01")
        await pilot.press("enter")
        tasks = app.document.incident.measures.tasks
        assert len(tasks) == 4
        task = tasks[-1]
        assert (task.text, task.owner, task.priority, task.due, task.done) == (
            "Lint the LB config in CI",
            "infra",
            "P1",
            date(2024, 3, 1),
            False,
        )
        assert all(input_value(app, f"#task-{name}") == "" for name in ("text", "owner"))
        table = app.editor.query_one(TasksTable)
        assert row_keys(table) == [t.id for t in tasks]
        assert table.current_id == task.id

        table.focus()
        await pilot.press("alt+x")
        assert app.document.incident.measures.tasks[-1].done is True
        assert table.get_cell(task.id, "done").plain == "[x]"
        await settle(pilot)
        assert preview_says(app, "• [x] Lint the LB config in CI")


async def test_a_task_with_a_bad_due_date_is_not_added(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-measures"
        await focus(pilot, "#task-text")
        await type_text(pilot, "Lint the LB config")
        await focus(pilot, "#task-due")
        await type_text(pilot, "next week")
        await pilot.press("enter")
        assert len(app.document.incident.measures.tasks) == 3
        assert "2024-03-01" in label_text(app.editor.query_one("#task-hint"))
        assert app.editor.query_one(TaskBar).query_one("#task-text", Input).value


# --- the preview follows ------------------------------------------------------------------


async def test_the_preview_timeline_draws_a_new_entry(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        assert len(preview_list(app)) == 9
        await pilot.press("ctrl+t")
        await type_text(pilot, "12:40 paged the DBA team")
        await pilot.press("enter")
        await settle(pilot)
        entries = preview_list(app)
        assert entries[-1] == "12:40 PM: paged the DBA team ⚠"  # after the end, 12:30
        assert len(entries) == 10


async def test_f2_hides_the_preview_and_shows_it_again_up_to_date(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        preview = app.editor.query_one(Preview)
        await pilot.press("f2")
        assert not preview.display
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        assert not preview_says(app, "checkout API")
        await pilot.press("f2")
        await pilot.pause()
        assert preview.display
        assert preview_says(app, "• Service: checkout API")


# --- saving -------------------------------------------------------------------------------


async def test_ctrl_s_writes_only_the_changed_line(dated: Path) -> None:
    before = dated.read_text()
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        assert "unsaved" in status_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = dated.read_text()
        assert changed_lines(before, after) == [
            '-service = "main web application"',
            '+service = "checkout API"',
        ]
        assert tomllib.loads(after)["summary"]["service"] == "checkout API"
        status = status_text(app)
        assert "saved" in status and "unsaved" not in status
        assert not app.document.dirty
        assert any("Saved" in message for message in toasts(app))


async def test_a_quick_entry_saves_as_one_more_timeline_table(dated: Path) -> None:
    before = dated.read_text()
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await type_text(pilot, "12:40 paged the DBA team")
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
    after = dated.read_text()
    changes = changed_lines(before, after)
    assert all(line.startswith("+") for line in changes)
    assert "+at = 2024-02-14T12:40:00-05:00" in changes
    assert '+kind = "escalation"' in changes
    assert '+text = "paged the DBA team"' in changes
    timeline = tomllib.loads(after)["timeline"]
    assert len(timeline) == 10
    assert IncidentFile.load(dated).incident.timeline[-1].text == "paged the DBA team"


# --- quick entry --------------------------------------------------------------------------


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


# --- the timeline table -------------------------------------------------------------------


async def test_timeline_rows_are_keyed_by_entry_id(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE):
        table = timeline_table(app)
        assert row_keys(table) == timeline_ids(app)
        assert len(set(timeline_ids(app))) == 9
        assert table.get_cell(timeline_ids(app)[0], "time").plain == "10:00 AM"
        assert table.get_cell(timeline_ids(app)[0], "kind").plain == "detection"


async def test_enter_opens_a_timeline_entry_for_editing_in_place(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timeline-table")
        await pilot.press("down")
        entry = app.document.incident.timeline[1]
        await pilot.press("enter")
        bar = app.editor.query_one(EntryBar)
        assert bar.editing == entry.id
        assert app.editor.query_one("#edit-row").display
        assert not app.editor.query_one("#quick-row").display
        assert app.focused is not None and app.focused.id == "edit-text"
        assert input_value(app, "#edit-text") == entry.text
        assert input_value(app, "#edit-time") == "2024-02-14 10:05"
        assert input_value(app, "#edit-kind") == "detection"
        assert "Enter saves" in label_text(app.editor.query_one("#entry-hint"))


async def test_enter_saves_a_timeline_entry_edited_in_place(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        table = await focus(pilot, "#timeline-table")
        await pilot.press("down")
        entry = app.document.incident.timeline[1]
        await pilot.press("enter")
        await replace_text(pilot, "Pager woke the on-call engineer.")
        await pilot.press("enter")
        edited = app.document.incident.timeline[1]
        assert (edited.id, edited.at, edited.kind) == (entry.id, entry.at, entry.kind)
        assert edited.text == "Pager woke the on-call engineer."
        assert app.editor.query_one(EntryBar).editing is None
        assert app.focused is table
        assert timeline_table(app).get_cell(entry.id, "text").plain == edited.text
        await settle(pilot)
        assert preview_list(app)[1].endswith(f": {edited.text}")


async def test_escape_cancels_an_edit_in_place(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        table = await focus(pilot, "#timeline-table")
        before = [entry.model_copy() for entry in app.document.incident.timeline]
        await pilot.press("enter")
        await replace_text(pilot, "Something else")
        await pilot.press("escape")
        assert app.document.incident.timeline == before
        assert not app.document.dirty
        assert app.editor.query_one(EntryBar).editing is None
        assert app.focused is table
        assert not app.editor.query_one("#edit-row").display


@pytest.mark.parametrize("key", ["delete"])
async def test_deleting_an_entry_is_undone_and_redone(dated: Path, key: str) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        table = await focus(pilot, "#timeline-table")
        await pilot.press("down", "down")
        ids = timeline_ids(app)
        victim = ids[2]
        await pilot.press(key)
        assert timeline_ids(app) == ids[:2] + ids[3:]
        assert row_keys(table) == timeline_ids(app)
        await pilot.press("ctrl+z")
        assert timeline_ids(app) == ids
        assert app.document.incident.timeline[2].id == victim
        assert row_keys(table) == ids
        await pilot.press("ctrl+y")
        assert timeline_ids(app) == ids[:2] + ids[3:]
        await settle(pilot)
        assert len(preview_list(app)) == 8


@pytest.mark.parametrize(("down", "up"), [("alt+down", "alt+up")])
async def test_moving_an_entry_marks_it_out_of_order(dated: Path, down: str, up: str) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        table = await focus(pilot, "#timeline-table")
        ids = timeline_ids(app)
        assert all(table.get_cell(i, "mark").plain == " " for i in ids)
        await pilot.press(down)
        assert timeline_ids(app) == [ids[1], ids[0], *ids[2:]]
        assert row_keys(table) == timeline_ids(app)
        assert table.current_id == ids[0]
        assert table.get_cell(ids[0], "mark").plain == "⚠"
        await settle(pilot)
        assert preview_list(app)[1].endswith("⚠")
        await pilot.press(up)
        assert timeline_ids(app) == ids
        assert table.get_cell(ids[0], "mark").plain == " "


async def test_an_entry_before_the_start_is_marked(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-start")
        await replace_text(pilot, "2024-02-14 10:02")
        table = timeline_table(app)
        first, second = timeline_ids(app)[:2]
        assert table.get_cell(first, "mark").plain == "⚠"
        assert table.get_cell(second, "mark").plain == " "
        await settle(pilot)
        assert [item.endswith("⚠") for item in preview_list(app)][:2] == [True, False]


async def test_alt_k_cycles_the_kind_of_an_entry(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        table = await focus(pilot, "#timeline-table")
        entry_id = timeline_ids(app)[0]
        await pilot.press("alt+k")
        assert app.document.incident.timeline[0].kind is Kind.INVESTIGATION
        assert table.get_cell(entry_id, "kind").plain == "investigation"
        await pilot.press("alt+k")
        assert app.document.incident.timeline[0].kind is Kind.MISLEADING
        assert app.document.incident.timeline[0].id == entry_id


async def test_alt_s_sorts_the_timeline_by_time(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        table = await focus(pilot, "#timeline-table")
        ids = timeline_ids(app)
        await pilot.press("alt+down", "alt+down", "alt+down")
        assert timeline_ids(app) != ids
        await pilot.press("alt+s")
        assert timeline_ids(app) == ids
        assert row_keys(table) == ids
        assert all(table.get_cell(i, "mark").plain == " " for i in ids)


@pytest.mark.parametrize(("key", "index"), [("alt+i", 1), ("alt+o", 2), ("insert", 2)])
async def test_insert_keys_add_an_empty_entry_and_open_it(
    dated: Path, key: str, index: int
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        table = await focus(pilot, "#timeline-table")
        await pilot.press("down")
        neighbour = app.document.incident.timeline[1]
        await pilot.press(key)
        timeline = app.document.incident.timeline
        assert len(timeline) == 10
        new = timeline[index]
        assert (new.text, new.kind, new.at) == ("", Kind.NOTE, neighbour.at)
        assert row_keys(table) == timeline_ids(app)
        assert app.editor.query_one(EntryBar).editing == new.id
        assert app.focused is not None and app.focused.id == "edit-text"
        assert input_value(app, "#edit-text") == ""
        assert input_value(app, "#edit-time") == "2024-02-14 10:05"


async def test_an_inserted_entry_is_saved_with_enter(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timeline-table")
        await pilot.press("insert")
        new_id = app.document.incident.timeline[1].id
        await type_text(pilot, "Checked the dashboards")
        await pilot.press("enter")
        entry = app.document.incident.timeline[1]
        assert (entry.id, entry.text) == (new_id, "Checked the dashboards")


# --- copy and export ----------------------------------------------------------------------


async def test_f3_copies_the_markdown_to_the_system_clipboard(
    dated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        terminal: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", terminal.append)
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert copied == [render_markdown(app.document.incident)]
        assert terminal == []
        assert any("system clipboard" in message for message in toasts(app))


async def test_f3_falls_back_to_the_terminal_clipboard(
    dated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("no copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        terminal: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", terminal.append)
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert terminal == [render_markdown(app.document.incident)]
        assert any("terminal clipboard" in message for message in toasts(app))


async def test_f4_exports_the_markdown_beside_the_incident(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        exported = dated.with_suffix(".md")
        assert exported.read_text() == render_markdown(app.document.incident)
        assert any(exported.name in message for message in toasts(app))
        await pilot.press("f6", "f4")  # the chosen render profile is exported
        await pilot.pause()
        assert exported.read_text() == render_markdown(app.document.incident, "google-sre")


# --- quitting -----------------------------------------------------------------------------


async def _edit_title(pilot: Pilot[None]) -> None:
    await focus(pilot, "#title")
    await replace_text(pilot, "Renamed")


async def test_quitting_with_unsaved_changes_asks_and_escape_cancels(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_title(pilot)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        assert "unsaved changes" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)
        assert app.is_running
        assert app.document.incident.title == "Renamed"


@pytest.mark.parametrize("how", ["q", "#discard"], ids=["key", "button"])
async def test_quit_without_saving_leaves_the_file_alone(dated: Path, how: str) -> None:
    before = dated.read_bytes()
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_title(pilot)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        if how.startswith("#"):
            await pilot.click(how)
        else:
            await pilot.press(how)
        await pilot.pause()
        assert not app.is_running
    assert dated.read_bytes() == before


@pytest.mark.parametrize("how", ["s", "#save"], ids=["key", "button"])
async def test_save_and_quit_writes_then_exits(dated: Path, how: str) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_title(pilot)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        if how.startswith("#"):
            await pilot.click(how)
        else:
            await pilot.press(how)
        await pilot.pause()
        assert not app.is_running
    assert tomllib.loads(dated.read_text())["title"] == "Renamed"


async def test_ctrl_q_twice_asks_once(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_title(pilot)
        await pilot.press("ctrl+q", "ctrl+q")
        assert sum(isinstance(screen, QuitScreen) for screen in app.screen_stack) == 1
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)


async def test_quit_without_edits_exits_at_once(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


# --- a new incident -----------------------------------------------------------------------


async def test_a_new_incident_is_written_on_the_first_save(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    app = PostmortemApp(IncidentFile.new(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "title"
        await type_text(pilot, "Cache stampede")
        assert not path.exists()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.exists()
        assert "unsaved" not in status_text(app)
    loaded = IncidentFile.load(path)
    assert loaded.incident.title == "Cache stampede"


async def test_an_untouched_new_incident_quits_without_asking(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    app = PostmortemApp(IncidentFile.new(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert not path.exists()


# --- help, palette, rubric, profiles ------------------------------------------------------


async def test_f1_lists_the_keys_of_the_focused_pane(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timeline-table")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Cycle kind" in text
        assert "Sort by time" in text
        assert "alt+k cycles its kind" in text
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)


async def test_f1_on_the_summary_explains_the_time_formats(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-start")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "10:05 AM" in text
        assert "Cycle kind" not in text


async def test_the_palette_has_every_action_by_name(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        for title in (
            "Save",
            "Copy Markdown to clipboard",
            "Export Markdown file",
            "Add timeline entry",
            "Check incident",
            "Switch render profile",
            "Toggle preview",
        ):
            assert title in commands
        commands["Add timeline entry"].callback()
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "quick-entry"


async def test_f5_lists_the_findings_and_enter_jumps_to_the_field(undated: Path) -> None:
    app = open_app(undated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        findings = app.editor.query_one("#findings", OptionList)
        assert app.focused is findings
        assert app.editor.query_one("#panes", TabbedContent).active == "tab-rubric"
        ids = [findings.get_option_at_index(i).id for i in range(findings.option_count)]
        assert ids[0] == "0:summary.start"
        assert findings.highlighted == 0, "the first finding is selected, ready for Enter"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "summary-start"
        assert app.editor.query_one("#panes", TabbedContent).active == "tab-summary"


def _prompts(findings: OptionList) -> list[str]:
    return [str(findings.get_option_at_index(i).prompt) for i in range(findings.option_count)]


async def test_findings_name_entries_as_shown_and_say_which_keys_fix_them(undated: Path) -> None:
    app = open_app(undated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        app.editor.query_one("#rubric", Select).value = "holberton"
        await pilot.pause()
        prompts = _prompts(app.editor.query_one("#findings", OptionList))
        assert not any("timeline[" in prompt for prompt in prompts)
        assert any(p.startswith("warning timeline entry 2 (Detection Method): ") for p in prompts)
        untimed = next(p for p in prompts if "[PM010]" in p)
        assert untimed.endswith("Enter on the entry edits it: type its time")


async def test_choosing_the_holberton_rubric_adds_its_findings(undated: Path) -> None:
    app = open_app(undated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        findings = app.editor.query_one("#findings", OptionList)
        assert not any("[HB" in prompt for prompt in _prompts(findings))
        await focus(pilot, "#rubric")
        await pilot.press("enter", "down", "enter")  # open the choice, pick "holberton"
        await pilot.pause()
        assert app.editor.rubric == "holberton"
        prompts = _prompts(findings)
        assert any("[HB001]" in prompt for prompt in prompts)
        assert any("[HB007]" in prompt for prompt in prompts)
        assert "(holberton)" in status_text(app)


async def test_enter_on_the_word_count_finding_does_not_crash(undated: Path) -> None:
    app = open_app(undated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        app.editor.query_one("#rubric", Select).value = "holberton"
        await pilot.pause()
        findings = app.editor.query_one("#findings", OptionList)
        ids = [findings.get_option_at_index(i).id for i in range(findings.option_count)]
        findings.highlighted = next(i for i, o in enumerate(ids) if o.endswith(":(document)"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running


async def test_enter_on_an_improvement_finding_focuses_the_improvements(dated: Path) -> None:
    text = dated.read_text().replace(
        '"Enhance monitoring alerts', '"TODO enhance monitoring alerts', 1
    )
    dated.write_text(text)
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        findings = app.editor.query_one("#findings", OptionList)
        ids = [findings.get_option_at_index(i).id for i in range(findings.option_count)]
        findings.highlighted = ids.index(
            next(o for o in ids if o and o.endswith(":measures.improvements[1]"))
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.query_one("#panes", TabbedContent).active == "tab-measures"
        assert app.focused is not None and app.focused.id == "measures-improvements"


async def test_f6_switches_the_preview_to_the_pagerduty_layout(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        assert app.editor.render_profile == "google-sre"
        await pilot.press("f6")
        assert app.editor.render_profile == "pagerduty"
        await settle(pilot)
        assert "What Happened" in [line.strip() for line in preview_text(app).splitlines()]
        assert app.editor.query_one(Preview).table
        assert "pagerduty" in status_text(app)


async def test_f6_switches_the_profile_while_typing_prose(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-analysis"
        await focus(pilot, "#analysis-root_cause")
        await pilot.press("f6")
        assert app.editor.render_profile == "google-sre"


# --- the line-drawn preview and table ----------------------------------------------------------


async def test_the_pagerduty_profile_draws_the_timeline_as_a_table(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "• 10:00 AM: Issue detected" in preview_text(app)
        await pilot.press("f6", "f6")
        await settle(pilot)
        assert app.editor.render_profile == "pagerduty"
        lines = preview_text(app).splitlines()
        assert any(
            re.match(r"^10:00 AM\s+detection\s+Issue detected through", line) for line in lines
        )
        assert "• 10:00 AM: Issue detected" not in preview_text(app)


async def test_edits_made_while_the_terminal_is_narrow_show_when_it_widens(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.resize_terminal(90, 40)
        await pilot.pause()
        assert not app.editor.query_one(Preview).display
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert "Service: checkout API" in preview_text(app)


async def test_a_long_value_scrolls_its_field_to_the_cursor(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        field = await focus(pilot, "#summary-service")
        assert isinstance(field, Input)
        await pilot.press("end")
        for letter in "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz":
            await pilot.press(letter)
        await pilot.pause()
        assert field.value.endswith("xyzabcdefghijklmnopqrstuvwxyz")
        assert field.scroll_x > 0  # the cursor, at the end, is in view
        assert app.document.incident.summary.service == field.value


async def test_the_timeline_table_moves_by_page_and_to_either_end(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=(160, 16)) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-timeline"
        table = timeline_table(app)
        table.focus()
        await pilot.pause()
        ids = timeline_ids(app)
        await pilot.press("end")
        assert table.current_id == ids[-1]
        await pilot.press("home")
        assert table.current_id == ids[0]
        await pilot.press("pagedown")  # a screenful of rows down, not to the end
        rows_shown = table.scrollable_content_region.height - 1  # under the header
        assert 0 < rows_shown < len(ids) - 1
        assert table.cursor_row == rows_shown - 1
        await pilot.press("pageup")
        assert table.current_id == ids[0]


async def test_a_click_on_a_row_puts_the_cursor_there(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-timeline"
        await pilot.pause()
        table = timeline_table(app)
        assert not table.has_focus  # no border yet: line 0 is the header, line 3 the third row
        await pilot.click(table, offset=(20, 3))
        await pilot.pause()
        assert table.current_id == timeline_ids(app)[2]


# --- start-up --------------------------------------------------------------------------


class FullCollections:
    """The full garbage collections the interpreter makes (not stubbed: gc.callbacks), each
    with the time it started and what the preview showed then."""

    def __init__(self, app: PostmortemApp | None = None) -> None:
        self.app = app
        self.started: list[float] = []
        self.previews: list[str] = []

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            self.started.append(time.monotonic())
            if self.app is not None:
                self.previews.append(preview_text(self.app))

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


async def test_the_garbage_collector_runs_again_once_the_editor_is_on_screen(dated: Path) -> None:
    # `postmortem edit` opens the editor with the collector off; the first frame turns it on.
    gc.unfreeze()
    thresholds = gc.get_threshold()
    gc.disable()
    try:
        app = open_app(dated)
        with FullCollections() as collections:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                assert gc.isenabled()
                assert gc.get_freeze_count() > 0  # what start-up built is out of its way
                app.typing_paused()  # no key pressed yet: the garbage of start-up goes
                await wait_until(pilot, lambda: collections.started, "a full collection")
    finally:
        gc.enable()
        gc.set_threshold(*thresholds)


async def test_a_full_garbage_collection_waits_until_no_key_is_pressed(dated: Path) -> None:
    # The model may not change while keys go on (an entry's edit line): keys are watched.
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.editor.query_one("#title", Input).focus()
        await pilot.press("end")  # keys that change nothing: no recovery write follows
        with FullCollections() as collections:
            app.typing_paused()
            app.typing_paused()  # a second pause while the first waits: still one collection
            pressed = []  # a key reaches the App after the time noted before its press
            for key in ("home", "end", "home"):
                pressed.append(time.monotonic())
                await pilot.press(key)
            await wait_until(pilot, lambda: collections.started, "a full collection")
            await pilot.pause(KEYS_IDLE)  # time for a second one, if there were one
        assert len(collections.started) == 1
        collected = collections.started[0]
        last_key = max(at for at in pressed if at < collected)
        assert collected - last_key >= KEYS_IDLE, "collected while keys went on"


async def test_garbage_is_collected_once_a_commands_change_is_on_screen(dated: Path) -> None:
    # After a command (an entry added) the user reads its result: the collection is made
    # then, with the change already drawn, not at a key of the typing that follows.
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.editor.query_one("#title", Input).focus()
        await pilot.press("x")
        await pilot.press("ctrl+t")
        await type_text(pilot, "10:40 paged the zqwx DBA")
        with FullCollections(app) as collections:
            await pilot.press("enter")
            await wait_until(pilot, lambda: collections.started, "a full collection")
        assert "zqwx" in collections.previews[0], "collected before the entry was drawn"


def test_the_edit_command_leaves_the_collector_on_when_it_cannot_open(tmp_path: Path) -> None:
    # Not a terminal: the command refuses, and whatever runs next still collects garbage.
    assert main(["edit", str(copy_sample(tmp_path))]) == 2
    assert gc.isenabled()


async def test_the_terminal_cursor_stays_in_the_field_being_typed_in(dated: Path) -> None:
    # Where input methods show what is being composed: fields of hidden panes filled
    # again (a reload, an undo) must not take it away.
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        title = app.editor.query_one("#title", Input)
        title.focus()
        await pilot.press("end")
        where = app.cursor_position
        assert where == title.cursor_screen_offset and where.y > 1
        area = app.editor.query_one("#analysis-pane").query(FieldArea).first()
        area.load_text("A longer story.\n" * 40)
        area.scroll_end(animate=False)
        app.editor.query_one("#task-text", Input).value = "Rotate the keys"
        await pilot.pause()
        assert app.cursor_position == where


def key_bar_text(app: PostmortemApp) -> str:
    """The key bar's line as drawn."""
    bar = app.screen.query_one(KeyBar)
    return bar.render().plain


async def test_the_key_bar_shows_the_keys_that_work_where_the_focus_is(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#title", Input).focus()
        await pilot.pause()
        assert key_bar_text(app).startswith(" ^t Add entry  alt+→ Next pane  ^s Save  ^q Quit ")
        assert key_bar_text(app).endswith("▏^p palette ")
        assert len(key_bar_text(app)) == SIZE[0]
        await pilot.press("ctrl+t")  # the quick-entry line has its own keys
        await pilot.pause()
        assert key_bar_text(app).startswith(" esc Cancel  alt+↑ Day before  alt+↓ Day after ")
        widgets = len(list(app.screen.walk_children()))
        timeline_table(app).focus()
        await pilot.pause()
        assert key_bar_text(app).startswith(" ⏎ Edit  alt+i Insert above  insert Insert below ")
        # One line drawn again: no widget is built for a key.
        assert len(list(app.screen.walk_children())) == widgets


async def test_keys_that_do_not_fit_are_left_out_whole(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=(80, 30)) as pilot:
        timeline_table(app).focus()
        await pilot.pause()
        text = key_bar_text(app)
        assert len(text) == 80
        assert text.endswith("▏^p palette ")
        shown = text.removesuffix("▏^p palette ").rstrip()
        assert shown == " ⏎ Edit  alt+i Insert above  insert Insert below  del Delete"


async def test_a_click_on_a_key_presses_it(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#title", Input).focus()
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        x = key_bar_text(app).index("f1 Help")
        assert bar.key_at(x) is not None and bar.key_at(x).key == "f1"
        await pilot.hover(bar, offset=(x, 0))
        assert bar.hovered == bar.key_at(x)  # drawn highlighted
        assert bar.tooltip == "Keys of the focused pane"  # the key's own tooltip
        await pilot.click(bar, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
