"""ctrl+f: words found anywhere in the incident, each shown where it is; a time's nearest
entry; the bar's keys."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TabbedContent, TextArea

from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.widgets.find_bar import FindBar
from postmortem_editor.tui.widgets.tasks import TasksTable
from postmortem_editor.tui.widgets.timeline import TimelineTable

from ..editor_helpers import SIZE, label_text, long_incident, open_app, settle, type_text


def active(app: PostmortemApp) -> str:
    return str(app.editor.query_one("#panes", TabbedContent).active)


def count(app: PostmortemApp) -> str:
    return label_text(app.editor.query_one("#find-count"))


async def test_enter_walks_the_matches_across_panes_and_escape_leaves_the_cursor_there(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        assert app.editor.query_one(FindBar).is_open
        assert isinstance(app.focused, Input) and app.focused.id == "find-input"
        await type_text(pilot, "LOAD BALANCER")  # any case
        await pilot.pause()
        total = len([m for m in app.editor.finder.matches])
        assert total >= 3
        assert count(app) == f"1 of {total}" or count(app).startswith(f"{total} match")
        seen_panes = set()
        for _ in range(total):
            await pilot.press("enter")
            await pilot.pause()
            seen_panes.add(active(app))
            assert isinstance(app.focused, Input) and app.focused.id == "find-input"
        assert {"tab-summary", "tab-timeline"} <= seen_panes
        # Back to the first match: the summary's impact, the words selected in it.
        while not count(app).startswith("1 of"):
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not app.editor.query_one(FindBar).is_open
        focused = app.focused
        assert isinstance(focused, (Input, TextArea))
        selected = (
            focused.selected_text
            if isinstance(focused, TextArea)
            else (focused.value[focused.selection.start : focused.selection.end])
        )
        assert selected.casefold() == "load balancer"


async def test_shift_enter_goes_back_and_a_match_in_an_entry_selects_its_row(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry = app.document.incident.timeline[4]
        await pilot.press("ctrl+f")
        await type_text(pilot, entry.text[:25])
        await pilot.pause()
        assert active(app) == "tab-timeline"
        table = app.editor.query_one(TimelineTable)
        assert table.current_id == entry.id
        await pilot.press("shift+enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is table


async def test_no_match_says_so_and_escape_goes_back_where_the_user_was(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = app.editor.query_one("#title", Input)
        assert app.focused is title
        await pilot.press("ctrl+f")
        await type_text(pilot, "zqxwv")
        await pilot.pause()
        assert count(app) == "no match"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is title
        assert app.document.incident.title == "Postmortem", "nothing typed into a field"


async def test_a_time_offers_the_nearest_entry_among_2000(tmp_path: Path) -> None:
    incident = long_incident(1234, "the zqxw replica lagged")
    path = tmp_path / "long.toml"
    app = PostmortemApp(IncidentFile.new(path, incident=incident))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await type_text(pilot, "zqxw")
        await pilot.pause()
        table = app.editor.query_one(TimelineTable)
        assert table.current_id == incident.timeline[1234].id
        assert count(app) == "1 of 1"
        app.editor.query_one("#find-input", Input).select_all()
        await type_text(pilot, "10:05")  # 8:00 + 125 minutes: entry 126
        await pilot.pause()
        assert table.current_id == incident.timeline[125].id
        assert "nearest: timeline entry 126 (10:05)" in count(app)


async def test_a_match_in_a_task_selects_it_in_the_measures_pane(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        task = app.document.incident.measures.tasks[2]
        await pilot.press("ctrl+f")
        await type_text(pilot, task.text[:30])
        await pilot.pause()
        assert active(app) == "tab-measures"
        assert app.editor.query_one(TasksTable).current_id == task.id


async def test_the_row_of_a_match_is_in_view_while_the_bar_is_open(tmp_path: Path) -> None:
    incident = long_incident(1500, "the zqxw replica fell behind")
    path = tmp_path / "long.toml"
    IncidentFile.new(path, incident=incident).save()
    app = PostmortemApp(IncidentFile.load(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+f")
        await type_text(pilot, "zqxw")
        await settle(pilot)
        table = app.editor.query_one(TimelineTable)
        assert table.current_id == app.document.incident.timeline[1500].id
        shown = table.scrollable_content_region.height - 1  # under the header
        assert 1 <= table.cursor_line <= shown, "the matched row is on screen"
