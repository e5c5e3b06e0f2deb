"""The timeline: a keyboard-driven table of entries and the line under it for typing them.

Rows are keyed by entry ids, never positions; cells hold ``rich.text.Text`` so that user
text is never read as markup. The table posts :class:`TimelineTable.Command` messages and
the screen changes the incident; the table only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label

from postmortem_editor.check import entry_problems
from postmortem_editor.model import Incident, Kind, TimelineEntry
from postmortem_editor.quickentry import (
    QuickEntry,
    QuickEntryError,
    day_label,
    parse_block,
    parse_quick_entry,
    unread_time,
)
from postmortem_editor.render import Clock, entry_head
from postmortem_editor.tui.drawing.per_entry import PerEntry
from postmortem_editor.tui.widgets.form import LineInput
from postmortem_editor.tui.widgets.keyed_table import KeyedTable

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


TIME_WIDTH = 12
"""The time column's usual width: "10:05 AM", "Feb 15, 10:05"; it grows for longer times."""
MAX_TIME_WIDTH = 24
"""The time column's widest: a date, a time and a label beyond this are cut."""


class TimelineTable(KeyedTable):
    """Timeline entries, one row each: a marker, time, kind and text."""

    HELP_TITLE = "Timeline table"

    HELP = (
        "Typing here starts a new entry in the quick-entry line. Enter edits the row "
        "(Escape cancels). Insert / alt+o add a row below, alt+i above; Delete removes it "
        "(ctrl+z brings it back); alt+up / alt+down move it; alt+k cycles its kind; alt+s "
        "sorts by time. No letter is a command here."
    )

    BINDINGS = [
        Binding("enter", "command('edit')", "Edit", id="timeline.edit", tooltip="Edit this entry"),
        Binding("alt+i", "command('insert_above')", "Insert above", id="timeline.insert_above"),
        Binding(
            "insert,alt+o", "command('insert_below')", "Insert below", id="timeline.insert_below"
        ),
        Binding("delete", "command('delete')", "Delete", id="timeline.delete"),
        Binding("alt+up", "command('move_up')", "Move up", id="timeline.move_up"),
        Binding("alt+down", "command('move_down')", "Move down", id="timeline.move_down"),
        Binding("alt+k", "command('cycle_kind')", "Cycle kind", id="timeline.cycle_kind"),
        Binding("alt+s", "command('sort')", "Sort by time", id="timeline.sort"),
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
        self.add_column(Text("Time"), key="time", width=TIME_WIDTH)
        self.add_column(Text("Kind"), key="kind", width=13)
        self.add_column(Text("Text"), key="text")

    def load(self, incident: Incident) -> None:
        """Show the timeline; only the rows of entries that changed are drawn again."""
        rows = self._rows.of(incident, self.problems(incident))
        # The time column is as wide as its widest time ("Feb 15, 10:17 PM"), never cut.
        widest = max((len(row[1].plain) for row in rows), default=0)
        self.fit_column("time", max(TIME_WIDTH, min(widest, MAX_TIME_WIDTH)))
        self.set_rows([(entry.id, row) for entry, row in zip(incident.timeline, rows, strict=True)])

    @staticmethod
    def _cells(entry: TimelineEntry, clock: Clock, problem: str | None) -> tuple[Text, ...]:
        unread = entry.at is None and unread_time(entry.text) is not None
        mark = Text("⚠", style="bold yellow") if problem or unread else Text(" ")
        if unread:
            time = Text("time not read", style="bold red")
        else:
            time = Text(entry_head(entry, clock), style="bold" if entry.at else "italic dim")
        kind = Text(entry.kind.value, style=KIND_STYLES[entry.kind])
        text = Text(" ".join(entry.text.split()))
        if entry.by:  # who did or said it, before the text as a chat shows it
            text = Text.assemble((f"{entry.by}: ", "bold"), text)
        return mark, time, kind, text


class QuickEntryLine(LineInput):
    """The quick-entry line: one line typed is one entry; a pasted block of lines is held
    for the bar to show before it adds one entry per line."""

    @dataclass
    class BlockPasted(Message):
        """Several lines were pasted: the bar shows what they will add."""

        text: str

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line for line in event.text.splitlines() if line.strip()]
        if len(lines) <= 1:
            return  # one line: pasted into the line by the handlers of the classes below
        event.stop()
        event.prevent_default()
        # What the line held around the cursor stays around the pasted block.
        before, after = self.value[: self.cursor_position], self.value[self.cursor_position :]
        self.set_value("", undoable=True)
        self.post_message(self.BlockPasted(before + event.text.strip("\n") + after))


