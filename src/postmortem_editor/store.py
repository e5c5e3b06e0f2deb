"""An incident bound to its TOML file: loading, minimal-diff atomic saves, changes on disk.

:class:`IncidentFile` keeps, beside the model being edited, the file's text as last loaded
or saved. Saving applies only what changed since then: line by line where the file's layout
allows (:mod:`postmortem_editor.store_patch`), else through the file's tomlkit document
(:mod:`postmortem_editor.tomlkit_apply`), so comments, key order and formatting survive and
a one-field edit changes one field's lines. The text is read back before it is written
atomically (:mod:`postmortem_editor.files`). The saved text is read for those edits once
(:mod:`postmortem_editor.store_text`), and what the file was last seen to be on disk tells
whether it changed there since (:mod:`postmortem_editor.store_disk`).

The names other modules have imported from here stay importable: reading and its errors
(:mod:`postmortem_editor.reading`), writing and the file-mode rule
(:mod:`postmortem_editor.files`), and the template (:mod:`postmortem_editor.template`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import ValidationError

from postmortem_editor.errors import FileChangedError, StoreError
from postmortem_editor.files import (
    SHARING_BITS,
    DiskStamp,
    ModeSource,
    atomic_write,
    current_umask,
    default_mode,
    disk_stamp,
    file_mode,
    file_stamp,
    name_beside,
    private_mode,
    restrict_mode,
)
from postmortem_editor.model import Incident
from postmortem_editor.reading import MAX_FILE_BYTES, decode, parse_text, read_text
from postmortem_editor.store_disk import LastSeen
from postmortem_editor.store_patch import patch_text
from postmortem_editor.store_text import SavedText
from postmortem_editor.template import TEMPLATE, template_text
from postmortem_editor.toml_scan import Unsupported
from postmortem_editor.toml_values import fresh_item
from postmortem_editor.tomlkit_apply import apply_model, is_empty

__all__ = [
    "MAX_FILE_BYTES",
    "SHARING_BITS",
    "TEMPLATE",
    "DiskStamp",
    "FileChangedError",
    "IncidentFile",
    "ModeSource",
    "StoreError",
    "atomic_write",
    "current_umask",
    "decode",
    "default_mode",
    "disk_stamp",
    "dump_plain",
    "file_mode",
    "file_stamp",
    "name_beside",
    "parse_text",
    "private_mode",
    "read_text",
    "restrict_mode",
    "template_text",
]


_LAYOUT_KEYS = ("clock", "timeline_dates")
"""Top-level keys of how times are shown, left out of a new file when they are the default."""


class IncidentFile:
    """An incident bound to its file: the model, and what is needed to save it faithfully."""

    def __init__(
        self, path: Path, text: str, incident: Incident, *, exists: bool, like: Path | None = None
    ) -> None:
        self.path = path
        self.like = None if exists else like
        """The file a new incident comes from (an imported Markdown file), whose permissions
        it takes on its first save; None once the incident is on disk."""
        self.incident = incident
        """The model being edited; the editor changes it in place or replaces it."""
        self.exists = exists
        """Whether the file is on disk (False for a new incident not saved yet)."""
        self._saved_text = SavedText(text)
        self._saved = incident.model_copy(deep=True)
        self._disk = LastSeen(path, text if exists else None)

    def _bind(
        self, text: str, incident: Incident, *, doc: tomlkit.TOMLDocument | None = None
    ) -> None:
        """Make text, as it is on disk now, and its incident the saved state.

        ``doc`` is the text already parsed with tomlkit, when the caller has it (a save does).
        """
        self.exists = True
        self.like = None
        self._saved_text = SavedText(text, doc)
        self._saved = incident.model_copy(deep=True)
        self._disk.see(text)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> IncidentFile:
        """Read and validate an incident file; StoreError with a one-line message if it fails."""
        file_path = Path(path)
        text = read_text(file_path)
        return cls(file_path, text, parse_text(text, file_path), exists=True)

    @classmethod
    def new(
        cls,
        path: str | os.PathLike[str],
        title: str = "",
        *,
        incident: Incident | None = None,
        like: str | os.PathLike[str] | None = None,
        timezone: str = "UTC",
        clock: str = "24h",
        authors: Sequence[str] = (),
    ) -> IncidentFile:
        """A fresh incident bound to a path that is written on first save.

        It starts from the template, with ``timezone``, ``clock`` and ``authors``, or holds
        ``incident`` (an imported one) when given; the first save then writes all of it.
        ``like`` is the file it comes from (the Markdown of an import): the new file is no
        more readable by others than that one. Without it the new file follows the umask.
        """
        source = None if like is None else Path(like)
        file_path = Path(path)
        if incident is not None:
            # The top-level keys and [headings] first, so that they come before the tables.
            head = tomlkit.document()
            for name in (
                "schema_version",
                "title",
                "status",
                "severity",
                "timezone",
                "timezone_name",
                "clock",
                "timeline_dates",
                "authors",
            ):
                value = getattr(incident, name)
                if name in _LAYOUT_KEYS and value == Incident.model_fields[name].default:
                    continue
                if name in ("schema_version", "title", "status") or not is_empty(value):
                    head[name] = fresh_item(value)
            headings = {k: v for k, v in incident.headings.model_dump().items() if v}
            if headings:
                head["headings"] = {name: fresh_item(value) for name, value in headings.items()}
            text = head.as_string()
            incident_file = cls(
                file_path, text, parse_text(text, file_path), exists=False, like=source
            )
            incident_file.incident = incident
            return incident_file
        text = template_text(title, timezone=timezone, clock=clock, authors=authors)
        return cls(file_path, text, parse_text(text, file_path), exists=False, like=source)

    @property
    def permissions_from(self) -> ModeSource:
        """What every file written from this incident takes its permissions from.

        The incident file itself; its mode as last seen when it vanished from disk while
        open; or, before the first save of an import, the Markdown it came from. Pass it as
        ``like`` to :func:`atomic_write`.
        """
        if self.like is not None:
            return self.like
        return self._disk.permissions_from

    @property
    def text(self) -> str:
        """The file's text as last loaded or saved."""
        return self._saved_text.text

    @property
    def saved(self) -> Incident:
        """The incident as last loaded or saved (do not change it)."""
        return self._saved

    @property
    def disk_digest(self) -> str | None:
        """SHA-256 of the file as last loaded or saved (None for a new file)."""
        return self._disk.digest

    @property
    def edited(self) -> bool:
        """Whether the model differs from what was last loaded or saved."""
        return self.incident != self._saved

    @property
    def dirty(self) -> bool:
        """Whether there is something to save: edits, or a new file not written yet."""
        return self.edited or not self.exists

    def render_toml(self, incident: Incident | None = None) -> str:
        """The text a save would write: the last saved text with only the changes applied."""
        target = self.incident if incident is None else incident
        if target == self._saved:
            return self._saved_text.text
        return self._render(target)[0]

    def _render(
        self, target: Incident, *, checked: bool = True
    ) -> tuple[str, tomlkit.TOMLDocument | None]:
        """The text for target, and the tomlkit document it was written from, if any.

        The text is the last saved text with only the lines of what changed rewritten
        (read back to make sure, unless ``checked`` is False and the caller does). A file
        laid out in a way that cannot be edited line by line is written through its tomlkit
        document instead; that document now holds the changes, so it is the saved document
        only once that text is written.
        """
        text = self._patched(target, checked=checked)
        if text is not None:
            return text, None
        return self._rewritten(target)

    def _rewritten(self, target: Incident) -> tuple[str, tomlkit.TOMLDocument]:
        """The text for target written through the file's tomlkit document."""
        doc = self._saved_text.take_document(self.path)
        apply_model(doc, self._saved, target)
        return doc.as_string(), doc

    def _patched(self, target: Incident, *, checked: bool = True) -> str | None:
        """The saved text with the edits applied line by line; None when that cannot be done."""
        saved_text = self._saved_text
        try:
            text = patch_text(saved_text.text, self._saved, target, saved_text.statements())
        except Unsupported:
            return None
        if not checked:
            return text
        try:
            _verify(text, target, self.path)
        except StoreError:
            return None
        return text

    def prepare(self) -> None:
        """Read the file's layout ahead of the first save (safe to run in a thread).

        Saving keeps the file's comments and layout by editing its lines, and reading them
        takes a while for thousands of entries; done beforehand, the first save costs what
        the later ones do.
        """
        self._saved_text.prepare()

    def save(self, incident: Incident | None = None, *, force: bool = False) -> bool:
        """Write the incident atomically; returns False when there was nothing to write.

        Raises FileChangedError when the file changed on disk since it was loaded (unless
        ``force``), and StoreError when it cannot be written; the file is then untouched.
        """
        target = self.incident if incident is None else incident
        if self.exists and target == self._saved and not force:
            return False
        text: str
        doc: tomlkit.TOMLDocument | None = None
        if target == self._saved:
            text = self._saved_text.text
            _verify(text, target, self.path)
        else:
            text, doc = self._render(target, checked=False)
            try:
                _verify(text, target, self.path)
            except StoreError:
                if doc is not None:
                    raise
                text, doc = self._rewritten(target)  # the line-by-line edit went wrong
                _verify(text, target, self.path)
        if not force:
            self.check_unchanged_on_disk()
        atomic_write(self.path, text, like=self.like)
        self._bind(text, target, doc=doc)
        return True

    def disk_change(self) -> str | None:
        """What happened to the file on disk since it was loaded or saved, if anything.

        None when it is as loaded or saved, "changed" when its content differs, "missing"
        when it was removed. Costs one ``stat`` unless the file was touched.
        """
        if not self.exists:
            return None
        return self._disk.change()

    def disk_text(self) -> str:
        """The file's text as it is on disk now (StoreError when it cannot be read)."""
        return read_text(self.path)

    def reload(self) -> None:
        """Read the file again, dropping the edits; StoreError (and nothing changed) if it fails."""
        text = read_text(self.path)
        incident = parse_text(text, self.path)
        self._bind(text, incident)
        self.incident = incident

    def incoming(self) -> tuple[str, Incident]:
        """The file on disk now, its text and its incident (StoreError if it does not read)."""
        text = read_text(self.path)
        return text, parse_text(text, self.path)

    def adopt(self, text: str, theirs: Incident, merged: Incident) -> None:
        """Take the file on disk (its text and incident) as the saved state and ``merged``
        as the incident being edited: the next save writes the merge as a minimal diff of
        their file."""
        self._bind(text, theirs)
        self.incident = merged

    def keep_mine(self) -> str:
        """Accept the file on disk as seen, so the next save replaces it; returns its text."""
        return self._disk.accept()

    def check_unchanged_on_disk(self) -> None:
        """Raise FileChangedError when the file on disk is not what was loaded or saved."""
        self._disk.check_unchanged()


def _verify(text: str, incident: Incident, path: Path) -> None:
    """Refuse to write text that does not read back as the same incident."""
    try:
        again = Incident.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        raise StoreError(
            f"{path}: not saved: the text to write does not read back ({error})", path=path
        ) from None
    if dump_plain(again) != dump_plain(incident):
        raise StoreError(
            f"{path}: not saved: the text to write does not read back as the same incident",
            path=path,
        )


def dump_plain(incident: Incident) -> dict[str, Any]:
    """The incident as plain data without runtime ids, for comparisons."""
    return incident.model_dump(mode="json")
