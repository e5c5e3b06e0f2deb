"""The panes in their tabs: one shown at a time, where the user was in each, and which
field a finding's path points to."""

from __future__ import annotations

import re

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TabbedContent, TabPane, TextArea
from textual.widgets.input import Selection as InputSelection
from textual.widgets.text_area import Selection as TextSelection

from postmortem_editor.find import Match
from postmortem_editor.model import Incident
from postmortem_editor.tui.panes.measures import MeasuresPane
from postmortem_editor.tui.panes.timeline import TimelinePane
from postmortem_editor.tui.widgets.tasks import TasksTable
from postmortem_editor.tui.widgets.timeline import TimelineTable

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


def _location(text: str, offset: int) -> tuple[int, int]:
    """The (row, column) of an offset in a text."""
    before = text[:offset]
    return before.count("\n"), len(before.rpartition("\n")[2])


_INDEXED = re.compile(r"^(?P<list>timeline|measures\.tasks|sections)\[(?P<index>\d+)\]")


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


class Panes(TabbedContent):
    """The panes, one shown at a time; where the user was in each is remembered."""

    def __init__(self, *, id: str, initial: str) -> None:
        super().__init__(id=id, initial=initial)
        self._last_focus: dict[str, Widget] = {}

    def on_resize(self, event: events.Resize) -> None:
        """Shorten the tabs' titles when they would not all fit, and give them back."""
        short = sum(len(title) + 2 for title, _ in TITLES.values()) > event.size.width
        for pane_id, (title, short_title) in TITLES.items():
            tab = self.get_tab(pane_id)
            label = short_title if short else title
            if tab.label_text != label:
                tab.label = label

    def field_to_focus(self, pane_id: str, field: Widget | None = None) -> Widget | None:
        """``field``, else where the user was in the pane, else its first field that takes
        text: the first of them that can take the focus now."""
        target = field or self._last_focus.get(pane_id)
        if target is None or not target.is_attached or not _takes_focus(target):
            target = first_field(self.query_one(f"#{pane_id}", TabPane))
        return target

    def show(self, pane_id: str, field: Widget | None = None) -> None:
        """Show a pane and focus, at once, a field in it: ``field``, else where the user
        was in the pane, else its first field that takes text."""
        self.active = pane_id
        target = self.field_to_focus(pane_id, field)
        if target is not None:
            self.screen.set_focus(target)

    def next_pane(self, step: int) -> str:
        """The id of the pane ``step`` panes after the one shown (before, if negative)."""
        panes = [pane.id for pane in self.query(TabPane) if pane.id]
        index = panes.index(self.active) if self.active in panes else 0
        return panes[(index + step) % len(panes)]

    def typing_target(self, widget: Widget | None) -> Widget | None:
        """Where a printable key typed on ``widget`` should go instead (None: to it).

        Tables take no text: a letter typed on the timeline starts an entry in the
        quick-entry line, one on the tasks table starts a task.
        """
        if isinstance(widget, TimelineTable):
            return self.query_one(TimelinePane).typing_line()
        if isinstance(widget, TasksTable):
            return self.query_one(MeasuresPane).typing_line()
        return None

    def typing_field(self) -> Widget | None:
        """Where typing goes back to in the pane shown: the field the user was in, else
        its first field that takes text (None when that takes no text)."""
        last = self.field_to_focus(self.active)
        return last if isinstance(last, (Input, TextArea)) else None

    def jump_to(self, path: str) -> None:
        """Show and focus the field a finding's path is about."""
        match = _INDEXED.match(path)
        index = int(match["index"]) if match else None
        if path == "timeline" or (match and match["list"] == "timeline"):
            self.active = "tab-timeline"
            self.query_one(TimelinePane).focus_entry(index)
        elif path.startswith("measures.improvements"):
            self.active = "tab-measures"
            self.screen.call_after_refresh(self.query_one("#measures-improvements").focus)
        elif path.startswith("measures"):
            self.active = "tab-measures"
            self.query_one(MeasuresPane).focus_task(index)
        elif match and match["list"] == "sections":
            self.active = "tab-sections"
        elif re.fullmatch(r"[a-z_.]+", path):  # else about the whole document (its length)
            self.active = "tab-analysis" if path.startswith("analysis") else "tab-summary"
            widgets = self.query(f"#{path.replace('.', '-')}")
            if widgets:
                self.screen.call_after_refresh(widgets.first().focus)

    def show_match(self, match: Match, incident: Incident, *, focus: bool) -> Widget | None:
        """Show where a find matched: its pane, its field with the words selected, or its
        row selected; focus it when ``focus``. Returns the widget that holds it."""
        if match.path in ("timeline", "measures.tasks"):
            pane_id = "tab-timeline" if match.path == "timeline" else "tab-measures"
            self.active = pane_id
            table = self.query_one(TimelineTable if match.path == "timeline" else TasksTable)
            if match.item is not None:
                table.select_id(match.item)
            if focus:
                table.focus()
            return table
        field = self._field_of(match, incident)
        if field is None:
            return None
        for ancestor in field.ancestors:
            if isinstance(ancestor, TabPane) and ancestor.id:
                self.active = ancestor.id
        if isinstance(field, TextArea):
            field.selection = TextSelection(
                _location(field.text, match.start), _location(field.text, match.end)
            )
        elif isinstance(field, Input):
            field.selection = InputSelection(match.start, match.end)
        if focus:
            field.focus()
        self.screen.call_after_refresh(field.scroll_visible)
        return field

    def _field_of(self, match: Match, incident: Incident) -> Widget | None:
        """The field that shows a match's text."""
        if match.path == "sections" and match.item is not None:
            ids = [section.id for section in incident.sections]
            if match.item not in ids:
                return None
            path = f"sections.{ids.index(match.item)}.{match.part}"
        else:
            path = match.path
        for widget in self.query("*"):
            if getattr(widget, "path", None) == path and isinstance(widget, (Input, TextArea)):
                return widget
        return None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Remember where the user is in each pane, to come back there."""
        for ancestor in event.widget.ancestors:
            if isinstance(ancestor, TabPane) and ancestor.id:
                self._last_focus[ancestor.id] = event.widget
                return

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        # Textual shows the pane of a field that was focused, once the news arrives: by
        # then a pane switch may have moved the focus on, and the old pane would come
        # back. Only a pane that still holds the focus is shown.
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.stop()
            event.prevent_default()
