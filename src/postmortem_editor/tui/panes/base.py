"""What the panes share: the editor they edit through, and the form that writes what is
typed in its fields into the incident."""

from __future__ import annotations

from typing import Any, Protocol

from textual import on
from textual.containers import VerticalScroll
from textual.widget import Widget

from postmortem_editor.check import CheckProfile
from postmortem_editor.fields import FieldError, get_value, parse_field, set_value
from postmortem_editor.model import Incident
from postmortem_editor.render import Profile
from postmortem_editor.tui.undo import Step, UndoStack
from postmortem_editor.tui.widgets.form import (
    FORM_FIELDS,
    FieldEdited,
    FieldInput,
    show_field_error,
)


class Editor(Protocol):
    """What a pane asks of the editor screen it sits in: the incident, the undo history,
    and the screen's answer to a change (the preview, the status line, the other panes)."""

    undo_stack: UndoStack
    invalid_fields: dict[str, str]
    """Fields whose text is not a valid value, by path, with what is wrong."""

    @property
    def incident(self) -> Incident:
        """The incident being edited."""
        ...

    @property
    def render_profile(self) -> Profile:
        """The profile the preview renders with."""
        ...

    @property
    def rubric(self) -> CheckProfile:
        """The rubric the incident is checked against."""
        ...

    def changed(self, *, now: bool = False) -> None:
        """The incident changed: the preview, the status line and the rubric follow."""

    def restore_field(self, path: str, value: Any) -> None:
        """Put a field's value back (undo, redo) and show it wherever it is shown."""

    def reload_timeline(self) -> None:
        """Draw the timeline table again (its times follow the zone and the window)."""

    def follow_timeline_cursor(self, row: int) -> None:
        """Scroll the preview to the timeline entry at this row."""

    def show_pane(self, pane_id: str, field: Widget | None = None) -> None:
        """Show a pane and focus a field in it."""

    def action_undo(self) -> None:
        """Undo the last change."""

    def refresh_status(self) -> None:
        """Redraw the status line."""

    def add_section(self, title: str = "") -> None:
        """Add a free section at the end and focus it (its text when it has a title)."""


class FormPane(VerticalScroll, can_focus=False):
    """A scrolling form whose fields load from the incident and write what is typed back.

    The pane itself takes no focus (its fields do, and it scrolls to the focused one), so
    that Tab and pane switches always land in a field that takes text. Text that is not a
    valid value stays in its field with a message under it; the incident keeps the last
    valid value.
    """

    HELP = "Type into any field; changes go straight into the incident and the preview."

    def __init__(self, editor: Editor, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editor = editor

    def load(self, incident: Incident) -> None:
        """Fill every field from the incident."""
        for field in self.query("*"):
            if isinstance(field, FORM_FIELDS):
                field.load(incident)

    def shown_again(self, path: str, edited: Widget) -> list[FieldInput]:
        """Fields of this pane that show what an edit of ``path`` changes, and show the
        incident's value now: they are filled again once the edit is in the incident."""
        return []

    def after_edit(self, path: str) -> None:
        """An edit of ``path`` is in the incident: what else the pane shows of it."""

    @on(FieldEdited)
    def _field_edited(self, event: FieldEdited) -> None:
        event.stop()
        editor = self.editor
        incident = editor.incident
        try:
            value = parse_field(incident, event.path, event.text)
        except FieldError as error:
            self._field_invalid(event, str(error))
            return
        before = get_value(incident, event.path)
        if value == before:
            self._field_valid(event)
            return
        shown = self.shown_again(event.path, event.widget)
        try:
            set_value(incident, event.path, value)
        except FieldError as error:
            self._field_invalid(event, str(error))
            return
        self._field_valid(event)
        path = event.path
        editor.undo_stack.push(
            Step(
                f"edit {path}",
                undo=lambda: editor.restore_field(path, before),
                redo=lambda: editor.restore_field(path, value),
                key=path,
            )
        )
        editor.changed()
        for field in shown:
            field.load(incident)
        self.after_edit(path)

    def _field_invalid(self, event: FieldEdited, message: str) -> None:
        # The model keeps the field's last valid value; the text stays in the field,
        # and the editor counts as unsaved until it is fixed.
        invalid = self.editor.invalid_fields
        first = event.path not in invalid
        invalid[event.path] = message
        show_field_error(event.widget, message)
        if first:
            self.editor.changed()

    def _field_valid(self, event: FieldEdited) -> None:
        show_field_error(event.widget, "")
        if self.editor.invalid_fields.pop(event.path, None) is not None:
            self.editor.changed()


def restore_in_fields(root: Widget, incident: Incident, path: str, value: Any) -> None:
    """Put a field's value back into the incident (undo, redo) and show it in the form
    fields under ``root``: the field itself, and those that showed the incident's values."""
    # The field undone shows its value again; so do the fields that showed the model's
    # values (the times, when the zone changed), not one being typed in.
    form = [widget for widget in root.query("*") if isinstance(widget, FORM_FIELDS)]
    showing = [field for field in form if field.shows(incident)]
    set_value(incident, path, value)
    for field in form:
        if field.path == path or field in showing:
            field.load(incident)
