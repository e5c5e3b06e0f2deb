"""The undo stack, without the editor."""

from __future__ import annotations

from postmortem_editor.tui import undo
from postmortem_editor.tui.undo import Step, UndoStack


def recorder(log: list[str], name: str) -> Step:
    return Step(name, undo=lambda: log.append(f"undo {name}"), redo=lambda: log.append(name))


def test_undo_and_redo_run_the_steps_newest_first() -> None:
    log: list[str] = []
    stack = UndoStack()
    assert not stack.can_undo and not stack.can_redo
    stack.push(recorder(log, "a"))
    stack.push(recorder(log, "b"))
    assert stack.undo() is not None and stack.undo() is not None
    assert stack.undo() is None
    assert stack.can_redo
    step = stack.redo()
    assert step is not None and step.label == "a"
    assert log == ["undo b", "undo a", "a"]


def test_a_new_step_clears_what_could_be_redone() -> None:
    log: list[str] = []
    stack = UndoStack()
    stack.push(recorder(log, "a"))
    stack.undo()
    stack.push(recorder(log, "b"))
    assert not stack.can_redo
    assert stack.redo() is None


def test_typing_in_one_field_coalesces_into_one_step() -> None:
    log: list[str] = []
    stack = UndoStack()
    first = Step("edit title", lambda: log.append("back to empty"), lambda: log.append("x"), "t")
    second = Step("edit title", lambda: log.append("back to x"), lambda: log.append("xy"), "t")
    second.when = first.when + undo.COALESCE_SECONDS / 2
    stack.push(first)
    stack.push(second)
    stack.undo()
    assert log == ["back to empty"]  # one step, back to before the typing
    assert not stack.can_undo
    stack.redo()
    assert log[-1] == "xy"


def test_steps_far_apart_or_of_other_fields_stay_apart() -> None:
    stack = UndoStack()
    first = Step("edit title", lambda: None, lambda: None, "title")
    later = Step("edit title", lambda: None, lambda: None, "title")
    later.when = first.when + undo.COALESCE_SECONDS * 2
    other = Step("edit status", lambda: None, lambda: None, "status")
    other.when = later.when
    for step in (first, later, other):
        stack.push(step)
    assert [stack.undo() for _ in range(3)] == [other, later, first]


def test_the_history_is_bounded() -> None:
    stack = UndoStack()
    for number in range(undo.LIMIT + 10):
        stack.push(Step(str(number), lambda: None, lambda: None))
    labels = []
    while (step := stack.undo()) is not None:
        labels.append(step.label)
    assert len(labels) == undo.LIMIT
    assert labels[-1] == "10"
