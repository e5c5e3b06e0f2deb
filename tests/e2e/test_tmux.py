"""End to end: the real `postmortem FILE` command in a terminal, driven through tmux.

Each test starts its own tmux server on a private socket (`tmux -L <unique>`, no config
file), so it never touches the user's tmux, and kills that server when it is done. The
tests poll the screen (`capture-pane`) and the file with a deadline instead of sleeping.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
POSTMORTEM = Path(sys.executable).with_name("postmortem")
DEADLINE = 15.0
"""Seconds to wait for anything the editor should show or do."""
WIDTH, HEIGHT = 120, 40

pytestmark = pytest.mark.skipif(
    TMUX is None,
    reason="tmux is not installed: the end-to-end tests run `postmortem` inside tmux "
    "(install it, e.g. `apt-get install tmux`; CI does)",
)


class Terminal:
    """One tmux session, on a server of its own, running one command."""

    def __init__(self, folder: Path) -> None:
        self.name = f"pm-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.status_file = folder / "exit-status"
        self.socket: Path | None = None
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run(
            [TMUX, "-L", self.name, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=DEADLINE,
            check=False,
        )

    def tmux(self, *args: str) -> str:
        done = self.run(*args)
        if done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, *command: str) -> None:
        """Run the command in a fresh session; a shell around it writes its exit status.

        The status comes from that shell rather than from tmux (`remain-on-exit` and
        `#{pane_dead_status}`): tmux 3.3a now and then never reaps the exited command, so
        the status it reports stays empty.
        """
        script = 'env TERM=xterm-256color "$@"; echo $? > "$0.tmp" && mv "$0.tmp" "$0"'
        self.tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "--",
            "/bin/sh",
            "-c",
            script,
            str(self.status_file),
            *command,
        )
        self.socket = Path(self.show("#{socket_path}"))

    def kill(self) -> None:
        """Stop this test's tmux server and remove its socket (a server may leave it behind)."""
        self.run("kill-server")
        if self.socket is not None:
            self.socket.unlink(missing_ok=True)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def show(self, fmt: str) -> str:
        """A tmux format expanded for the pane, such as "#{cursor_x}"."""
        return self.tmux("display-message", "-p", "-t", self.name, fmt).strip()

    def keys(self, *keys: str) -> None:
        """Keys by tmux name (C-t, Enter), all in one write to the terminal."""
        self.tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        """Literal text, as typed."""
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def wait_until(
        self, check: Callable[[str], object], what: str, deadline: float = DEADLINE
    ) -> str:
        """Poll the screen until check(screen) is true; fail with the last screen if never."""
        end = time.monotonic() + deadline
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")
            time.sleep(0.05)

    def wait_for(self, text: str, deadline: float = DEADLINE) -> str:
        return self.wait_until(lambda screen: text in screen, repr(text), deadline)

    def wait_exit(self) -> int:
        """Wait for the command to end and its session to close; the command's exit status."""
        end = time.monotonic() + DEADLINE
        while not self.status_file.exists():
            if time.monotonic() > end:
                raise AssertionError(f"the editor did not exit; the screen was:\n{self.screen()}")
            time.sleep(0.05)
        while self.run("has-session", "-t", self.name).returncode == 0:
            if time.monotonic() > end:
                raise AssertionError("the tmux session outlived the editor")
            time.sleep(0.05)
        return int(self.status_file.read_text())


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    assert POSTMORTEM.exists(), f"no `postmortem` script beside {sys.executable}"
    term = Terminal(tmp_path)
    try:
        yield term
    finally:
        term.kill()


def open_editor(terminal: Terminal, incident: Path) -> None:
    terminal.start(str(POSTMORTEM), str(incident))
    terminal.wait_for(f"{incident.name} saved")  # the status line: the editor is up


def wait_file(path: Path, text: str) -> str:
    end = time.monotonic() + DEADLINE
    while text not in (content := path.read_text(encoding="utf-8")):
        if time.monotonic() > end:
            raise AssertionError(f"{path.name} never contained {text!r}:\n{content}")
        time.sleep(0.05)
    return content


