"""The mouse on the tasks table, and the keys that go to the ends of a long text."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from postmortem_editor.tui.widgets.form import FieldArea
from postmortem_editor.tui.widgets.tasks import TasksTable

from ..editor_helpers import SIZE, focus, open_app, settle


async def test_a_click_on_a_task_s_box_ticks_it_and_a_click_on_its_text_only_selects_it(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-measures"
        await pilot.pause()
        table = app.editor.query_one(TasksTable)
        tasks = app.document.incident.measures.tasks
        assert not tasks[1].done
        await pilot.click(table, offset=(2, 2))  # the second task's "[ ]"
        await pilot.pause()
        assert app.document.incident.measures.tasks[1].done
        assert table.get_cell(tasks[1].id, "done").plain == "[x]"
        assert table.current_id == tasks[1].id
        await pilot.click(table, offset=(40, 1))  # the first task's text
        await pilot.pause()
        assert table.current_id == tasks[0].id
        assert not app.document.incident.measures.tasks[0].done
        await pilot.click(table, offset=(2, 0))  # the header: nothing changes
        await pilot.pause()
        assert [t.done for t in app.document.incident.measures.tasks] == [False, True, False]
        await pilot.press("ctrl+z")  # the tick is an edit like any other
        await settle(pilot)
        assert not app.document.incident.measures.tasks[1].done


async def test_ctrl_home_and_ctrl_end_go_to_the_ends_of_a_long_text(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-analysis"
        await pilot.pause()
        area = await focus(pilot, "#analysis-root_cause")
        assert isinstance(area, FieldArea)
        area.load_text("first line\nsecond line\nthird line")
        area.move_cursor((1, 3))
        await pilot.press("ctrl+end")
        assert area.cursor_location == area.document.end
        await pilot.press("ctrl+home")
        assert area.cursor_location == (0, 0)
        await pilot.press("ctrl+shift+end")
        assert area.selected_text == "first line\nsecond line\nthird line"
