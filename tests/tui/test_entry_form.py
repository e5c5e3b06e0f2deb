"""Editing a timeline entry in place: the form opens next to its row, spans the pane,
shows all of the text, and keeps every word typed in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Label, Static

from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.screens.dialogs import QuitScreen
from postmortem_editor.tui.widgets.entry_form import EntryForm

from ..editor_helpers import (
    burst,
    drain,
    focus,
    input_value,
    label_text,
    replace_text,
    timeline_table,
    type_text,
)

LONG = (
    "Rolled the connection pool back to forty per host after the canary showed the "
    "new limit starving the payment workers, then watched the queue drain for ten minutes"
)


def form_of(app: PostmortemApp) -> EntryForm:
    return app.editor.query_one(EntryForm)


async def open_form(app: PostmortemApp, pilot: Pilot[None], row: int) -> None:
    """Put the table's cursor on this row and press Enter."""
    table = timeline_table(app)
    table.focus()
    table.move_cursor(row=row)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 32), (160, 48)])
async def test_the_form_opens_next_to_its_row_and_never_covers_it(
    dated: Path, size: tuple[int, int]
) -> None:
    incident = IncidentFile.load(dated)
    first = incident.incident.timeline[0]
    incident.incident.timeline[0] = first.model_copy(update={"text": LONG})
    app = PostmortemApp(incident)
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+t")
        for row in range(len(incident.incident.timeline)):
            await open_form(app, pilot, row)
            table = timeline_table(app)
            form = form_of(app).region
            row_y = table.content_region.y + table.cursor_line
            assert form_of(app).editing == incident.incident.timeline[row].id
            assert not form.y <= row_y < form.bottom, f"row {row} is covered at {size}"
            assert row_y + 1 == form.y or form.bottom == row_y, f"row {row} is apart at {size}"
            assert form.bottom <= size[1] and form.y >= 0
            pane = app.editor.query_one("#table-area", Widget).region
            assert (form.x, form.width) == (pane.x, pane.width), "it spans the pane"
            await pilot.press("escape")
            await pilot.pause()
            assert not form_of(app).display


async def test_a_long_entry_is_shown_whole_and_saved_with_the_words_typed(dated: Path) -> None:
    incident = IncidentFile.load(dated)
    entry = incident.incident.timeline[2]
    incident.incident.timeline[2] = entry.model_copy(update={"text": LONG})
    app = PostmortemApp(incident)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")
        await open_form(app, pilot, 2)
        area = form_of(app).text
        assert area.text == LONG
        assert 2 < area.wrapped_document.height <= area.content_size.height
        await type_text(pilot, " before closing")
        await pilot.press("enter")
        assert app.document.incident.timeline[2].text == LONG + " before closing"
        assert app.focused is timeline_table(app)


async def test_who_is_edited_in_the_form_and_shown_in_the_table(dated: Path) -> None:
    app = PostmortemApp(IncidentFile.load(dated))
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("ctrl+t")
        await open_form(app, pilot, 1)
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "edit-who"
        await type_text(pilot, "Priya")
        await pilot.press("enter")
        entry = app.document.incident.timeline[1]
        assert entry.by == "Priya"
        assert timeline_table(app).get_cell(entry.id, "text").plain.startswith("Priya: ")


async def test_tab_goes_round_the_form_while_an_entry_is_edited(dated: Path) -> None:
    app = PostmortemApp(IncidentFile.load(dated))
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("ctrl+t")
        await open_form(app, pilot, 0)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(app.focused.id if app.focused else None)
        assert seen == ["edit-time", "edit-kind", "edit-who", "edit-text"]
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "edit-who"


async def test_lines_pasted_into_the_text_are_all_kept(dated: Path) -> None:
    app = PostmortemApp(IncidentFile.load(dated))
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("ctrl+t")
        await open_form(app, pilot, 0)
        await replace_text(pilot, "restarted the pool\n\n  then the workers\nand the cron\n")
        assert form_of(app).text.text == "restarted the pool then the workers and the cron"
        await type_text(pilot, "\nat 10:20\n")  # after the last word: no word runs into it
        await pilot.press("enter")
        assert app.document.incident.timeline[0].text == (
            "restarted the pool then the workers and the cron at 10:20"
        )


async def test_a_time_that_does_not_read_is_said_in_the_form_and_nothing_changes(
    dated: Path,
) -> None:
    app = PostmortemApp(IncidentFile.load(dated))
    async with app.run_test(size=(120, 32)) as pilot:
        before = list(app.document.incident.timeline)
        await pilot.press("ctrl+t")
        await open_form(app, pilot, 3)
        await focus(pilot, "#edit-time")
        await replace_text(pilot, "half past never")
        await pilot.press("enter")
        assert app.document.incident.timeline == before
        assert form_of(app).editing == before[3].id, "the form stays open with what was typed"
        assert input_value(app, "#edit-time") == "half past never"
        error = app.editor.query_one("#edit-error")
        assert error.display and "half past never" in str(error.render())


