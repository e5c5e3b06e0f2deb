"""The editor screen: section panes on the left, the preview on the right, status below.

The incident model is the single source of truth. Panes report edits with messages; this
screen applies them to the model (recording undo steps), then schedules the preview and
the rubric, which read from the model off the keystroke path.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, TabbedContent, TabPane, Tabs, TextArea
from textual.worker import get_current_worker

from postmortem_editor import editing
from postmortem_editor.check import CheckProfile, Finding, check_incident
from postmortem_editor.editing import Edit, EditError
from postmortem_editor.fields import (
    FIELD_NAMES,
    FieldError,
    format_time_field,
    get_value,
    parse_field,
    set_value,
)
from postmortem_editor.model import FreeSection, Incident, Item, Task, TimelineEntry
from postmortem_editor.quickentry import (
    QuickEntryError,
    entry_from,
    parse_block,
    parse_quick_entry,
)
from postmortem_editor.render import PROFILES, Profile, incident_words
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.undo import Step, UndoStack
from postmortem_editor.tui.widgets.findings import FindingsPane
from postmortem_editor.tui.widgets.form import FORM_FIELDS, FieldEdited, FieldInput
from postmortem_editor.tui.widgets.key_bar import KeyBar
from postmortem_editor.tui.widgets.measures import MeasuresPane, TaskBar, TasksTable
from postmortem_editor.tui.widgets.panes import AnalysisPane, FormPane, SectionsPane, SummaryPane
from postmortem_editor.tui.widgets.preview import Preview
from postmortem_editor.tui.widgets.status import StatusLine
from postmortem_editor.tui.widgets.timeline import EntryBar, TimelineTable, describe_quick

PREVIEW_DELAY = 0.02
"""Seconds of quiet before the preview is redrawn: a burst of keys (a paste, a key held
down) costs one redraw. A redraw takes a few milliseconds, only the changed block."""
RUBRIC_DELAY = 0.4
"""Seconds of quiet before the rubric and word count are computed again."""

TAB_OF_BLOCK = {
    "tab-summary": "title",
    "tab-timeline": "timeline",
    "tab-analysis": "analysis",
    "tab-measures": "measures",
}


def rubric_and_words(
    incident: Incident, rubric: CheckProfile, profile: Profile
) -> tuple[list[Finding], int]:
    """The rubric's findings and the rendered word count of an incident."""
    findings = check_incident(incident, rubric)
    return findings, incident_words(incident)


@dataclass
class DocumentChanged(Message):
    """The incident changed (the app keeps its title and recovery state from it)."""

    command: bool = False
    """Changed by one command (an entry added, moved, edited), not by typing in a field."""


T = TypeVar("T", bound=Item)


TITLES = {
    "tab-summary": ("Summary", "Sum"),
    "tab-timeline": ("Timeline", "Time"),
    "tab-analysis": ("Root cause", "Cause"),
    "tab-measures": ("Measures", "Meas"),
    "tab-sections": ("Sections", "Sect"),
    "tab-rubric": ("Rubric", "Rub"),
}
"""Each pane's title, and the short one used where the whole titles do not fit in one line
(80 columns with the preview on), so that every tab stays in sight."""


class Panes(TabbedContent):
    """The section panes, one shown at a time."""

    def on_resize(self, event: events.Resize) -> None:
        """Shorten the tabs' titles when they would not all fit, and give them back."""
        short = sum(len(title) + 2 for title, _ in TITLES.values()) > event.size.width
        for pane_id, (title, short_title) in TITLES.items():
            tab = self.get_tab(pane_id)
            label = short_title if short else title
            if tab.label_text != label:
                tab.label = label

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        # Textual shows the pane of a field that was focused, once the news arrives: by
        # then a pane switch may have moved the focus on, and the old pane would come
        # back. Only a pane that still holds the focus is shown.
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.stop()
            event.prevent_default()


def _takes_focus(widget: Widget) -> bool:
    shown = all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))
    return widget.focusable and shown


