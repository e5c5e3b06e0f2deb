"""The errors of reading and writing incident files: one line each, naming the file."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A file that cannot be read or written, with a one-line message naming the file."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class FileChangedError(StoreError):
    """The file on disk changed since it was loaded; saving would overwrite that change."""
