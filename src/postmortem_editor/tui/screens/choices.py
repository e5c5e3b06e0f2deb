"""Questions that protect the user's words: recovered edits, a file changed on disk, diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


@dataclass(frozen=True)
class Choice:
    """One answer to a question: its id, the button's label and its key."""

    id: str
    label: str
    key: str


class ChoiceScreen(ModalScreen[str]):
    """A question with a few answers, each a button and a key; dismisses with the answer's id."""

    def __init__(self, title: str, message: str, choices: list[Choice]) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), id="dialog-title")
            yield Static(Text(self.message))
            with Horizontal(id="dialog-buttons"):
                for index, choice in enumerate(self.choices):
                    yield Button(
                        f"{choice.label} ({choice.key})",
                        id=choice.id,
                        variant="primary" if index == 0 else "default",
                    )

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        for choice in self.choices:
            if event.key == choice.key:
                event.stop()
                self.dismiss(choice.id)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or self.choices[0].id)


RECOVER = Choice("recover", "Recover", "r")
SHOW_RECOVERED = Choice("diff", "Show diff", "d")
DISCARD = Choice("discard", "Discard", "x")


def recovery_screen(message: str) -> ChoiceScreen:
    """Unsaved edits were found: recover them, see them, or put them aside."""
    return ChoiceScreen("Unsaved edits were found", message, [RECOVER, SHOW_RECOVERED, DISCARD])


RELOAD = Choice("reload", "Reload theirs", "r")
KEEP_MINE = Choice("keep", "Keep mine", "k")
SHOW_BOTH = Choice("diff", "Show both", "d")


def changed_on_disk_screen(message: str) -> ChoiceScreen:
    """The file changed under unsaved edits: take theirs, keep mine, or compare."""
    return ChoiceScreen("The file changed on disk", message, [KEEP_MINE, RELOAD, SHOW_BOTH])


class DiffScreen(ModalScreen[None]):
    """Two versions of the incident file as a unified diff, coloured, never as markup."""

    BINDINGS = [Binding("escape,enter,q", "dismiss", "Back")]

    def __init__(self, title: str, old: tuple[str, str], new: tuple[str, str]) -> None:
        super().__init__()
        self.title_text = title
        self.old_name, self.old_text = old
        self.new_name, self.new_text = new

    def compose(self) -> ComposeResult:
        with Vertical(id="diff-dialog"):
            yield Label(Text(self.title_text), id="dialog-title")
            with VerticalScroll(id="diff-body"):
                yield Static(diff_text(self.old_name, self.old_text, self.new_name, self.new_text))
            with Horizontal(id="dialog-buttons"):
                yield Button("Back (Esc)", variant="primary", id="back")

    def on_mount(self) -> None:
        self.query_one("#diff-body").focus()

    @on(Button.Pressed)
    def _pressed(self) -> None:
        self.dismiss()


def diff_text(old_name: str, old: str, new_name: str, new: str) -> Text:
    """A unified diff of two texts, removed lines red and added lines green."""
    lines = list(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), old_name, new_name, lineterm="", n=2
        )
    )
    if not lines:
        return Text("The two versions are the same.")
    text = Text()
    for line in lines:
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        else:
            style = ""
        text.append(line + "\n", style=style)
    return text