def first_field(pane: Widget) -> Widget | None:
    """The first field of a pane that takes text, else the first that takes the focus."""
    candidates = [widget for widget in pane.query("*") if _takes_focus(widget)]
    for widget in candidates:
        if isinstance(widget, (Input, TextArea)):
            return widget
    return candidates[0] if candidates else None


_INDEXED = re.compile(r"^(?P<list>timeline|measures\.tasks|sections)\[(?P<index>\d+)\]")


class EditorScreen(Screen[None]):
    """Edit one incident."""

    class FocusReady(Message):
        """The field being made is on screen and focused: held keys can go to it."""

    HELP_TITLE = "Everywhere in the editor"

    BINDINGS = [
        Binding(
            "ctrl+t",
            "quick_entry",
            "Add entry",
            id="editor.quick_entry",
            # Priority: handled as the key arrives, so the keys typed after it land in the line.
            priority=True,
            tooltip="Type a timeline entry",
        ),
        # Keys that move the focus are priority bindings: handled as they arrive, so the
        # keys typed right after them go to the field the focus moves to, never to the
        # one it leaves.
        Binding("alt+right", "next_pane(1)", "Next pane", id="editor.next_pane", priority=True),
        Binding("ctrl+pagedown", "next_pane(1)", "Next pane", show=False, priority=True),
        Binding(
            "alt+left",
            "next_pane(-1)",
            "Previous pane",
            id="editor.prev_pane",
            show=False,
            priority=True,
        ),
        Binding("ctrl+pageup", "next_pane(-1)", "Previous pane", show=False, priority=True),
        Binding("tab", "focus_step(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_step(-1)", "Previous field", show=False, priority=True),
        Binding("ctrl+z", "undo", "Undo", id="editor.undo", show=False),
        Binding("ctrl+y,ctrl+shift+z", "redo", "Redo", id="editor.redo", show=False),
    ]

    render_profile: var[Profile] = var("standard", init=False)
    """The profile the preview renders with (and copy and export write)."""
    rubric: var[CheckProfile] = var("standard", init=False)
    """The rubric the incident is checked against."""

    def __init__(self, document: IncidentFile) -> None:
        super().__init__()
        self.document = document
        self.undo_stack = UndoStack()
        self.findings: list[Finding] = []
        self.words: int | None = None
        self._preview_timer: Timer | None = None
        self._rubric_timer: Timer | None = None
        self._checking = False
        self._last_focus: dict[str, Widget] = {}
        self.holding_keys = False
        """Whether keys wait for a field being made (a new section's title) to exist."""
        self.invalid_fields: dict[str, str] = {}
        """Fields whose text is not a valid value, by path, with what is wrong: the model
        (and so a save) keeps their last valid value."""

    @property
    def incident(self):  # type: ignore[no-untyped-def]
        """The incident being edited."""
        return self.document.incident

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Panes(id="panes", initial="tab-summary"):
                with TabPane(TITLES["tab-summary"][0], id="tab-summary"):
                    yield SummaryPane(id="summary-pane")
                with (
                    TabPane(TITLES["tab-timeline"][0], id="tab-timeline"),
                    Vertical(id="timeline-pane"),
                ):
                    yield TimelineTable(id="timeline-table")
                    yield EntryBar(id="entry-bar")
                with TabPane(TITLES["tab-analysis"][0], id="tab-analysis"):
                    yield AnalysisPane(id="analysis-pane")
                with TabPane(TITLES["tab-measures"][0], id="tab-measures"):
                    yield MeasuresPane(id="measures-pane")
                with TabPane(TITLES["tab-sections"][0], id="tab-sections"):
                    yield SectionsPane(id="sections-pane")
                with TabPane(TITLES["tab-rubric"][0], id="tab-rubric"):
                    yield FindingsPane(id="findings-pane")
            yield Preview(id="preview")
        yield StatusLine(id="status-line")
        yield KeyBar()

    def on_mount(self) -> None:
        # The tab strip takes no keys: panes are switched with alt+left / alt+right (or
        # the mouse), so that no typed letter lands on it.
        for tabs in self.query(Tabs):
            tabs.can_focus = False
        self.load_all()
        self.refresh_preview()
        self.refresh_rubric()
        self.set_focus(self.query_one("#title", Input))

    def on_resize(self) -> None:
        narrow = self.size.width < 110
        self.set_class(narrow, "-narrow")
        if not narrow:
            # Shown again after a narrow spell: catch up with the edits made meanwhile.
            self.call_after_refresh(self.refresh_preview)

    def load_all(self) -> None:
        """Fill every pane from the model."""
        for pane in self.query(FormPane):
            pane.load(self.incident)
        self.query_one(MeasuresPane).load(self.incident)
        self.query_one(TimelineTable).load(self.incident)
        self.query_one(EntryBar).incident = self.incident

    def show_new_model(self) -> None:
        """The document's incident was replaced (reloaded or recovered): show it afresh."""
        self.undo_stack = UndoStack()
        if self.query_one(EntryBar).editing is not None:
            self.query_one(EntryBar).stop_edit()
        self.load_all()
        self.refresh_preview()
        self.refresh_rubric()
        self.app.post_message(DocumentChanged())

    # --- after every change -----------------------------------------------------------------

    def changed(self, *, now: bool = False) -> None:
        """The model changed: schedule the preview, the status line and the rubric.

        Nothing here walks the incident: on a keystroke only timers are reset. A change
        made by one command (an entry added, moved, edited) is shown ``now``: the preview
        draws only what changed, so there is no burst of keys to wait for.
        """
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if now:
            self._after_edits(command=True)
        else:
            self._preview_timer = self.set_timer(PREVIEW_DELAY, self._after_edits)
        if self._rubric_timer is not None:
            self._rubric_timer.stop()
        self._rubric_timer = self.set_timer(RUBRIC_DELAY, self._after_pause)

    @property
    def dirty(self) -> bool:
        """Whether something is not saved: edits, a new file, or a field not valid yet."""
        return self.document.dirty or bool(self.invalid_fields)

    @property
    def catching_up(self) -> bool:
        """Whether the preview, status line or rubric still has an edit to catch up with."""
        return self._preview_timer is not None or self._rubric_timer is not None or self._checking

    def _after_edits(self, *, command: bool = False) -> None:
        self._preview_timer = None
        self.refresh_preview()
        self.refresh_status()
        self.app.post_message(DocumentChanged(command=command))

    def refresh_preview(self) -> None:
        """Bring the preview in line with the model (only changed blocks are redrawn)."""
        preview = self.query_one(Preview)
        if preview.display:
            problems = self.query_one(TimelineTable).problems(self.incident)
            preview.show(self.incident, self.render_profile, problems)

    def _after_pause(self) -> None:
        self._rubric_timer = None
        self._checking = True
        self._check_in_background(self.rubric, self.render_profile)

    @work(thread=True, exclusive=True, group="rubric")
    def _check_in_background(self, rubric: CheckProfile, profile: Profile) -> None:
        # A large incident takes a tenth of a second to check: never on the keystroke path.
        # The model may change meanwhile; a newer check then replaces this one.
        findings, words = rubric_and_words(self.incident, rubric, profile)
        if not get_current_worker().is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.app.call_from_thread(self._checked, rubric, profile, findings, words)

    def _checked(
        self, rubric: CheckProfile, profile: Profile, findings: list[Finding], words: int
    ) -> None:
        if (rubric, profile) != (self.rubric, self.render_profile):
            self._checking = False  # the profile changed meanwhile and was checked then
            return
        with contextlib.suppress(NoMatches):  # the editor is closing: nothing to show
            self._show_rubric(findings, words)

    def refresh_rubric(self) -> None:
        """Run the rubric and count the words, now."""
        self._show_rubric(*rubric_and_words(self.incident, self.rubric, self.render_profile))

    def _show_rubric(self, findings: list[Finding], words: int) -> None:
        self._checking = False
        self.findings = findings
        self.words = words
        self.query_one(FindingsPane).show(self.findings, self.rubric, self.incident)
        self.refresh_status()

    def refresh_status(self) -> None:
        """Redraw the status line."""
        self.query_one(StatusLine).show(
            name=self.document.path.name,
            dirty=self.dirty,
            words=self.words,
            findings=self.findings,
            metrics=self.incident.metrics(),
            profile=self.render_profile,
            rubric=self.rubric,
        )

    def action_next_pane(self, step: int) -> None:
        """Switch to the next (or previous) pane and focus where the user was in it."""
        tabs = self.query_one("#panes", TabbedContent)
        panes = [pane.id for pane in tabs.query(TabPane) if pane.id]
        index = panes.index(tabs.active) if tabs.active in panes else 0
        self.show_pane(panes[(index + step) % len(panes)])

    def show_pane(self, pane_id: str, field: Widget | None = None) -> None:
        """Show a pane and focus, at once, a field in it: ``field``, else where the user
        was in the pane, else its first field that takes text."""
        self.query_one("#panes", TabbedContent).active = pane_id
        pane = self.query_one(f"#{pane_id}", TabPane)
        target = field or self._last_focus.get(pane_id)
        if target is None or not target.is_attached or not _takes_focus(target):
            target = first_field(pane)
        if target is not None:
            self.set_focus(target)

    def action_focus_step(self, step: int) -> None:
        """Tab / shift+Tab: the next or previous field, within the pane shown."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def typing_target(self, widget: Widget | None) -> Widget | None:
        """Where a printable key typed on ``widget`` should go instead (None: to it).

        Tables take no text: a letter typed on the timeline starts an entry in the
        quick-entry line, one on the tasks table starts a task. Nor does the preview
        (Tab reaches it, to scroll it): a letter typed there goes back to the field the
        user was in.
        """
        if isinstance(widget, Preview):
            pane = self.query_one("#panes", TabbedContent).active
            last = self._last_focus.get(pane)
            if last is None or not last.is_attached or not _takes_focus(last):
                last = first_field(self.query_one(f"#{pane}", TabPane))
            return last if isinstance(last, (Input, TextArea)) else None
        target: Input | None = None
        if isinstance(widget, TimelineTable):
            bar = self.query_one(EntryBar)
            target = self.query_one("#edit-text" if bar.editing else "#quick-entry", Input)
        elif isinstance(widget, TasksTable):
            target = self.query_one("#task-text", Input)
        if target is not None:
            target.cursor_position = len(target.value)
        return target

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Remember where the user is in each pane, to come back there."""
        widget = event.widget
        for ancestor in widget.ancestors:
            if isinstance(ancestor, TabPane) and ancestor.id:
                self._last_focus[ancestor.id] = widget
                return

    # --- following the focus ------------------------------------------------------------------

    @on(TabbedContent.TabActivated, "#panes")
    def _follow_tab(self, event: TabbedContent.TabActivated) -> None:
        block = TAB_OF_BLOCK.get(event.pane.id or "")
        if block:
            self.query_one(Preview).scroll_to_block(block)
        # A pane shown by a click: the focus follows it, never left in a hidden pane.
        # (A pane switched to by a key has the focus already; one switched away from
        # since is not followed.)
        focused = self.focused
        active = event.tabbed_content.active
        if event.pane.id == active and (focused is None or event.pane not in focused.ancestors):
            self.show_pane(active)

    @on(TimelineTable.RowHighlighted, "#timeline-table")
    def _follow_row(self, event: TimelineTable.RowHighlighted) -> None:
        self._follow_timeline_cursor(event.cursor_row)

    def _follow_timeline_cursor(self, row: int) -> None:
        # Followed only in the Timeline pane: on opening, the preview starts at the top.
        if self.query_one("#panes", TabbedContent).active == "tab-timeline":
            self.query_one(Preview).scroll_to_block("timeline", row)

    # --- field edits -----------------------------------------------------------------------------

    @on(FieldEdited)
    def _field_edited(self, event: FieldEdited) -> None:
        try:
            value = parse_field(self.incident, event.path, event.text)
        except FieldError as error:
            self._field_invalid(event, str(error))
            return
        before = get_value(self.incident, event.path)
        if value == before:
            self._field_valid(event)
            return
        # Times are shown in the incident's timezone: a change of zone or of the other
        # end of the window shows them again, but only where the field shows the model's
        # value (never over text being typed, which may not have reached the model yet).
        times = [
            field
            for field in self.query("#summary-start, #summary-end").results(FieldInput)
            if field is not event.widget and field.shows(self.incident)
        ]
        try:
            set_value(self.incident, event.path, value)
        except FieldError as error:
            self._field_invalid(event, str(error))
            return
        self._field_valid(event)
        path = event.path
        self.undo_stack.push(
            Step(
                f"edit {path}",
                undo=lambda: self._restore_field(path, before),
                redo=lambda: self._restore_field(path, value),
                key=path,
            )
        )
        self.changed()
        if path in ("timezone", "summary.start", "summary.end"):
            for field in times:
                field.load(self.incident)
            self.query_one(TimelineTable).load(self.incident)

    def _field_invalid(self, event: FieldEdited, message: str) -> None:
        # The model keeps the field's last valid value; the text stays in the field,
        # and the editor counts as unsaved until it is fixed.
        first = event.path not in self.invalid_fields
        self.invalid_fields[event.path] = message
        self._field_error(event.widget, message)
        if first:
            self.changed()

    def _field_valid(self, event: FieldEdited) -> None:
        self._field_error(event.widget, "")
        if self.invalid_fields.pop(event.path, None) is not None:
            self.changed()

    def unwritten(self) -> list[str]:
        """What a save cannot write, one line each: fields whose text is not a value, and
        text typed in the lines under the tables but not added yet."""
        lines = [
            f"{FIELD_NAMES.get(path, path)}: {message}"
            for path, message in self.invalid_fields.items()
        ]
        bar = self.query_one(EntryBar)
        if bar.line.value.strip():
            lines.append(f"timeline entry not added yet: {bar.line.value.strip()!r}")
        if bar.pending is not None:
            lines.append("pasted timeline lines not added yet (Enter adds them)")
        if bar.editing is not None:
            lines.append("a timeline entry is being edited (Enter saves it)")
        task_text = self.query_one("#task-text", Input).value.strip()
        if task_text:
            lines.append(f"task not added yet: {task_text!r}")
        return lines

    def incident_to_save(self) -> Incident:
        """The incident as a save writes it: fields whose text is not a valid value keep
        the value they have in the file."""
        if not self.invalid_fields:
            return self.incident
        target = self.incident.model_copy(deep=True)
        for path in self.invalid_fields:
            with contextlib.suppress(FieldError, LookupError, AttributeError):
                set_value(target, path, get_value(self.document.saved, path))
        return target

    def _field_error(self, widget: Any, message: str) -> None:
        # Called on every key: a label is only touched when what it says changes.
        widget.set_class(bool(message), "-invalid")
        widget.set_class(bool(message), "-unwritten")  # Textual's own checks clear -invalid
        container = widget.parent
        if container is not None:
            for label in container.query(".field-error"):
                if not isinstance(label, Label):
                    continue
                shown = label.content
                if (shown.plain if isinstance(shown, Text) else str(shown)) != message:
                    label.update(Text(message))
                    label.set_class(bool(message), "-shown")

    def _restore_field(self, path: str, value: Any) -> None:
        # The field undone shows its value again; so do the fields that showed the
        # model's values (the times, when the zone changed), not one being typed in.
        form = [widget for widget in self.query("*") if isinstance(widget, FORM_FIELDS)]
        showing = [field for field in form if field.shows(self.incident)]
        set_value(self.incident, path, value)
        for field in form:
            if field.path == path or field in showing:
                field.load(self.incident)
        self.query_one(TasksTable).load(self.incident)
        self.query_one(TimelineTable).load(self.incident)
        self.changed(now=True)

    # --- timeline -------------------------------------------------------------------------------

    def action_quick_entry(self) -> None:
        """Focus the quick-entry line under the timeline."""
        self.query_one("#panes", TabbedContent).active = "tab-timeline"
        bar = self.query_one(EntryBar)
        if bar.editing is not None:
            bar.stop_edit()
        # Focus at once, not after a refresh: keys typed right after ctrl+t belong here.
        self.set_focus(self.query_one("#quick-entry", Input))

    def replace_list(
        self,
        label: str,
        before: list[T],
        edit: Edit[T],
        show: Callable[[list[T], str | None], None],
    ) -> None:
        """Apply one list operation as one undo step: ``show`` puts a list in the model
        and draws it with the cursor on an item; undo shows ``before`` again."""
        kept = list(before)
        show(edit.items, edit.cursor)
        self.undo_stack.push(
            Step(
                label,
                undo=lambda: show(kept, edit.cursor),
                redo=lambda: show(edit.items, edit.cursor),
            )
        )

    def _show_timeline(self, entries: list[TimelineEntry], cursor: str | None) -> None:
        self.incident.timeline = list(entries)
        table = self.query_one(TimelineTable)
        table.load(self.incident)
        if cursor:
            table.select_id(cursor)
        self.changed(now=True)
        # In the same frame as the change, not one frame later when the table's
        # message arrives: an entry added shows in the preview at once.
        self._follow_timeline_cursor(table.cursor_row)

    def _change_timeline(self, label: str, edit: Edit[TimelineEntry] | None) -> None:
        if edit is not None:
            self.replace_list(label, self.incident.timeline, edit, self._show_timeline)

    @on(EntryBar.Submitted)
    def _add_entry(self, event: EntryBar.Submitted) -> None:
        bar = self.query_one(EntryBar)
        try:
            quick = parse_quick_entry(event.line, self.incident, day_shift=event.day_shift)
        except QuickEntryError as error:
            bar.restore_line(event.line, str(error))
            return
        entry = entry_from(quick)
        self._change_timeline("add entry", editing.add_entries(self.incident, [entry]))
        # Said under the line rather than in a toast: a scribe adds entries in a stream.
        bar.say(f"Added: {describe_quick(self.incident, quick)}")

    @on(EntryBar.BlockSubmitted)
    def _add_block(self, event: EntryBar.BlockSubmitted) -> None:
        bar = self.query_one(EntryBar)
        lines = parse_block(event.text, self.incident)
        entries = [entry_from(line.entry) for line in lines if line.entry is not None]
        for line in lines:
            if line.error is not None:  # kept for the user to fix: Up brings it back
                bar.line.remember(line.line)
        if not entries:
            bar.show_error("Nothing in the paste to add (its lines are kept: Up brings them back)")
            return
        self._change_timeline(
            f"add {len(entries)} entries", editing.add_entries(self.incident, entries)
        )
        unread = sum(1 for entry in entries if entry.at is None)
        said = f"Added {len(entries)} entries (one ctrl+z takes them all back)"
        if unread:
            said += f"; {unread} with the time not read, marked in the table"
        bar.say(said)

    @on(TimelineTable.Command)
    def _timeline_command(self, event: TimelineTable.Command) -> None:
        entries = self.incident.timeline
        name = event.name
        if name in ("insert_above", "insert_below"):
            edit = editing.insert_entry(entries, event.item_id, below=name == "insert_below")
            self._change_timeline("insert entry", edit)
            self._start_edit(edit.cursor or "")
        elif editing.index_of(entries, event.item_id) is None:
            return
        elif name == "edit" and event.item_id is not None:
            self._start_edit(event.item_id)
        elif name == "delete":
            self._change_timeline("delete entry", editing.delete(entries, event.item_id))
            self.notify("Entry deleted (ctrl+z brings it back)", timeout=3)
        elif name in ("move_up", "move_down"):
            step = -1 if name == "move_up" else 1
            self._change_timeline("move entry", editing.move(entries, event.item_id, step))
        elif name == "cycle_kind":
            self._change_timeline("change kind", editing.cycle_kind(entries, event.item_id))
        elif name == "sort":
            self.sort_timeline()

    def sort_timeline(self) -> None:
        """Put the timeline in time order (entries without a time go last, in their order)."""
        cursor = self.query_one(TimelineTable).current_id
        self._change_timeline("sort by time", editing.sort_by_time(self.incident.timeline, cursor))

    def _start_edit(self, entry_id: str) -> None:
        entry = self.incident.entry(entry_id)
        text = format_time_field(self.incident, entry.at) if entry.at else ""
        self.query_one(EntryBar).start_edit(entry, text)

    @on(EntryBar.EditDone)
    def _finish_edit(self, event: EntryBar.EditDone) -> None:
        bar = self.query_one(EntryBar)
        try:
            edit = editing.edit_entry(
                self.incident, event.entry_id, when=event.when, kind=event.kind, text=event.text
            )
        except EditError as error:
            bar.show_error(str(error))
            return
        bar.stop_edit()
        if edit is None:
            return  # the entry is gone (undone meanwhile)
        self._change_timeline("edit entry", edit)
        self.set_focus(self.query_one(TimelineTable))

    @on(EntryBar.Cancelled)
    def _cancel_edit(self) -> None:
        bar = self.query_one(EntryBar)
        was_editing = bar.editing is not None
        editing = bar.editing
        bar.stop_edit()
        entries = self.incident.timeline
        blank = [e for e in entries if e.id == editing and not e.text.strip()]
        if blank:
            # A row inserted with i / o and left empty is not kept.
            self.action_undo()
        if was_editing:
            self.set_focus(self.query_one(TimelineTable))

    # --- tasks -----------------------------------------------------------------------------------

    def _show_tasks(self, tasks: list[Task], cursor: str | None) -> None:
        self.incident.measures.tasks = list(tasks)
        table = self.query_one(TasksTable)
        table.load(self.incident)
        if cursor:
            table.select_id(cursor)
        self.changed(now=True)

    def _change_tasks(self, label: str, edit: Edit[Task] | None) -> None:
        if edit is not None:
            self.replace_list(label, self.incident.measures.tasks, edit, self._show_tasks)

    @on(TasksTable.Command)
    def _tasks_command(self, event: TasksTable.Command) -> None:
        tasks = self.incident.measures.tasks
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
        hint = self.query_one("#task-hint", Label)
        try:
            values = editing.task_values(event.text, event.owner, event.priority, event.due)
        except EditError as error:
            hint.update(str(error))
            self.query_one(TaskBar).restore(event)
            return
        hint.update("")
        edit = editing.save_task(self.incident.measures.tasks, event.task_id, values)
        # The bar emptied its fields and moved to the next task's text as Enter came.
        self._change_tasks("edit task" if event.task_id else "add task", edit)

    def focus_new_task(self) -> None:
        """Show the Measures pane with the cursor in the new-task line."""
        bar = self.query_one(TaskBar)
        if bar.editing is not None:
            bar.clear()
        self.show_pane("tab-measures", self.query_one("#task-text", Input))

    @on(TaskBar.Cancelled)
    def _task_cancelled(self) -> None:
        self.set_focus(self.query_one(TasksTable))

    # --- sections ---

    def add_section(self) -> None:
        """Add a free section at the end and focus its title."""
        before = self.incident.sections
        self.replace_list("add section", before, editing.add_section(before), self._show_sections)
        self.show_pane("tab-sections")
        # The section's fields are mounted in a moment: its title then takes the focus,
        # and the keys typed meanwhile are held for it.
        self.holding_keys = True
        self.call_after_refresh(self._focus_section_title, len(before))

    def _show_sections(self, sections: list[FreeSection], cursor: str | None) -> None:
        self.incident.sections = list(sections)
        self.query_one(SectionsPane).load(self.incident)
        self.changed()

    def _focus_section_title(self, index: int) -> None:
        pane = self.query_one(SectionsPane)
        for field in pane.query(FieldInput):
            if field.path == f"sections.{index}.title":
                self.set_focus(field)
                break
        self.app.post_message(self.FocusReady())

    # --- rubric ---

    @on(FindingsPane.Jump)
    def _jump(self, event: FindingsPane.Jump) -> None:
        self.jump_to(event.path)

    def jump_to(self, path: str) -> None:
        """Show and focus the field a finding is about."""
        tabs = self.query_one("#panes", TabbedContent)
        match = _INDEXED.match(path)
        if match and match["list"] == "timeline":
            tabs.active = "tab-timeline"
            table = self.query_one(TimelineTable)
            index = int(match["index"])
            if index < len(self.incident.timeline):
                table.select_id(self.incident.timeline[index].id)
            table.focus()
            return
        if path.startswith("measures.improvements"):
            tabs.active = "tab-measures"
            self.call_after_refresh(self.query_one("#measures-improvements").focus)
            return
        if path.startswith("measures"):
            tabs.active = "tab-measures"
            tasks_table = self.query_one(TasksTable)
            if match:
                index = int(match["index"])
                if index < len(self.incident.measures.tasks):
                    tasks_table.select_id(self.incident.measures.tasks[index].id)
            tasks_table.focus()
            return
        if path == "timeline":
            tabs.active = "tab-timeline"
            self.query_one("#quick-entry", Input).focus()
            return
        if match and match["list"] == "sections":
            tabs.active = "tab-sections"
            return
        if not re.fullmatch(r"[a-z_.]+", path):
            return  # about the whole document (e.g. its length): no one field to show
        tab = "tab-analysis" if path.startswith("analysis") else "tab-summary"
        tabs.active = tab
        widget_id = path.replace(".", "-")
        widgets = self.query(f"#{widget_id}")
        if widgets:
            self.call_after_refresh(widgets.first().focus)

    @on(FindingsPane.RubricChosen)
    def _rubric_chosen(self, event: FindingsPane.RubricChosen) -> None:
        # The rubric's list says which one is in use (it does so on opening too): the
        # same rubric chosen again changes nothing.
        self.rubric = event.profile

    # --- undo ---

    def action_undo(self) -> None:
        """Undo the last change."""
        step = self.undo_stack.undo()
        if step is None:
            self.notify("Nothing to undo", timeout=2)
            return
        self.notify(f"Undone: {step.label}", timeout=2)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        step = self.undo_stack.redo()
        if step is None:
            self.notify("Nothing to redo", timeout=2)
            return
        self.notify(f"Redone: {step.label}", timeout=2)

    # --- what the App asks of the screen ---

    def watch_render_profile(self) -> None:
        """Another render profile: the preview and the rubric's word count follow."""
        self.refresh_preview()
        self.refresh_rubric()

    def watch_rubric(self) -> None:
        """Another rubric: its findings are shown."""
        self.refresh_rubric()

    def switch_profile(self) -> Profile:
        """Render with the next profile; the profile now in use."""
        index = PROFILES.index(self.render_profile)
        self.render_profile = PROFILES[(index + 1) % len(PROFILES)]
        return self.render_profile

    def switch_rubric(self) -> CheckProfile:
        """Check with the other rubric; the rubric now in use."""
        self.rubric = "holberton" if self.rubric == "standard" else "standard"
        return self.rubric

    def show_rubric_pane(self) -> None:
        """Check the incident now and show the findings, focused."""
        self.refresh_rubric()
        self.query_one("#panes", TabbedContent).active = "tab-rubric"
        self.query_one("#findings").focus()

    def toggle_preview(self) -> None:
        """Show the preview if hidden, else hide it."""
        preview = self.query_one(Preview)
        preview.display = not preview.display
        if preview.display:
            self.refresh_preview()