def test_quick_entry_save_and_quit(terminal: Terminal, incident: Path) -> None:
    """ctrl+t, a typed entry, Enter, ctrl+s, ctrl+q: the file gains exactly that entry."""
    original = incident.read_text(encoding="utf-8")
    open_editor(terminal, incident)

    terminal.keys("C-t")
    terminal.wait_for("esc Cancel")  # the quick-entry line has the focus (its key in the footer)
    terminal.type("12:40 paged the database team")
    terminal.wait_for("Enter adds: 12:40 PM · escalation")
    terminal.keys("Enter")
    row = re.compile(r"12:40 PM\s+escalation\s+paged the database team")
    terminal.wait_until(row.search, "the new row in the timeline table")
    terminal.wait_for(f"{incident.name} ● unsaved")

    terminal.keys("C-s")
    saved = wait_file(incident, "paged the database team")
    terminal.wait_for(f"{incident.name} saved")
    terminal.keys("C-q")
    assert terminal.wait_exit() == 0

    assert incident.read_text(encoding="utf-8") == saved
    data = tomllib.loads(saved)
    start = data["summary"]["start"]
    added = [entry for entry in data["timeline"] if entry["text"] == "paged the database team"]
    assert len(added) == 1, data["timeline"]
    entry = added[0]
    assert entry["kind"] == "escalation"
    at = entry["at"]
    assert (at.date(), at.hour, at.minute, at.second) == (start.date(), 12, 40, 0)
    assert at.utcoffset() == start.utcoffset()
    assert data["timeline"][:-1] == tomllib.loads(original)["timeline"]

    diff = list(difflib.unified_diff(original.splitlines(), saved.splitlines(), lineterm="", n=0))
    changes = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changes, "the file did not change"
    assert all(line.startswith("+") for line in changes), "\n".join(diff)


def test_quit_without_saving_leaves_file_alone(terminal: Terminal, incident: Path) -> None:
    """Edit the title, ctrl+q, answer q (quit without saving): the file is untouched."""
    original = incident.read_bytes()
    open_editor(terminal, incident)

    # No key needed: an opened incident has the focus in its title.

    def cursor_in_title(screen: str) -> bool:
        """The terminal's cursor is inside the title's box (Textual puts it at the caret)."""
        for y, line in enumerate(screen.splitlines()):
            if "▊  Postmortem " in line:
                left, right = line.index("▊  Postmortem "), line.index("▎")
                x, cursor_y = map(int, terminal.show("#{cursor_x} #{cursor_y}").split())
                return cursor_y == y and left < x < right
        return False

    terminal.wait_until(cursor_in_title, "the title field to have the focus")
    terminal.type(" (edited)")
    terminal.wait_for("▊  Postmortem (edited)")
    terminal.wait_for(f"{incident.name} ● unsaved")

    terminal.keys("C-q")
    terminal.wait_for("There are unsaved changes.")
    terminal.wait_for("Quit without saving (q)")
    terminal.keys("q")
    assert terminal.wait_exit() == 0
    assert incident.read_bytes() == original


def test_typing_straight_after_ctrl_t_is_kept(terminal: Terminal, incident: Path) -> None:
    """A fast typist (or a paste) right after ctrl+t: the text lands in the quick-entry line."""
    open_editor(terminal, incident)
    terminal.keys("C-t", "12:40 paged the database team")
    terminal.wait_for("Enter adds: 12:40 PM · escalation")
    terminal.wait_for("12:40 paged the database team")  # the whole line, in the line


def saved_timeline(terminal: Terminal, incident: Path, count: int) -> list[dict[str, object]]:
    """ctrl+s, then the saved file's timeline once it has ``count`` entries."""
    terminal.keys("C-s")
    end = time.monotonic() + DEADLINE
    while True:
        timeline = tomllib.loads(incident.read_text(encoding="utf-8")).get("timeline", [])
        if len(timeline) >= count:
            return timeline
        if time.monotonic() > end:
            raise AssertionError(f"the file has {len(timeline)} entries:\n{terminal.screen()}")
        time.sleep(0.05)


