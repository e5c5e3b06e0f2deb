"""The preview follows the edits: new entries, F2, the render profiles (F6), the
pagerduty table, and edits made while the terminal was too narrow to show it.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import TabbedContent

from postmortem_editor.tui.widgets.preview import Preview

from ..editor_helpers import (
    SIZE,
    focus,
    open_app,
    preview_list,
    preview_says,
    preview_text,
    replace_text,
    settle,
    status_text,
    type_text,
)


async def test_the_preview_timeline_draws_a_new_entry(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        assert len(preview_list(app)) == 9
        await pilot.press("ctrl+t")
        await type_text(pilot, "12:40 paged the DBA team")
        await pilot.press("enter")
        await settle(pilot)
        entries = preview_list(app)
        assert entries[-1] == "12:40 PM: paged the DBA team ⚠"  # after the end, 12:30
        assert len(entries) == 10


async def test_f2_hides_the_preview_and_shows_it_again_up_to_date(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        preview = app.editor.query_one(Preview)
        await pilot.press("f2")
        assert not preview.display
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        assert not preview_says(app, "checkout API")
        await pilot.press("f2")
        await pilot.pause()
        assert preview.display
        assert preview_says(app, "• Service: checkout API")


async def test_f6_switches_the_preview_to_the_pagerduty_layout(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        assert app.editor.render_profile == "google-sre"
        await pilot.press("f6")
        assert app.editor.render_profile == "pagerduty"
        await settle(pilot)
        assert "What Happened" in [line.strip() for line in preview_text(app).splitlines()]
        assert app.editor.query_one(Preview).table
        assert "pagerduty" in status_text(app)


async def test_f6_switches_the_profile_while_typing_prose(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-analysis"
        await focus(pilot, "#analysis-root_cause")
        await pilot.press("f6")
        assert app.editor.render_profile == "google-sre"


async def test_the_pagerduty_profile_draws_the_timeline_as_a_table(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "• 10:00 AM: Issue detected" in preview_text(app)
        await pilot.press("f6", "f6")
        await settle(pilot)
        assert app.editor.render_profile == "pagerduty"
        lines = preview_text(app).splitlines()
        assert any(
            re.match(r"^10:00 AM\s+detection\s+Issue detected through", line) for line in lines
        )
        assert "• 10:00 AM: Issue detected" not in preview_text(app)


async def test_edits_made_while_the_terminal_is_narrow_show_when_it_widens(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.resize_terminal(90, 40)
        await pilot.pause()
        assert not app.editor.query_one(Preview).display
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert "Service: checkout API" in preview_text(app)
