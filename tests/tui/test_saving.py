"""Saving with ctrl+s: only the changed lines are written; a new incident is written on
its first save, and one left untouched quits without asking.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp

from ..editor_helpers import (
    SIZE,
    changed_lines,
    focus,
    open_app,
    replace_text,
    settle,
    status_text,
    toasts,
    type_text,
)


async def test_ctrl_s_writes_only_the_changed_line(dated: Path) -> None:
    before = dated.read_text()
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        assert "unsaved" in status_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = dated.read_text()
        assert changed_lines(before, after) == [
            '-service = "main web application"',
            '+service = "checkout API"',
        ]
        assert tomllib.loads(after)["summary"]["service"] == "checkout API"
        status = status_text(app)
        assert "saved" in status and "unsaved" not in status
        assert not app.document.dirty
        assert any("Saved" in message for message in toasts(app))


async def test_a_quick_entry_saves_as_one_more_timeline_table(dated: Path) -> None:
    before = dated.read_text()
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await type_text(pilot, "12:40 paged the DBA team")
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
    after = dated.read_text()
    changes = changed_lines(before, after)
    assert all(line.startswith("+") for line in changes)
    assert "+at = 2024-02-14T12:40:00-05:00" in changes
    assert '+kind = "escalation"' in changes
    assert '+text = "paged the DBA team"' in changes
    timeline = tomllib.loads(after)["timeline"]
    assert len(timeline) == 10
    assert IncidentFile.load(dated).incident.timeline[-1].text == "paged the DBA team"


async def test_a_new_incident_is_written_on_the_first_save(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    app = PostmortemApp(IncidentFile.new(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "title"
        await type_text(pilot, "Cache stampede")
        assert not path.exists()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.exists()
        assert "unsaved" not in status_text(app)
    loaded = IncidentFile.load(path)
    assert loaded.incident.title == "Cache stampede"


async def test_an_untouched_new_incident_quits_without_asking(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    app = PostmortemApp(IncidentFile.new(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert not path.exists()
