"""Copying the Markdown to the clipboard, off the event loop, and saying how it went."""

from __future__ import annotations

from typing import Any

from textual.app import App

from postmortem_editor.clipboard import CopyResult, copy_text
from postmortem_editor.store import IncidentFile


class MarkdownCopier:
    """Copies text for ``app``: the system clipboard where possible, else through the
    terminal (OSC 52); a toast says which, or that F4 writes a file instead."""

    def __init__(self, app: App[Any], document: IncidentFile) -> None:
        self.app = app
        self.document = document

    def copy(self, markdown: str) -> None:
        """Copy in a thread: pyperclip may start a clipboard tool that hangs."""
        self.app.run_worker(
            lambda: self._copy_in_thread(markdown),
            thread=True,
            exclusive=True,
            group="clipboard",
        )

    def _copy_in_thread(self, markdown: str) -> None:
        app = self.app
        result = copy_text(
            markdown, osc52=lambda text: app.call_from_thread(app.copy_to_clipboard, text)
        )
        app.call_from_thread(self._copied, result)

    def _copied(self, result: CopyResult) -> None:
        if result.method == "none":
            reason = f" ({result.detail})" if result.detail else ""
            name = self.document.path.with_suffix(".md").name
            self.app.notify(
                f"No clipboard available{reason}: press F4 to write the Markdown to {name}.",
                severity="error",
                timeout=8,
            )
            return
        self.app.notify(result.message, timeout=5)
