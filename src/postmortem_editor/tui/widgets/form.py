"""Form widgets bound to a field path of the incident: they load from it and report edits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, TextArea
from textual.widgets.input import Selection
from textual.widgets.text_area import Selection as TextSelection

from postmortem_editor.model import Incident
from postmortem_editor.tui.fields import display


@dataclass
class FieldEdited(Message):
    """The user changed the text of a field."""

    widget: Widget
    path: str
    text: str


@contextmanager
def terminal_cursor_kept(widget: Widget) -> Iterator[None]:
    """Leave the terminal's cursor where it is unless the widget has the focus.

    Textual's inputs and text areas put the terminal's cursor (where input methods show
    what is being composed) at their caret whenever their text, selection or scroll
    changes, focused or not: a hidden field filled from the model took it away from the
    field being typed in.
    """
    cursor = widget.app.cursor_position
    yield
    if not widget.has_focus:
        widget.app.cursor_position = cursor


class QuietInput(Input):
    """An ``Input`` whose typing never lays the whole screen out again, and which moves
    the terminal's cursor only while it has the focus.

    Textual's ``Input`` sets its virtual size to the width of its text on every change, and
    a new virtual size lays out every widget on the screen: about 15 ms per key in the
    editor. The width only matters for scrolling inside the input, which reads it directly,
    so it is set here without asking for a layout.
    """

    def _watch_value(self, value: str) -> None:
        # The same size set beforehand: Input's own watcher then finds nothing to lay out.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def _watch_selection(self, selection: Selection) -> None:
        with terminal_cursor_kept(self):
            super()._watch_selection(selection)


class FieldInput(QuietInput):
    """A one-line field bound to a path such as "summary.service"."""

    def __init__(
        self, path: str, *, placeholder: str = "", tooltip: str = "", id: str | None = None
    ) -> None:
        super().__init__(
            placeholder=placeholder, id=id or path.replace(".", "-"), select_on_focus=False
        )
        self.path = path
        if tooltip:
            self.tooltip = tooltip

    def load(self, incident: Incident) -> None:
        """Show the field's value without reporting it as an edit."""
        text = display(incident, self.path)
        if text != self.value:
            with self.prevent(Input.Changed):
                self.value = text

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(FieldEdited(self, self.path, event.value))


class FieldArea(TextArea):
    """A prose field with soft wrap, bound to a path such as "analysis.root_cause"."""

    def __init__(self, path: str, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            id=id or path.replace(".", "-"),
            placeholder=placeholder,
        )
        self.path = path

    def load(self, incident: Incident) -> None:
        """Show the field's value without reporting it as an edit."""
        text = display(incident, self.path)
        if text != self.text:
            with self.prevent(TextArea.Changed):
                self.load_text(text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(FieldEdited(self, self.path, self.text))

    def _watch_selection(self, previous_selection: TextSelection, selection: TextSelection) -> None:
        with terminal_cursor_kept(self):
            super()._watch_selection(previous_selection, selection)

    def _watch_scroll_x(self) -> None:
        with terminal_cursor_kept(self):
            super()._watch_scroll_x()

    def _watch_scroll_y(self) -> None:
        with terminal_cursor_kept(self):
            super()._watch_scroll_y()


class FieldSelect(Select[str]):
    """A choice among fixed values, bound to a path such as "status"."""

    def __init__(
        self, path: str, options: list[str], value: str | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(
            [(option, option) for option in options],
            allow_blank=False,
            value=value if value is not None else options[0],
            id=id or path.replace(".", "-"),
        )
        self.path = path
        self._loaded = False

    def load(self, incident: Incident) -> None:
        """Show the field's value without reporting it as an edit."""
        text = display(incident, self.path)
        if text != self.value:
            with self.prevent(Select.Changed):
                self.value = text
        self._loaded = True

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._loaded:  # a Select reports its first value when mounted: not an edit
            self.post_message(FieldEdited(self, self.path, str(event.value)))


def labelled(label: str, field: Widget, *, classes: str = "field") -> ComposeResult:
    """A field with its label above it."""
    with Vertical(classes=classes):
        yield Label(label, classes="field-label")
        yield field
        yield Label("", classes="field-error")


FORM_FIELDS = (FieldInput, FieldArea, FieldSelect)
