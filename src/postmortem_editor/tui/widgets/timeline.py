"""The timeline: a keyboard-driven table of entries and the line under it for typing them.

Rows are keyed by entry ids, never positions; cells hold ``rich.text.Text`` so that user
text is never read as markup. The table posts :class:`TimelineTable.Command` messages and
the screen changes the incident; the table only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select

from postmortem_editor.check import time_order, within_window
from postmortem_editor.model import Incident, Kind, TimelineEntry
from postmortem_editor.quickentry import QuickEntryError, parse_quick_entry
from postmortem_editor.render import Clock, entry_head
from postmortem_editor.tui.widgets.form import QuietInput
from postmortem_editor.tui.widgets.keyed_table import KeyedTable
from postmortem_editor.tui.widgets.per_entry import PerEntry

KIND_STYLES = {
    Kind.DETECTION: "bold cyan",
    Kind.INVESTIGATION: "blue",
    Kind.MISLEADING: "magenta",
    Kind.ESCALATION: "bold yellow",
    Kind.MITIGATION: "green",
    Kind.RESOLUTION: "bold green",
    Kind.COMMUNICATION: "cyan",
    Kind.NOTE: "dim",
}


def entry_problems(incident: Incident) -> dict[str, str]:
    """Entries out of time order or outside the incident window (the rubric's PM007 and
    PM008), by id, with the first reason found."""
    problems: dict[str, str] = {}
    for finding in chain(time_order(incident), within_window(incident)):
        index = int(finding.path.removeprefix("timeline[").split("]", 1)[0])
        problems.setdefault(incident.timeline[index].id, finding.message)
    return problems


class TimelineTable(KeyedTable):
    """Timeline entries, one row each: a marker, time, kind and text."""

    HELP_TITLE = "Timeline table"

    HELP = (
        "Enter edits the row (Escape cancels). i / o insert above / below, Delete removes "
        "(ctrl+z brings it back), alt+up / alt+down move, k cycles the kind, s sorts by time."
    )

    BINDINGS = [
        Binding("enter", "command('edit')", "Edit", id="timeline.edit", tooltip="Edit this entry"),
        Binding("i", "command('insert_above')", "Insert above", id="timeline.insert_above"),
        Binding("o", "command('insert_below')", "Insert below", id="timeline.insert_below"),
        Binding("delete,d", "command('delete')", "Delete", id="timeline.delete"),
        Binding("alt+up,K", "command('move_up')", "Move up", id="timeline.move_up"),
        Binding("alt+down,J", "command('move_down')", "Move down", id="timeline.move_down"),
        Binding("k", "command('cycle_kind')", "Cycle kind", id="timeline.cycle_kind"),
        Binding("s", "command('sort')", "Sort by time", id="timeline.sort"),
    ]

    class Command(KeyedTable.Command):
        """A table operation on the timeline entry with this id."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: PerEntry[tuple[Text, ...]] = PerEntry(self._cells)
        self._problems_key: tuple[object, ...] | None = None
        self._problems_held: list[TimelineEntry] = []
        self._problems: dict[str, str] = {}

    def problems(self, incident: Incident) -> dict[str, str]:
        """The entries out of order or outside the window (see :func:`entry_problems`),
        found again only when the timeline or the window changed."""
        summary = incident.summary
        key = (tuple(map(id, incident.timeline)), summary.start, summary.end)
        if key != self._problems_key:
            # The entries are held with the key, so that no id is reused meanwhile.
            self._problems_key = key
            self._problems_held = list(incident.timeline)
            self._problems = entry_problems(incident)
        return self._problems

    def on_mount(self) -> None:
        self.add_column(Text("!"), key="mark", width=1)
        self.add_column(Text("Time"), key="time", width=12)
        self.add_column(Text("Kind"), key="kind", width=13)
        self.add_column(Text("Text"), key="text")

    def load(self, incident: Incident) -> None:
        """Show the timeline; only the rows of entries that changed are drawn again."""
        rows = self._rows.of(incident, self.problems(incident))
        self.set_rows([(entry.id, row) for entry, row in zip(incident.timeline, rows, strict=True)])

    @staticmethod
    def _cells(entry: TimelineEntry, clock: Clock, problem: str | None) -> tuple[Text, ...]:
        mark = Text("⚠", style="bold yellow") if problem else Text(" ")
        time = Text(entry_head(entry, clock), style="bold" if entry.at else "italic dim")
        kind = Text(entry.kind.value, style=KIND_STYLES[entry.kind])
        text = Text(" ".join(entry.text.split()))
        return mark, time, kind, text


