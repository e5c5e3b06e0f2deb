"""The Root cause pane: the analysis typed there reaches the model and the preview."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from ..editor_helpers import (
    SIZE,
    focus,
    open_app,
    preview_says,
    settle,
    type_text,
)


async def test_typing_the_root_cause_changes_the_analysis_and_its_preview(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.query_one("#panes", TabbedContent).active = "tab-analysis"
        await focus(pilot, "#analysis-root_cause")
        await pilot.press("f7")
        await type_text(pilot, "A health check pointed at the wrong port.")
        assert app.document.incident.analysis.root_cause == (
            "A health check pointed at the wrong port."
        )
        await settle(pilot)
        assert preview_says(app, "A health check pointed at the wrong port.")
