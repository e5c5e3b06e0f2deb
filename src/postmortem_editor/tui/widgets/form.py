"""Form widgets bound to a field path of the incident: they load from it and report edits."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea
from textual.widgets.input import Selection
from textual.widgets.text_area import Selection as TextSelection

from postmortem_editor.fields import display
from postmortem_editor.model import Incident
from postmortem_editor.paste import one_line


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


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own binding for a key, now, in order with the keys typed after it;
    True if one ran (the key is then used up).

    Textual runs a widget's bindings only once the key has bubbled up to the app, behind
    the keys that came after it: Backspace or ctrl+u followed at once by letters acted
    after the letters were typed ("80", two Backspaces and "75" gave "7"). Keys come in
    such bursts over a slow link, from a text expander, or from a fast typist.
    """
    if event.is_printable and "+" not in event.key:
        return False  # typing: the widget's own key handler inserts it
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


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

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)

    def _on_focus(self, event: events.Focus) -> None:
        # Textual's handler (run after this one) puts the terminal's cursor at the caret;
        # a field focused before the screen's first layout has no place on screen yet.
        self.call_after_refresh(self._place_terminal_cursor)

    def _place_terminal_cursor(self) -> None:
        if self.has_focus:
            self.app.cursor_position = self.cursor_screen_offset

    def show_caret(self) -> None:
        """Scroll the text so that the caret is in view (a field filled while hidden is
        scrolled to its start, whatever its caret)."""
        self.scroll_to_region(
            Region(self._cursor_offset, 0, width=1, height=1), force=True, animate=False
        )
        self._place_terminal_cursor()

    def _on_paste(self, event: events.Paste) -> None:
        # Textual's input keeps the first line of a paste; here no line is dropped: the
        # lines are joined with spaces, as one line is all this field holds.
        event.stop()
        event.prevent_default()  # Input's own handler is not run after this one
        start, end = sorted(self.selection)
        text = one_line(event.text, at_start=start == 0, at_end=end == len(self.value))
        if not text:
            return
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)