def test_forty_lines_sent_with_no_pause_give_forty_entries(
    terminal: Terminal, incident: Path
) -> None:
    """Forty quick-entry lines in one write (no bracketed paste): forty entries, in order."""
    open_editor(terminal, incident)
    before = len(tomllib.loads(incident.read_text(encoding="utf-8"))["timeline"])
    terminal.keys("C-t")
    terminal.wait_for("esc Cancel")
    lines = [f"13:{minute:02d} burst line {minute} done" for minute in range(40)]
    terminal.type("".join(line + "\r" for line in lines))
    timeline = saved_timeline(terminal, incident, before + 40)
    texts = [str(entry["text"]) for entry in timeline[before:]]
    assert texts == [f"burst line {minute} done" for minute in range(40)]


def test_a_bracketed_paste_of_lines_gives_one_entry_per_line(
    terminal: Terminal, incident: Path, tmp_path: Path
) -> None:
    """A chat log pasted (paste-buffer -p): shown first, then one entry per line on Enter."""
    open_editor(terminal, incident)
    before = len(tomllib.loads(incident.read_text(encoding="utf-8"))["timeline"])
    terminal.keys("C-t")
    terminal.wait_for("esc Cancel")
    log = "[12:40] alice: paging the DBA\n[12:42] bob: replica is lagging\n12:45 failed over\n"
    terminal.tmux("set-buffer", "-b", "chat", log)
    terminal.tmux("paste-buffer", "-p", "-b", "chat", "-t", terminal.name)
    terminal.wait_for("Enter adds 3 entries")
    terminal.keys("Enter")
    terminal.wait_for("Added 3 entries")
    timeline = saved_timeline(terminal, incident, before + 3)
    added = [(entry.get("by", ""), entry["text"]) for entry in timeline[before:]]
    assert added == [
        ("alice", "paging the DBA"),
        ("bob", "replica is lagging"),
        ("", "failed over"),
    ]


def test_letters_typed_on_the_timeline_table_start_an_entry(
    terminal: Terminal, incident: Path
) -> None:
    """On the table, 'dikos' once deleted, inserted, cycled and sorted: now it is text."""
    open_editor(terminal, incident)
    original = tomllib.loads(incident.read_text(encoding="utf-8"))["timeline"]
    terminal.keys("M-Right")  # the Timeline pane: its quick-entry line has the focus
    terminal.wait_for("esc Cancel")
    terminal.keys("Up")
    terminal.keys("BTab")  # back to the table
    terminal.wait_for("Edit")
    terminal.type("12:50 dikos and more\r")
    timeline = saved_timeline(terminal, incident, len(original) + 1)
    assert timeline[: len(original)] == original
    assert timeline[-1]["text"] == "dikos and more"


def test_an_entry_edited_in_its_form_keeps_a_pasted_block_and_who(
    terminal: Terminal, incident: Path
) -> None:
    """Enter on a row opens its form; a block pasted into the text keeps every line."""
    open_editor(terminal, incident)
    original = tomllib.loads(incident.read_text(encoding="utf-8"))["timeline"]
    terminal.keys("M-Right")
    terminal.wait_for("esc Cancel")
    terminal.keys("BTab")  # back to the table, on its first row
    terminal.wait_for("Edit")
    terminal.keys("Down", "Enter")
    terminal.wait_for("Edit entry")
    terminal.wait_for("Enter saves")
    terminal.tmux("set-buffer", "-b", "more", " then\nchecked the pool\n")
    terminal.tmux("paste-buffer", "-p", "-b", "more", "-t", terminal.name)
    terminal.keys("BTab")  # from the text to who
    terminal.type("Priya")
    terminal.keys("Enter")
    terminal.wait_until(lambda screen: "Edit entry" not in screen, "the form to close")
    terminal.keys("C-s")
    timeline = tomllib.loads(wait_file(incident, "Priya"))["timeline"]
    edited = timeline[1]
    assert edited["text"] == f"{original[1]['text']} then checked the pool"
    assert edited["by"] == "Priya"
    assert timeline[:1] + timeline[2:] == original[:1] + original[2:]
