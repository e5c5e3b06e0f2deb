"""One edit in the editor, its own lines in the file: the diff a save makes after the
editor's own operations (a field typed, an entry edited in place, added, deleted or
moved, a task ticked, an improvement changed).

Each example opens a sample with the editor, makes one generated edit the way a user does
(keys and pastes), saves, and checks the line diff against the file before.
"""

from __future__ import annotations

import asyncio
import difflib
import itertools
import os
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import TextArea

from postmortem_editor.store import IncidentFile, dump_plain
from postmortem_editor.tui.app import PostmortemApp

from ..editor_helpers import DATED, SAMPLES, SIZE, drain, replace_text, type_text

EXAMPLES = 1000 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 16
"""Edits tried: a few in the suite, a thousand with the long profile."""
OPERATIONS = ("field", "entry_text", "entry_kind", "add", "delete", "move", "toggle", "improve")
counter = itertools.count()


def line_changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines a save removed and the lines it added."""
    removed: list[str] = []
    added: list[str] = []
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    for line in diff:
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


async def edit(app: PostmortemApp, pilot, operation: str, row: int, word: str) -> None:  # type: ignore[no-untyped-def]
    editor = app.editor
    if operation == "field":
        editor.show_pane("tab-summary", editor.query_one("#summary-service"))
        await replace_text(pilot, f"checkout {word}")
        return
    if operation == "improve":
        area = editor.query_one("#measures-improvements", TextArea)
        editor.show_pane("tab-measures", area)
        area.move_cursor((row % 3, 0))
        await type_text(pilot, f"{word} ")
        return
    if operation == "add":
        await pilot.press("ctrl+t")
        await type_text(pilot, f"12:4{row % 10} {word} noted")
        await pilot.press("enter")
        return
    if operation == "toggle":
        table = editor.query_one("#tasks-table")
        editor.show_pane("tab-measures", table)
        await pilot.press("alt+x")
        return
    table = editor.query_one("#timeline-table")
    editor.show_pane("tab-timeline", table)
    table.move_cursor(row=row)  # type: ignore[attr-defined]
    await drain(pilot)
    if operation == "delete":
        await pilot.press("delete")
    elif operation == "move":
        await pilot.press("alt+down" if row < 8 else "alt+up")
    elif operation == "entry_kind":
        await pilot.press("alt+k")
    else:
        await pilot.press("enter", "end")
        await type_text(pilot, f" {word}")
        await pilot.press("enter")


async def play(path: Path, operation: str, row: int, word: str) -> tuple[str, str]:
    before = path.read_text(encoding="utf-8")
    app = PostmortemApp(IncidentFile.load(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await edit(app, pilot, operation, row, word)
        await drain(pilot)
        await pilot.press("ctrl+s")
        await drain(pilot)
        assert not app.document.edited, f"{operation}: not saved"
        assert dump_plain(IncidentFile.load(path).incident) == dump_plain(app.document.incident)
    return before, path.read_text(encoding="utf-8")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    operation=st.sampled_from(OPERATIONS),
    row=st.integers(min_value=0, max_value=8),
    word=st.sampled_from(["replica", "déjà-vu", 'the "db"', "p99 #lag"]),
)
def test_one_edit_in_the_editor_changes_only_its_own_lines(
    tmp_path: Path, operation: str, row: int, word: str
) -> None:
    folder = tmp_path / f"example-{next(counter)}"
    folder.mkdir()
    path = folder / "incident.toml"
    path.write_bytes((SAMPLES / DATED).read_bytes())
    before, after = asyncio.run(play(path, operation, row, word))
    removed, added = line_changes(before, after)
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert all(comment in after.splitlines() for comment in comments), "a comment was lost"
    if operation in ("field", "entry_text", "entry_kind", "toggle", "improve"):
        assert len(removed) == 1 and len(added) == 1, (removed, added)
        key = removed[0].split("=")[0].strip() if "=" in removed[0] else None
        assert key is None or added[0].startswith(removed[0].split("=")[0]), (removed, added)
    elif operation == "add":
        assert removed == [] and added, (removed, added)
    elif operation == "delete":
        assert added == [] and removed, (removed, added)
    else:
        assert Counter(removed) == Counter(added) and removed, (removed, added)
