"""Recovery files: unsaved edits kept on disk until the incident is saved or closed.

While the editor has unsaved edits it writes them, a moment after typing stops, to
``.NAME.toml.recovery`` beside the incident (or, when that folder cannot be written, to
the user's state folder). Saving or closing cleanly removes it; a crash, a killed process
or a closed terminal leaves it, and the next `postmortem edit` offers to recover it.

The file is JSON: the incident as the model dumps it, when and by whom it was written, and
the digest of the incident file the edits were made on. Like every file written from an
incident, it is no more readable by others than the incident itself; the state folder is
kept private to the user (``0700``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import stat
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from postmortem_editor.errors import StoreError
from postmortem_editor.files import ModeSource, atomic_write, file_stamp, restrict_mode
from postmortem_editor.matching import corresponding, item_key, item_likeness
from postmortem_editor.model import Incident, Item, describe_error

FORMAT = "postmortem-recovery"
VERSION = 1
MAX_RECOVERY_BYTES = 64 * 1024 * 1024
PRIVATE_FOLDER_MODE = 0o700
"""The state folder's mode: only its owner may list, read or write it."""


def recovery_path(incident_path: Path) -> Path:
    """The recovery file beside an incident: ``.NAME.toml.recovery``."""
    return incident_path.parent / f".{incident_path.name}.recovery"


