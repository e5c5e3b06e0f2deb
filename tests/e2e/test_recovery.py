"""End to end: words typed in the real editor survive kill -9, SIGTERM and a closed terminal."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from .test_tmux import DEADLINE, POSTMORTEM, TMUX, Terminal, open_editor, wait_file

pytestmark = pytest.mark.skipif(
    TMUX is None,
    reason="tmux is not installed: the end-to-end tests run `postmortem` inside tmux "
    "(install it, e.g. `apt-get install tmux`; CI does)",
)

WORDS = "the database failed over at 12:44"
LAST_WORDS = "traffic drained from the old primary"


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[list[Terminal]]:
    """Terminals for a test, each on its own tmux server; all killed at the end."""
    assert POSTMORTEM.exists(), f"no `postmortem` script beside {POSTMORTEM}"
    opened: list[Terminal] = []
    try:
        yield opened
    finally:
        for term in opened:
            term.kill()


def new_terminal(terminals: list[Terminal], folder: Path) -> Terminal:
    run_folder = folder / f"run{len(terminals)}"
    run_folder.mkdir()
    term = Terminal(run_folder)
    terminals.append(term)
    return term


def editor_pid(term: Terminal) -> int:
    """The editor's process: the child of the shell that runs it in the pane."""
    shell = term.show("#{pane_pid}")
    end = time.monotonic() + DEADLINE
    while True:
        found = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True)
        pids = [int(pid) for pid in found.stdout.split()]
        if pids:
            return pids[0]
        if time.monotonic() > end:
            raise AssertionError("the editor process was not found")
        time.sleep(0.05)


def add_entry(term: Terminal, at: str, text: str) -> None:
    """ctrl+t, type an entry, Enter; returns when its row is in the timeline table."""
    term.keys("C-t")
    term.wait_for("esc Cancel")
    term.type(f"{at} {text}")
    term.keys("Enter")
    row = re.compile(rf"{at} PM\s+\w+\s+{re.escape(text[:20])}")
    term.wait_until(row.search, f"the row {text!r} in the timeline table")


def recovery_of(incident: Path) -> Path:
    return incident.parent / f".{incident.name}.recovery"


def wait_recovery(incident: Path, text: str) -> None:
    """Wait until the recovery file of the incident holds text."""
    path = recovery_of(incident)
    end = time.monotonic() + DEADLINE
    while not (path.exists() and text in path.read_text(encoding="utf-8")):
        if time.monotonic() > end:
            raise AssertionError(f"{path.name} never held {text!r}")
        time.sleep(0.05)


def wait_gone(pid: int) -> None:
    end = time.monotonic() + DEADLINE
    while Path(f"/proc/{pid}").exists():
        status = Path(f"/proc/{pid}/status")
        try:
            if "zombie" in status.read_text():
                return
        except OSError:
            return
        if time.monotonic() > end:
            raise AssertionError(f"process {pid} did not end")
        time.sleep(0.05)


def type_then_kill_9(terminals: list[Terminal], incident: Path, tmp_path: Path) -> None:
    """Type an entry, wait for the recovery file to hold it, and kill -9 the editor."""
    term = new_terminal(terminals, tmp_path)
    open_editor(term, incident)
    add_entry(term, "12:44", WORDS)
    wait_recovery(incident, WORDS)  # a couple of seconds after typing stops
    os.kill(editor_pid(term), signal.SIGKILL)
    assert term.wait_exit() == 128 + signal.SIGKILL


def test_kill_9_then_reopen_recovers_the_typed_words(
    terminals: list[Terminal], incident: Path, tmp_path: Path
) -> None:
    original = incident.read_bytes()
    type_then_kill_9(terminals, incident, tmp_path)
    recovery = recovery_of(incident)
    assert incident.read_bytes() == original, "nothing was saved"
    assert recovery.exists()

    again = new_terminal(terminals, tmp_path)
    again.start(str(POSTMORTEM), str(incident))
    again.wait_for("Unsaved edits were found")
    again.wait_for("Recover (r)")
    again.keys("r")
    again.wait_for("Recovered the unsaved edits")
    again.keys("C-NPage")  # the Timeline pane
    again.wait_until(re.compile(r"12:44 PM\s+\w+\s+the database fail").search, "the row")
    again.wait_for(f"{incident.name} ● unsaved")

    again.keys("C-s")
    saved = wait_file(incident, WORDS)
    again.wait_for(f"{incident.name} saved")
    assert not recovery.exists(), "saving removes the recovery file"
    again.keys("C-q")
    assert again.wait_exit() == 0
    texts = [entry["text"] for entry in tomllib.loads(saved)["timeline"]]
    assert texts.count(WORDS) == 1


def test_discarding_found_edits_keeps_a_copy_and_the_file(
    terminals: list[Terminal], incident: Path, tmp_path: Path
) -> None:
    original = incident.read_bytes()
    type_then_kill_9(terminals, incident, tmp_path)

    again = new_terminal(terminals, tmp_path)
    again.start(str(POSTMORTEM), str(incident))
    again.wait_for("Discard (x)")
    again.keys("x")
    again.wait_for("Discarded the unsaved edits")
    again.keys("C-q")
    assert again.wait_exit() == 0
    assert incident.read_bytes() == original
    assert not recovery_of(incident).exists()
    copies = list(incident.parent.glob("incident.discarded-*.toml"))
    assert len(copies) == 1, list(incident.parent.iterdir())
    texts = [entry["text"] for entry in tomllib.loads(copies[0].read_text())["timeline"]]
    assert WORDS in texts


@pytest.mark.parametrize("how", ["SIGTERM", "closed terminal"])
def test_sigterm_and_a_closed_terminal_write_the_recovery_file_before_exiting(
    terminals: list[Terminal], incident: Path, tmp_path: Path, how: str
) -> None:
    term = new_terminal(terminals, tmp_path)
    open_editor(term, incident)
    add_entry(term, "12:44", WORDS)
    pid = editor_pid(term)
    # The last entry is killed within moments of being typed, usually before the idle
    # timer; either way the file must be written by the signal's handler, after the signal.
    add_entry(term, "12:45", LAST_WORDS)
    sent = datetime.now(UTC)
    if how == "SIGTERM":
        os.kill(pid, signal.SIGTERM)
        assert term.wait_exit() == 128 + signal.SIGTERM
    else:
        term.kill()  # the terminal goes away: the editor gets SIGHUP
    wait_gone(pid)
    data = json.loads(recovery_of(incident).read_text(encoding="utf-8"))
    written = datetime.fromisoformat(data["written_at"])
    assert written >= sent, f"the recovery file was written before the signal ({written})"
    texts = [entry["text"] for entry in data["incident"]["timeline"]]
    assert WORDS in texts
    assert LAST_WORDS in texts
