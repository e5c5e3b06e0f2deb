"""The Summary pane: its fields reach the model and the preview; times are read in the
incident's timezone; a bad value is said under its field and the model keeps the last
good one; the terminal's cursor stays in the field being typed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from postmortem_editor.tui.widgets.form import FieldArea

from ..editor_helpers import (
    SIZE,
    at,
    field_error,
    focus,
    input_value,
    open_app,
    preview_says,
    preview_text,
    replace_text,
    settle,
    status_text,
    timeline_ids,
    timeline_table,
    type_text,
)


async def test_typing_a_title_renames_the_incident_and_its_preview_heading(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#title")
        await pilot.press("end", "ctrl+u", *"LB outage")
        assert app.document.incident.title == "LB outage"
        await settle(pilot)
        assert "LB outage" in [line.strip() for line in preview_text(app).splitlines()]
        assert "unsaved" in status_text(app)


async def test_typing_the_service_and_impact_changes_the_summary(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await focus(pilot, "#summary-impact")
        await pilot.press("f7")  # the text area's "select all"
        await type_text(pilot, "Checkout failed for every customer.")
        summary = app.document.incident.summary
        assert summary.service == "checkout API"
        assert summary.impact == "Checkout failed for every customer."
        await settle(pilot)
        assert preview_says(app, "• Service: checkout API")
        assert preview_says(app, "• Impact: Checkout failed for every customer.")


async def test_typing_a_start_time_sets_it_in_the_incidents_timezone(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-start")
        assert input_value(app, "#summary-start") == "2024-02-14 10:00"
        await pilot.press("end", "ctrl+u", *"2024-02-14 09:55")
        assert app.document.incident.summary.start == at(9, 55)
        assert field_error(app, "#summary-start") == ""
        await settle(pilot)
        assert preview_says(app, "Duration: from 9:55 AM to")


async def test_typing_the_share_of_users_affected_sets_the_percentage(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-users_affected_percent")
        await pilot.press("end", "ctrl+u", *"65%")
        assert app.document.incident.summary.users_affected_percent == 65
        await settle(pilot)
        assert preview_says(app, "65%")


async def test_a_bad_start_time_shows_an_error_under_the_field_and_keeps_the_model(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        field = await focus(pilot, "#summary-start")
        await replace_text(pilot, "2024-02-14 25:99")
        assert "the hour is 0 to 23" in field_error(app, "#summary-start")
        assert field.has_class("-invalid")
        assert app.document.incident.summary.start == at(10, 0)
        assert not app.document.dirty
        await replace_text(pilot, "2024-02-14 09:55")
        assert field_error(app, "#summary-start") == ""
        assert not field.has_class("-invalid")
        assert app.document.incident.summary.start == at(9, 55)


async def test_changing_the_timezone_shows_start_and_end_in_the_new_zone(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timezone")
        await replace_text(pilot, "UTC")
        assert app.document.incident.timezone == "UTC"
        assert timeline_table(app).get_cell(timeline_ids(app)[0], "time").plain == "3:00 PM"
        assert input_value(app, "#summary-start") == "2024-02-14 15:00"
        assert input_value(app, "#summary-end") == "2024-02-14 17:30"


async def test_ctrl_z_undoes_typing_into_a_field(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await pilot.press("ctrl+z")
        assert app.document.incident.summary.service == "main web application"
        assert input_value(app, "#summary-service") == "main web application"
        assert not app.document.dirty
        await pilot.press("ctrl+y")
        assert app.document.incident.summary.service == "checkout API"


@pytest.mark.parametrize(
    ("text", "message"),
    [("lots", "expected a share of users in percent"), ("150", "less than or equal to 100")],
)
async def test_a_bad_share_of_users_is_refused_with_a_message(
    dated: Path, text: str, message: str
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-users_affected_percent")
        await replace_text(pilot, text)
        assert message in field_error(app, "#summary-users_affected_percent")
        assert app.document.incident.summary.users_affected_percent == 80
        assert not app.document.dirty


async def test_a_long_value_scrolls_its_field_to_the_cursor(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        field = await focus(pilot, "#summary-service")
        assert isinstance(field, Input)
        await pilot.press("end")
        for letter in "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz":
            await pilot.press(letter)
        await pilot.pause()
        assert field.value.endswith("xyzabcdefghijklmnopqrstuvwxyz")
        assert field.scroll_x > 0  # the cursor, at the end, is in view
        assert app.document.incident.summary.service == field.value


async def test_the_terminal_cursor_stays_in_the_field_being_typed_in(dated: Path) -> None:
    # Where input methods show what is being composed: fields of hidden panes filled
    # again (a reload, an undo) must not take it away.
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        title = app.editor.query_one("#title", Input)
        title.focus()
        await pilot.press("end")
        where = app.cursor_position
        assert where == title.cursor_screen_offset and where.y > 1
        area = app.editor.query_one("#analysis-pane").query(FieldArea).first()
        area.load_text("A longer story.\n" * 40)
        area.scroll_end(animate=False)
        app.editor.query_one("#task-text", Input).value = "Rotate the keys"
        await pilot.pause()
        assert app.cursor_position == where
