"""TOML file <-> incident model: loading with clear errors, minimal-diff atomic saves.

Loading reads the file with ``tomllib`` (fast, strict TOML 1.0) and validates it into an
:class:`Incident`. Saving applies only what changed since the last load or save to the
file's tomlkit document, so comments, key order and formatting survive and a one-field
edit changes one field's lines. Every write is atomic (temporary file in the same folder,
flush, fsync, ``os.replace``, mode kept) and is read back before it replaces the file.
Files written from an incident (recovery files, copies, exports) are no more readable by
others than the incident: see :func:`private_mode`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import threading
import tomllib
import typing
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import BaseModel, ValidationError
from tomlkit.items import AoT, String, Table, Whitespace

from postmortem_editor.model import Incident, Item, describe_error
from postmortem_editor.store_patch import Statement, Unsupported, patch_text, scan
from postmortem_editor.store_patch import fresh_item as _item_of

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Larger files are refused: a postmortem of that size is not a postmortem."""

_TOML_POSITION = re.compile(r"^(?P<message>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_MESSAGES = {
    "Illegal character '\\n'": "the line ends inside a string (is a closing quote missing?)",
    "Invalid value": "invalid value (text needs quotes; times look like 2024-02-14T10:00:00Z)",
}


class StoreError(Exception):
    """A file that cannot be read or written, with a one-line message naming the file."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class FileChangedError(StoreError):
    """The file on disk changed since it was loaded; saving would overwrite that change."""


def _where(path: Path) -> str:
    return str(path)


def _decode(path: Path, raw: bytes) -> str:
    if not raw.strip():
        raise StoreError(
            f"{_where(path)}: the file is empty; create an incident with `postmortem new {path}`",
            path=path,
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StoreError(
            f"{_where(path)}: this is UTF-16 text; save it as UTF-8 to open it", path=path
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise StoreError(
            f"{_where(path)}:1:1: invalid TOML: the file starts with a byte-order mark (BOM); "
            "save it as UTF-8 without BOM",
            path=path,
        )
    if b"\x00" in raw:
        raise StoreError(f"{_where(path)}: this is a binary file, not an incident", path=path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(
            f"{_where(path)}: not UTF-8 text (bad byte at offset {error.start})", path=path
        ) from None


def read_text(path: Path) -> str:
    """The text of an incident file, or a StoreError saying why it cannot be read."""
    try:
        if path.is_dir():
            raise StoreError(f"{_where(path)}: is a folder, not an incident file", path=path)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise StoreError(
                f"{_where(path)}: the file is {size // (1024 * 1024)} MB; an incident file "
                f"must be under {MAX_FILE_BYTES // (1024 * 1024)} MB",
                path=path,
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{_where(path)}: no such file", path=path) from None
    except PermissionError:
        raise StoreError(f"{_where(path)}: permission denied", path=path) from None
    except OSError as error:
        raise StoreError(f"{_where(path)}: cannot read: {error.strerror}", path=path) from None
    return _decode(path, raw)


def parse_text(text: str, path: Path) -> Incident:
    """Parse and validate incident text; StoreError with FILE:LINE:COL or FILE: field.path."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_POSITION.match(str(error))
        if match:
            message = _TOML_MESSAGES.get(match["message"], match["message"])
            message = message[:1].lower() + message[1:]
            raise StoreError(
                f"{_where(path)}:{match['line']}:{match['col']}: invalid TOML: {message}",
                path=path,
            ) from None
        if str(error).endswith("(at end of document)"):
            line = text.count("\n") + 1
            column = len(text) - (text.rfind("\n") + 1) + 1
            message = str(error).removesuffix(" (at end of document)")
            message = _TOML_MESSAGES.get(message, message)
            raise StoreError(
                f"{_where(path)}:{line}:{column}: invalid TOML: the file ends too early: "
                f"{message[:1].lower() + message[1:]}",
                path=path,
            ) from None
        raise StoreError(f"{_where(path)}: invalid TOML: {error}", path=path) from None
    except RecursionError:
        raise StoreError(f"{_where(path)}: invalid TOML: nested too deeply", path=path) from None
    try:
        return Incident.model_validate(data)
    except ValidationError as error:
        raise StoreError(f"{_where(path)}: {describe_error(error)}", path=path) from None
    except RecursionError:
        raise StoreError(f"{_where(path)}: values nested too deeply", path=path) from None


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
        self._text = text
        self._saved = incident.model_copy(deep=True)
        self._doc: tomlkit.TOMLDocument | None = None
        self._scanned: tuple[str, tuple[Statement, ...]] | None = None
        self._doc_lock = threading.Lock()
        self._disk_digest = _digest(text) if exists else None
        self._disk_stamp = _stamp(path) if exists else None
        self._disk_mode = _mode(path) if exists else None

    def _bind(
        self, text: str, incident: Incident, *, doc: tomlkit.TOMLDocument | None = None
    ) -> None:
        """Make text, as it is on disk now, and its incident the saved state.

        ``doc`` is the text already parsed with tomlkit, when the caller has it (a save does).
        """
        self.exists = True
        self.like = None
        with self._doc_lock:
            self._text = text
            self._doc = doc
        self._saved = incident.model_copy(deep=True)
        self._disk_digest = _digest(text)
        self._disk_stamp = _stamp(self.path)
        self._disk_mode = _mode(self.path)

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
    ) -> IncidentFile:
        """A fresh incident bound to a path that is written on first save.

        It starts from the template, or holds ``incident`` (an imported one) when given; the
        first save then writes all of it. ``like`` is the file it comes from (the Markdown
        of an import): the new file is no more readable by others than that one. Without
        it the new file follows the umask.
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
                "clock",
                "authors",
            ):
                value = getattr(incident, name)
                if name == "clock" and value == Incident.model_fields["clock"].default:
                    continue
                if name in ("schema_version", "title", "status") or not _is_empty(value):
                    head[name] = _item_of(value)
            headings = {k: v for k, v in incident.headings.model_dump().items() if v}
            if headings:
                head["headings"] = {name: _item_of(value) for name, value in headings.items()}
            text = head.as_string()
            document = cls(file_path, text, parse_text(text, file_path), exists=False, like=source)
            document.incident = incident
            return document
        text = template_text(title)
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
        if self._disk_mode is not None and not os.path.exists(self.path):
            return self._disk_mode
        return self.path

    @property
    def text(self) -> str:
        """The file's text as last loaded or saved."""
        return self._text

    @property
    def saved(self) -> Incident:
        """The incident as last loaded or saved (do not change it)."""
        return self._saved

    @property
    def disk_digest(self) -> str | None:
        """SHA-256 of the file as last loaded or saved (None for a new file)."""
        return self._disk_digest

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
            return self._text
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
        doc = self._document()
        with self._doc_lock:
            self._doc = None
        _apply_model(doc, self._saved, target)
        return doc.as_string(), doc

    def _patched(self, target: Incident, *, checked: bool = True) -> str | None:
        """The saved text with the edits applied line by line; None when that cannot be done."""
        try:
            text = patch_text(self._text, self._saved, target, self._statements())
        except Unsupported:
            return None
        if not checked:
            return text
        try:
            _verify(text, target, self.path)
        except StoreError:
            return None
        return text

    def _statements(self) -> tuple[Statement, ...]:
        """The statements of the saved text, scanned once per text (Unsupported if it cannot)."""
        text = self._text
        cached = self._scanned
        if cached is not None and cached[0] is text:
            return cached[1]
        statements = scan(text)
        self._scanned = (text, statements)
        return statements

    def prepare(self) -> None:
        """Read the file's layout ahead of the first save (safe to run in a thread).

        Saving keeps the file's comments and layout by editing its lines, and reading them
        takes a while for thousands of entries; done beforehand, the first save costs what
        the later ones do.
        """
        text = self._text
        try:
            self._statements()
            return
        except Unsupported:
            pass
        if self._doc is not None:
            return
        try:
            doc = tomlkit.parse(text)
        except Exception:  # the save will parse again and report it
            return
        with self._doc_lock:
            if self._doc is None and self._text is text:
                self._doc = doc

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
            text = self._text
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
        stamp = _stamp(self.path)
        if stamp is None:
            return "missing"
        if stamp == self._disk_stamp:
            return None
        try:
            digest = _digest_bytes(self.path.read_bytes())
        except OSError:
            return None  # unreadable for now: the next look or the save will tell
        if digest == self._disk_digest:
            self._disk_stamp = stamp  # touched but not changed (e.g. a checkout)
            return None
        return "changed"

    def disk_text(self) -> str:
        """The file's text as it is on disk now (StoreError when it cannot be read)."""
        return read_text(self.path)

    def reload(self) -> None:
        """Read the file again, dropping the edits; StoreError (and nothing changed) if it fails."""
        text = read_text(self.path)
        incident = parse_text(text, self.path)
        self._bind(text, incident)
        self.incident = incident

    def keep_mine(self) -> str:
        """Accept the file on disk as seen, so the next save replaces it; returns its text."""
        raw = self.path.read_bytes()
        self._disk_digest = _digest_bytes(raw)
        self._disk_stamp = _stamp(self.path)
        return raw.decode("utf-8", errors="replace")

    def check_unchanged_on_disk(self) -> None:
        """Raise FileChangedError when the file on disk is not what was loaded or saved."""
        if self._disk_digest is None:
            if self.path.exists():
                raise FileChangedError(
                    f"{_where(self.path)}: a file was created there since the editor opened; "
                    "not overwriting it",
                    path=self.path,
                )
            return
        try:
            current = _digest_bytes(self.path.read_bytes())
        except FileNotFoundError:
            return  # the file vanished: saving puts it back
        except OSError:
            return  # unreadable: the write itself will report the problem
        if current != self._disk_digest:
            raise FileChangedError(
                f"{_where(self.path)}: the file changed on disk since it was opened; "
                "reload it or save under another name",
                path=self.path,
            )

    def _document(self) -> tomlkit.TOMLDocument:
        with self._doc_lock:
            doc = self._doc
        if doc is None:
            try:
                doc = tomlkit.parse(self._text)
            except Exception as error:  # tomlkit's parse errors share no base class
                raise StoreError(
                    f"{_where(self.path)}: cannot keep the file's layout: {error}", path=self.path
                ) from None
            with self._doc_lock:
                self._doc = doc
        return doc


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """Modification time, size and inode of the file a path leads to (None if missing)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _mode(path: Path) -> int | None:
    """The permission bits of the file a path leads to (None if it cannot be looked at)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def _digest(text: str) -> str:
    return _digest_bytes(text.encode("utf-8"))


