"""The Measures pane: improvements one per line, tasks added from the line under the
table, ticked done, and refused with a message when a value is wrong.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, TabbedContent

from postmortem_editor.tui.widgets.tasks import TaskBar, TasksTable

from ..editor_helpers import (
    SIZE,
    burst,
    drain,
    focus,
    input_value,
    label_text,
    open_app,
    preview_says,
    row_keys,
    settle,
    type_text,
)


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


async def test_keys_typed_right_behind_enter_on_a_task_go_into_its_line(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.show_pane("tab-measures")
        table = app.editor.query_one(TasksTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.pause()
        task = app.document.incident.measures.tasks[1]
        burst(app, "\n now\n")  # Enter, typing and Enter again, all at once
        await drain(pilot)
        assert app.document.incident.measures.tasks[1].text == task.text + " now"
        assert input_value(app, "#task-text") == ""
