"""What an incident file was last seen to be on disk, and whether it changed since.

:class:`LastSeen` keeps, for the file an incident is bound to, the digest of its content,
its ``stat`` stamp and its permission bits as last loaded or saved. It tells whether the
file changed or vanished since (one ``stat`` when it was not touched), refuses a save over
a file changed by someone else, and keeps the mode of a file that vanished, so that what is
written from it keeps its permissions.
"""

from __future__ import annotations

import os
from pathlib import Path

from postmortem_editor.errors import FileChangedError
from postmortem_editor.files import (
    DiskStamp,
    ModeSource,
    content_digest,
    disk_stamp,
    file_mode,
    text_digest,
)


class LastSeen:
    """A file as last loaded or saved: its content's digest, its stamp and its mode."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        """``text`` is the file's content on disk now; None for a file not written yet."""
        self.path = path
        self.digest: str | None = None
        """SHA-256 of the content as last loaded or saved (None before the first save)."""
        self.stamp: DiskStamp | None = None
        self.mode: int | None = None
        if text is not None:
            self.see(text)

    def see(self, text: str) -> None:
        """Take text as the file's content on disk now, with its stamp and mode now."""
        self.digest = text_digest(text)
        self.stamp = disk_stamp(self.path)
        self.mode = file_mode(self.path)

    @property
    def permissions_from(self) -> ModeSource:
        """The file itself, or its mode as last seen when it vanished from disk."""
        if self.mode is not None and not os.path.exists(self.path):
            return self.mode
        return self.path

    def change(self) -> str | None:
        """What happened to the file since it was seen, if anything.

        None when it is as seen (or was never written), "changed" when its content
        differs, "missing" when it was removed. Costs one ``stat`` unless the file was
        touched.
        """
        if self.digest is None:
            return None
        stamp = disk_stamp(self.path)
        if stamp is None:
            return "missing"
        if stamp == self.stamp:
            return None
        try:
            digest = content_digest(self.path.read_bytes())
        except OSError:
            return None  # unreadable for now: the next look or the save will tell
        if digest == self.digest:
            self.stamp = stamp  # touched but not changed (e.g. a checkout)
            return None
        return "changed"

    def accept(self) -> str:
        """Take the file as it is on disk now as seen; returns its text."""
        raw = self.path.read_bytes()
        self.digest = content_digest(raw)
        self.stamp = disk_stamp(self.path)
        return raw.decode("utf-8", errors="replace")

    def check_unchanged(self) -> None:
        """Raise FileChangedError when the file on disk is not the one seen.

        A file never written must still be absent; a file seen must have the same content,
        or be gone (writing puts it back) or unreadable (writing reports it).
        """
        if self.digest is None:
            if self.path.exists():
                raise FileChangedError(
                    f"{self.path}: a file was created there since the editor opened; "
                    "not overwriting it",
                    path=self.path,
                )
            return
        try:
            current = content_digest(self.path.read_bytes())
        except FileNotFoundError:
            return  # the file vanished: saving puts it back
        except OSError:
            return  # unreadable: the write itself will report the problem
        if current != self.digest:
            raise FileChangedError(
                f"{self.path}: the file changed on disk since it was opened; "
                "reload it or save under another name",
                path=self.path,
            )
