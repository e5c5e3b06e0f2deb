"""An incident file's text as last loaded or saved, read once for the saves that edit it.

A save edits that text line by line through its statements
(:mod:`postmortem_editor.toml_scan`), or, where the file's layout does not allow that,
through its tomlkit document. :class:`SavedText` reads each at most once per text and keeps
it; :meth:`SavedText.prepare` does it ahead of the first save, in a thread if need be.
"""

from __future__ import annotations

import threading
from pathlib import Path

import tomlkit

from postmortem_editor.errors import StoreError
from postmortem_editor.toml_scan import Statement, Unsupported, scan


class SavedText:
    """The text of a file as last loaded or saved, with its statements and tomlkit document."""

    def __init__(self, text: str, document: tomlkit.TOMLDocument | None = None) -> None:
        """``document`` is the text already parsed with tomlkit, when the caller has it."""
        self.text = text
        self._statements: tuple[Statement, ...] | None = None
        self._document = document
        self._lock = threading.Lock()

    def statements(self) -> tuple[Statement, ...]:
        """The statements of the text, scanned once (Unsupported when it cannot be)."""
        if self._statements is None:
            self._statements = scan(self.text)
        return self._statements

    def take_document(self, path: Path) -> tomlkit.TOMLDocument:
        """The text parsed with tomlkit, for the caller to change: it is not kept after.

        StoreError, naming ``path``, when the text does not parse.
        """
        with self._lock:
            document, self._document = self._document, None
        if document is not None:
            return document
        try:
            return tomlkit.parse(self.text)
        except Exception as error:  # tomlkit's parse errors share no base class
            raise StoreError(f"{path}: cannot keep the file's layout: {error}", path=path) from None

    def prepare(self) -> None:
        """Read what a save will need ahead of it (safe to run in a thread).

        The statements, or, when the text cannot be edited line by line, its tomlkit
        document; a text that does not parse is left for the save to report.
        """
        try:
            self.statements()
            return
        except Unsupported:
            pass
        if self._document is not None:
            return
        try:
            document = tomlkit.parse(self.text)
        except Exception:  # the save will parse again and report it
            return
        with self._lock:
            if self._document is None:
                self._document = document
