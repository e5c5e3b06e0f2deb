"""The editor keeps a document's way of writing times: a date at every timeline time in
the table and the preview, and the author's word for the zone in the Summary pane, shown
in the preview only while it stands for the timezone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from postmortem_editor.model import Incident, Kind
from postmortem_editor.quickentry import QuickEntry
from postmortem_editor.render import render_markdown
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.widgets.timeline import TimelineTable, describe_quick

from ..editor_helpers import (
    SIZE,
    focus,
    input_value,
    open_app,
    preview_list,
    preview_says,
    replace_text,
    settle,
    timeline_ids,
    timeline_table,
)


def with_keys(path: Path, keys: str) -> Path:
    """The dated sample with keys added after its clock line."""
    text = path.read_text()
    line = next(line for line in text.splitlines(keepends=True) if line.startswith("clock ="))
    path.write_text(text.replace(line, line + keys, 1))
    return path


async def first_row_shown(app: PostmortemApp, pilot: Pilot[None]) -> tuple[TimelineTable, str]:
    """The timeline table, shown, and the id of its first row."""
    table = timeline_table(app)
    app.editor.show_pane("tab-timeline", table)
    await pilot.pause()
    return table, timeline_ids(app)[0]


async def test_every_entry_shows_its_date_in_the_table_and_the_preview(dated: Path) -> None:
    app = open_app(with_keys(dated, 'timeline_dates = "every"\n'))
    async with app.run_test(size=SIZE) as pilot:
        table, first = await first_row_shown(app, pilot)
        assert table.get_cell(first, "time").plain == "2024-02-14 10:00 AM"
        # the column is wide enough for the whole of it
        assert "2024-02-14 10:00 AM" in table.render_line(1).text
        await settle(pilot)
        assert preview_list(app)[0].startswith("2024-02-14 10:00 AM: ")
        markdown = render_markdown(app.document.incident, app.editor.render_profile)
        assert "- **2024-02-14 10:00 AM:**" in markdown


async def test_the_table_follows_a_change_of_the_dates_shown(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        table, first = await first_row_shown(app, pilot)
        assert table.get_cell(first, "time").plain == "10:00 AM"
        app.document.incident.timeline_dates = "every"
        app.editor.reload_timeline()
        await pilot.pause()
        assert table.get_cell(first, "time").plain == "2024-02-14 10:00 AM"
        assert "2024-02-14 10:00 AM" in table.render_line(1).text
        app.document.incident.timeline_dates = "changes"
        app.editor.reload_timeline()
        await pilot.pause()
        assert table.get_cell(first, "time").plain == "10:00 AM"
        assert "10:00 AM" in table.render_line(1).text


async def test_the_zone_name_is_shown_in_its_field_and_in_the_preview(dated: Path) -> None:
    app = open_app(with_keys(dated, 'timezone_name = "EST"\n'))
    async with app.run_test(size=SIZE) as pilot:
        assert input_value(app, "#timezone_name") == "EST"
        await settle(pilot)
        assert preview_says(app, "on February 14, 2024 (EST), 2 h 30 min")


async def test_a_zone_name_typed_names_the_zone_until_the_timezone_changes(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timezone_name")
        await replace_text(pilot, "EST")
        assert app.document.incident.timezone_name == "EST"
        await settle(pilot)
        assert preview_says(app, "(EST), 2 h 30 min")
        await pilot.press("ctrl+z")  # undone and done again, as any field
        await settle(pilot)
        assert input_value(app, "#timezone_name") == ""
        assert preview_says(app, "(UTC-5), 2 h 30 min")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.document.incident.timezone_name == "EST"
        # another zone: the word read for UTC-5 is not shown for it, and is kept
        await focus(pilot, "#timezone")
        await replace_text(pilot, "Europe/Paris")
        await settle(pilot)
        assert app.document.incident.timezone == "Europe/Paris"
        assert preview_says(app, "(Europe/Paris), 2 h 30 min")
        assert not preview_says(app, "EST")
        assert input_value(app, "#timezone_name") == "EST"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert 'timezone_name = "EST"' in dated.read_text()
        # back to the zone it stands for: shown again
        await replace_text(pilot, "UTC-5")
        await settle(pilot)
        assert preview_says(app, "(EST), 2 h 30 min")


def test_the_quick_entry_hint_shows_a_date_once_with_no_day_known_yet() -> None:
    incident = Incident(timezone="UTC", timeline_dates="every")
    quick = QuickEntry(
        at=datetime(2024, 2, 14, 10, 5, tzinfo=UTC),
        kind=Kind.NOTE,
        text="paged",
        typed_time=True,
        kind_from_tag=False,
    )
    assert describe_quick(incident, quick) == "2024-02-14 10:05 · note · paged"
