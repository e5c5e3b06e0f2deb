"""Fuzzing the loader and the command line with mutated copies of the sample incidents.

Whatever the bytes of a file, `IncidentFile.load` either returns an incident or raises
the store's own StoreError with a message naming the file; `postmortem check` and
`postmortem render` answer with exit 0, 1 or 2 and one line on stderr (or, for several
problems with the values, a headline and a line for each), never a traceback; an edit to
any file that loads saves, and the file reads back as the edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from postmortem_editor.cli import main
from postmortem_editor.model import Task, TimelineEntry
from postmortem_editor.store import IncidentFile, StoreError, dump_plain

from ..mutations import RandomChooser, assert_problem_lines, mutants, mutate, write_mutant


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def _answer(message: str) -> str:
    """The kind of refusal a load error message describes."""
    if "invalid TOML" in message:
        return "invalid TOML"
    if "binary" in message or "UTF-8" in message or "empty" in message:
        return "not text"
    return "schema error"


# --- the loader ----------------------------------------------------------------------------------


@fuzz(2_000)
@given(data=mutants())
def test_a_mutated_file_loads_or_raises_the_stores_error(tmp_path: Path, data: bytes) -> None:
    path = write_mutant(tmp_path, data)
    try:
        document = IncidentFile.load(path)
    except StoreError as error:
        message = str(error)
        event(_answer(message.removeprefix(str(path))))
        assert message.startswith(f"{path}:"), message
        assert_problem_lines(message)
        assert error.path == path
    else:
        event("loads")
        assert document.path == path
        assert not document.dirty
    assert path.read_bytes() == data


# --- the command line, in process ---------------------------------------------------------------


@fuzz(800)
@given(data=mutants())
def test_check_and_render_answer_any_mutated_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    path = write_mutant(tmp_path, data)
    try:
        IncidentFile.load(path)
        loads = True
    except StoreError:
        loads = False
    capsys.readouterr()
    for command, allowed in (("check", {0, 1, 2}), ("render", {0, 2})):
        code = main([command, str(path)])
        out, err = capsys.readouterr()
        assert code in allowed, (command, code, err)
        assert "Traceback" not in out + err
        assert "internal error" not in err, err
        assert_problem_lines(err)
        if loads:
            assert code != 2, (command, err)
        else:
            assert code == 2 and out == "" and err.startswith(f"{path}:"), (command, err)
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.toml"]


# --- an edit to whatever loads -------------------------------------------------------------------

EDITS: tuple[Callable[[IncidentFile], object], ...] = (
    lambda d: setattr(d.incident, "title", "Edited title"),
    lambda d: setattr(d.incident.summary, "impact", "Edited impact.\n\nSecond paragraph."),
    lambda d: setattr(d.incident.analysis, "lessons", "Lessons \u241b [b]literal[/b] 🔥"),
    lambda d: d.incident.timeline.append(TimelineEntry(text="Added entry")),
    lambda d: d.incident.timeline.reverse(),
    lambda d: d.incident.timeline[:1] and d.incident.timeline.pop(0),
    lambda d: d.incident.measures.tasks.append(Task(text="Added task", owner="sre")),
    lambda d: d.incident.measures.improvements.append("Added improvement"),
)


@fuzz(700)
@given(data=mutants(), edit=st.sampled_from(EDITS))
def test_an_edit_to_a_mutated_file_that_loads_saves_and_reloads(
    tmp_path: Path, data: bytes, edit: Callable[[IncidentFile], object]
) -> None:
    path = write_mutant(tmp_path, data)
    try:
        document = IncidentFile.load(path)
    except StoreError:
        return
    edit(document)
    wanted = dump_plain(document.incident)
    try:
        document.save()
    except StoreError as error:
        raise AssertionError(
            f"BUG: a file that loads cannot be saved after an edit: {error}"
        ) from error
    assert dump_plain(IncidentFile.load(path).incident) == wanted
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.toml"]


# --- the mutations reach every kind of refusal --------------------------------------------------


def test_the_mutations_reach_every_kind_of_answer(tmp_path: Path) -> None:
    kinds: set[str] = set()
    for seed in range(400):
        path = write_mutant(tmp_path, mutate(RandomChooser(seed)))
        try:
            IncidentFile.load(path)
        except StoreError as error:
            kinds.add(_answer(str(error).removeprefix(str(path))))
        else:
            kinds.add("loads")
    assert kinds == {"invalid TOML", "not text", "schema error", "loads"}
