"""Corrective and preventative measures: improvements as lines, tasks as a small table."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label

from postmortem_editor.model import Incident, Task
from postmortem_editor.tui.widgets.form import FieldArea, QuietInput, labelled
from postmortem_editor.tui.widgets.keyed_table import KeyedTable


class TasksTable(KeyedTable):
    """Tasks, one row each: done, text, owner, priority, due."""

    HELP_TITLE = "Tasks table"

    HELP = (
        "Enter edits the task (Escape cancels), x toggles done, i / o insert above / below, "
        "Delete removes (ctrl+z brings it back), alt+up / alt+down move."
    )

    BINDINGS = [
        Binding("enter", "command('edit')", "Edit", id="tasks.edit"),
        Binding("x,space", "command('toggle')", "Done", id="tasks.toggle"),
        Binding("i", "command('insert_above')", "Insert above", id="tasks.insert_above"),
        Binding("o", "command('insert_below')", "Insert below", id="tasks.insert_below"),
        Binding("delete,d", "command('delete')", "Delete", id="tasks.delete"),
        Binding("alt+up,K", "command('move_up')", "Move up", id="tasks.move_up"),
        Binding("alt+down,J", "command('move_down')", "Move down", id="tasks.move_down"),
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
        yield QuietInput(placeholder="New task: what is to be done", id="task-text")
        yield QuietInput(placeholder="owner", id="task-owner")
        yield QuietInput(placeholder="P1", id="task-priority")
        yield QuietInput(placeholder="due 2024-03-01", id="task-due")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        values = [
            self.query_one(f"#task-{name}", Input).value
            for name in ("text", "owner", "priority", "due")
        ]
        if values[0].strip():
            self.post_message(self.Submitted(self.editing, *values))

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
        for name in ("text", "owner", "priority", "due"):
            self.query_one(f"#task-{name}", Input).value = ""

    def action_cancel(self) -> None:
        self.clear()
        self.post_message(self.Cancelled())


class MeasuresPane(VerticalScroll):
    """Improvements (one per line) and the tasks table."""

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
        self.query_one(FieldArea).load(incident)
        self.query_one(TasksTable).load(incident)
