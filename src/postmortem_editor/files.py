"""Files written beside an incident: atomic writes, the file-mode rule, names and stamps.

Every write is atomic (temporary file in the same folder, flush, fsync, ``os.replace``,
mode kept). Files written from an incident (recovery files, copies kept beside it, exports)
are no more readable by others than the incident: see :func:`private_mode`. Copies kept on
the user's behalf are named by :func:`name_beside`; :func:`disk_stamp` tells cheaply
whether a file was touched since it was last looked at.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
import threading
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from postmortem_editor.errors import StoreError

# --- the file-mode rule ----------------------------------------------------------------------


SHARING_BITS = 0o077
"""The group and other permission bits: who besides the owner may use a file."""


_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows.

    Setting the umask to read it back would, for a moment, let a file created by another
    thread be more open than the user asked; Linux tells it in /proc instead.
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        umask = os.umask(0o077)  # the most private value while it is read
        os.umask(umask)
    return umask


def default_mode() -> int:
    """The mode a new file gets under the user's umask (0o666 without the umask's bits)."""
    return 0o666 & ~current_umask()


ModeSource = Path | int | None
"""What a written file takes its permissions from: the incident's path, or its mode as
last seen (an incident that vanished from disk while open), or nothing (the umask)."""


def private_mode(source: ModeSource, mode: int | None = None) -> int:
    """The mode of a file written from the incident ``source``: no more shared than it.

    This is the one rule for every file written from an incident (recovery files, copies
    kept beside it, exports, imports): ``mode`` is what the file would get otherwise (its
    own mode when it exists, else the umask's default), and its group and other bits are
    cut to those the incident has, so a ``0600`` incident gives ``0600`` files and a
    ``0640`` one at most ``0640``. The owner's bits stay as they are. ``source`` is the
    incident's path (looked at now) or its mode as last seen; with none, or a path that
    does not exist (a new incident), the mode is left to the umask. An incident that
    cannot be looked at gives a file only its owner can use.
    """
    wanted = default_mode() if mode is None else stat.S_IMODE(mode)
    if source is None:
        return wanted
    if isinstance(source, int):
        shared = stat.S_IMODE(source) & SHARING_BITS
    else:
        try:
            shared = stat.S_IMODE(os.stat(source).st_mode) & SHARING_BITS
        except FileNotFoundError:
            return wanted
        except OSError:
            shared = 0
    return wanted & ~(SHARING_BITS & ~shared)


def restrict_mode(path: Path, source: ModeSource) -> None:
    """Narrow an existing file's mode to what :func:`private_mode` allows (never widen it).

    Raises OSError when the file cannot be looked at or changed.
    """
    current = stat.S_IMODE(os.stat(path).st_mode)
    narrowed = private_mode(source, current)
    if narrowed != current:
        os.chmod(path, narrowed)


# --- atomic writing --------------------------------------------------------------------------


def atomic_write(path: Path, text: str, *, like: ModeSource = None) -> None:
    """Write text to path atomically, through a symlink to its target, keeping its mode.

    ``like`` is the incident the text comes from (a recovery file, a copy, an export):
    the file is then no more readable by others than that incident (see
    :func:`private_mode`). Without it, an existing file keeps its mode and a new one
    follows the umask. The temporary file is created with the final mode before anything
    is written to it, so the text is never more readable than the finished file. The file
    is either the old bytes or the new ones, never a mix; on any failure the temporary
    file is removed and a StoreError says what happened.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _write_error(path, error) from None
    mode = private_mode(like, mode)
    if target.exists() and not os.access(target, os.W_OK):
        # A rename would replace a read-only file whose folder is writable: refuse.
        raise StoreError(
            f"{path}: not saved: the file is read-only or protected; the file on disk is unchanged",
            path=path,
        )
    tmp_name = None
    try:
        fd, tmp_name = _create_temporary(folder, target.name, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_folder(folder)
    except OSError as error:
        raise _write_error(path, error) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _create_temporary(folder: Path, name: str, mode: int) -> tuple[int, str]:
    """Create ``.NAME.XXXXXXXX.tmp`` in folder with exactly ``mode``, empty; (fd, path).

    The file is created with ``mode`` (the umask can only narrow it) and then set to
    ``mode`` before anything is written, so it is never more open than ``mode``.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        candidate = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(candidate, flags, mode)
        except FileExistsError:
            continue
        # A file system without modes (or one that refuses them) keeps the umask's
        # narrowing, which is never more open than asked.
        with contextlib.suppress(OSError, AttributeError):
            os.fchmod(fd, mode)
        return fd, candidate
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_error(path: Path, error: OSError) -> StoreError:
    reasons = {
        errno.EACCES: "permission denied (the file or its folder is read-only)",
        errno.EPERM: "not permitted (the file or its folder is protected)",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.ENOENT: "its folder does not exist",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return StoreError(f"{path}: not saved: {reason}; the file on disk is unchanged", path=path)


# --- what a file on disk is --------------------------------------------------------------------


class DiskStamp(NamedTuple):
    """What a ``stat`` tells of a file without reading it: changes when the file is touched."""

    mtime_ns: int
    """Its modification time, in nanoseconds."""
    size: int
    """Its size in bytes."""
    inode: int
    """Its inode: changes when the file is replaced (an atomic save, a checkout)."""


def disk_stamp(path: Path) -> DiskStamp | None:
    """Modification time, size and inode of the file a path leads to (None if missing)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return DiskStamp(info.st_mtime_ns, info.st_size, info.st_ino)


def file_mode(path: Path) -> int | None:
    """The permission bits of the file a path leads to (None if it cannot be looked at)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def content_digest(raw: bytes) -> str:
    """SHA-256 of a file's bytes, in hex: whether its content changed."""
    return hashlib.sha256(raw).hexdigest()


def text_digest(text: str) -> str:
    """SHA-256 of text as it is written to a file (UTF-8), in hex."""
    return content_digest(text.encode("utf-8"))


# --- names of the files kept beside an incident ---------------------------------------------


def file_stamp(moment: datetime | None = None) -> str:
    """A date and time for file names, ``20240214-103000`` (now when not given)."""
    return (moment or datetime.now()).strftime("%Y%m%d-%H%M%S")


def name_beside(incident_path: Path, label: str, when: datetime | None = None) -> Path:
    """``NAME.LABEL-DATE.toml`` beside the incident: a copy kept on the user's behalf.

    ``label`` says what the copy holds (``discarded``, ``mine``, ``theirs``); ``when``
    is the time in its name (now when not given).
    """
    suffix = incident_path.suffix or ".toml"
    return incident_path.with_name(f"{incident_path.stem}.{label}-{file_stamp(when)}{suffix}")
