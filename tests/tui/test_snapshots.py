"""Snapshot tests of the editor's layout (pytest-textual-snapshot).

Each test opens a copy of a sample incident under a fixed name, so that the file name on
the status line is the same on every machine, and takes an SVG screenshot. Nothing on
these screens depends on the clock: no action that shows a toast is used, and the text
cursors are kept from blinking.

Regenerate after an intended change of layout, then look at the new SVGs:

    .venv/bin/pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.widgets.form import FieldInput

from ..conftest import ROOT
from ..editor_helpers import settle

SAMPLE = ROOT / "sample_incidents" / "2024-02-14-load-balancer-outage.toml"
SMALL = (80, 24)
LARGE = (160, 48)


def app_for(path: Path) -> PostmortemApp:
    """The editor on the incident at ``path``, as `postmortem FILE` would open it."""
    return PostmortemApp(IncidentFile.load(path))


@pytest.fixture
def incident(tmp_path: Path) -> Path:
    """A copy of the sample under a fixed name: the status line shows the name."""
    path = tmp_path / "incident.toml"
    shutil.copyfile(SAMPLE, path)
    return path


def steady_cursors(pilot: Pilot[None]) -> None:
    """Stop every text cursor blinking (a blink would make the screenshot time-dependent)."""
    for screen in pilot.app.screen_stack:
        for widget in screen.query("*"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False


async def open_timeline(pilot: Pilot[None]) -> None:
    """ctrl+t: the Timeline tab, with the quick-entry line focused."""
    await pilot.pause()  # let the preview lay out first, so that it can follow the tab
    await pilot.press("ctrl+t")
    await pilot.pause()
    assert pilot.app.screen.query_one("#quick-entry", Input).has_focus
    steady_cursors(pilot)


async def open_help(pilot: Pilot[None]) -> None:
    """F1: the help screen of the focused pane."""
    await pilot.pause()
    await pilot.press("f1")
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "HelpScreen"
    steady_cursors(pilot)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_summary_pane(snap_compare, incident: Path, size: tuple[int, int]) -> None:
    """The opening screen: the Summary form (and, when wide enough, the preview)."""
    assert snap_compare(app_for(incident), terminal_size=size, run_before=steady_cursors)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_timeline_tab(snap_compare, incident: Path, size: tuple[int, int]) -> None:
    """The Timeline tab after ctrl+t: the entries table and the quick-entry line."""
    assert snap_compare(app_for(incident), terminal_size=size, run_before=open_timeline)


def test_help_screen(snap_compare, incident: Path) -> None:
    """F1 over the opening screen."""
    assert snap_compare(app_for(incident), terminal_size=SMALL, run_before=open_help)


async def test_status_field_is_not_squashed(incident: Path) -> None:
    """The Status field on the Summary pane is as tall as the inputs beside it."""
    app = app_for(incident)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#status", FieldInput)
        assert select.path == "status"
        assert select.region.height == 3


async def preview_in_light_theme(pilot: Pilot[None]) -> None:
    """The preview turned on at 80 columns (F2), in the solarized-light theme."""
    await pilot.pause()
    pilot.app.theme = "solarized-light"
    await pilot.press("f2")
    await settle(pilot)  # the preview drawn, the status line caught up: nothing pending
    assert pilot.app.screen.query_one("#preview").display
    steady_cursors(pilot)


def test_small_terminal_with_the_preview_in_a_light_theme(snap_compare, incident: Path) -> None:
    """80x24 with the preview: every tab in sight (short titles), the status line keeps the
    file, the unsaved marker and the errors, and the divider shows in a light theme."""
    assert snap_compare(app_for(incident), terminal_size=SMALL, run_before=preview_in_light_theme)


async def edit_fourth_entry(pilot: Pilot[None]) -> None:
    """ctrl+t, then Enter on the fourth row of the table: its edit form, next to the row."""
    await open_timeline(pilot)
    await pilot.press("shift+tab", "down", "down", "down", "enter")
    await settle(pilot)
    await pilot.pause()  # the form placed next to its row, once its height is known
    assert pilot.app.screen.query_one("#entry-form").display
    steady_cursors(pilot)


def test_entry_edited_in_place(snap_compare, incident: Path) -> None:
    """80x24: the edit form under the fourth row, across the pane, its text wrapped."""
    assert snap_compare(app_for(incident), terminal_size=SMALL, run_before=edit_fourth_entry)