def fallback_path(incident_path: Path) -> Path:
    """Where the recovery file goes when the incident's folder cannot be written."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    key = hashlib.sha256(os.path.abspath(incident_path).encode("utf-8")).hexdigest()[:16]
    return Path(state) / "postmortem" / "recovery" / f"{key}-{incident_path.name}.recovery"


stamp = file_stamp
"""The former name of :func:`postmortem_editor.files.file_stamp`, kept for the editor."""


@dataclass
class Recovery:
    """Edits found in a recovery file."""

    path: Path
    """The recovery file."""
    incident: Incident
    """The incident as it was when the file was written."""
    written_at: datetime
    """When it was written."""
    base_digest: str | None
    """SHA-256 of the incident file the edits were made on (None for a new file)."""
    pid: int
    """The editor process that wrote it."""
    host: str
    """The machine it ran on."""

    def newer_than(self, incident_path: Path) -> bool:
        """Whether these edits were written after the incident file last changed."""
        try:
            modified = incident_path.stat().st_mtime
        except OSError:
            return True
        return self.written_at.timestamp() >= modified

    def writer_alive(self) -> bool:
        """Whether the editor that wrote it still runs on this machine."""
        if self.host != socket.gethostname() or self.pid == os.getpid():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def recovery_payload(incident: Incident, base_digest: str | None) -> dict[str, Any]:
    """What a recovery file holds, as plain data (take it where the model is not changing).

    The data shares nothing with the model, so it can be written out in another thread.
    """
    return {
        "format": FORMAT,
        "version": VERSION,
        "written_at": datetime.now(UTC).isoformat(),
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "base_sha256": base_digest,
        "incident": incident.model_dump(mode="json"),
    }


def recovery_json(payload: dict[str, Any]) -> str:
    """The text of a recovery file holding this payload."""
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def recovery_text(incident: Incident, base_digest: str | None) -> str:
    """The content of a recovery file for an incident (call where the model is not changing)."""
    return recovery_json(recovery_payload(incident, base_digest))


def read_recovery(path: Path) -> Recovery:
    """Read a recovery file; StoreError with a one-line message when it is not usable."""
    try:
        if path.stat().st_size > MAX_RECOVERY_BYTES:
            raise StoreError(f"{path}: recovery file too large", path=path)
        data = json.loads(path.read_bytes().decode("utf-8"))
    except StoreError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise StoreError(f"{path}: recovery file unreadable: {error}", path=path) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"{path}: not a postmortem recovery file", path=path)
    if data.get("version") != VERSION:
        raise StoreError(
            f"{path}: recovery file version {data.get('version')!r} is not supported", path=path
        )
    try:
        incident = Incident.model_validate_json(json.dumps(data.get("incident")))
        written_at = datetime.fromisoformat(str(data.get("written_at")))
    except ValidationError as error:
        raise StoreError(f"{path}: recovery file: {describe_error(error)}", path=path) from None
    except ValueError:
        raise StoreError(f"{path}: recovery file has no valid time", path=path) from None
    base = data.get("base_sha256")
    pid = data.get("pid")
    return Recovery(
        path=path,
        incident=incident,
        written_at=written_at if written_at.tzinfo else written_at.replace(tzinfo=UTC),
        base_digest=base if isinstance(base, str) else None,
        pid=pid if isinstance(pid, int) else 0,
        host=str(data.get("host", "")),
    )


def find_recovery(incident_path: Path) -> Path | None:
    """The newest recovery file of an incident, beside it or in the state folder."""
    places = (recovery_path(incident_path), fallback_path(incident_path))
    existing = [path for path in places if path.is_file()]
    if not existing:
        return None
    return max(existing, key=lambda path: path.stat().st_mtime)


def match_ids(base: Incident, recovered: Incident) -> None:
    """Give recovered list items the ids of the base's items they correspond to.

    Ids live only while a file is open, so recovered items arrive with new ones; matching
    them (equal items first, then edited ones in the same place, see :func:`corresponding`)
    lets the store write a recovered incident as the few lines that really changed.
    """
    pairs: list[tuple[Sequence[Item], Sequence[Item]]] = [
        (base.timeline, recovered.timeline),
        (base.measures.tasks, recovered.measures.tasks),
        (base.sections, recovered.sections),
    ]
    for old, new in pairs:
        for i, j in corresponding(old, new, key=item_key, likeness=item_likeness):
            new[j].id = old[i].id


def set_aside(path: Path, *, like: ModeSource = None) -> Path:
    """Rename a recovery file so it is kept but no longer offered; returns the new name.

    ``like`` is its incident: the file is first narrowed to be no more readable by others
    than that incident (a file left by an older editor may be more open).
    """
    if like is not None:
        with contextlib.suppress(OSError):  # renaming makes it no more readable than it is
            restrict_mode(path, like)
    target = path.with_name(f"{path.name}.{file_stamp()}")
    os.replace(path, target)
    return target


def private_folder(folder: Path) -> None:
    """Make sure folder exists and only its owner can use it (``0700``), before writing.

    Missing folders on the way are created ``0700``; an existing folder that others can
    read, write or enter is narrowed to ``0700``. Raises StoreError, saying why, when the
    folder is not a folder, belongs to someone else, or cannot be made private.
    """
    missing: list[Path] = []
    step = folder
    while not step.exists() and step.parent != step:
        missing.append(step)
        step = step.parent
    try:
        for created in reversed(missing):
            with contextlib.suppress(FileExistsError):
                os.mkdir(created, PRIVATE_FOLDER_MODE)
        info = os.stat(folder)
    except OSError as error:
        raise StoreError(f"{folder}: cannot create the folder: {error.strerror}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{folder}: is not a folder")
    if info.st_uid != os.getuid():
        raise StoreError(f"{folder}: belongs to another user; not writing there")
    if stat.S_IMODE(info.st_mode) & 0o077:
        try:
            os.chmod(folder, PRIVATE_FOLDER_MODE)
        except OSError as error:
            raise StoreError(
                f"{folder}: other users can open this folder and it cannot be made private "
                f"({error.strerror}); not writing there"
            ) from None


class RecoveryFile:
    """The recovery file of one open incident: written from a worker, removed on save.

    Writes and removals are serialised by a lock, and each write carries the generation it
    was made for: a write that was started before a save finishes after it is dropped, so
    a saved incident never leaves a stale recovery file behind.
    """

    def __init__(self, incident_path: Path) -> None:
        self.incident_path = incident_path
        self.location: Path | None = None
        """Where the edits were last written (None when there is no recovery file)."""
        self._lock = threading.Lock()
        self._generation = 0

    @property
    def generation(self) -> int:
        """Changes on every clear; pass it to write."""
        return self._generation

    def write(self, text: str, generation: int, *, like: ModeSource = None) -> Path | None:
        """Write the edits beside the incident, else in the state folder; None if dropped.

        The file is no more readable by others than ``like`` (the incident file unless
        told otherwise: see ``IncidentFile.permissions_from``). Raises StoreError
        when neither place can be written.
        """
        source = self.incident_path if like is None else like
        with self._lock:
            if generation != self._generation:
                return None
            beside = recovery_path(self.incident_path)
            fallback = fallback_path(self.incident_path)
            try:
                atomic_write(beside, text, like=source)
                written, stale = beside, fallback
            except StoreError:
                try:
                    private_folder(fallback.parent)
                except StoreError as error:
                    raise StoreError(
                        f"{beside}: recovery file not written; {error}", path=beside
                    ) from None
                atomic_write(fallback, text, like=source)
                written, stale = fallback, beside
            with contextlib.suppress(OSError):
                stale.unlink(missing_ok=True)
            self.location = written
            return written

    def clear(self) -> None:
        """Remove the recovery file (after a save or a clean close)."""
        with self._lock:
            self._generation += 1
            for path in (recovery_path(self.incident_path), fallback_path(self.incident_path)):
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
            self.location = None
