"""The baselines: a bare Textual app that shows one label (start-up), or a label and an
input (the floor of keystroke → character through the benchmark's terminal).

    python bench/bare_app.py [--input]
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Input, Label

READY = "bare textual app ready"
"""What the app shows; the benchmark waits for it."""


class BareApp(App[None]):
    """One label; with ``with_input``, an input under it."""

    def __init__(self, with_input: bool = False) -> None:
        super().__init__()
        self.with_input = with_input

    def compose(self) -> ComposeResult:
        yield Label(READY)
        if self.with_input:
            yield Input("bare input", select_on_focus=False)


if __name__ == "__main__":
    BareApp(with_input="--input" in sys.argv).run()
