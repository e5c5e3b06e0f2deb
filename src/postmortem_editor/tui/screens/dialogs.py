"""Small modal screens: the unsaved-changes question, messages, and the help screen."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Collapsible, Label, Static

from postmortem_editor.tui.help import HelpSection


class QuitScreen(ModalScreen[str]):
    """Asks what to do with unsaved changes: "save", "discard" or "cancel"."""

    BINDINGS = [
        Binding("escape", "dismiss('cancel')", "Cancel"),
        Binding("s", "dismiss('save')", "Save and quit", show=False),
        Binding("q", "dismiss('discard')", "Quit without saving", show=False),
    ]

    def __init__(self, unwritten: list[str] | None = None) -> None:
        super().__init__()
        self.unwritten = unwritten or []
        """What a save cannot write (a field that is not a value, a line not added)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("There are unsaved changes.", id="dialog-title")
            if self.unwritten:
                lines = "\n".join(f"- {line}" for line in self.unwritten)
                yield Static(
                    Text(f"A save cannot write these yet; fix them first to keep them:\n{lines}")
                )
            yield Label("Save them before quitting?")
            with Horizontal(id="dialog-buttons"):
                yield Button("Save and quit (s)", variant="primary", id="save")
                yield Button("Quit without saving (q)", variant="error", id="discard")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")


class MessageScreen(ModalScreen[None]):
    """A message that needs reading (a failed save, a file changed on disk)."""

    BINDINGS = [Binding("escape,enter", "dismiss", "Close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), id="dialog-title")
            yield Static(Text(self.message))
            with Horizontal(id="dialog-buttons"):
                yield Button("OK (Enter)", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self) -> None:
        self.dismiss()


class HelpScreen(ModalScreen[None]):
    """F1: what the focused pane is for and its keys, the editor's keys, and (folded) the
    keys of text fields."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help")]

    def __init__(self, sections: list[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Label("Help", id="dialog-title")
            for section in self.sections:
                if section.folded:
                    with Collapsible(title=section.title, collapsed=True):
                        yield Static(_keys(section.keys), classes="help-keys")
                    continue
                yield Label(Text(section.title, style="bold"), classes="help-heading")
                if section.text:
                    yield Static(Text(section.text), classes="help-text")
                if section.keys:
                    yield Static(_keys(section.keys), classes="help-keys")
            yield Static(Text("Escape or F1 closes this help.", style="dim"))


def _keys(keys: list[tuple[str, str]]) -> Text:
    text = Text()
    for key, description in keys:
        text.append(f"{key:>26}  ", style="bold")
        text.append(f"{description}\n")
    return text
