"""The editing operations of the timeline, the tasks and the sections, without the editor."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest

from postmortem_editor import editing
from postmortem_editor.editing import EditError
from postmortem_editor.fields import format_time_field
from postmortem_editor.model import Incident, Kind, Task, TimelineEntry

ZONE = timezone(timedelta(hours=-5))


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 2, 14, hour, minute, tzinfo=ZONE)


def incident_with(*entries: TimelineEntry) -> Incident:
    return Incident(title="Outage", timeline=list(entries))


def texts(items: list[TimelineEntry] | list[Task]) -> list[str]:
    return [item.text for item in items]


def test_the_editing_operations_never_import_textual() -> None:
    code = (
        "import sys\n"
        "import postmortem_editor.editing, postmortem_editor.fields, postmortem_editor.tui.undo\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_added_entries_go_in_time_order_and_untimed_ones_at_the_end() -> None:
    incident = incident_with(
        TimelineEntry(at=at(10), text="alert"), TimelineEntry(at=at(11), text="fixed")
    )
    early = TimelineEntry(at=at(10, 30), text="paged")
    unknown = TimelineEntry(text="someone noticed")
    edit = editing.add_entries(incident, [early, unknown])
    assert texts(edit.items) == ["alert", "paged", "fixed", "someone noticed"]
    assert edit.cursor == unknown.id
    assert texts(incident.timeline) == ["alert", "fixed"]  # the model is left alone


def test_entries_added_together_are_placed_as_if_typed_one_after_the_other() -> None:
    incident = incident_with(TimelineEntry(at=at(9), text="start"), TimelineEntry(text="untimed"))
    edit = editing.add_entries(
        incident, [TimelineEntry(at=at(12), text="late"), TimelineEntry(at=at(10), text="mid")]
    )
    # "mid" goes before "late", added just before it, but not before the untimed entry:
    # an entry of unknown time stops the search back, as for a line typed in the editor.
    assert texts(edit.items) == ["start", "untimed", "mid", "late"]


def test_a_blank_entry_is_inserted_above_or_below_with_its_neighbours_time() -> None:
    first, second = TimelineEntry(at=at(10), text="a"), TimelineEntry(at=at(11), text="b")
    below = editing.insert_entry([first, second], first.id, below=True)
    assert texts(below.items) == ["a", "", "b"]
    assert below.items[1].at == at(10) and below.items[1].kind is Kind.NOTE
    assert below.cursor == below.items[1].id
    above = editing.insert_entry([first, second], first.id, below=False)
    assert texts(above.items) == ["", "a", "b"]
    empty = editing.insert_entry([], None, below=True)
    assert len(empty.items) == 1 and empty.items[0].at is None


def test_deleting_moves_the_cursor_to_the_next_item_or_the_last() -> None:
    items = [TimelineEntry(text=name) for name in "abc"]
    middle = editing.delete(items, items[1].id)
    assert middle is not None and texts(middle.items) == ["a", "c"]
    assert middle.cursor == items[2].id
    last = editing.delete(items, items[2].id)
    assert last is not None and last.cursor == items[1].id
    only = editing.delete(items[:1], items[0].id)
    assert only is not None and only.items == [] and only.cursor is None
    assert editing.delete(items, "no-such-id") is None


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends() -> None:
    tasks = [Task(text=name) for name in "abc"]
    down = editing.move(tasks, tasks[0].id, 1)
    assert down is not None and texts(down.items) == ["b", "a", "c"]
    assert down.cursor == tasks[0].id
    up = editing.move(tasks, tasks[2].id, -1)
    assert up is not None and texts(up.items) == ["a", "c", "b"]
    assert editing.move(tasks, tasks[0].id, -1) is None
    assert editing.move(tasks, tasks[2].id, 1) is None


def test_cycling_the_kind_goes_round_all_kinds() -> None:
    kinds = list(Kind)
    entry = TimelineEntry(kind=kinds[-1], text="x")
    edit = editing.cycle_kind([entry], entry.id)
    assert edit is not None and edit.items[0].kind is kinds[0]
    assert entry.kind is kinds[-1]


def test_sorting_puts_untimed_entries_last_and_says_when_nothing_changes() -> None:
    late, early, none = (
        TimelineEntry(at=at(12), text="late"),
        TimelineEntry(at=at(9), text="early"),
        TimelineEntry(text="none"),
    )
    edit = editing.sort_by_time([none, late, early], late.id)
    assert edit is not None and texts(edit.items) == ["early", "late", "none"]
    assert edit.cursor == late.id
    assert editing.sort_by_time(edit.items, None) is None


def test_kind_named_reads_names_and_unambiguous_starts() -> None:
    assert editing.kind_named("#escalation") is Kind.ESCALATION
    assert editing.kind_named("  ") is None


def test_editing_an_entry_reads_only_a_changed_time() -> None:
    entry = TimelineEntry(at=at(10, 0) + timedelta(seconds=42), kind=Kind.NOTE, text="old")
    incident = incident_with(entry)
    shown = format_time_field(incident, entry.at)  # type: ignore[arg-type]
    kept = editing.edit_entry(incident, entry.id, when=shown, kind="det", text=" new ")
    assert kept is not None
    assert kept.items[0].at == entry.at  # the seconds stay
    assert kept.items[0].kind is Kind.DETECTION and kept.items[0].text == "new"
    cleared = editing.edit_entry(incident, entry.id, when="", kind="note", text="x")
    assert cleared is not None and cleared.items[0].at is None
    assert editing.edit_entry(incident, "gone", when="", kind="note", text="x") is None


def test_editing_an_entry_sets_who_only_when_given() -> None:
    entry = TimelineEntry(text="restarted", by="alice")
    incident = incident_with(entry)
    kept = editing.edit_entry(incident, entry.id, when="", kind="note", text="restarted")
    assert kept is not None and kept.items[0].by == "alice"
    changed = editing.edit_entry(incident, entry.id, when="", kind="note", text="x", by=" bob ")
    assert changed is not None and changed.items[0].by == "bob"
    cleared = editing.edit_entry(incident, entry.id, when="", kind="note", text="x", by="")
    assert cleared is not None and cleared.items[0].by == ""


def test_editing_an_entry_refuses_an_unknown_kind_or_time() -> None:
    entry = TimelineEntry(text="x")
    incident = incident_with(entry)
    with pytest.raises(EditError, match="is not a kind"):
        editing.edit_entry(incident, entry.id, when="", kind="lunch", text="x")
    with pytest.raises(EditError):
        editing.edit_entry(incident, entry.id, when="not a time", kind="note", text="x")


def test_toggling_a_task_flips_done() -> None:
    task = Task(text="fix")
    edit = editing.toggle_done([task], task.id)
    assert edit is not None and edit.items[0].done and not task.done
    assert editing.toggle_done([task], "gone") is None


def test_a_task_line_becomes_values_or_an_error_about_the_date() -> None:
    values = editing.task_values(" fix ", " infra ", " P1 ", " 2024-03-01 ")
    assert values == {"text": "fix", "owner": "infra", "priority": "P1", "due": date(2024, 3, 1)}
    assert editing.task_values("x", "", "", "")["due"] is None
    with pytest.raises(EditError, match="2024-03-01"):
        editing.task_values("x", "", "", "March")


def test_saving_a_task_edits_it_in_place_or_adds_it_at_the_end() -> None:
    tasks = [Task(text="a"), Task(text="b")]
    values = editing.task_values("changed", "", "", "")
    edited = editing.save_task(tasks, tasks[0].id, values)
    assert texts(edited.items) == ["changed", "b"] and edited.cursor == tasks[0].id
    added = editing.save_task(tasks, None, values)
    assert texts(added.items) == ["a", "b", "changed"]
    assert added.cursor == added.items[-1].id


def test_a_new_section_is_empty_and_goes_after_the_measures() -> None:
    edit = editing.add_section([])
    assert len(edit.items) == 1
    section = edit.items[0]
    assert (section.title, section.body, section.after) == ("", "", "measures")
    assert edit.cursor == section.id
