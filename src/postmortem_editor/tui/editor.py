"""The editor screen: the panes on the left, the preview on the right, status below.

The incident model is the single source of truth. Each pane writes the user's edits into
it (see ``tui/panes/``) and records them in this screen's undo history; the screen then
has the preview, the status line and the rubric redrawn off the keystroke path (see
``tui/redraws.py``). The screen also moves the focus between the panes, hands the find
bar to its finder (``tui/finder.py``), and answers what the App asks of it (what a save
writes, an incident reloaded or merged from disk, the palette's commands).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TabbedContent, TabPane, Tabs

from postmortem_editor.check import CheckProfile, Finding
from postmortem_editor.fields import FIELD_NAMES, with_saved_values
from postmortem_editor.model import Incident
from postmortem_editor.render import Profile
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.finder import Finder
from postmortem_editor.tui.keys import EDITOR_KEYS
from postmortem_editor.tui.panes.analysis import AnalysisPane
from postmortem_editor.tui.panes.base import FormPane, restore_in_fields
from postmortem_editor.tui.panes.measures import MeasuresPane
from postmortem_editor.tui.panes.rubric import RubricPane
from postmortem_editor.tui.panes.sections import SectionsPane
from postmortem_editor.tui.panes.summary import SummaryPane
from postmortem_editor.tui.panes.tabs import TITLES, Panes
from postmortem_editor.tui.panes.timeline import TimelinePane
from postmortem_editor.tui.redraws import DocumentChanged, Redraws
from postmortem_editor.tui.undo import Step, UndoStack
from postmortem_editor.tui.widgets.find_bar import FindBar
from postmortem_editor.tui.widgets.key_bar import KeyBar
from postmortem_editor.tui.widgets.preview import Preview
from postmortem_editor.tui.widgets.status import StatusLine
from postmortem_editor.tui.widgets.tasks import TasksTable
from postmortem_editor.tui.widgets.timeline import TimelineTable

TAB_OF_BLOCK = {
    "tab-summary": "title",
    "tab-timeline": "timeline",
    "tab-analysis": "analysis",
    "tab-measures": "measures",
}


class EditorScreen(Screen[None]):
    """Edit one incident."""

    class FocusReady(Message):
        """The field being made is on screen and focused: held keys can go to it."""

    HELP_TITLE = "Everywhere in the editor"

    BINDINGS = EDITOR_KEYS

    render_profile: var[Profile] = var("standard", init=False)
    """The profile the preview renders with (and copy and export write)."""
    rubric: var[CheckProfile] = var("standard", init=False)
    """The rubric the incident is checked against."""

    def __init__(self, document: IncidentFile) -> None:
        super().__init__()
        self.document = document
        self.undo_stack = UndoStack()
        self.holding_keys = False
        """Whether keys wait for a field being made (a new section's title) to exist."""
        self.invalid_fields: dict[str, str] = {}
        """Fields whose text is not a valid value, by path, with what is wrong: the model
        (and so a save) keeps their last valid value."""
        self.panes = Panes(id="panes", initial="tab-summary")
        self.timeline_pane = TimelinePane(self, id="timeline-pane")
        self.measures_pane = MeasuresPane(self, id="measures-pane")
        self.sections_pane = SectionsPane(self, id="sections-pane")
        self.rubric_pane = RubricPane(self, id="findings-pane")
        self.finder = Finder(self)
        self.redraws = Redraws(self)

    @property
    def incident(self) -> Incident:
        """The incident being edited."""
        return self.document.incident

    @property
    def findings(self) -> list[Finding]:
        """The rubric's findings, as last checked (in the Rubric pane)."""
        return self.rubric_pane.findings

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        panes = {
            "tab-summary": SummaryPane(self, id="summary-pane"),
            "tab-timeline": self.timeline_pane,
            "tab-analysis": AnalysisPane(self, id="analysis-pane"),
            "tab-measures": self.measures_pane,
            "tab-sections": self.sections_pane,
            "tab-rubric": self.rubric_pane,
        }
        with Horizontal(id="main"):
            with self.panes:
                for tab_id, pane in panes.items():
                    with TabPane(TITLES[tab_id][0], id=tab_id):
                        yield pane
            yield Preview(id="preview")
        yield FindBar(id="find-bar")
        yield StatusLine(id="status-line")
        yield KeyBar()

    def on_mount(self) -> None:
        # The tab strip takes no keys: panes are switched with alt+left / alt+right (or
        # the mouse), so that no typed letter lands on it.
        for tabs in self.query(Tabs):
            tabs.can_focus = False
        self.show_model()
        self.set_focus(self.query_one("#title", Input))

    def on_resize(self) -> None:
        narrow = self.size.width < 110
        self.set_class(narrow, "-narrow")
        if not narrow:
            # Shown again after a narrow spell: catch up with the edits made meanwhile.
            self.call_after_refresh(self.redraws.preview)

    def show_model(self) -> None:
        """Fill every pane, the preview and the rubric from the model."""
        for pane in self.query(FormPane):  # Summary, Root cause, Measures, Sections
            pane.load(self.incident)
        self.timeline_pane.load(self.incident)
        self.redraws.preview()
        self.rubric_pane.check_now()

    def show_new_model(self) -> None:
        """The document's incident was replaced (reloaded or recovered): show it afresh."""
        self.undo_stack = UndoStack()
        self._show_replaced()

    def show_merged(self, before: Incident, label: str) -> None:
        """The document's incident became a merge of the user's edits with a change made on
        disk: show it, as a step that ctrl+z takes back to ``before``."""
        merged = self.incident.model_copy(deep=True)

        def put(incident: Incident) -> None:
            self.document.incident = incident.model_copy(deep=True)
            self._show_replaced()

        self.undo_stack.push(Step(label, lambda: put(before), lambda: put(merged)))
        self._show_replaced()

    def _show_replaced(self) -> None:
        self.timeline_pane.stop_editing()
        self.show_model()
        self.app.post_message(DocumentChanged())

    # --- after every change -----------------------------------------------------------------

    def changed(self, *, now: bool = False) -> None:
        """The model changed: schedule the preview, the status line and the rubric."""
        self.redraws.after_change(now=now)

    @property
    def dirty(self) -> bool:
        """Whether something is not saved: edits, a new file, or a field not valid yet."""
        return self.document.dirty or bool(self.invalid_fields)

    @property
    def catching_up(self) -> bool:
        """Whether the preview, status line or rubric still has an edit to catch up with."""
        return self.redraws.catching_up

    def refresh_status(self) -> None:
        """Redraw the status line."""
        self.redraws.status()

    def reload_timeline(self) -> None:
        """Draw the timeline table again (its times follow the zone and the window)."""
        self.query_one(TimelineTable).load(self.incident)

    # --- moving between panes ---------------------------------------------------------------

    def action_next_pane(self, step: int) -> None:
        """Switch to the next (or previous) pane and focus where the user was in it."""
        self.show_pane(self.panes.next_pane(step))

    def show_pane(self, pane_id: str, field: Widget | None = None) -> None:
        """Show a pane and focus, at once, a field in it: ``field``, else where the user
        was in the pane, else its first field that takes text."""
        self.panes.show(pane_id, field)

    def action_focus_step(self, step: int) -> None:
        """Tab / shift+Tab: the next or previous field, within the pane shown (within the
        form, while an entry is edited in it)."""
        form = self.query_one("#entry-form")
        within = "#entry-form *" if self.focused and form in self.focused.ancestors else "*"
        if step > 0:
            self.focus_next(within)
        else:
            self.focus_previous(within)

    def typing_target(self, widget: Widget | None) -> Widget | None:
        """Where a printable key typed on ``widget`` should go instead (None: to it).

        Tables take no text (see ``Panes.typing_target``), nor does the preview (Tab
        reaches it, to scroll it): a letter typed there goes back to the field the user
        was in.
        """
        if isinstance(widget, Preview):
            return self.panes.typing_field()
        return self.panes.typing_target(widget)

    @on(TabbedContent.TabActivated, "#panes")
    def _follow_tab(self, event: TabbedContent.TabActivated) -> None:
        block = TAB_OF_BLOCK.get(event.pane.id or "")
        if block:
            self.query_one(Preview).scroll_to_block(block)
        # A pane shown by a click: the focus follows it, never left in a hidden pane.
        # (A pane switched to by a key has the focus already; one switched away from
        # since is not followed.)
        # A pane shown by the find bar leaves the focus in the bar.
        focused = self.focused
        active = event.tabbed_content.active
        finding = focused is not None and self.query_one(FindBar) in focused.ancestors
        if (
            event.pane.id == active
            and not finding
            and (focused is None or event.pane not in focused.ancestors)
        ):
            self.show_pane(active)

    @on(TimelineTable.RowHighlighted, "#timeline-table")
    def _follow_row(self, event: TimelineTable.RowHighlighted) -> None:
        self.follow_timeline_cursor(event.cursor_row)

    def follow_timeline_cursor(self, row: int) -> None:
        """Scroll the preview to the timeline entry at this row."""
        # Followed only in the Timeline pane: on opening, the preview starts at the top.
        if self.panes.active == "tab-timeline":
            self.query_one(Preview).scroll_to_block("timeline", row)

    # --- undo -----------------------------------------------------------------------------------

    def restore_field(self, path: str, value: Any) -> None:
        """Put a field's value back (undo, redo) and show it wherever it is shown."""
        restore_in_fields(self, self.incident, path, value)
        self.query_one(TasksTable).load(self.incident)
        self.reload_timeline()
        self.changed(now=True)

    def action_undo(self) -> None:
        """Undo the last change."""
        step = self.undo_stack.undo()
        self.notify(f"Undone: {step.label}" if step else "Nothing to undo", timeout=2)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        step = self.undo_stack.redo()
        self.notify(f"Redone: {step.label}" if step else "Nothing to redo", timeout=2)

    # --- find ------------------------------------------------------------------------------------

    def action_find(self) -> None:
        """Open the find bar (ctrl+f), over the whole incident."""
        self.finder.open()

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        self.finder.find(event.query)

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        self.finder.step(event.step)

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self.finder.close()

    # --- what the App asks of the screen ---------------------------------------------------------

    def unwritten(self) -> list[str]:
        """What a save cannot write, one line each: fields whose text is not a value, and
        text typed in the lines under the tables but not added yet."""
        lines = [
            f"{FIELD_NAMES.get(path, path)}: {message}"
            for path, message in self.invalid_fields.items()
        ]
        panes = (self.timeline_pane, self.measures_pane, self.sections_pane)
        return lines + [line for pane in panes for line in pane.unwritten()]

    def incident_to_save(self) -> Incident:
        """The incident as a save writes it: fields whose text is not a valid value keep
        the value they have in the file."""
        return with_saved_values(self.incident, self.document.saved, self.invalid_fields)

    def action_quick_entry(self) -> None:
        """Focus the quick-entry line under the timeline."""
        self.panes.active = "tab-timeline"
        self.timeline_pane.focus_quick_entry()

    def add_section(self, title: str = "") -> None:
        """Add a free section at the end and focus its title (its text, given a title)."""
        index = self.sections_pane.add_section(title)
        self.show_pane("tab-sections")
        # The section's fields are mounted in a moment: one of them then takes the focus,
        # and the keys typed meanwhile are held for it.
        self.holding_keys = True
        self.call_after_refresh(self._focus_section, index, "body" if title else "title")

    def _focus_section(self, index: int, part: str) -> None:
        self.sections_pane.focus_field(index, part)
        self.app.post_message(self.FocusReady())

    @on(RubricPane.Jump)
    def _jump(self, event: RubricPane.Jump) -> None:
        self.panes.jump_to(event.path)

    @on(RubricPane.RubricChosen)
    def _rubric_chosen(self, event: RubricPane.RubricChosen) -> None:
        # The rubric's list says which one is in use (it does so on opening too): the
        # same rubric chosen again changes nothing.
        self.rubric = event.profile

    def watch_render_profile(self) -> None:
        """Another render profile: the preview and the rubric's word count follow."""
        self.redraws.preview()
        self.rubric_pane.check_now()

    def watch_rubric(self) -> None:
        """Another rubric: its findings are shown."""
        self.rubric_pane.check_now()

    def show_rubric_pane(self) -> None:
        """Check the incident now and show the findings, focused."""
        self.rubric_pane.check_now()
        self.panes.active = "tab-rubric"
        self.query_one("#findings").focus()
