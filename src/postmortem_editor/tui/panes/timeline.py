"""The Timeline pane: the table of entries and the line under it for typing them.

Entries typed, pasted, edited in place or moved in the table are written into the
incident here, each change one undo step.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from postmortem_editor import editing
from postmortem_editor.editing import Edit, EditError
from postmortem_editor.fields import format_time_field
from postmortem_editor.model import Incident, TimelineEntry
from postmortem_editor.quickentry import (
    QuickEntryError,
    entry_from,
    parse_block,
    parse_quick_entry,
)
from postmortem_editor.render import Clock
from postmortem_editor.tui.panes.base import Editor
from postmortem_editor.tui.widgets.entry_form import EntryForm
from postmortem_editor.tui.widgets.keyed_table import KeyedTable
from postmortem_editor.tui.widgets.timeline import EntryBar, TimelineTable, describe_quick


class EntryView(Static):
    """The entry under the table's cursor, whole: its date and time, kind and who, and all
    of its text, wrapped (the table cuts long text at its column's edge)."""

    DEFAULT_CSS = """
    EntryView {
        height: auto;
        max-height: 8;
        padding: 0 1;
        background: $boost;
        color: $text;
    }
    """

    def show_entry(self, incident: Incident, entry: TimelineEntry | None) -> None:
        """Show this entry in full (nothing for none)."""
        self.display = entry is not None
        if entry is None:
            return
        head = Text()
        when = Clock(incident).stamp(entry.at) if entry.at else "no time"
        label = entry.label.strip()
        head.append(f"{when}{f' ({label})' if label else ''}", style="bold")
        head.append(f" · {entry.kind.value}")
        if entry.by.strip():
            head.append(f" · {entry.by.strip()}")
        head.append("\n")
        head.append(entry.text)
        self.update(head)


class TimelinePane(Vertical):
    """The timeline table, the entry under its cursor shown whole, and the line under it
    for quick entry; an entry is edited in a form opened next to its row."""

    # No help or keys of its own: F1 and the key bar speak of the table and the line.

    def __init__(self, editor: Editor, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editor = editor
        self._inserted: str | None = None
        """The id of the row inserted for the edit in progress (Escape takes it back)."""

    def compose(self) -> ComposeResult:
        # The form is laid over the table, next to the row it edits: it takes no room.
        with Vertical(id="table-area"):
            yield TimelineTable(id="timeline-table")
            yield EntryForm(id="entry-form")
        yield EntryView(id="entry-view")
        yield EntryBar(id="entry-bar")

    def load(self, incident: Incident) -> None:
        """Show the incident's timeline."""
        self.query_one(TimelineTable).load(incident)
        self.query_one(EntryBar).incident = incident
        self._show_current()

    @on(TimelineTable.RowHighlighted, "#timeline-table")
    def _row_changed(self) -> None:
        # Not stopped: the screen follows the row in the preview too.
        self._show_current()

    def _show_current(self) -> None:
        incident = self.editor.incident
        current = self.query_one(TimelineTable).current_id
        entry = next((e for e in incident.timeline if e.id == current), None)
        self.query_one(EntryView).show_entry(incident, entry)

    def stop_editing(self) -> None:
        """Close the edit form, if an entry was being edited in place."""
        self.query_one(EntryForm).stop()

    def focus_quick_entry(self) -> None:
        """Focus the quick-entry line, at once. An entry being edited is saved first, as
        Enter saves it; if what was typed does not read, its form stays, saying why."""
        form = self.query_one(EntryForm)
        if form.editing is not None:
            form.submit()
            if form.editing is not None:
                return
        # Focus at once, not after a refresh: keys typed right after ctrl+t belong here.
        self.screen.set_focus(self.query_one(EntryBar).line)

    def focus_entry(self, index: int | None) -> None:
        """Focus the table on the entry at this index if there is one; with no index, the
        quick-entry line (where the first entry is typed)."""
        if index is None:
            self.query_one(EntryBar).line.focus()
            return
        table = self.query_one(TimelineTable)
        entries = self.editor.incident.timeline
        if index < len(entries):
            table.select_id(entries[index].id)
        table.focus()

    def typing_line(self) -> Widget:
        """The field a letter typed on the table goes to: the text of the entry being
        edited, else the quick-entry line; its cursor at the end."""
        form = self.query_one(EntryForm)
        if form.editing is not None:
            form.text.put_cursor_at_end()
            return form.text
        line = self.query_one(EntryBar).line
        line.cursor_position = len(line.value)
        return line

    def unwritten(self) -> list[str]:
        """What is typed under the table but not in the incident yet, one line each."""
        lines = []
        bar = self.query_one(EntryBar)
        if bar.line.value.strip():
            lines.append(f"timeline entry not added yet: {bar.line.value.strip()!r}")
        if bar.pending is not None:
            lines.append("pasted timeline lines not added yet (Enter adds them)")
        if self.query_one(EntryForm).editing is not None:
            lines.append("a timeline entry is being edited (Enter saves it)")
        return lines

    def sort(self) -> None:
        """Put the timeline in time order (entries without a time go last, in their order)."""
        cursor = self.query_one(TimelineTable).current_id
        entries = self.editor.incident.timeline
        self._change("sort by time", editing.sort_by_time(entries, cursor))

    # --- writing to the incident ------------------------------------------------------------

    def _show(self, entries: list[TimelineEntry], cursor: str | None) -> None:
        self.editor.incident.timeline = list(entries)
        table = self.query_one(TimelineTable)
        table.load(self.editor.incident)
        if cursor:
            table.select_id(cursor)
        self.editor.changed(now=True)
        # In the same frame as the change, not one frame later when the table's
        # message arrives: an entry added shows in the preview at once.
        self.editor.follow_timeline_cursor(table.cursor_row)
        self._show_current()

    def _change(self, label: str, edit: Edit[TimelineEntry] | None) -> None:
        if edit is not None:
            self.editor.undo_stack.apply_list_edit(
                label, self.editor.incident.timeline, edit, self._show
            )

    @on(EntryBar.Submitted)
    def _add_entry(self, event: EntryBar.Submitted) -> None:
        event.stop()
        bar = self.query_one(EntryBar)
        incident = self.editor.incident
        try:
            quick = parse_quick_entry(event.line, incident, day_shift=event.day_shift)
        except QuickEntryError as error:
            bar.restore_line(event.line, str(error))
            return
        entry = entry_from(quick)
        self._change("add entry", editing.add_entries(incident, [entry]))
        # Said under the line rather than in a toast: a scribe adds entries in a stream.
        bar.say(f"Added: {describe_quick(incident, quick)}")

    @on(EntryBar.BlockSubmitted)
    def _add_block(self, event: EntryBar.BlockSubmitted) -> None:
        event.stop()
        bar = self.query_one(EntryBar)
        incident = self.editor.incident
        lines = parse_block(event.text, incident)
        entries = [entry_from(line.entry) for line in lines if line.entry is not None]
        for line in lines:
            if line.error is not None:  # kept for the user to fix: Up brings it back
                bar.line.remember(line.line)
        if not entries:
            bar.show_error("Nothing in the paste to add (its lines are kept: Up brings them back)")
            return
        self._change(f"add {len(entries)} entries", editing.add_entries(incident, entries))
        unread = sum(1 for entry in entries if entry.at is None)
        said = f"Added {len(entries)} entries (one ctrl+z takes them all back)"
        if unread:
            said += f"; {unread} with the time not read, marked in the table"
        bar.say(said)

    def on_mount(self) -> None:
        # At once, not by message: the keys typed right behind Enter go into the form.
        self.query_one(TimelineTable).take_command = self._table_command
        form = self.query_one(EntryForm)
        form.take_done = self._finish_edit
        form.take_cancel = self._cancel_edit

    def _table_command(self, event: KeyedTable.Command) -> None:
        entries = self.editor.incident.timeline
        name = event.name
        if name in ("insert_above", "insert_below"):
            edit = editing.insert_entry(entries, event.item_id, below=name == "insert_below")
            self._change("insert entry", edit)
            self._start_edit(edit.cursor or "")
            self._inserted = edit.cursor
        elif editing.index_of(entries, event.item_id) is None:
            return
        elif name == "edit" and event.item_id is not None:
            self._start_edit(event.item_id)
        elif name == "delete":
            self._change("delete entry", editing.delete(entries, event.item_id))
            self.notify("Entry deleted (ctrl+z brings it back)", timeout=3)
        elif name in ("move_up", "move_down"):
            step = -1 if name == "move_up" else 1
            self._change("move entry", editing.move(entries, event.item_id, step))
        elif name == "cycle_kind":
            self._change("change kind", editing.cycle_kind(entries, event.item_id))
        elif name == "sort":
            self.sort()

    def _start_edit(self, entry_id: str) -> None:
        incident = self.editor.incident
        entry = incident.entry(entry_id)
        text = format_time_field(incident, entry.at) if entry.at else ""
        form = self.query_one(EntryForm)
        self._inserted = None
        form.start(entry, text)
        self._place_form()
        # Placed again once laid out: its height is known only then.
        self.call_after_refresh(self._place_form)

    def _place_form(self) -> None:
        form = self.query_one(EntryForm)
        table = self.query_one(TimelineTable)
        if form.editing is None or table.cursor_row < 0:
            return
        # Counted from the top of the table's area; the form may cover the lines under the
        # table (the entry view and the quick-entry line) rather than the row it edits.
        top = self.query_one("#table-area").content_region.y
        row_top = table.content_region.y - top + table.cursor_line
        form.place(row_top, row_top + 1, self.content_region.bottom - top)

    def on_resize(self) -> None:
        self._place_form()

    def _finish_edit(self, event: EntryForm.Done) -> None:
        form = self.query_one(EntryForm)
        try:
            edit = editing.edit_entry(
                self.editor.incident,
                event.entry_id,
                when=event.when,
                kind=event.kind,
                by=event.by,
                text=event.text,
            )
        except EditError as error:
            form.say(str(error))
            return
        form.stop()
        if edit is not None:  # None: the entry is gone (undone meanwhile)
            self._change("edit entry", edit)
        self.screen.set_focus(self.query_one(TimelineTable))

    def _cancel_edit(self, event: EntryForm.Cancelled) -> None:
        self.query_one(EntryForm).stop()
        entry = next((e for e in self.editor.incident.timeline if e.id == event.entry_id), None)
        inserted, self._inserted = self._inserted, None
        if entry is not None and entry.id == inserted and not entry.text.strip():
            # A row inserted with insert / alt+o for this edit is not kept.
            self.editor.action_undo()
        typed = event.text.strip()
        if typed and (entry is None or typed != entry.text.strip()):
            # The words typed are not thrown away: Up in the quick-entry line has them.
            bar = self.query_one(EntryBar)
            bar.line.remember(typed)
            bar.say("Edit cancelled; Up in the quick-entry line brings back its text.")
        self.screen.set_focus(self.query_one(TimelineTable))