def _digest_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _verify(text: str, incident: Incident, path: Path) -> None:
    """Refuse to write text that does not read back as the same incident."""
    try:
        again = Incident.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        raise StoreError(
            f"{_where(path)}: not saved: the text to write does not read back ({error})", path=path
        ) from None
    if dump_plain(again) != dump_plain(incident):
        raise StoreError(
            f"{_where(path)}: not saved: the text to write does not read back as the same incident",
            path=path,
        )


def dump_plain(incident: Incident) -> dict[str, Any]:
    """The incident as plain data without runtime ids, for comparisons."""
    return incident.model_dump(mode="json")


# --- writing ---------------------------------------------------------------------------


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
            f"{_where(path)}: not saved: the file is read-only or protected; "
            "the file on disk is unchanged",
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
    return StoreError(
        f"{_where(path)}: not saved: {reason}; the file on disk is unchanged", path=path
    )


# --- applying a model to a tomlkit document ----------------------------------------------


def _apply_model(container: Any, old: BaseModel, new: BaseModel) -> None:
    """Assign to the container only the fields whose value differs between old and new."""
    for name in type(new).model_fields:
        if name == "id":
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if isinstance(after, BaseModel):
            if name in container:
                _apply_model(container[name], before, after)
            elif not _is_empty_model(after):
                _add(container, type(new), name, _table_of(after))
        elif _holds_items(type(new), name):
            _apply_items(container, type(new), name, before, after)
        elif _is_empty(after):
            if name in container:
                del container[name]
        else:
            container[name] = _item_of(after)


