"""Tests of postmortem_editor.clipboard: pyperclip first, OSC 52 as the fallback."""

from __future__ import annotations

import base64
import io
import os
import threading
import tty
from pathlib import Path

import pyperclip
import pytest

from postmortem_editor import clipboard
from postmortem_editor.clipboard import CopyResult, copy_text, osc52_sequence

from .. import fake_clipboard

TEXT = "# Web stack outage\n\nRoot cause: a load balancer — misconfigured 🔥\n"


def _fail_pyperclip(text: str) -> None:
    raise pyperclip.PyperclipException("Pyperclip could not find a copy/paste mechanism.")


def _decode_osc52(sequence: str) -> str:
    prefix = "\x1b]52;c;"
    assert sequence.startswith(prefix)
    assert sequence.endswith("\x07")
    return base64.b64decode(sequence[len(prefix) : -1], validate=True).decode("utf-8")


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No controlling terminal and a standard output that is not a terminal."""
    monkeypatch.setattr(clipboard, "_TTY_PATH", str(tmp_path / "missing" / "tty"))
    monkeypatch.setattr("sys.stdout", io.StringIO())
    monkeypatch.delenv("TMUX", raising=False)


def test_pyperclip_success_uses_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    sent: list[str] = []

    result = copy_text(TEXT, osc52=sent.append)

    assert result.method == "system"
    assert copied == [TEXT]
    assert sent == []
    assert result.message == f"Copied {len(TEXT)} characters to the system clipboard."


def test_pyperclip_exception_falls_back_to_osc52_callback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pyperclip, "copy", _fail_pyperclip)
    sent: list[str] = []

    result = copy_text(TEXT, osc52=sent.append)

    assert result.method == "osc52"
    assert sent == [TEXT]
    assert "could not find a copy/paste mechanism" in result.detail
    assert "OSC 52" in result.message
    assert "\n" not in result.message


def test_hanging_pyperclip_times_out_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    finished = threading.Event()

    def hang(text: str) -> None:
        release.wait(timeout=120.0)  # blocked until the test releases it
        finished.set()

    monkeypatch.setattr(pyperclip, "copy", hang)
    sent: list[str] = []
    try:
        result = copy_text(TEXT, osc52=sent.append, timeout=0.3)
        still_hanging = not finished.is_set()
    finally:
        release.set()

    assert still_hanging, "copy_text waited for the hanging clipboard tool"
    assert result.method == "osc52"
    assert sent == [TEXT]
    assert "did not finish" in result.detail


@pytest.mark.usefixtures("no_terminal")
def test_no_callback_and_no_terminal_gives_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pyperclip, "copy", _fail_pyperclip)

    result = copy_text(TEXT)

    assert result.method == "none"
    assert "export the Markdown to a file" in result.message
    assert "postmortem render" in result.message
    assert "\n" not in result.message
    assert "pyperclip" in result.detail
    assert "not a terminal" in result.detail


def test_failing_callback_gives_none_without_raising(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pyperclip, "copy", _fail_pyperclip)

    def broken_writer(text: str) -> None:
        raise OSError("terminal went away")

    result = copy_text(TEXT, osc52=broken_writer)

    assert result.method == "none"
    assert "terminal went away" in result.detail


@pytest.mark.parametrize("tmux", ["", "/tmp/tmux-1000/default,123,0"])
def test_without_callback_writes_sequence_to_tty(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmux: str
) -> None:
    controller, terminal = os.openpty()
    try:
        tty.setraw(terminal)  # the sequence arrives as written, no newline translation
        monkeypatch.setattr(pyperclip, "copy", _fail_pyperclip)
        monkeypatch.setattr(clipboard, "_TTY_PATH", os.ttyname(terminal))
        if tmux:
            monkeypatch.setenv("TMUX", tmux)
        else:
            monkeypatch.delenv("TMUX", raising=False)

        result = copy_text(TEXT)

        assert result.method == "osc52"
        expected = osc52_sequence(TEXT, tmux=bool(tmux)).encode("ascii")
        received = b""
        while len(received) < len(expected):
            received += os.read(controller, 65536)
        assert received == expected
    finally:
        os.close(terminal)
        os.close(controller)


def test_a_tty_path_that_is_a_plain_file_is_neither_created_nor_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_terminal: None
) -> None:
    """The sequence goes only to a terminal, never into a file others might read."""
    monkeypatch.setattr(pyperclip, "copy", _fail_pyperclip)
    missing = tmp_path / "tty"
    monkeypatch.setattr(clipboard, "_TTY_PATH", str(missing))
    assert copy_text(TEXT).method == "none"
    assert not missing.exists()

    plain = tmp_path / "plain"
    plain.write_text("")
    monkeypatch.setattr(clipboard, "_TTY_PATH", str(plain))
    result = copy_text(TEXT)
    assert result.method == "none"
    assert "not a terminal" in result.detail
    assert plain.read_text() == ""


@pytest.mark.parametrize("text", ["", "plain ascii", "café — naïve", "🔥🚒 outage ✅", TEXT])
def test_osc52_sequence_round_trips(text: str) -> None:
    sequence = osc52_sequence(text)

    assert sequence.isascii()
    assert _decode_osc52(sequence) == text


def test_osc52_sequence_tmux_passthrough() -> None:
    text = "déjà vu 🔁"
    wrapped = osc52_sequence(text, tmux=True)

    assert wrapped.startswith("\x1bPtmux;\x1b\x1b]52;c;")
    assert wrapped.endswith("\x07\x1b\\")
    inner = wrapped[len("\x1bPtmux;") : -len("\x1b\\")].replace("\x1b\x1b", "\x1b")
    assert inner == osc52_sequence(text)
    assert _decode_osc52(inner) == text


def test_messages_format_counts() -> None:
    assert CopyResult("system", characters=1234).message == (
        "Copied 1,234 characters to the system clipboard."
    )
    assert CopyResult("system", characters=1).message == (
        "Copied 1 character to the system clipboard."
    )
    assert CopyResult("osc52", characters=1234).message.startswith(
        "Sent 1,234 characters to the terminal clipboard (OSC 52)"
    )
    assert CopyResult("none", detail="no display").message.startswith(
        "No clipboard available (no display): export the Markdown to a file"
    )


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    """No desktop session: pyperclip, asked afresh, finds no clipboard mechanism."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pyperclip, "copy", pyperclip.determine_clipboard()[0])


@pytest.mark.usefixtures("no_display")
def test_real_pyperclip_without_a_display_falls_back_to_osc52() -> None:
    sent: list[str] = []

    result = copy_text(TEXT, osc52=sent.append)

    assert result.method == "osc52"
    assert sent == [TEXT]
    assert result.detail.startswith("pyperclip:")


def test_real_pyperclip_with_a_clipboard_tool_copies_to_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env, store = fake_clipboard.install(tmp_path)
    monkeypatch.delenv("DISPLAY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(pyperclip, "copy", pyperclip.determine_clipboard()[0])
    sent: list[str] = []

    result = copy_text(TEXT, osc52=sent.append, timeout=60.0)

    assert result.method == "system", result.detail
    assert sent == []
    assert store.read_text(encoding="utf-8") == TEXT
