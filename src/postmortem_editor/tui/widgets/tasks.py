"""Corrective tasks: a small table of them, and the line under it for typing one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input

from postmortem_editor.model import Incident, Task
from postmortem_editor.tui.widgets.form import LineInput
from postmortem_editor.tui.widgets.keyed_table import KeyedTable


class TasksTable(KeyedTable):
    """Tasks, one row each: done, text, owner, priority, due."""

    HELP_TITLE = "Tasks table"

    HELP = (
        "Typing here starts a new task in the line under the table. Enter edits the task "
        "(Escape cancels), alt+x ticks it done or not, Insert (or alt+o) starts a new task, "
        "Delete removes it (ctrl+z brings it back), alt+up / alt+down move it. No letter "
        "is a command here. With the mouse: a click selects a task, a click on its box "
        "ticks it."
    )

    BINDINGS = [
        Binding("enter", "command('edit')", "Edit", id="tasks.edit"),
        Binding("alt+x", "command('toggle')", "Done", id="tasks.toggle"),
        Binding("insert,alt+o,alt+i", "command('insert_below')", "New task", id="tasks.new"),
        Binding("delete", "command('delete')", "Delete", id="tasks.delete"),
        Binding("alt+up", "command('move_up')", "Move up", id="tasks.move_up"),
        Binding("alt+down", "command('move_down')", "Move down", id="tasks.move_down"),
    ]

    class Command(KeyedTable.Command):
        """A table operation on the task with this id."""

    def on_mount(self) -> None:
        # The task's text goes last: it is the one column that may be cut at the edge.
        self.add_column(Text("Done"), key="done", width=4)
        self.add_column(Text("Owner"), key="owner", width=10)
        self.add_column(Text("Priority"), key="priority", width=8)
        self.add_column(Text("Due"), key="due", width=10)
        self.add_column(Text("Task"), key="text")

    def on_click(self, event: events.Click) -> None:
        """A click on a task's box ticks it done or not; elsewhere it selects the task."""
        super().on_click(event)
        on_a_row = 0 <= int(self.scroll_y) + event.y - 1 < self.row_count
        if event.y >= 1 and on_a_row and self.column_at(event.x) == "done":
            self.action_command("toggle")

    def load(self, incident: Incident) -> None:
        """Show the tasks (a few dozen at most: redrawn whole)."""
        self.set_rows([(task.id, self._cells(task)) for task in incident.measures.tasks])

    @staticmethod
    def _cells(task: Task) -> tuple[Text, ...]:
        return (
            Text("[x]" if task.done else "[ ]", style="green" if task.done else ""),
            Text(task.owner),
            Text(task.priority),
            Text(task.due.isoformat() if task.due else ""),
            Text(" ".join(task.text.split())),
        )


class TaskBar(Horizontal):
    """The line under the tasks table: a new task, or the task being edited."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="taskbar.cancel")]

    @dataclass
    class Submitted(Message):
        """Values of a new or edited task (task_id None for a new one)."""

        task_id: str | None
        text: str
        owner: str
        priority: str
        due: str

    class Cancelled(Message):
        """Editing was cancelled."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editing: str | None = None

    def compose(self) -> ComposeResult:
        for name, placeholder in (
            ("text", "New task: what is to be done"),
            ("owner", "owner"),
            ("priority", "P1"),
            ("due", "due 2024-03-01"),
        ):
            # Enter in any of them adds the task, in order with the keys typed after it.
            yield LineInput(placeholder=placeholder, id=f"task-{name}", submit_empty=True)

    def on_mount(self) -> None:
        for field in self.query(LineInput):
            field.take_line = self._take_task

    def _take_task(self, source: LineInput, line: str) -> None:
        """Enter in any field: the task's values are taken and the fields emptied at once,
        with the focus on the text of the next task, before the next key arrives."""
        fields = self._fields()
        values = [line if field is source else field.value for field in fields]
        if not values[0].strip():
            source.set_value(line)  # no task without its text: nothing is added
            return
        editing, self.editing = self.editing, None
        for field in fields:
            field.remember(field.value if field is not source else line)
            field.set_value("")
        self.screen.set_focus(fields[0])  # the next task's text, typed at once
        text, owner, priority, due = values
        self.post_message(self.Submitted(editing, text, owner, priority, due))

    def _fields(self) -> list[LineInput]:
        return [
            self.query_one(f"#task-{name}", LineInput)
            for name in ("text", "owner", "priority", "due")
        ]

    def start_edit(self, task: Task) -> None:
        """Prefill the inputs with the task's values."""
        self.editing = task.id
        for name, value in (
            ("text", task.text),
            ("owner", task.owner),
            ("priority", task.priority),
            ("due", task.due.isoformat() if task.due else ""),
        ):
            self.query_one(f"#task-{name}", Input).value = value
        self.query_one("#task-text", Input).focus()

    def clear(self) -> None:
        """Empty the inputs and go back to adding tasks."""
        self.editing = None
        for field in self._fields():
            field.set_value("")

    def restore(self, submitted: TaskBar.Submitted) -> None:
        """A task that was not added: its values back where they were typed (in the
        history of a field the next task is being typed in: Up brings it back)."""
        self.editing = submitted.task_id
        for field, name in zip(self._fields(), ("text", "owner", "priority", "due"), strict=True):
            value = getattr(submitted, name)
            if not field.value:
                field.set_value(value)
            else:
                field.remember(value)

    def action_cancel(self) -> None:
        """Escape: stop editing a task (it stays as it was); a new task's text is kept."""
        if self.editing is not None:
            self.clear()
        self.post_message(self.Cancelled())
