"""The three-way merge of incidents, case by case: what is kept, what conflicts, in what words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from postmortem_editor.merge import Choice, merge
from postmortem_editor.model import (
    FreeSection,
    Incident,
    Kind,
    Measures,
    Summary,
    Task,
    TimelineEntry,
)
from postmortem_editor.store import dump_plain

from .merge_strategies import fresh_ids


def _at(hour: int, minute: int) -> datetime:
    return datetime(2024, 5, 2, hour, minute, tzinfo=UTC)


def _base() -> Incident:
    return Incident(
        title="Queue backlog",
        severity="SEV-2",
        timezone="UTC",
        authors=["kim"],
        summary=Summary(impact="Orders were late.", service="orders"),
        timeline=[
            TimelineEntry(at=_at(14, 0), kind=Kind.DETECTION, text="Backlog alert fired"),
            TimelineEntry(at=_at(14, 2), kind=Kind.INVESTIGATION, text="Looked at consumers"),
            TimelineEntry(at=_at(14, 5), kind=Kind.MITIGATION, text="Scaled consumers to 12"),
        ],
        measures=Measures(
            improvements=["Alert on queue age"],
            tasks=[Task(text="Autoscale consumers", owner="infra")],
        ),
        sections=[FreeSection(title="Background", body="The queue feeds billing.")],
    )


def _copies() -> tuple[Incident, Incident, Incident]:
    """Base, mine and theirs as three files read from disk: each with its own ids."""
    base = _base()
    return base, fresh_ids(base), fresh_ids(base)


def test_changes_on_both_sides_to_different_things_all_come_through() -> None:
    base, mine, theirs = _copies()
    mine.title = "Queue backlog in billing"
    mine.timeline.append(TimelineEntry(at=_at(14, 20), text="Backlog drained"))
    theirs.severity = "SEV-1"
    theirs.timeline.append(TimelineEntry(at=_at(14, 10), text="Paged billing"))
    theirs.timeline.append(TimelineEntry(at=_at(14, 30), text="Closed the incident"))
    result = merge(base, mine, theirs)
    assert result.clean
    merged = result.resolve()
    assert (merged.title, merged.severity) == ("Queue backlog in billing", "SEV-1")
    assert [entry.text for entry in merged.timeline[3:]] == [
        "Paged billing",
        "Backlog drained",
        "Closed the incident",
    ]
    assert result.summary() == "severity changed, 2 timeline entries added"


def test_a_field_changed_alike_on_both_sides_is_no_conflict() -> None:
    base, mine, theirs = _copies()
    mine.severity = theirs.severity = "SEV-1"
    result = merge(base, mine, theirs)
    assert result.clean
    assert result.resolve().severity == "SEV-1"
    assert result.incoming == ()  # nothing I did not have already


def test_a_field_changed_both_ways_names_the_field_and_both_values() -> None:
    base, mine, theirs = _copies()
    mine.severity, theirs.severity = "SEV-1", "SEV-3"
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.where == "Severity"
    assert conflict.describe() == 'Severity: mine "SEV-1", theirs "SEV-3"'
    assert conflict.choices == (Choice.MINE, Choice.THEIRS)
    assert result.resolve({conflict.key: Choice.THEIRS}).severity == "SEV-3"
    with pytest.raises(ValueError, match="cannot keep both"):
        result.resolve(Choice.BOTH)
    with pytest.raises(ValueError, match="no choice for the conflict in Severity"):
        result.resolve()


def test_prose_changed_both_ways_can_keep_both_paragraphs() -> None:
    base, mine, theirs = _copies()
    mine.summary.impact = "Orders were late by an hour."
    theirs.summary.impact = "Billing ran twice for some orders."
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.where == "Summary: impact"
    assert Choice.BOTH in conflict.choices
    assert result.resolve(Choice.BOTH).summary.impact == (
        "Orders were late by an hour.\n\nBilling ran twice for some orders."
    )


def test_an_entry_deleted_on_one_side_and_untouched_on_the_other_is_deleted() -> None:
    base, mine, theirs = _copies()
    del theirs.timeline[1]
    mine.title = "Something else"
    result = merge(base, mine, theirs)
    assert result.clean
    assert [entry.text for entry in result.resolve().timeline] == [
        "Backlog alert fired",
        "Scaled consumers to 12",
    ]
    assert "1 timeline entry removed" in result.incoming


def test_an_entry_deleted_on_one_side_and_edited_on_the_other_is_a_conflict() -> None:
    base, mine, theirs = _copies()
    mine.timeline[1].text = "Looked at consumers and the broker"
    del theirs.timeline[1]
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.where == "timeline entry 2 (14:02)"
    assert conflict.mine == "14:02 investigation: Looked at consumers and the broker"
    assert conflict.theirs == "(deleted)"
    assert conflict.choices == (Choice.MINE, Choice.THEIRS)
    assert conflict.item_id == mine.timeline[1].id
    kept = result.resolve(Choice.MINE).timeline
    assert [entry.text for entry in kept][1] == "Looked at consumers and the broker"
    assert len(result.resolve(Choice.THEIRS).timeline) == 2


def test_an_entry_edited_in_different_fields_on_each_side_takes_both_edits() -> None:
    base, mine, theirs = _copies()
    mine.timeline[2].kind = Kind.RESOLUTION
    theirs.timeline[2].text = "Scaled consumers to 16"
    result = merge(base, mine, theirs)
    assert result.clean
    entry = result.resolve().timeline[2]
    assert (entry.kind, entry.text) == (Kind.RESOLUTION, "Scaled consumers to 16")
    assert entry.id == mine.timeline[2].id
    assert result.summary() == "1 timeline entry changed"


def test_an_entry_edited_both_ways_is_counted_from_one_with_its_time() -> None:
    base, mine, theirs = _copies()
    mine.timeline[2].text = "Scaled consumers to 16"
    theirs.timeline[2].text = "Scaled consumers to 24"
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.where == "timeline entry 3 (14:05)"
    assert (conflict.mine, conflict.theirs) == ("Scaled consumers to 16", "Scaled consumers to 24")
    assert conflict.fields == ("text",)
    both = result.resolve(Choice.BOTH).timeline
    assert [entry.text for entry in both[2:]] == [
        "Scaled consumers to 16",
        "Scaled consumers to 24",
    ]
    assert len({entry.id for entry in both}) == 4


def test_an_entry_added_alike_on_both_sides_is_kept_once() -> None:
    base, mine, theirs = _copies()
    for side in (mine, theirs):
        side.timeline.append(TimelineEntry(at=_at(14, 30), text="Backlog drained"))
    result = merge(base, mine, theirs)
    assert result.clean
    assert [entry.text for entry in result.resolve().timeline].count("Backlog drained") == 1


def test_improvements_and_authors_merge_item_by_item() -> None:
    base, mine, theirs = _copies()
    mine.authors.append("lee")
    theirs.authors.append("ana")
    mine.measures.improvements[0] = "Alert on queue age over 5 minutes"
    theirs.measures.improvements.append("Runbook for backlogs")
    result = merge(base, mine, theirs)
    assert result.clean
    merged = result.resolve()
    assert merged.authors == ["kim", "ana", "lee"]
    assert merged.measures.improvements == [
        "Alert on queue age over 5 minutes",
        "Runbook for backlogs",
    ]
    assert result.summary() == "1 author added, 1 improvement added"


def test_a_task_edited_both_ways_names_the_task_and_the_fields() -> None:
    base, mine, theirs = _copies()
    mine.measures.tasks[0].owner = "platform"
    mine.measures.tasks[0].priority = "P1"
    theirs.measures.tasks[0].owner = "billing"
    theirs.measures.tasks[0].priority = "P2"
    (conflict,) = merge(base, mine, theirs).conflicts
    assert conflict.where == "task 1 (Autoscale consumers)"
    assert conflict.mine == "owner: platform; priority: P1"
    assert conflict.theirs == "owner: billing; priority: P2"
    assert conflict.path == "measures.tasks"


def test_the_order_changed_on_one_side_is_kept_and_both_ways_is_a_conflict() -> None:
    base = _base()
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)  # the editor's case
    mine.timeline.reverse()
    result = merge(base, mine, theirs)
    assert result.clean
    assert dump_plain(result.resolve()) == dump_plain(mine)
    theirs.timeline.insert(0, theirs.timeline.pop())
    (conflict,) = merge(base, mine, theirs).conflicts
    assert conflict.where == "order of the timeline entries"
    assert conflict.mine == "14:05, 14:02, 14:00"
    assert conflict.theirs == "14:05, 14:00, 14:02"


def test_merging_changes_none_of_the_three_incidents() -> None:
    base, mine, theirs = _copies()
    mine.timeline.append(TimelineEntry(text="mine"))
    theirs.severity = "SEV-1"
    before = [dump_plain(x) for x in (base, mine, theirs)]
    result = merge(base, mine, theirs)
    merged = result.resolve()
    merged.timeline[0].text = "changed after the merge"
    assert [dump_plain(x) for x in (base, mine, theirs)] == before
    assert result.resolve().timeline[0].text == "Backlog alert fired"


def test_an_empty_base_keeps_what_both_sides_wrote() -> None:
    _, mine, theirs = _copies()
    theirs.timeline.insert(1, TimelineEntry(at=_at(14, 1), text="Paged billing"))
    result = merge(Incident(), mine, theirs)
    assert result.clean
    texts = [entry.text for entry in result.resolve().timeline]
    assert texts == [
        "Backlog alert fired",
        "Paged billing",
        "Looked at consumers",
        "Scaled consumers to 12",
    ]


def test_a_time_written_in_two_offsets_shows_them() -> None:
    base, mine, theirs = _copies()
    mine.summary.start = _at(14, 0)
    theirs.summary.start = _at(14, 0).astimezone(timezone(timedelta(hours=-5)))
    (conflict,) = merge(base, mine, theirs).conflicts
    assert (conflict.mine, conflict.theirs) == (
        "2024-05-02T14:00:00+00:00",
        "2024-05-02T09:00:00-05:00",
    )
    mine.summary.start = _at(14, 30)
    (conflict,) = merge(base, mine, theirs).conflicts
    assert (conflict.mine, conflict.theirs) == ("2024-05-02 14:30", "2024-05-02 14:00")