async def test_ctrl_t_while_editing_saves_the_entry_then_goes_to_the_quick_entry_line(
    dated: Path,
) -> None:
    app = PostmortemApp(IncidentFile.load(dated))
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("ctrl+t")
        await open_form(app, pilot, 4)
        entry = app.document.incident.timeline[4]
        await type_text(pilot, " and paged the DBA")
        await pilot.press("ctrl+t")
        assert app.focused is not None and app.focused.id == "quick-entry"
        assert form_of(app).editing is None
        assert app.document.incident.timeline[4].text == entry.text + " and paged the DBA"
        await open_form(app, pilot, 5)
        await focus(pilot, "#edit-time")
        await replace_text(pilot, "half past never")
        await pilot.press("ctrl+t")  # what does not read keeps the form, saying why
        assert form_of(app).editing == app.document.incident.timeline[5].id
        assert app.editor.query_one("#edit-error").display
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        assert any("being edited" in line for line in app.screen.unwritten)


async def test_escape_keeps_the_words_typed_in_the_form_for_up_to_bring_back(
    dated: Path,
) -> None:
    app = PostmortemApp(IncidentFile.load(dated))
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("ctrl+t")
        table = timeline_table(app)
        table.focus()
        await pilot.press("insert")
        count = len(app.document.incident.timeline)
        await type_text(pilot, "typed then escaped")
        await pilot.press("escape")
        assert len(app.document.incident.timeline) == count - 1, "the empty row went away"
        assert "Up" in label_text(app.editor.query_one("#entry-hint", Label))
        await pilot.press("ctrl+t", "up")
        assert input_value(app, "#quick-entry") == "typed then escaped"


async def test_the_entry_view_shows_what_the_form_saved(dated: Path) -> None:
    app = PostmortemApp(IncidentFile.load(dated))
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("ctrl+t")
        await open_form(app, pilot, 2)
        await type_text(pilot, " extra words")
        await pilot.press("shift+tab")
        await type_text(pilot, "alice")
        await pilot.press("enter")
        shown = label_text(app.editor.query_one("#entry-view", Static))
        assert "extra words" in shown and "alice" in shown


async def test_keys_typed_right_behind_enter_on_a_row_go_into_its_form(dated: Path) -> None:
    app = PostmortemApp(IncidentFile.load(dated))
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("ctrl+t")
        table = timeline_table(app)
        table.focus()
        table.move_cursor(row=2)
        await pilot.pause()
        entry = app.document.incident.timeline[2]
        burst(app, "\n and the replica\n")  # Enter, typing and Enter again, all at once
        await drain(pilot)
        assert app.document.incident.timeline[2].text == entry.text + " and the replica"
        assert input_value(app, "#quick-entry") == ""
        assert form_of(app).editing is None


async def test_keys_typed_right_behind_enter_or_escape_in_the_form_are_kept(dated: Path) -> None:
    app = PostmortemApp(IncidentFile.load(dated))
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("ctrl+t")
        table = timeline_table(app)
        table.focus()
        table.move_cursor(row=1)
        await pilot.pause()
        entries = list(app.document.incident.timeline)
        burst(app, "\n more\nnext")  # save, and go on typing the next entry at once
        await drain(pilot)
        assert app.document.incident.timeline[1].text == entries[1].text + " more"
        assert input_value(app, "#quick-entry") == "next"
        assert app.focused is not None and app.focused.id == "quick-entry"
        await replace_text(pilot, "")
        table.focus()
        table.move_cursor(row=3)
        await pilot.pause()
        burst(app, "\n dropped")
        app.post_message(events.Key("escape", None))
        burst(app, "kept")
        await drain(pilot)
        assert app.document.incident.timeline[3] == entries[3], "Escape cancelled the edit"
        assert input_value(app, "#quick-entry") == "kept"


async def test_escape_on_an_entry_with_no_text_undoes_nothing_else(dated: Path) -> None:
    document = IncidentFile.load(dated)
    entries = document.incident.timeline
    entries[3] = entries[3].model_copy(update={"text": ""})  # a time with nothing said yet
    app = PostmortemApp(document)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("ctrl+t")
        burst(app, "12:40 paged the DBA\n")  # the last change, which must stay
        await drain(pilot)
        count = len(app.document.incident.timeline)
        row = next(i for i, e in enumerate(app.document.incident.timeline) if not e.text)
        await open_form(app, pilot, row)
        await pilot.press("escape")
        assert len(app.document.incident.timeline) == count
        assert any(e.text == "paged the DBA" for e in app.document.incident.timeline)
