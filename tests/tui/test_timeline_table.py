"""The timeline table: rows keyed by entry, editing in place, delete, move, kind, sort,
insert, moving the cursor by page and by mouse.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from postmortem_editor.model import Kind
from postmortem_editor.tui.widgets.entry_form import EntryForm

from ..editor_helpers import (
    SIZE,
    focus,
    input_value,
    open_app,
    preview_list,
    replace_text,
    row_keys,
    settle,
    timeline_ids,
    timeline_table,
    type_text,
)


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
        form = app.editor.query_one(EntryForm)
        assert form.editing == entry.id
        assert form.display
        assert app.focused is form.text
        assert form.text.text == entry.text
        assert form.text.cursor_location == form.text.document.end
        assert input_value(app, "#edit-time") == "2024-02-14 10:05"
        assert input_value(app, "#edit-kind") == "detection"
        assert input_value(app, "#edit-who") == entry.by
        assert "Enter saves" in str(form.border_subtitle)


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
        assert app.editor.query_one(EntryForm).editing is None
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
        assert app.editor.query_one(EntryForm).editing is None
        assert app.focused is table
        assert not app.editor.query_one(EntryForm).display


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
        assert app.editor.query_one(EntryForm).editing == new.id
        assert app.focused is not None and app.focused.id == "edit-text"
        assert app.editor.query_one(EntryForm).text.text == ""
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
        # The rows shown as the key is pressed (the entry view under the table, as tall as
        # the entry under the cursor, changes the table's height after the move).
        rows_shown = table.scrollable_content_region.height - 1  # under the header
        await pilot.press("pagedown")  # a screenful of rows down, not to the end
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


async def test_the_entry_under_the_cursor_is_shown_whole_under_the_table(dated: Path) -> None:
    app = open_app(dated)
    long_text = " ".join(f"word{n}" for n in range(60))  # far wider than the table's column
    app.document.incident.timeline[2].text = long_text
    app.document.incident.timeline[2].by = "alice"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        table = timeline_table(app)
        table.focus()
        table.move_cursor(row=2)
        await pilot.pause()
        view = app.editor.query_one("#entry-view")
        shown = " ".join(str(view.render()).split())
        assert shown.startswith("February 14, 2024, 10:10 AM · ")
        assert "· alice" in shown
        assert long_text in shown, "the whole text, wrapped"
        table.move_cursor(row=0)
        await pilot.pause()
        assert "word59" not in str(view.render())


async def test_the_time_column_grows_so_that_no_time_is_cut(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        table = timeline_table(app)
        entries = app.document.incident.timeline
        later = entries[-1].at + timedelta(days=1, hours=10)  # type: ignore[operator]
        entries.append(entries[-1].model_copy(update={"id": "next-day", "at": later}))
        app.editor.reload_timeline()
        await pilot.pause()
        shown = table.get_cell("next-day", "time").plain
        assert shown.startswith("Feb 15, ") and len(shown) > 12
        width = next(column.width for column in table.columns if column.key == "time")
        assert width == max(len(table.get_cell(key, "time").plain) for key in table.row_ids)
