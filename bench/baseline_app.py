"""The baseline the editor's preview is compared with: what a competent developer writes
first. An input for the summary's service on the left; on the right one Textual
``Markdown`` widget holding the whole rendered incident. A change of the input updates the
model at once; a worker waits until the input has been quiet for ``DEBOUNCE`` seconds,
renders the whole document from the latest text and gives it to ``Markdown.update``;
changes made during an update are coalesced into the next one. Same terminal, same
python, same files as the editor.

    python bench/baseline_app.py INCIDENT.toml
"""

from __future__ import annotations

import asyncio
import sys

from textual import work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Markdown

from postmortem_editor.render import render_markdown
from postmortem_editor.store import IncidentFile

READY = "baseline preview: service"
"""The label over the input; the benchmark waits for it (and for the document)."""

DEBOUNCE = 0.1
"""Seconds the input must be quiet before the preview is rendered again."""


class BaselineApp(App[None]):
    """An input and a debounced whole-document Markdown preview, side by side."""

    CSS = """
    #left { width: 1fr; padding: 0 1; }
    #right { width: 1fr; border-left: vkey $panel; }
    """

    def __init__(self, path: str) -> None:
        super().__init__()
        self.document = IncidentFile.load(path)
        self.changed = asyncio.Event()

    def compose(self) -> ComposeResult:
        incident = self.document.incident
        with Horizontal():
            with Vertical(id="left"):
                yield Label(READY)
                yield Input(incident.summary.service, id="service", select_on_focus=False)
            with VerticalScroll(id="right"):
                yield Markdown(render_markdown(incident), id="doc")

    def on_mount(self) -> None:
        """Start the worker that keeps the preview up to date."""
        self.refresh_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Apply the edit to the model and wake the preview's worker."""
        self.document.incident.summary.service = event.value
        self.changed.set()

    @work(exclusive=True, group="preview")
    async def refresh_preview(self) -> None:
        """Render the latest text once the input has been quiet for ``DEBOUNCE`` s."""
        preview = self.query_one("#doc", Markdown)
        while True:
            await self.changed.wait()
            self.changed.clear()
            while True:  # debounce: wait for a quiet moment
                try:
                    await asyncio.wait_for(self.changed.wait(), DEBOUNCE)
                except TimeoutError:
                    break
                self.changed.clear()
            await preview.update(render_markdown(self.document.incident))


if __name__ == "__main__":
    BaselineApp(sys.argv[1]).run()
