"""Reading incident files: their text, decoded, parsed and validated, with errors worded.

A file is read whole (under :data:`MAX_FILE_BYTES`), decoded as UTF-8 with a plain word for
what it is otherwise (empty, UTF-16, a byte-order mark, binary), parsed with ``tomllib``
(fast, strict TOML 1.0) and validated into an :class:`Incident`. Every failure is a
:class:`StoreError` of one line: ``FILE:LINE:COL: invalid TOML: ...`` for the syntax,
``FILE: field.path: ...`` for the values.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import ValidationError

from postmortem_editor.errors import StoreError
from postmortem_editor.model import Incident, describe_error

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Larger files are refused: a postmortem of that size is not a postmortem."""

_TOML_POSITION = re.compile(r"^(?P<message>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_MESSAGES = {
    "Illegal character '\\n'": "the line ends inside a string (is a closing quote missing?)",
    "Invalid value": "invalid value (text needs quotes; times look like 2024-02-14T10:00:00Z)",
}


def decode(path: Path, raw: bytes) -> str:
    """The UTF-8 text of an incident file's bytes, or a StoreError saying what they are."""
    if not raw.strip():
        raise StoreError(
            f"{path}: the file is empty; create an incident with `postmortem new {path}`",
            path=path,
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StoreError(f"{path}: this is UTF-16 text; save it as UTF-8 to open it", path=path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise StoreError(
            f"{path}:1:1: invalid TOML: the file starts with a byte-order mark (BOM); "
            "save it as UTF-8 without BOM",
            path=path,
        )
    if b"\x00" in raw:
        raise StoreError(f"{path}: this is a binary file, not an incident", path=path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(
            f"{path}: not UTF-8 text (bad byte at offset {error.start})", path=path
        ) from None


def read_text(path: Path) -> str:
    """The text of an incident file, or a StoreError saying why it cannot be read."""
    try:
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not an incident file", path=path)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise StoreError(
                f"{path}: the file is {size // (1024 * 1024)} MB; an incident file "
                f"must be under {MAX_FILE_BYTES // (1024 * 1024)} MB",
                path=path,
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file", path=path) from None
    except PermissionError:
        raise StoreError(f"{path}: permission denied", path=path) from None
    except OSError as error:
        raise StoreError(f"{path}: cannot read: {error.strerror}", path=path) from None
    return decode(path, raw)


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
                f"{path}:{match['line']}:{match['col']}: invalid TOML: {message}",
                path=path,
            ) from None
        if str(error).endswith("(at end of document)"):
            line = text.count("\n") + 1
            column = len(text) - (text.rfind("\n") + 1) + 1
            message = str(error).removesuffix(" (at end of document)")
            message = _TOML_MESSAGES.get(message, message)
            raise StoreError(
                f"{path}:{line}:{column}: invalid TOML: the file ends too early: "
                f"{message[:1].lower() + message[1:]}",
                path=path,
            ) from None
        raise StoreError(f"{path}: invalid TOML: {error}", path=path) from None
    except RecursionError:
        raise StoreError(f"{path}: invalid TOML: nested too deeply", path=path) from None
    try:
        return Incident.model_validate(data)
    except ValidationError as error:
        raise StoreError(f"{path}: {describe_error(error)}", path=path) from None
    except RecursionError:
        raise StoreError(f"{path}: values nested too deeply", path=path) from None
