"""End to end: a file left with git's conflict markers, through the real `postmortem`."""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_cli import assert_refused, run_cli
from .test_tmux import POSTMORTEM, TMUX, Terminal

CONFLICTED = """\
schema_version = 1
title = "Cache outage"
timezone = "UTC"
<<<<<<< HEAD
severity = "SEV-1"
=======
severity = "SEV-2"
>>>>>>> feature

[summary]
service = "cache"
<<<<<<< HEAD
impact = "All users."
||||||| base
impact = ""
=======
impact = "Half the users."
>>>>>>> feature
"""


@pytest.fixture
def conflicted(tmp_path: Path) -> Path:
    path = tmp_path / "incident.toml"
    path.write_text(CONFLICTED, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [("render",), ("render", "-o", "out.md"), ("check",), ("copy",), ("add", "a note"), ("edit",)],
    ids=["render", "render-to-file", "check", "copy", "add", "edit-without-a-terminal"],
)
def test_a_command_on_a_file_with_conflict_markers_names_their_lines_and_changes_nothing(
    command: tuple[str, ...], conflicted: Path
) -> None:
    name, *extra = command
    result = run_cli(name, conflicted.name, *extra, cwd=conflicted.parent)
    line = assert_refused(
        result, r"^incident\.toml: unresolved merge conflicts at lines 4-8, 12-18: "
    )
    assert line.endswith("open it with `postmortem edit incident.toml` to resolve them")
    assert conflicted.read_text(encoding="utf-8") == CONFLICTED
    assert sorted(p.name for p in conflicted.parent.iterdir()) == ["incident.toml"]


def test_several_schema_problems_are_a_count_then_a_line_each(tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    text = 'schema_version = 1\ntitle = 3\n\n[[timeline]]\nkind = "party"\n'
    path.write_text(text, encoding="utf-8")
    result = run_cli("render", path)
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{path}: 2 problems:",
        '  line 2: title: should be text in quotes, such as "text"',
        "  line 5: timeline entry 1: kind: should be 'detection', 'investigation', "
        "'misleading', 'escalation', 'mitigation', 'resolution', 'communication' or 'note'",
    ]
    assert path.read_text(encoding="utf-8") == text


# --- the repair view in a real terminal -----------------------------------------------------


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if TMUX is None:
        pytest.fail("tmux is not installed: the end-to-end tests run `postmortem` inside tmux")
    assert POSTMORTEM.exists(), f"no `postmortem` script beside {sys.executable}"
    term = Terminal(tmp_path)
    try:
        yield term
    finally:
        term.kill()


def test_edit_repairs_the_conflicts_then_opens_the_editor(
    terminal: Terminal, conflicted: Path
) -> None:
    terminal.start(str(POSTMORTEM), "edit", str(conflicted))
    terminal.wait_for("Repair incident.toml: it does not open as an incident")
    terminal.wait_for("lines 12-18: merge conflict between ours (HEAD)")
    terminal.keys("M-o")  # the cursor starts in the first block: keep ours
    terminal.wait_for("1 conflict left")
    terminal.keys("F8")  # to the second block
    terminal.keys("M-t")  # keep theirs
    terminal.wait_for("Repair incident.toml: ready to save")
    assert conflicted.read_text(encoding="utf-8") == CONFLICTED  # nothing written yet
    terminal.keys("C-s")
    terminal.wait_for("incident.toml saved")  # the editor's status line: the editor is up
    data = tomllib.loads(conflicted.read_text(encoding="utf-8"))
    assert data["severity"] == "SEV-1"
    assert data["summary"]["impact"] == "Half the users."
    assert "<<<<<<<" not in conflicted.read_text(encoding="utf-8")
    terminal.keys("C-q")
    assert terminal.wait_exit() == 0


def test_edit_shows_a_syntax_error_on_its_line_and_saves_nothing_while_it_is_there(
    terminal: Terminal, tmp_path: Path
) -> None:
    path = tmp_path / "broken.toml"
    text = 'schema_version = 1\ntitle = "Cache outage"\nseverity = SEV-1\n'
    path.write_text(text, encoding="utf-8")
    terminal.start(str(POSTMORTEM), "edit", str(path))
    terminal.wait_for("line 3, column 12: invalid TOML: invalid value")
    marked = re.compile(r"\b3●")
    terminal.wait_until(marked.search, "the mark beside line 3")
    terminal.keys("C-s")
    terminal.wait_for("Not saved: line 3, column 12")
    assert path.read_text(encoding="utf-8") == text
    terminal.keys("C-q")
    assert terminal.wait_exit() == 0
    assert path.read_text(encoding="utf-8") == text
