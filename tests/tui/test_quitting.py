"""Quitting: unsaved changes are asked about once; discard leaves the file alone, save
writes it first; with nothing to save the editor closes at once.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.pilot import Pilot

from postmortem_editor.tui.editor import EditorScreen
from postmortem_editor.tui.screens.dialogs import QuitScreen

from ..editor_helpers import (
    SIZE,
    focus,
    open_app,
    replace_text,
    screen_text,
)


async def _edit_title(pilot: Pilot[None]) -> None:
    await focus(pilot, "#title")
    await replace_text(pilot, "Renamed")


async def test_quitting_with_unsaved_changes_asks_and_escape_cancels(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_title(pilot)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        assert "unsaved changes" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)
        assert app.is_running
        assert app.document.incident.title == "Renamed"


@pytest.mark.parametrize("how", ["q", "#discard"], ids=["key", "button"])
async def test_quit_without_saving_leaves_the_file_alone(dated: Path, how: str) -> None:
    before = dated.read_bytes()
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_title(pilot)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        if how.startswith("#"):
            await pilot.click(how)
        else:
            await pilot.press(how)
        await pilot.pause()
        assert not app.is_running
    assert dated.read_bytes() == before


@pytest.mark.parametrize("how", ["s", "#save"], ids=["key", "button"])
async def test_save_and_quit_writes_then_exits(dated: Path, how: str) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_title(pilot)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        if how.startswith("#"):
            await pilot.click(how)
        else:
            await pilot.press(how)
        await pilot.pause()
        assert not app.is_running
    assert tomllib.loads(dated.read_text())["title"] == "Renamed"


async def test_ctrl_q_twice_asks_once(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_title(pilot)
        await pilot.press("ctrl+q", "ctrl+q")
        assert sum(isinstance(screen, QuitScreen) for screen in app.screen_stack) == 1
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)


async def test_quit_without_edits_exits_at_once(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
