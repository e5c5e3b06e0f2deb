"""The form for editing one timeline entry in place, opened next to its row in the table.

It spans the pane, so that a long text is shown whole, wrapped, while it is edited: its
time, kind and who on one line, the text under them. Enter saves, Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea

from postmortem_editor.model import Kind, TimelineEntry
from postmortem_editor.paste import one_line
from postmortem_editor.tui.widgets.form import QuietInput, WrappedArea

KEYS = "Enter saves · Esc cancels · Tab: next field"

TEXT_HEIGHT = 12
"""The most lines the text takes (with its border) before it scrolls."""


async def form_key(widget: Widget, event: events.Key) -> bool:
    """Enter saves and Escape cancels the form a field belongs to, at once, in order with
    the keys typed behind them (which then go where the form leaves the focus, never
    into a form being closed); True if the key was one of those."""
    if event.key not in ("enter", "escape"):
        return False
    event.stop()
    event.prevent_default()
    form = next(node for node in widget.ancestors if isinstance(node, EntryForm))
    if event.key == "enter":
        form.submit()
    else:
        form.cancel()
    return True


class FormField(QuietInput):
    """A one-line field of the form (time, kind, who)."""

    async def _on_key(self, event: events.Key) -> None:
        if not await form_key(self, event):
            await super()._on_key(event)


class EntryText(WrappedArea):
    """The text of the entry being edited: wrapped, so that all of it is in view. Enter
    saves the entry (an entry is one paragraph), and pasted lines are joined by spaces."""

    async def _on_key(self, event: events.Key) -> None:
        if not await form_key(self, event):
            await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        # No line of a paste is dropped; they are joined, as the entry is one paragraph.
        event.stop()
        event.prevent_default()
        start, end = sorted(self.selection)
        self.insert_pasted(
            one_line(event.text, at_start=start == (0, 0), at_end=end == self.document.end)
        )

    def put_cursor_at_end(self) -> None:
        """Move the cursor to the end of the text, where typing goes on."""
        self.move_cursor(self.document.end)


class EntryForm(Vertical):
    """Editing one timeline entry: time, kind, who, and its whole text, wrapped."""

    HELP_TITLE = "Editing an entry"

    HELP = (
        "The form opens next to the entry's row and spans the pane, so that all of its "
        "text is in view. Tab moves between time, kind, who and text. Enter saves the "
        "entry, and so does ctrl+t before it goes to the quick-entry line. Escape cancels: "
        "a row just inserted and left empty is removed, and the words typed wait in the "
        "quick-entry line (Up brings them back)."
    )

    BINDINGS = [
        # Enter and Escape act in the fields as they arrive (see form_key); the bindings
        # put them on the key bar and in F1.
        Binding("enter", "submit", "Save", id="entry_form.save", tooltip="Save the entry"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="entry_form.cancel",
            show=True,
            tooltip="Cancel the edit; the words typed wait for Up in the quick-entry line",
        ),
    ]

    DEFAULT_CSS = """
    EntryForm {
        position: absolute;
        overlay: screen;
        width: 100%;
        height: auto;
        display: none;
        padding: 0 1;
        background: $panel;
        border: round $primary;
        border-title-color: $primary;
        border-subtitle-color: $text-muted;
    }
    EntryForm #edit-fields {
        height: auto;
    }
    EntryForm Input {
        border: tall $background;
    }
    EntryForm Input:focus, EntryForm EntryText:focus {
        border: tall $primary;
    }
    /* Wide enough for a whole time with its seconds: 2024-02-14 13:38:48 */
    EntryForm #edit-time {
        width: 25;
    }
    EntryForm #edit-kind {
        width: 19;
    }
    EntryForm #edit-who {
        width: 1fr;
    }
    EntryForm #edit-text {
        height: auto;
        border: tall $background;
    }
    EntryForm #edit-error {
        color: $error;
        width: 1fr;
        display: none;
    }
    EntryForm #edit-error.-shown {
        display: block;
    }
    """

    @dataclass
    class Done(Message):
        """New values for the edited entry."""

        entry_id: str
        when: str  # not "time": Message keeps its own timestamp there
        kind: str
        by: str
        text: str

    @dataclass
    class Cancelled(Message):
        """The edit of this entry was cancelled."""

        entry_id: str
        text: str
        """The text as it was in the form when the edit was cancelled."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editing: str | None = None
        """The id of the entry being edited, or None when the form is closed."""
        self.border_title = "Edit entry"
        self.border_subtitle = KEYS
        self._row: tuple[int, int, int] | None = None
        self.take_done: Callable[[EntryForm.Done], None] | None = None
        """Called at once with the values on Enter, instead of the Done message: the
        owner saves the entry and moves the focus before the next key."""
        self.take_cancel: Callable[[EntryForm.Cancelled], None] | None = None
        """Called at once on Escape, instead of the Cancelled message."""

    def compose(self) -> ComposeResult:
        kinds = [kind.value for kind in Kind]
        with Horizontal(id="edit-fields"):
            yield _field("Time", placeholder="time", id="edit-time")
            yield _field(
                "Kind",
                placeholder="kind",
                id="edit-kind",
                select_on_focus=True,  # a kind is typed over, never added to
                suggester=SuggestFromList(kinds, case_sensitive=False),
                tooltip=" | ".join(kinds),
            )
            yield _field("Who", placeholder="who (optional)", id="edit-who")
        area = EntryText(placeholder="what happened", id="edit-text")
        area.border_title = "Text"
        yield area
        yield Label("", id="edit-error")

    @property
    def text(self) -> EntryText:
        """The entry's text field."""
        return self.query_one("#edit-text", EntryText)

    def start(self, entry: TimelineEntry, time_text: str) -> None:
        """Open the form on this entry, its fields filled, the cursor at the end of its text."""
        self.editing = entry.id
        self.query_one("#edit-time", Input).value = time_text
        self.query_one("#edit-kind", Input).value = entry.kind.value
        self.query_one("#edit-who", Input).value = entry.by
        self.text.load_text(entry.text)
        self.text.put_cursor_at_end()
        self.say("")
        self.display = True
        self.screen.set_focus(self.text)

    def stop(self) -> None:
        """Close the form."""
        self.editing = None
        self.display = False

    def place(self, row_top: int, row_bottom: int, room: int) -> None:
        """Put the form under the row being edited, or over it when it fits only there
        (lines counted from the top of the table, ``room`` lines in all); where it fits
        on neither side, on the larger one with its text made shorter (it scrolls)."""
        self._row = (row_top, row_bottom, room)
        height = self.outer_size.height or 9  # before its first layout: about its size
        below, above = room - row_bottom, row_top
        if height <= below or (height > above and below >= above):
            top, space = row_bottom, below
        else:
            top, space = max(0, row_top - height), above
        self.styles.offset = (0, top)
        fixed = height - self.text.outer_size.height if self.outer_size.height else 7
        self.text.styles.max_height = max(3, min(TEXT_HEIGHT, space - fixed))

    def on_resize(self) -> None:
        # Its height changes as its text wraps onto more lines or fewer.
        if self._row is not None and self.editing is not None:
            self.place(*self._row)

    def say(self, message: str) -> None:
        """Say under the text what is wrong with the entry as typed ("" for nothing), shown
        as written, never as markup."""
        label = self.query_one("#edit-error", Label)
        if not message and not label.has_class("-shown"):
            return  # nothing said, nothing to take away: no redraw on each key
        label.update(Text(message))
        label.set_class(bool(message), "-shown")

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self) -> None:
        # What the last Enter found wrong goes once the user changes something.
        self.say("")

    def action_cancel(self) -> None:
        """Escape: cancel the edit."""
        self.cancel()

    def action_submit(self) -> None:
        """Enter: save the entry."""
        self.submit()

    def cancel(self) -> None:
        """Cancel the edit: the owner is told at once (``take_cancel``), else by message."""
        if self.editing is None:
            return
        cancelled = self.Cancelled(self.editing, self.text.text)
        if self.take_cancel is not None:
            self.take_cancel(cancelled)
        else:
            self.post_message(cancelled)

    def submit(self) -> None:
        """Hand the values typed to the owner: at once (``take_done``), else by message."""
        if self.editing is None:
            return
        done = self.Done(
            self.editing,
            self.query_one("#edit-time", Input).value,
            self.query_one("#edit-kind", Input).value,
            self.query_one("#edit-who", Input).value,
            self.text.text,
        )
        if self.take_done is not None:
            self.take_done(done)
        else:
            self.post_message(done)


def _field(title: str, *, select_on_focus: bool = False, **options: Any) -> FormField:
    """A field of the form, its title on its top edge."""
    field = FormField(select_on_focus=select_on_focus, **options)
    field.border_title = title
    return field
