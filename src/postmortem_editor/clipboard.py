"""Put text on the clipboard: pyperclip where it works, otherwise OSC 52 through the terminal.

The result says which mechanism was used, so the caller can tell the user (a toast in the
editor, a line on stderr from the command line). Nothing here raises because a clipboard
is missing or misbehaving: ``copy_text`` always returns a ``CopyResult``.

This is a core module: it does not import Textual. The editor passes its own OSC 52 writer
(for example ``App.copy_to_clipboard``) so the escape sequence goes through the terminal
driver rather than around it.
"""

from __future__ import annotations

import base64
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pyperclip

__all__ = ["CopyMethod", "CopyResult", "copy_text", "osc52_sequence"]

CopyMethod = Literal["system", "osc52", "none"]

# The controlling terminal; a module attribute so tests can point it elsewhere.
_TTY_PATH = "/dev/tty"

_EXPORT_HINT = "export the Markdown to a file instead with `postmortem render FILE -o FILE.md`"
_MAX_REASON_LENGTH = 120


@dataclass(frozen=True)
class CopyResult:
    """What ``copy_text`` did.

    ``method`` is "system" (pyperclip), "osc52" (escape sequence sent to the terminal) or
    "none" (nothing worked). ``detail`` is a one-line reason when pyperclip was not used,
    otherwise empty. ``characters`` is the length of the text that was copied.
    """

    method: CopyMethod
    detail: str = ""
    characters: int = 0

    @property
    def message(self) -> str:
        """A one-line message for the user saying where the text went."""
        count = _count_characters(self.characters)
        if self.method == "system":
            return f"Copied {count} to the system clipboard."
        if self.method == "osc52":
            return (
                f"Sent {count} to the terminal clipboard (OSC 52); "
                "your terminal must allow clipboard access."
            )
        if self.detail:
            return f"No clipboard available ({self.detail}): {_EXPORT_HINT}."
        return f"No clipboard available: {_EXPORT_HINT}."


def osc52_sequence(text: str, *, tmux: bool = False) -> str:
    """Return the OSC 52 escape sequence that sets the clipboard to ``text``.

    The payload is the base64 of the UTF-8 bytes: ``ESC ] 52 ; c ; <base64> BEL``. With
    ``tmux`` the sequence is wrapped in tmux's passthrough (``ESC P tmux; ... ESC \\``,
    with every ESC inside doubled) so that tmux hands it on to the outer terminal.
    """
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if tmux:
        escaped = sequence.replace("\x1b", "\x1b\x1b")
        return f"\x1bPtmux;{escaped}\x1b\\"
    return sequence


def copy_text(
    text: str,
    *,
    osc52: Callable[[str], None] | None = None,
    timeout: float = 2.0,
) -> CopyResult:
    """Copy ``text`` to the clipboard and return which mechanism was used.

    First pyperclip, run in a daemon thread and abandoned after ``timeout`` seconds so a
    hanging clipboard tool cannot hang the caller. If pyperclip fails or times out, OSC 52:
    ``osc52(text)`` when a writer is given, otherwise the escape sequence is written to the
    controlling terminal (``/dev/tty``) or to ``sys.stdout`` when that is a terminal,
    wrapped for tmux when ``$TMUX`` is set. If neither works the method is "none". A
    failure of either mechanism never raises out of this function.
    """
    characters = len(text)
    pyperclip_failure = _copy_with_pyperclip(text, timeout)
    if pyperclip_failure is None:
        return CopyResult(method="system", detail="", characters=characters)

    if osc52 is not None:
        osc52_failure = _copy_with_callback(text, osc52)
    else:
        tmux = bool(os.environ.get("TMUX"))
        osc52_failure = _write_to_terminal(osc52_sequence(text, tmux=tmux))
    if osc52_failure is None:
        return CopyResult(method="osc52", detail=pyperclip_failure, characters=characters)

    detail = f"{pyperclip_failure}; OSC 52: {osc52_failure}"
    return CopyResult(method="none", detail=detail, characters=characters)


def _copy_with_pyperclip(text: str, timeout: float) -> str | None:
    """Run ``pyperclip.copy`` in a daemon thread; None on success, else a one-line reason."""
    outcome: list[BaseException | None] = []

    def worker() -> None:
        try:
            pyperclip.copy(text)
        except Exception as exc:  # any failure of the clipboard tool means "fall back"
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=worker, name="pyperclip-copy", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive() or not outcome:
        return f"pyperclip: clipboard tool did not finish within {timeout:g} s"
    error = outcome[0]
    if error is None:
        return None
    return f"pyperclip: {_describe(error)}"


def _copy_with_callback(text: str, osc52: Callable[[str], None]) -> str | None:
    """Call the caller's OSC 52 writer; None on success, else a one-line reason."""
    try:
        osc52(text)
    except Exception as exc:  # the writer belongs to the caller; report, do not raise
        return _describe(exc)
    return None


def _write_to_terminal(sequence: str) -> str | None:
    """Write ``sequence`` to /dev/tty, or to stdout if it is a terminal.

    Only a terminal is ever written to: /dev/tty is opened without creating it and used
    only when it is one, so the text never lands in a file others could read.
    Returns None on success, else a one-line reason.
    """
    tty_failure = _write_to_tty(sequence.encode("ascii"))
    if tty_failure is None:
        return None

    stdout = sys.stdout
    if stdout is None:
        return f"{tty_failure}; no standard output"
    try:
        if not stdout.isatty():
            return f"{tty_failure}; standard output is not a terminal"
        stdout.write(sequence)
        stdout.flush()
    except Exception as exc:  # sys.stdout may be any object; report, do not raise
        return f"{tty_failure}; cannot write to standard output ({_describe(exc)})"
    return None


def _write_to_tty(data: bytes) -> str | None:
    """Write data to the controlling terminal; None on success, else a one-line reason."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(_TTY_PATH, flags)  # never O_CREAT: no file is made where none is
    except OSError as exc:
        return f"cannot open {_TTY_PATH} ({_describe(exc)})"
    try:
        if not os.isatty(fd):
            return f"{_TTY_PATH} is not a terminal"
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        return f"cannot write to {_TTY_PATH} ({_describe(exc)})"
    finally:
        os.close(fd)
    return None


def _describe(error: BaseException) -> str:
    """Shorten an exception to one line: its first sentence, or its class name."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    first_sentence = lines[0].split(". ")[0].rstrip(".")
    if len(first_sentence) > _MAX_REASON_LENGTH:
        return first_sentence[: _MAX_REASON_LENGTH - 1] + "…"
    return first_sentence


def _count_characters(count: int) -> str:
    """Format a character count for people: "1 character", "1,234 characters"."""
    if count == 1:
        return "1 character"
    return f"{count:,} characters"
