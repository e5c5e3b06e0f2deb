"""The status line's words."""

from __future__ import annotations

from pathlib import Path

from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.widgets.status import StatusLine

from ..editor_helpers import SIZE


async def test_the_status_line_counts_one_word_in_the_singular(
    tmp_path: Path,
) -> None:
    app = PostmortemApp(IncidentFile.new(tmp_path / "new.toml"))
    async with app.run_test(size=SIZE) as pilot:
        status = app.editor.query_one(StatusLine)
        status.show(
            name="x.toml",
            dirty=False,
            words=1,
            findings=None,
            metrics=None,
            profile="standard",
            rubric="standard",
        )
        await pilot.pause()
        assert "│ 1 word │" in status.line.plain.replace("  ", " ")
