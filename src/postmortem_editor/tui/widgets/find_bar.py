"""The find bar (ctrl+f): words looked for in the whole incident, or a time's nearest entry.

The bar only takes the words and says where the user is among the matches; the editor's
finder (``tui/finder.py``) finds them and shows each one.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from postmortem_editor.tui.widgets.form import QuietInput, run_own_binding


class FindInput(QuietInput):
    """The words to find: Enter and shift+Enter step through the matches."""

    BINDINGS = [
        Binding("enter,down", "step(1)", "Next match", id="find.next"),
        Binding("shift+enter,up", "step(-1)", "Previous match", id="find.previous"),
        Binding("escape", "close", "Close", id="find.close", tooltip="Close, at the match"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)

    def action_step(self, step: int) -> None:
        """Go to the next (1) or previous (-1) match."""
        self.post_message(FindBar.Step(step))

    def action_close(self) -> None:
        """Close the bar; the focus goes to the match shown, or back where it was."""
        self.post_message(FindBar.Closed())


class FindBar(Horizontal):
    """A line over the status line: the words to find and where the user is among the
    matches ("3 of 12")."""

    HELP_TITLE = "Find"

    HELP = (
        "Words are found in every field, entry, task, improvement and free section, "
        "whatever their case. Enter or Down shows the next match, shift+Enter or Up the "
        "previous one; a time such as 14:05 also offers the nearest timeline entry. Escape "
        "closes the bar and leaves the cursor on the match shown."
    )

    DEFAULT_CSS = """
    FindBar {
        height: 1;
        display: none;
        background: $panel;
        &.-open { display: block; }
        Label { padding: 0 1; }
        #find-count { color: $text-muted; width: auto; }
        #find-input { width: 1fr; height: 1; border: none; padding: 0; }
    }
    """

    @dataclass
    class Changed(Message):
        """The words to find changed."""

        query: str

    @dataclass
    class Step(Message):
        """Go to the next (1) or previous (-1) match."""

        step: int

    class Closed(Message):
        """The bar was closed."""

    def compose(self) -> ComposeResult:
        yield Label("Find:")
        yield FindInput(placeholder="words, or a time such as 14:05", id="find-input")
        yield Label("", id="find-count")

    @property
    def is_open(self) -> bool:
        """Whether the bar is shown."""
        return self.has_class("-open")

    def open(self) -> None:
        """Show the bar and put the cursor in it, the words typed last selected."""
        self.add_class("-open")
        field = self.query_one(FindInput)
        field.focus()
        field.select_all()

    def close(self) -> None:
        """Hide the bar."""
        self.remove_class("-open")

    @property
    def words(self) -> str:
        """The words typed."""
        return self.query_one(FindInput).value

    def show_count(self, index: int | None, total: int, note: str = "") -> None:
        """Say where the user is among the matches: "3 of 12", "no match"."""
        if not total:
            text = Text("no match" if self.words.strip() else "", style="yellow")
        elif index is None:
            text = Text(f"{total} match{'es' if total != 1 else ''}")
        else:
            text = Text(f"{index + 1} of {total}")
        if note:
            text.append(f"  {note}", style="italic")
        self.query_one("#find-count", Label).update(text)

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))