def _holds_items(model: type[BaseModel], name: str) -> bool:
    """Whether the field is a list of items (an array of tables in the file)."""
    field = model.model_fields.get(name)
    return (
        field is not None
        and name in {"timeline", "tasks", "sections"}
        and typing.get_origin(field.annotation) is list
    )


def _add(container: Any, model: type[BaseModel], name: str, item: Table | AoT) -> None:
    """Add a new table or array of tables where the model's field order puts it."""
    order = [field for field in model.model_fields if field != "id"]
    position = order.index(name)
    before = [key for key in order[:position] if _is_table(container, key)]
    after = [key for key in order[position + 1 :] if _is_table(container, key)]
    if before and after:
        _end_with_blank(item)
        container._insert_after(before[-1], name, item)
        return
    if container.as_string().strip() and not container.as_string().endswith("\n\n"):
        container.add(tomlkit.nl())
    container[name] = item


def _is_table(container: Any, key: str) -> bool:
    return key in container and isinstance(container[key], (Table, AoT))


def _end_with_blank(item: Table | AoT) -> None:
    last = item.body[-1] if isinstance(item, AoT) else item
    if not _ends_blank(last):
        last.add(tomlkit.nl())


def _apply_items(
    container: Any, model: type[BaseModel], name: str, before: list[Item], after: list[Item]
) -> None:
    """Bring an array of tables in line with a list of items, matched by their ids."""
    if not after:
        if name in container:
            del container[name]
        return
    if name not in container:
        _add(container, model, name, _aot_of(after))
        return
    aot = container[name]
    if not isinstance(aot, AoT):
        # An inline array (`tasks = []`, `timeline = [{ text = "..." }]`): written out again
        # as an array of tables, where the format puts it.
        del container[name]
        _add(container, model, name, _aot_of(after))
        return
    tables: dict[str, Table] = {}
    olds: dict[str, Item] = {}
    for item, table in zip(before, aot.body, strict=True):
        tables[item.id] = table
        olds[item.id] = item
    wanted: list[Table] = []
    for item in after:
        found = tables.get(item.id)
        if found is None:
            found = _table_of(item)
        else:
            _apply_model(found, olds[item.id], item)
        wanted.append(found)
    current = list(aot.body)
    if [id(t) for t in wanted] == [id(t) for t in current]:
        return
    kept = [t for t in current if any(t is w for w in wanted)]
    in_order = [t for t in wanted if any(t is c for c in current)]
    if kept == in_order and all(w is c for w, c in zip(wanted, kept, strict=False)):
        # Only deletions and additions at the end: remove and append in place.
        for index in reversed(range(len(current))):
            if not any(current[index] is w for w in wanted):
                del aot[index]
        for table in wanted[len(kept) :]:
            _append_table(aot, table)
        return
    # A reorder (or insertion in the middle): lay the tables out again in the new order.
    ended_blank = bool(current) and _ends_blank(current[-1])
    while len(aot):
        del aot[0]
    for index, table in enumerate(wanted):
        last = index == len(wanted) - 1
        if not last and not _ends_blank(table):
            table.add(tomlkit.nl())
        if last and ended_blank and not _ends_blank(table):
            table.add(tomlkit.nl())
        aot.append(table)


