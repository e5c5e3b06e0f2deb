"""Typing is safe everywhere: every key lands where the user is looking, nothing typed is lost.

Pilot tests, each for a way words used to be lost: keys on widgets that take no text,
letters on tables taken as commands, fast lines run together, a paste cut to one line, a
save that dropped what it could not write.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from textual import events
from textual.widgets import TextArea

from postmortem_editor.model import Kind
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.screens.dialogs import QuitScreen
from postmortem_editor.tui.widgets.entry_form import EntryForm

from ..editor_helpers import (
    EST,
    SIZE,
    burst,
    drain,
    field_error,
    focus,
    input_value,
    label_text,
    open_app,
    preview_text,
    replace_text,
    settle,
    status_text,
    timeline_ids,
    timeline_table,
    toasts,
    type_text,
)


def texts(app: PostmortemApp) -> list[str]:
    return [entry.text for entry in app.document.incident.timeline]


# --- lines typed fast ---------------------------------------------------------------------


async def test_forty_lines_sent_in_a_burst_give_forty_entries_in_order(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        before = len(app.document.incident.timeline)
        lines = [f"13:{minute:02d} step number {minute} done" for minute in range(40)]
        burst(app, "".join(line + "\n" for line in lines))
        await drain(pilot)
        added = texts(app)[before:]
        assert added == [f"step number {minute} done" for minute in range(40)]
        assert input_value(app, "#quick-entry") == ""


async def test_keys_typed_right_after_enter_start_the_next_line(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        burst(app, "12:40 first\nsecond line started")
        await drain(pilot)
        assert texts(app)[-1] == "first"
        assert input_value(app, "#quick-entry") == "second line started"


# --- pastes -----------------------------------------------------------------------------------


async def test_a_pasted_block_shows_what_it_adds_then_adds_one_entry_per_line(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        before = timeline_ids(app)
        await type_text(pilot, "12:40 paged the DBA\n12:45 failed over\n12:50 error rate normal\n")
        assert timeline_ids(app) == before, "nothing is added before Enter"
        hint = label_text(app.editor.query_one("#entry-hint"))
        assert "Enter adds 3 entries" in hint
        assert "failed over" in hint
        await pilot.press("enter")
        await drain(pilot)
        assert texts(app)[-3:] == ["paged the DBA", "failed over", "error rate normal"]
        await pilot.press("ctrl+z")
        assert timeline_ids(app) == before, "one undo takes the whole paste back"


async def test_a_chat_copy_keeps_each_speaker(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await type_text(pilot, "[12:40] alice: paging the DBA\n[12:42] bob: on it\n")
        await pilot.press("enter")
        await drain(pilot)
        added = app.document.incident.timeline[-2:]
        assert [(entry.by, entry.text) for entry in added] == [
            ("alice", "paging the DBA"),
            ("bob", "on it"),
        ]
        assert added[0].at == datetime(2024, 2, 14, 12, 40, tzinfo=EST)


async def test_escape_drops_a_pasted_block_but_up_brings_its_lines_back(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        before = timeline_ids(app)
        await type_text(pilot, "12:40 one\n12:41 two\n")
        await pilot.press("escape")
        await drain(pilot)
        assert timeline_ids(app) == before
        await pilot.press("up")
        assert input_value(app, "#quick-entry") == "12:41 two"


async def test_a_paste_on_the_timeline_table_goes_to_the_quick_entry_line(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timeline-table")
        before = timeline_ids(app)
        await type_text(pilot, "12:40 one\n12:41 two\n")
        assert app.focused is not None and app.focused.id == "quick-entry"
        await pilot.press("enter")
        await drain(pilot)
        assert texts(app)[-2:] == ["one", "two"]
        assert timeline_ids(app)[: len(before)] == before


async def test_a_multi_line_paste_into_a_one_line_field_keeps_every_line(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await pilot.press("ctrl+shift+a", "backspace")
        await type_text(pilot, "checkout API\nand the payments queue\n")
        assert app.document.incident.summary.service == "checkout API and the payments queue"


async def test_words_typed_after_a_paste_and_tab_go_to_the_next_field(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#analysis-root_cause")
        await pilot.press("ctrl+end")
        app.post_message(events.Paste(" The pool\nwas too small."))  # Tab right behind it
        burst(app, "\t")
        await drain(pilot)
        burst(app, "zqnext")
        await drain(pilot)
        await pilot.pause()
        analysis = app.document.incident.analysis
        assert analysis.root_cause.endswith(" The pool\nwas too small.")
        assert "zqnext" not in analysis.root_cause
        assert "zqnext" in analysis.resolution


async def test_lines_pasted_after_a_word_never_run_into_it(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await pilot.press("end")
        await type_text(pilot, "\nand the payments queue\n")
        assert app.document.incident.summary.service == "checkout API and the payments queue"


# --- letters on tables --------------------------------------------------------------------


async def test_letters_typed_on_the_timeline_table_start_an_entry(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timeline-table")
        before = [entry.model_copy() for entry in app.document.incident.timeline]
        burst(app, "dikos x")  # each letter was a command once: delete, insert, kind, sort
        await drain(pilot)
        assert app.document.incident.timeline == before
        assert app.focused is not None and app.focused.id == "quick-entry"
        assert input_value(app, "#quick-entry") == "dikos x"


async def test_letters_typed_on_the_tasks_table_start_a_task(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#tasks-table")
        before = [task.model_copy() for task in app.document.incident.measures.tasks]
        burst(app, "next friday")
        await drain(pilot)
        assert app.document.incident.measures.tasks == before
        assert input_value(app, "#task-text") == "next friday"
        burst(app, "\n")
        await drain(pilot)
        assert app.document.incident.measures.tasks[-1].text == "next friday"
        assert app.focused is not None and app.focused.id == "task-text"


async def test_enter_in_a_task_field_adds_it_and_the_next_task_starts_in_its_text(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#task-text")
        burst(app, "Add an alert\tinfra\tP2\n")
        await drain(pilot)
        task = app.document.incident.measures.tasks[-1]
        assert (task.text, task.owner, task.priority) == ("Add an alert", "infra", "P2")
        assert app.focused is not None and app.focused.id == "task-text"
        assert input_value(app, "#task-owner") == ""


async def test_a_task_with_a_bad_due_date_keeps_what_was_typed(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        count = len(app.document.incident.measures.tasks)
        await focus(pilot, "#task-text")
        burst(app, "Rotate the keys\t\t\tnext week\n")
        await drain(pilot)
        assert len(app.document.incident.measures.tasks) == count
        assert input_value(app, "#task-text") == "Rotate the keys"
        assert input_value(app, "#task-due") == "next week"


# --- focus --------------------------------------------------------------------------------


async def test_opening_a_file_focuses_its_title(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is app.editor.query_one("#title")


async def test_tab_from_the_title_goes_to_the_next_field_and_takes_the_keys_behind_it(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await replace_text(pilot, "DB outage")
        burst(app, "\treview\tSEV-2")
        await drain(pilot)
        assert app.document.incident.title == "DB outage"
        assert app.document.incident.status.value == "review"
        assert app.document.incident.severity == "SEV-2"


@pytest.mark.parametrize(
    ("presses", "field_id"),
    [
        (1, "quick-entry"),
        (2, "analysis-root_cause"),
        (3, "measures-improvements"),
    ],
)
async def test_a_pane_switch_focuses_a_field_that_takes_text(
    dated: Path, presses: int, field_id: str
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(presses):
            app.post_message(events.Key("alt+right", None))
        burst(app, "typed at once")
        await drain(pilot)
        assert app.focused is not None and app.focused.id == field_id
        focused = app.focused
        value = focused.text if isinstance(focused, TextArea) else input_value(app, f"#{field_id}")
        assert "typed at once" in value


async def test_a_pane_switch_comes_back_where_the_user_was(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await pilot.press("alt+right", "alt+left")
        assert app.focused is app.editor.query_one("#summary-service")


async def test_adding_a_free_section_focuses_its_title(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.add_section()
        burst(app, "Lessons\tWe posted updates every twenty minutes.")  # typed at once
        await drain(pilot)
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, TextArea) and focused.id and focused.id.endswith("-body")
        section = app.document.incident.sections[-1]
        assert (section.title, section.body) == (
            "Lessons",
            "We posted updates every twenty minutes.",
        )
        assert section.after == "measures"


async def test_the_timezone_of_a_new_incident_is_replaced_when_typed(tmp_path: Path) -> None:
    app = PostmortemApp(IncidentFile.new(tmp_path / "new.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timezone")
        burst(app, "UTC")
        await drain(pilot)
        assert app.document.incident.timezone == "UTC"
        assert field_error(app, "#timezone") == ""


# --- lines that cannot be read ------------------------------------------------------------


async def test_a_word_after_a_hash_that_is_no_kind_is_kept_as_text(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        burst(app, "12:40 opened incident channel #inc-123\n12:41 next line\n")
        await drain(pilot)
        assert texts(app)[-2:] == ["opened incident channel #inc-123", "next line"]


async def test_a_time_that_cannot_be_read_is_not_stamped_with_now(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        burst(app, "14;22 restarted the database\n")
        await drain(pilot)
        entry = app.document.incident.timeline[-1]
        assert entry.at is None
        assert entry.text == "14;22 restarted the database"
        assert "time not read" in timeline_table(app).get_cell(entry.id, "time").plain


async def test_a_line_with_only_a_time_stays_in_the_line(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        before = timeline_ids(app)
        burst(app, "12:40\n")
        await drain(pilot)
        assert timeline_ids(app) == before
        assert input_value(app, "#quick-entry") == "12:40"


async def test_escape_puts_the_line_away_and_ctrl_z_brings_it_back(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        burst(app, "12:40 added\n12:41 half typed")
        await drain(pilot)
        ids = timeline_ids(app)
        await pilot.press("escape")
        assert input_value(app, "#quick-entry") == ""
        await pilot.press("ctrl+z")
        assert input_value(app, "#quick-entry") == "12:41 half typed"
        assert timeline_ids(app) == ids, "undo took back the Escape, not the entry before"
        await pilot.press("escape", "up")
        assert input_value(app, "#quick-entry") == "12:41 half typed"


async def test_up_and_down_walk_through_the_lines_typed(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        burst(app, "12:40 one\n12:41 two\nthree")
        await drain(pilot)
        await pilot.press("up")
        assert input_value(app, "#quick-entry") == "12:41 two"
        await pilot.press("up")
        assert input_value(app, "#quick-entry") == "12:40 one"
        await pilot.press("down", "down")
        assert input_value(app, "#quick-entry") == "three"


async def test_a_line_brought_back_and_changed_keeps_its_words_as_up_and_down_go_on(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        burst(app, "12:40 one\n12:41 two\n")
        await drain(pilot)
        await pilot.press("up", "up")
        burst(app, " and more")  # the oldest line, changed
        await drain(pilot)
        await pilot.press("up")  # nothing older: the changed line stays
        assert input_value(app, "#quick-entry") == "12:40 one and more"
        await pilot.press("down")
        assert input_value(app, "#quick-entry") == "12:41 two"
        await pilot.press("up")
        assert input_value(app, "#quick-entry") == "12:40 one and more"


async def test_ctrl_z_in_an_empty_line_undoes_the_entry_just_added(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        ids = timeline_ids(app)
        await pilot.press("ctrl+t")
        burst(app, "12:40 added\n")
        await drain(pilot)
        await pilot.press("ctrl+z")
        assert timeline_ids(app) == ids


async def test_a_time_off_the_start_day_shows_its_date_and_alt_up_moves_it(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        burst(app, "12:40 paged the DBA")
        await drain(pilot)
        assert "Feb" not in label_text(app.editor.query_one("#entry-hint"))
        await pilot.press("alt+up")
        assert "Feb 13" in label_text(app.editor.query_one("#entry-hint"))
        await pilot.press("enter")
        await drain(pilot)
        assert app.document.incident.timeline[0].at == datetime(2024, 2, 13, 12, 40, tzinfo=EST)


# --- editing an entry in place ------------------------------------------------------------


async def test_editing_an_entrys_text_keeps_its_seconds(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        entry = app.document.incident.timeline[1]
        exact = entry.at.replace(second=48)  # type: ignore[union-attr]
        app.document.incident.timeline[1] = entry.model_copy(update={"at": exact})
        timeline_table(app).load(app.document.incident)
        await focus(pilot, "#timeline-table")
        await pilot.press("down", "enter")
        assert input_value(app, "#edit-time").endswith(":48")
        await type_text(pilot, " again")
        await pilot.press("enter")
        edited = app.document.incident.timeline[1]
        assert edited.at == exact
        assert edited.text.endswith(" again")


async def test_the_kind_of_an_entry_is_typed_and_enter_saves_it(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timeline-table")
        await pilot.press("enter")
        await focus(pilot, "#edit-kind")
        await pilot.press(*"esc", "enter")
        assert app.document.incident.timeline[0].kind is Kind.ESCALATION
        assert app.editor.query_one(EntryForm).editing is None


# --- saving what can be saved ---------------------------------------------------------------


async def test_a_save_keeps_the_files_start_while_the_field_holds_no_time(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        before = dated.read_text(encoding="utf-8")
        await focus(pilot, "#summary-start")
        await pilot.press("ctrl+shift+a", "backspace")
        await type_text(pilot, "yesterday afternoonish")
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = dated.read_text(encoding="utf-8")
        start_line = next(line for line in before.splitlines() if line.startswith("start ="))
        assert start_line in saved
        assert 'service = "checkout API"' in saved
        assert any("Start" in toast and "still unsaved" in toast for toast in toasts(app))
        assert "●" in status_text(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        assert "Start" in "\n".join(app.screen.unwritten)


async def test_quit_asks_when_a_line_was_typed_but_not_added(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        burst(app, "12:40 not added yet")
        await drain(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)


async def test_editing_a_long_entry_shows_all_of_its_text_and_the_caret_at_its_end(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timeline-table")
        await pilot.press("enter")
        await pilot.pause()
        area = app.editor.query_one(EntryForm).text
        assert len(area.text) > area.content_size.width, "the sample's first entry is long"
        assert area.cursor_location == area.document.end
        lines = area.wrapped_document.height
        assert lines > 1 and lines <= area.content_size.height, "all of it in view, wrapped"


async def test_start_end_and_timezone_typed_in_a_row_are_all_kept(tmp_path: Path) -> None:
    app = PostmortemApp(IncidentFile.new(tmp_path / "new.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timezone")
        # Tab goes through the zone name and the authors to the start
        burst(app, "America/New_York\t\t\t2026-11-30 14:00\t2026-11-30 15:10\tcheckout API")
        await drain(pilot)
        assert input_value(app, "#summary-end") == "2026-11-30 15:10"
        summary = app.document.incident.summary
        assert (summary.start.hour, summary.end.hour, summary.end.minute) == (14, 15, 10)  # type: ignore[union-attr]
        assert summary.service == "checkout API"


async def test_backspaces_then_digits_sent_at_once_act_in_order(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-users_affected_percent")
        await pilot.press("end")
        for _ in range(2):
            app.post_message(events.Key("backspace", None))
        burst(app, "75")
        await drain(pilot)
        assert input_value(app, "#summary-users_affected_percent") == "75"
        assert app.document.incident.summary.users_affected_percent == 75


async def test_ctrl_u_then_a_word_sent_at_once_keeps_the_word(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#severity")
        await pilot.press("end")
        app.post_message(events.Key("ctrl+u", None))
        burst(app, "SEV-3")
        await drain(pilot)
        assert app.document.incident.severity == "SEV-3"


async def test_alt_letters_from_a_terminal_are_commands_on_the_tables(dated: Path) -> None:
    # A terminal sends alt+k as ESC k: Textual reports the key with its character "k".
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timeline-table")
        app.post_message(events.Key("alt+k", "k"))
        await drain(pilot)
        assert app.document.incident.timeline[0].kind is Kind.INVESTIGATION
        assert input_value(app, "#quick-entry") == ""
        await focus(pilot, "#tasks-table")
        done = app.document.incident.measures.tasks[0].done
        app.post_message(events.Key("alt+x", "x"))
        await drain(pilot)
        assert app.document.incident.measures.tasks[0].done is not done
        assert input_value(app, "#task-text") == ""


async def test_a_second_task_typed_right_after_enter_goes_to_the_next_task(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        count = len(app.document.incident.measures.tasks)
        await focus(pilot, "#task-text")
        burst(app, "Gamma task\tgus\tP1\t2024-07-01\nDelta task\thal\tP2\t2024-07-02\n")
        await drain(pilot)
        tasks = app.document.incident.measures.tasks[count:]
        assert [(t.text, t.owner, t.priority, str(t.due)) for t in tasks] == [
            ("Gamma task", "gus", "P1", "2024-07-01"),
            ("Delta task", "hal", "P2", "2024-07-02"),
        ]
        assert app.focused is not None and app.focused.id == "task-text"


async def test_the_preview_shows_who_said_an_entry_and_no_empty_time(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await type_text(pilot, "[12:40] alice: paging the DBA\n[12:41] bob: on it\n")
        await pilot.press("enter")
        burst(app, "14;22 restarted the database\n")
        await drain(pilot)
        await settle(pilot)
        shown = preview_text(app)
        assert "12:40 PM: alice: paging the DBA" in shown
        assert "• 14;22 restarted the database" in shown
        assert "• : " not in shown


async def test_text_not_valid_yet_is_not_typed_over_when_its_field_is_focused_again(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#timezone")
        burst(app, "Europe/Pa")  # typed over the valid zone, not valid yet
        await drain(pilot)
        await focus(pilot, "#title")
        await focus(pilot, "#timezone")
        burst(app, "ris")
        await drain(pilot)
        assert input_value(app, "#timezone") == "Europe/Paris"
        assert app.document.incident.timezone == "Europe/Paris"


async def test_letters_typed_on_the_preview_go_back_to_the_field_the_user_was_in(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await pilot.press("end")
        await focus(pilot, "#preview")
        burst(app, " and more")
        await drain(pilot)
        assert app.document.incident.summary.service.endswith(" and more")
