"""The naive preview the editor is compared with: the whole document re-rendered per change.

An input for the summary's service on the left; on the right one Textual ``Markdown``
widget holding the whole rendered incident, given the new document with
``Markdown.update`` on every change of the input. Same terminal, same python, same files
as the editor.

    python bench/naive_app.py INCIDENT.toml
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Markdown

from postmortem_editor.render import render_markdown
from postmortem_editor.store import IncidentFile

READY = "naive preview: service"
"""The label over the input; the benchmark waits for it (and for the document)."""


class NaiveApp(App[None]):
    """An input and a whole-document Markdown preview, side by side."""

    CSS = """
    #left { width: 1fr; padding: 0 1; }
    #right { width: 1fr; border-left: vkey $panel; }
    """

    def __init__(self, path: str) -> None:
        super().__init__()
        self.document = IncidentFile.load(path)

    def compose(self) -> ComposeResult:
        incident = self.document.incident
        with Horizontal():
            with Vertical(id="left"):
                yield Label(READY)
                yield Input(incident.summary.service, id="service", select_on_focus=False)
            with VerticalScroll(id="right"):
                yield Markdown(render_markdown(incident), id="doc")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Apply the edit and re-render the whole document."""
        self.document.incident.summary.service = event.value
        self.query_one("#doc", Markdown).update(render_markdown(self.document.incident))


if __name__ == "__main__":
    NaiveApp(sys.argv[1]).run()