def _ends_blank(table: Table) -> bool:
    body = table.value.body
    return bool(body) and isinstance(body[-1][1], Whitespace) and "\n" in body[-1][1].s


def _append_table(aot: AoT, table: Table) -> None:
    if aot.body:
        last = aot.body[-1]
        if _ends_blank(last):
            table.add(tomlkit.nl())
        else:
            last.add(tomlkit.nl())
    aot.append(table)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _is_empty_model(model: BaseModel) -> bool:
    return all(
        _is_empty(getattr(model, name))
        or getattr(model, name) == field.get_default(call_default_factory=True)
        for name, field in type(model).model_fields.items()
        if name != "id"
    )


def _table_of(model: BaseModel) -> Table:
    table = tomlkit.table()
    for name in type(model).model_fields:
        if name == "id":
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            if not _is_empty_model(value):
                table[name] = _table_of(value)
        elif _holds_items(type(model), name):
            if value:
                table[name] = _aot_of(value)
        elif not _is_empty(value):
            table[name] = _item_of(value)
    return table


def _aot_of(items: list[Item]) -> AoT:
    aot = tomlkit.aot()
    for item in items:
        aot.append(_table_of(item))  # a new array spaces its own tables
    return aot


# --- the template --------------------------------------------------------------------------

TEMPLATE = """\
# Incident postmortem. Edit with `postmortem edit FILE`, or by hand: this is TOML.
schema_version = 1
title = {title}
status = "draft"                 # draft | review | final
severity = ""                    # e.g. "SEV-1"
timezone = "UTC"                 # IANA name (America/New_York), "UTC" or an offset ("-05:00")
clock = "24h"                    # how times are shown: 24h (14:05) | 12h (2:05 PM)
authors = []

[summary]
# start = 2024-02-14T10:00:00-05:00
# end = 2024-02-14T12:30:00-05:00
service = ""
impact = ""                      # what users saw, and how many of them
# users_affected_percent = 80
root_cause = ""

# One [[timeline]] table per entry, e.g.
# [[timeline]]
# at = 2024-02-14T10:00:00-05:00
# kind = "detection"   # detection | investigation | misleading | escalation |
#                      # mitigation | resolution | communication | note
# text = "Error-rate alerts fired on the monitoring dashboard."

[analysis]
root_cause = ""
resolution = ""

[measures]
improvements = []

# [[measures.tasks]]
# text = "Validate load balancer configuration before deploys."
# owner = "infra"
# priority = "P1"
# due = 2024-03-01
# done = false
"""


def template_text(title: str = "") -> str:
    """The text of a fresh incident file, with comments that show the format."""
    return TEMPLATE.format(title=String.from_raw(title).as_string())