class LineInput(QuietInput):
    """A line for typing things that are added on Enter (timeline entries, tasks).

    Enter hands the line over and empties it at once, in the same step, so that keys
    arriving right behind the Enter (a fast typist, a burst over SSH) start the next line
    instead of joining this one. The lines handed over can be walked back with Up and
    Down, as in a shell; with ``escape_puts_away``, Escape puts the line away there too.
    ctrl+z undoes the typing in the line while there is some; otherwise it goes on to the
    editor's undo.

    These keys are handled as the line receives them, in order with the typing: Textual
    runs a widget's key bindings only once the key has bubbled up to the app, by which
    time the keys behind it have already been typed into the line.
    """

    TYPING_PAUSE = 1.0
    """Seconds between keys that make the typing before them one undo step."""

    @dataclass
    class Handed(Message):
        """A line handed over with Enter; the input is already empty again."""

        input: LineInput
        line: str

        @property
        def control(self) -> LineInput:
            """The input the line was typed in."""
            return self.input

    @dataclass
    class PutAway(Message):
        """Escape put the line away (Up or ctrl+z brings it back)."""

        input: LineInput

        @property
        def control(self) -> LineInput:
            """The input whose line was put away."""
            return self.input

    def __init__(
        self,
        *,
        placeholder: str = "",
        id: str | None = None,
        submit_empty: bool = False,
        escape_puts_away: bool = False,
    ) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.submit_empty = submit_empty
        """Whether Enter on an empty line hands it over too (the owner decides)."""
        self.escape_puts_away = escape_puts_away
        """Whether Escape on a line with text puts it away (else Escape goes on up)."""
        self.take_line: Callable[[LineInput, str], None] | None = None
        """Called at once with the line on Enter, instead of the Handed message: for an
        owner that must act before the next key (empty its fields, move the focus)."""
        self.history: list[str] = []
        """Lines handed over or put away, oldest first."""
        self._recalled: int | None = None
        self._changed: dict[int, str] = {}
        """Lines of the history brought back and changed, by index: shown again as changed."""
        self._undo: list[str] = []
        self._last_change = 0.0
        self._shown = ""
        self._setting = False
        self._draft = ""

    async def _on_key(self, event: events.Key) -> None:
        key = event.key
        if key == "enter":
            self.hand_over()
        elif key in ("up", "down"):
            self.action_history(-1 if key == "up" else 1)
        elif key == "ctrl+z" and self._undo:
            self.action_undo_typing()
        elif key == "escape" and self.escape_puts_away and self.put_away():
            self.post_message(self.PutAway(self))
        else:
            return  # the handlers of the classes below run next (bindings, typing)
        event.stop()
        event.prevent_default()

    async def action_submit(self) -> None:
        """Hand the line over and start an empty one (Enter)."""
        self.hand_over()

    def hand_over(self) -> None:
        """Hand the line over and start an empty one."""
        line = self.value
        if not line.strip() and not self.submit_empty:
            return
        if self.take_line is not None:
            self.take_line(self, line)
            return
        self.remember(line)
        # Handed before the line's change to empty, so its owner sees them in that order.
        self.post_message(self.Handed(self, line))
        self.set_value("")

    @property
    def kept_lines(self) -> list[str]:
        """The lines the user can bring back: the history, and the line being typed when
        Up was first pressed."""
        return [*self.history, *self._changed.values(), self._draft]

    def remember(self, line: str) -> None:
        """Keep a line in the history (Up brings it back)."""
        if line.strip() and (not self.history or self.history[-1] != line):
            self.history.append(line)
        self._recalled = None

    def set_value(self, value: str, *, undoable: bool = False) -> None:
        """Replace the text (the cursor goes to its end); ``undoable`` keeps the old text
        for ctrl+z, otherwise the typing history starts afresh."""
        if undoable:
            if self.value:
                self._undo.append(self.value)
        else:
            self._undo.clear()
        self._setting = True
        try:
            self.value = value
        finally:
            self._setting = False
        self.cursor_position = len(value)

    def put_away(self) -> bool:
        """Empty the line, keeping its text in the history; False when it was empty."""
        line = self.value
        if not line.strip():
            return False
        self.remember(line)
        self.set_value("", undoable=True)
        return True

    def action_history(self, step: int) -> None:
        """Walk back (-1) or forward (1) through the lines handed over; past the newest,
        the line being typed when the walk began comes back. A line brought back and
        changed keeps its changes while the walk goes on (as in a shell)."""
        if not self.history:
            return
        if self._recalled is None:
            if step > 0:
                return
            self._draft = self.value
            index = len(self.history) - 1
        else:
            if self.value != self._recall(self._recalled):
                self._changed[self._recalled] = self.value
            index = self._recalled + step
        if index >= len(self.history):
            self._recalled = None
            self.set_value(self._draft, undoable=True)
            return
        index = max(index, 0)
        if index == self._recalled:
            return  # the oldest line is shown already: it stays as it is
        self._recalled = index
        self.set_value(self._recall(index), undoable=True)

    def _recall(self, index: int) -> str:
        return self._changed.get(index, self.history[index])

    def action_undo_typing(self) -> None:
        """Take back the last run of typing in the line (or what Escape or Up replaced)."""
        if not self._undo:
            return
        previous = self._undo.pop()
        self._setting = True
        try:
            self.value = previous
        finally:
            self._setting = False
        self.cursor_position = len(previous)

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        # Typing: one undo step per word, per pause, or per deletion of more than a key.
        previous, self._shown = self._shown, value
        if self._setting or value == previous:
            return
        now = time.monotonic()
        starts_step = (
            now - self._last_change > self.TYPING_PAUSE
            or value.endswith(" ")
            or len(value) < len(previous) - 1
        )
        self._last_change = now
        if starts_step and (not self._undo or self._undo[-1] != previous):
            self._undo.append(previous)