class EntryBar(Vertical):
    """The line under the table: quick entry of new entries, or editing one in place."""

    HELP_TITLE = "Quick entry"

    HELP = (
        "Quick entry: `12:10 escalated to the database team` + Enter. The time is optional "
        "(none means now) and takes 10:05, 10:05 AM, +5m, ISO 8601; `#kind` sets the kind."
    )

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="entry.cancel", show=True)]

    @dataclass
    class Submitted(Message):
        """A line to add as a new entry."""

        line: str

    @dataclass
    class EditDone(Message):
        """New values for an edited entry."""

        entry_id: str
        when: str  # not "time": Message keeps its own timestamp there
        kind: Kind
        text: str

    class Cancelled(Message):
        """Editing was cancelled."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editing: str | None = None
        """The id of the entry being edited, or None in quick-entry mode."""
        self.incident: Incident | None = None
        self._hint_fits = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="quick-row"):
            yield QuietInput(
                placeholder="12:10 escalated to the database team   (ctrl+t; time optional; #kind)",
                id="quick-entry",
            )
        with Horizontal(id="edit-row"):
            yield QuietInput(placeholder="time", id="edit-time")
            yield Select([(k.value, k) for k in Kind], allow_blank=False, id="edit-kind")
            yield QuietInput(placeholder="what happened", id="edit-text")
        yield Label("", id="entry-hint")

    def on_mount(self) -> None:
        self.query_one("#edit-row").display = False

    @property
    def hint(self) -> Label:
        """The line under the input: what Enter will add, or what is wrong."""
        return self.query_one("#entry-hint", Label)

    @on(Input.Changed, "#quick-entry")
    def _preview_line(self, event: Input.Changed) -> None:
        event.stop()
        if self.incident is None or not event.value.strip():
            self.say("")
            return
        try:
            quick = parse_quick_entry(event.value, self.incident)
        except QuickEntryError as error:
            self.say(str(error), error=True)
            return
        when = Clock(self.incident).time(quick.at) + ("" if quick.typed_time else " (now)")
        self.say(f"Enter adds: {when} · {quick.kind.value} · {quick.text}")

    @on(Input.Submitted, "#quick-entry")
    def _submit_line(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Submitted(event.value))

    @on(Input.Submitted, "#edit-time, #edit-text")
    def _submit_edit(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is None:
            return
        kind = self.query_one("#edit-kind", Select).value
        self.post_message(
            self.EditDone(
                self.editing,
                self.query_one("#edit-time", Input).value,
                kind if isinstance(kind, Kind) else Kind.NOTE,
                self.query_one("#edit-text", Input).value,
            )
        )

    def say(self, message: str, *, error: bool = False) -> None:
        """Put a message on the line under the input (shown as written, never as markup).

        It changes on every key typed in the quick-entry line, so the screen is laid out
        again only when the message needs more (or fewer) lines than one.
        """
        width = self.hint.content_region.width
        fits = 0 < Text(message).cell_len <= width  # one line, never an empty one
        self.hint.update(Text(message), layout=not (fits and self._hint_fits))
        self._hint_fits = fits
        self.hint.set_class(error, "-error")

    def show_error(self, message: str) -> None:
        """Say what is wrong with the line; nothing was added."""
        self.say(message, error=True)

    def clear_line(self, said: str = "") -> None:
        """Empty the quick-entry line (after an entry was added, saying so)."""
        line = self.query_one("#quick-entry", Input)
        with line.prevent(Input.Changed):
            line.value = ""
        self.say(said)

    def start_edit(self, entry: TimelineEntry, time_text: str) -> None:
        """Switch to editing this entry: time, kind and text prefilled."""
        self.editing = entry.id
        self.query_one("#quick-row").display = False
        self.query_one("#edit-row").display = True
        self.query_one("#edit-time", Input).value = time_text
        self.query_one("#edit-kind", Select).value = entry.kind
        text = self.query_one("#edit-text", Input)
        text.value = entry.text
        self.say("Enter saves the entry, Escape cancels.")
        text.focus()

    def stop_edit(self) -> None:
        """Back to quick entry."""
        self.editing = None
        self.query_one("#edit-row").display = False
        self.query_one("#quick-row").display = True
        self.say("")

    def action_cancel(self) -> None:
        if self.editing is not None:
            self.post_message(self.Cancelled())
        else:
            self.clear_line()
            self.post_message(self.Cancelled())
