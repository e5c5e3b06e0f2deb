"""The real `postmortem` command in tmux: ctrl+f in a 2,000-entry incident, and a change
on disk merged with unsaved edits."""

from __future__ import annotations

import tomllib
from pathlib import Path

from postmortem_editor.store import IncidentFile

from ..editor_helpers import long_incident
from .test_tmux import Terminal, open_editor, terminal, wait_file

__all__ = ["terminal"]  # the fixture, used by name


def test_ctrl_f_finds_an_entry_by_a_word_among_2000(terminal: Terminal, tmp_path: Path) -> None:
    incident = long_incident(1500, "the zqxw replica fell behind")
    path = tmp_path / "long.toml"
    IncidentFile.new(path, incident=incident).save()
    open_editor(terminal, path)
    terminal.keys("C-f")
    terminal.wait_for("Find:")
    terminal.type("zqxw")
    terminal.wait_for("1 of 1")
    terminal.wait_for("the zqxw replica fell behind")  # the entry's row is shown
    terminal.keys("Escape")
    terminal.wait_until(lambda screen: "Find:" not in screen, "the find bar to close")
    terminal.keys("Delete")  # the cursor is on that entry's row: Delete removes it
    terminal.wait_for("long.toml ● unsaved")
    terminal.keys("C-s")
    terminal.wait_for("long.toml saved")
    saved = path.read_text(encoding="utf-8")
    assert "zqxw" not in saved
    assert len(tomllib.loads(saved)["timeline"]) == 1999


def test_a_change_on_disk_to_another_field_merges_with_unsaved_edits(
    terminal: Terminal, incident: Path
) -> None:
    open_editor(terminal, incident)
    terminal.keys("End")
    terminal.type(" of the load balancer")  # the title, unsaved
    terminal.wait_for(f"{incident.name} ● unsaved")
    text = incident.read_text(encoding="utf-8")
    assert 'service = "main web application"' in text
    incident.write_text(
        text.replace('service = "main web application"', 'service = "edge proxy"'),
        encoding="utf-8",
    )
    terminal.wait_for("Merged with your edits")
    terminal.keys("C-s")
    saved = wait_file(incident, "of the load balancer")
    data = tomllib.loads(saved)
    assert data["title"].endswith("of the load balancer")
    assert data["summary"]["service"] == "edge proxy"