class FieldInput(QuietInput):
    """A one-line field bound to a path such as "summary.service".

    With ``options`` it is a choice typed as text (a status, a kind): the options are
    suggested as the user types (right arrow takes the suggestion), and the model refuses
    anything else with a message under the field.
    """

    def __init__(
        self,
        path: str,
        *,
        placeholder: str = "",
        tooltip: str = "",
        options: list[str] | None = None,
        select_on_focus: bool = False,
        value: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(
            value=value,
            placeholder=placeholder,
            id=id or path.replace(".", "-"),
            # A choice is replaced when typed over, never added to ("draft" + "review").
            select_on_focus=select_on_focus or bool(options),
            suggester=SuggestFromList(options, case_sensitive=False) if options else None,
        )
        self.path = path
        self.options = options or []
        self._replace_on_focus = select_on_focus or bool(options)
        if tooltip:
            self.tooltip = tooltip
        elif options:
            self.tooltip = " | ".join(options)

    def _on_focus(self, event: events.Focus) -> None:
        # A valid value is selected, to be typed over; text the user is still fixing (a
        # zone not valid yet) is not: typing goes on after it, never over it.
        self.select_on_focus = self._replace_on_focus and not self.has_class("-unwritten")

    def load(self, incident: Incident) -> None:
        """Show the field's value without reporting it as an edit."""
        text = display(incident, self.path)
        if text != self.value:
            with self.prevent(Input.Changed):
                self.value = text

    def shows(self, incident: Incident) -> bool:
        """Whether the field shows the incident's value as it is (no typing pending)."""
        return self.value == display(incident, self.path)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(FieldEdited(self, self.path, event.value))


class WrappedArea(TextArea):
    """A text area whose lines wrap, with the keys people know from other editors:
    ctrl+home / ctrl+end go to the start and the end of the whole text, and ctrl+shift+a
    selects all of it, as in the one-line fields."""

    TEXT_KEYS = True
    """Its keys edit text: F1 lists them with the text-editing keys, folded."""

    BINDINGS = [
        Binding("ctrl+home", "text_end(False)", "Start of text", show=False),
        Binding("ctrl+end", "text_end(True)", "End of text", show=False),
        Binding("ctrl+shift+home", "text_end(False, True)", "Select to start", show=False),
        Binding("ctrl+shift+end", "text_end(True, True)", "Select to end", show=False),
        # The key the one-line fields select all with (Textual's text area has only f7).
        Binding("ctrl+shift+a", "select_all", "Select all", show=False),
    ]

    def __init__(self, text: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            id=id,
            placeholder=placeholder,
        )

    def action_text_end(self, end: bool, select: bool = False) -> None:
        """Move the cursor to the start or the end of the whole text (selecting on the way)."""
        self.move_cursor(self.document.end if end else (0, 0), select=select)

    async def _on_key(self, event: events.Key) -> None:
        if event.key not in ("enter", "tab"):  # TextArea's own handler inserts those
            await run_own_binding(self, event)

    async def _on_paste(self, event: events.Paste) -> None:
        # Textual's own handler focuses the area again a moment after inserting: a Tab
        # typed right behind a paste had the focus taken back, and the next words landed
        # here. The text goes in as it would there, without that.
        event.stop()
        event.prevent_default()
        self.insert_pasted(event.text)

    def insert_pasted(self, text: str) -> None:
        """Put pasted text in place of the selection, the cursor after it."""
        if self.read_only or not text:
            return
        result = self.replace(text, *self.selection, maintain_selection_offset=False)
        self.move_cursor(result.end_location)

    def _watch_selection(self, previous_selection: TextSelection, selection: TextSelection) -> None:
        with terminal_cursor_kept(self):
            super()._watch_selection(previous_selection, selection)

    def _watch_scroll_x(self) -> None:
        with terminal_cursor_kept(self):
            super()._watch_scroll_x()

    def _watch_scroll_y(self) -> None:
        with terminal_cursor_kept(self):
            super()._watch_scroll_y()


class FieldArea(WrappedArea):
    """A prose field with soft wrap, bound to a path such as "analysis.root_cause"."""

    def __init__(
        self, path: str, *, placeholder: str = "", text: str = "", id: str | None = None
    ) -> None:
        super().__init__(text, placeholder=placeholder, id=id or path.replace(".", "-"))
        self.path = path

    def load(self, incident: Incident) -> None:
        """Show the field's value without reporting it as an edit."""
        text = display(incident, self.path)
        if text != self.text:
            with self.prevent(TextArea.Changed):
                self.load_text(text)

    def shows(self, incident: Incident) -> bool:
        """Whether the field shows the incident's value as it is (no typing pending)."""
        return self.text == display(incident, self.path)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(FieldEdited(self, self.path, self.text))


def show_field_error(field: Widget, message: str) -> None:
    """Mark a field as holding text that is not a valid value, and say why under it ("" for
    a valid one)."""
    # Called on every key: a label is only touched when what it says changes.
    field.set_class(bool(message), "-invalid")
    field.set_class(bool(message), "-unwritten")  # Textual's own checks clear -invalid
    container = field.parent
    if container is not None:
        for label in container.query(".field-error"):
            if not isinstance(label, Label):
                continue
            shown = label.content
            if (shown.plain if isinstance(shown, Text) else str(shown)) != message:
                label.update(Text(message))
                label.set_class(bool(message), "-shown")


def labelled(label: str, field: Widget, *, classes: str = "field") -> ComposeResult:
    """A field with its label above it."""
    with Vertical(classes=classes):
        yield Label(label, classes="field-label")
        yield field
        yield Label("", classes="field-error")


FORM_FIELDS = (FieldInput, FieldArea)
