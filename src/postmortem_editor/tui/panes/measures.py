"""The Measures pane: improvements as lines, and the corrective tasks as a small table with
the line under it for typing a task."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from postmortem_editor import editing
from postmortem_editor.editing import Edit, EditError
from postmortem_editor.model import Incident, Task
from postmortem_editor.tui.panes.base import FormPane
from postmortem_editor.tui.widgets.form import FieldArea, labelled
from postmortem_editor.tui.widgets.keyed_table import KeyedTable
from postmortem_editor.tui.widgets.tasks import TaskBar, TasksTable


class MeasuresPane(FormPane):
    """Improvements (one per line) and the tasks table (the pane itself takes no focus)."""

    HELP_TITLE = "Measures"

    HELP = "Improvements: one per line. Tasks: a table; type a new one in the line under it."

    def compose(self) -> ComposeResult:
        yield from labelled(
            "Improvements and fixes (one per line)",
            FieldArea(
                "measures.improvements",
                placeholder="Automated checks of load balancer configuration.",
            ),
        )
        with Vertical(classes="field"):
            yield Label("Tasks", classes="field-label")
            yield TasksTable(id="tasks-table")
            yield TaskBar(id="task-bar")
            yield Label("", id="task-hint")

    def load(self, incident: Incident) -> None:
        """Fill the improvements and the tasks table from the incident."""
        super().load(incident)
        self.query_one(TasksTable).load(incident)

    def unwritten(self) -> list[str]:
        """A task typed in the line under the table but not added yet, if any."""
        text = self.query_one("#task-text", Input).value.strip()
        return [f"task not added yet: {text!r}"] if text else []

    def typing_line(self) -> Input:
        """The line a letter typed on the table goes to: the new task's text, its cursor
        at the end."""
        line = self.query_one("#task-text", Input)
        line.cursor_position = len(line.value)
        return line

    def focus_new_task(self) -> None:
        """Show the pane with the cursor in the new-task line."""
        bar = self.query_one(TaskBar)
        if bar.editing is not None:
            bar.clear()
        self.editor.show_pane("tab-measures", self.query_one("#task-text", Input))

    def focus_task(self, index: int | None) -> None:
        """Focus the tasks table, on the task at this index if there is one."""
        table = self.query_one(TasksTable)
        tasks = self.editor.incident.measures.tasks
        if index is not None and index < len(tasks):
            table.select_id(tasks[index].id)
        table.focus()

    def _show_tasks(self, tasks: list[Task], cursor: str | None) -> None:
        self.editor.incident.measures.tasks = list(tasks)
        table = self.query_one(TasksTable)
        table.load(self.editor.incident)
        if cursor:
            table.select_id(cursor)
        self.editor.changed(now=True)

    def _change_tasks(self, label: str, edit: Edit[Task] | None) -> None:
        if edit is not None:
            tasks = self.editor.incident.measures.tasks
            self.editor.undo_stack.apply_list_edit(label, tasks, edit, self._show_tasks)

    def on_mount(self) -> None:
        # At once, not by message: the keys typed right behind Enter go into the task line.
        self.query_one(TasksTable).take_command = self._tasks_command

    def _tasks_command(self, event: KeyedTable.Command) -> None:
        tasks = self.editor.incident.measures.tasks
        name = event.name
        index = editing.index_of(tasks, event.item_id)
        if name in ("insert_above", "insert_below"):
            self.focus_new_task()
        elif index is None:
            return
        elif name == "edit":
            self.query_one(TaskBar).start_edit(tasks[index])
        elif name == "toggle":
            self._change_tasks("toggle task", editing.toggle_done(tasks, event.item_id))
        elif name == "delete":
            self._change_tasks("delete task", editing.delete(tasks, event.item_id))
            self.notify("Task deleted (ctrl+z brings it back)", timeout=3)
        elif name in ("move_up", "move_down"):
            step = -1 if name == "move_up" else 1
            self._change_tasks("move task", editing.move(tasks, event.item_id, step))

    @on(TaskBar.Submitted)
    def _task_submitted(self, event: TaskBar.Submitted) -> None:
        event.stop()
        hint = self.query_one("#task-hint", Label)
        try:
            values = editing.task_values(event.text, event.owner, event.priority, event.due)
        except EditError as error:
            hint.update(str(error))
            self.query_one(TaskBar).restore(event)
            return
        hint.update("")
        edit = editing.save_task(self.editor.incident.measures.tasks, event.task_id, values)
        # The bar emptied its fields and moved to the next task's text as Enter came.
        self._change_tasks("edit task" if event.task_id else "add task", edit)

    @on(TaskBar.Cancelled)
    def _task_cancelled(self, event: TaskBar.Cancelled) -> None:
        event.stop()
        self.screen.set_focus(self.query_one(TasksTable))
