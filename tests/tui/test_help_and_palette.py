"""F1 explains the focused pane and lists its keys; the palette has every action by name."""

from __future__ import annotations

from pathlib import Path

from postmortem_editor.tui.editor import EditorScreen
from postmortem_editor.tui.screens.dialogs import HelpScreen

from ..editor_helpers import (
    SIZE,
    focus,
    open_app,
    screen_text,
)


async def test_f1_lists_the_keys_of_the_focused_pane(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timeline-table")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Cycle kind" in text
        assert "Sort by time" in text
        assert "alt+k cycles its kind" in text
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)


async def test_f1_on_the_summary_explains_the_time_formats(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-start")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "10:05 AM" in text
        assert "Cycle kind" not in text


async def test_the_palette_has_every_action_by_name(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        for title in (
            "Save",
            "Copy Markdown to clipboard",
            "Export Markdown file",
            "Add timeline entry",
            "Check incident",
            "Switch render profile",
            "Toggle preview",
        ):
            assert title in commands
        commands["Add timeline entry"].callback()
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "quick-entry"


async def test_the_palette_sorts_the_timeline_and_starts_a_task(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        app.document.incident.timeline.reverse()
        commands["Sort timeline by time"].callback()
        await pilot.pause()
        entries = app.document.incident.timeline
        times = [entry.at for entry in entries if entry.at is not None]
        assert len(times) == len(entries) > 1 and times == sorted(times)
        commands["Add task"].callback()
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "task-text"