class EntryBar(Vertical):
    """The line under the table for typing new entries, and what Enter will add."""

    HELP_TITLE = "Quick entry"

    HELP = (
        "Quick entry: `12:10 escalated to the database team` + Enter. The time is optional "
        "(none means now) and takes 10:05, 10:05 AM, +5m, ISO 8601; `#kind` sets the kind. "
        "Paste several lines (a chat log) to add one entry per line. Up / Down bring back "
        "earlier lines; Escape puts the line away (Up or ctrl+z brings it back)."
    )

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="entry.cancel",
            show=True,
            tooltip="Put the line away (Up or ctrl+z brings it back)",
        ),
        Binding("alt+up", "day(-1)", "Day before", id="entry.day_before"),
        Binding("alt+down", "day(1)", "Day after", id="entry.day_after"),
    ]

    @dataclass
    class Submitted(Message):
        """A line to add as a new entry."""

        line: str
        day_shift: int = 0
        """Days the user moved the line's time by (alt+up / alt+down)."""

    @dataclass
    class BlockSubmitted(Message):
        """A pasted block of lines to add, one entry per line."""

        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.incident: Incident | None = None
        self.pending: str | None = None
        """A pasted block of lines waiting for Enter, or None."""
        self.day_shift = 0
        """Days the user moved the typed time by (alt+up / alt+down), for the next entry."""
        self._hint_fits = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="quick-row"):
            # An empty line is handed over too: Enter then adds a pasted block.
            yield QuickEntryLine(
                placeholder="12:10 escalated to the database team   (ctrl+t; time optional; #kind)",
                id="quick-entry",
                submit_empty=True,
                escape_puts_away=True,
            )
        yield Label("", id="entry-hint")

    @property
    def hint(self) -> Label:
        """The line under the input: what Enter will add, or what is wrong."""
        return self.query_one("#entry-hint", Label)

    @property
    def line(self) -> QuickEntryLine:
        """The quick-entry line."""
        return self.query_one("#quick-entry", QuickEntryLine)

    @on(Input.Changed, "#quick-entry")
    def _preview_line(self, event: Input.Changed) -> None:
        event.stop()
        self.show_line_hint(event.value)

    def show_line_hint(self, value: str) -> None:
        """Say what Enter will add for the line as typed (or what is wrong with it)."""
        if self.pending is not None:
            return  # the block's preview stays until Enter or Escape
        if self.incident is None or not value.strip():
            self.say("")
            return
        try:
            quick = parse_quick_entry(value, self.incident, day_shift=self.day_shift)
        except QuickEntryError as error:
            self.say(str(error), error=True)
            return
        self.say(f"Enter adds: {describe_quick(self.incident, quick)}")

    def action_day(self, step: int) -> None:
        """Move the typed time to the day before or after (shown in the hint)."""
        if not self.line.value.strip():
            return
        self.day_shift += step
        self.show_line_hint(self.line.value)

    @on(QuickEntryLine.Handed, "#quick-entry")
    def _submit_line(self, event: QuickEntryLine.Handed) -> None:
        event.stop()
        if self.pending is not None:
            block, self.pending = self.pending, None
            if event.line.strip():
                block += "\n" + event.line
            self.post_message(self.BlockSubmitted(block))
        elif event.line.strip():
            self.post_message(self.Submitted(event.line, self.day_shift))
        self.day_shift = 0

    @on(QuickEntryLine.BlockPasted)
    def _block_pasted(self, event: QuickEntryLine.BlockPasted) -> None:
        event.stop()
        self.pending = event.text if self.pending is None else f"{self.pending}\n{event.text}"
        self.show_block()

    def show_block(self) -> None:
        """Show what the pending block of lines will add."""
        if self.pending is None or self.incident is None:
            return
        self.say(describe_block(self.incident, self.pending))

    def say(self, message: str, *, error: bool = False) -> None:
        """Put a message on the line under the input (shown as written, never as markup).

        It changes on every key typed in the quick-entry line, so the screen is laid out
        again only when the message needs more (or fewer) lines than one.
        """
        width = self.hint.content_region.width
        fits = 0 < Text(message).cell_len <= width and "\n" not in message
        self.hint.update(Text(message), layout=not (fits and self._hint_fits))
        self._hint_fits = fits
        self.hint.set_class(error, "-error")

    def show_error(self, message: str) -> None:
        """Say what is wrong with the line; nothing was added."""
        self.say(message, error=True)

    def restore_line(self, line: str, message: str) -> None:
        """A line that could not be added: back in the line (if nothing was typed since)."""
        quick = self.line
        if not quick.value:
            quick.set_value(line)
        else:
            quick.remember(line)
            message += " (the line is kept: Up brings it back)"
        self.show_error(message)

    def action_cancel(self) -> None:
        """Escape: drop a pasted block (an empty line has nothing to put away)."""
        if self.pending is not None:
            for line in self.pending.splitlines():
                self.line.remember(line)
            self.pending = None
            self.say("Paste dropped; Up brings its lines back one by one.")

    @on(LineInput.PutAway, "#quick-entry")
    def _put_away(self, event: LineInput.PutAway) -> None:
        event.stop()
        self.say("Line put away: Up or ctrl+z brings it back.")


def describe_quick(incident: Incident, quick: QuickEntry) -> str:
    """What a parsed line will add, as the hint says it: time, kind, who, text."""
    clock = Clock(incident)
    if quick.at is None:
        when = f"time not read ({quick.time_unread})"
    else:
        # The clock shows the date where it is not the incident's first day (or always);
        # with no day known yet, the date is shown where it is not today.
        when = clock.time(quick.at) + ("" if quick.typed_time else " (now)")
        unknown_day = clock.first_day is None and not clock.every_date
        day = day_label(incident, quick.at) if unknown_day else None
        if day:
            when = f"{day}, {when}"
    who = f"{quick.by}: " if quick.by else ""
    return f"{when} · {quick.kind.value} · {who}{quick.text}"


def describe_block(incident: Incident, block: str) -> str:
    """What a pasted block will add, one line per entry, and the lines that add nothing."""
    lines = parse_block(block, incident)
    added = [line for line in lines if line.entry is not None]
    unread = sum(1 for line in added if line.entry is not None and line.entry.at is None)
    head = f"Enter adds {len(added)} entries"
    if unread:
        head += f" ({unread} with the time not read)"
    shown = [f"  {describe_quick(incident, line.entry)}" for line in added[:8] if line.entry]
    if len(added) > 8:
        shown.append(f"  ... and {len(added) - 8} more")
    skipped = [f"  not added: {line.line!r}: {line.error}" for line in lines if line.error]
    return "\n".join([head + "; Escape drops the paste:", *shown, *skipped])
