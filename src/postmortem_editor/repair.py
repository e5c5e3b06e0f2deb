"""Saving an incident file repaired as text: only text that reads as an incident is written.

A file with merge conflicts, broken TOML or values the schema refuses is opened as text
(``postmortem edit``). What the user makes of it is written back only once it reads as an
incident, atomically, and only over the file as it was opened unless the user says so.
"""

from __future__ import annotations

from pathlib import Path

from postmortem_editor.errors import FileChangedError
from postmortem_editor.files import atomic_write, content_digest, text_digest
from postmortem_editor.reading import invalid_incident, read_incident
from postmortem_editor.store import IncidentFile


def save_repaired(
    path: Path, text: str, opened: str, *, mode: int | None = None, force: bool = False
) -> IncidentFile:
    """Write repaired text over the incident file and open it as an incident.

    ``opened`` is the text the file held when the repair began, and ``mode`` its
    permissions then: the file written is no more readable by others. Raises InvalidIncident
    when the text still has problems, FileChangedError when the file changed on disk since
    (unless ``force``), and StoreError when it cannot be written; nothing is written then.
    """
    reading = read_incident(text)
    if reading.incident is None:
        raise invalid_incident(path, text, reading.problems)
    if not force and _changed_since(path, opened):
        raise FileChangedError(
            f"{path}: the file changed on disk since the repair began; not overwriting it",
            path=path,
        )
    atomic_write(path, text, like=path if mode is None else mode)
    return IncidentFile.load(path)


def _changed_since(path: Path, opened: str) -> bool:
    """Whether the file on disk is no longer the text it held when opened (gone is not)."""
    try:
        return content_digest(path.read_bytes()) != text_digest(opened)
    except FileNotFoundError:
        return False  # it vanished: the save puts it back
    except OSError:
        return False  # unreadable: the write itself will say what is wrong
