"""Keystroke fuzz: generated sequences of what people do, with what must hold after each.

Each example opens the editor on a copy of a sample and plays a sequence of actions:
words typed into fields and the quick-entry line, Tab and shift+Tab, pane switches,
Enter, Escape, multi-line pastes, letters on the tables, undo and redo, F-keys, saves.
After every action:

- every word typed is in the incident, in a line under a table (or its history of lines),
  or in a field that holds text not valid yet, unless an undo could have taken it back;
- no timeline entry or task disappeared without a delete or an undo;
- after a save, loading the file gives back what the save wrote.

`HYPOTHESIS_PROFILE=long` runs the thousands of sequences; the suite runs a few dozen.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input, TextArea

from postmortem_editor.store import IncidentFile, dump_plain
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.screens.dialogs import MessageScreen
from postmortem_editor.tui.widgets.form import LineInput
from postmortem_editor.tui.widgets.timeline import EntryBar

from ..editor_helpers import DATED, SAMPLES, SIZE, burst, drain

FIELDS = (
    "#title",
    "#timezone",
    "#summary-start",
    "#summary-end",
    "#severity",
    "#summary-service",
    "#summary-impact",
    "#analysis-root_cause",
    "#measures-improvements",
    "#quick-entry",
    "#task-text",
)
EXAMPLES = int(
    os.environ.get(
        "TYPING_FUZZ_EXAMPLES", 2000 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 20
    )
)
"""Sequences played: a few dozen in the suite, thousands with the long profile (or as many
as TYPING_FUZZ_EXAMPLES says)."""
PANE_KEYS = ("alt+right", "alt+left", "ctrl+pagedown", "ctrl+pageup")
counter = itertools.count()

words = st.lists(st.sampled_from(["db", "paged", "the", "failover", "lag", "api"]), max_size=3)
actions = st.one_of(
    st.tuples(st.just("type"), st.sampled_from(FIELDS), words),
    st.tuples(
        st.just("entry"), st.sampled_from(["", "13:05 ", "+5m ", "14;22 ", "2:15 PM "]), words
    ),
    st.tuples(st.just("paste"), st.integers(min_value=2, max_value=4), words),
    st.tuples(st.just("table"), st.sampled_from(["#timeline-table", "#tasks-table"]), words),
    st.tuples(
        st.just("key"), st.sampled_from(["tab", "shift+tab", "enter", "escape"]), st.just([])
    ),
    st.tuples(st.just("key"), st.sampled_from(PANE_KEYS), st.just([])),
    st.tuples(st.just("key"), st.sampled_from(["f2", "f5", "f6", "up", "down"]), st.just([])),
    st.tuples(st.just("undo"), st.sampled_from(["ctrl+z", "ctrl+y"]), st.just([])),
    st.tuples(st.just("delete"), st.just("delete"), st.just([])),
    st.tuples(st.just("save"), st.just("ctrl+s"), st.just([])),
)


def token() -> str:
    """A word that appears nowhere else, so that it can be looked for."""
    return f"zq{next(counter)}x"


class Tracker:
    """What the user typed and did, to check the editor against."""

    def __init__(self, app: PostmortemApp) -> None:
        self.app = app
        self.required: set[str] = set()
        self.ids = self.item_ids()

    def item_ids(self) -> set[str]:
        incident = self.app.document.incident
        return {e.id for e in incident.timeline} | {t.id for t in incident.measures.tasks}

    def everything_shown(self) -> str:
        editor = self.app.editor
        parts = [str(dump_plain(self.app.document.incident))]
        for widget in editor.query("*"):
            if isinstance(widget, Input):
                parts.append(widget.value)
            if isinstance(widget, TextArea):
                parts.append(widget.text)
            if isinstance(widget, LineInput):
                parts.extend(widget.kept_lines)
        pending = editor.query_one(EntryBar).pending
        if pending:
            parts.append(pending)
        return "\n".join(parts)

    def forget_all(self) -> None:
        """An undo or a delete may take back anything typed before it."""
        self.required.clear()
        self.ids = self.item_ids()

    def check(self) -> None:
        shown = self.everything_shown()
        lost = sorted(word for word in self.required if word not in shown)
        assert not lost, f"typed words lost: {lost}"
        gone = self.ids - self.item_ids()
        assert not gone, f"entries or tasks gone without a delete: {len(gone)}"
        self.ids |= self.item_ids()


async def play(path: Path, steps: list[tuple[str, str, list[str]]]) -> None:
    app = PostmortemApp(IncidentFile.load(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tracker = Tracker(app)
        for kind, what, chosen in steps:
            if not isinstance(app.screen, type(app.editor)):
                app.pop_screen()  # a dialog (help, a message) is closed first
                await drain(pilot)
            typed = [*chosen, token()]
            text = " ".join(typed)
            if kind == "type":
                widget = app.editor.query_one(what)
                pane = next(a for a in widget.ancestors if a.id and a.id.startswith("tab-"))
                app.editor.show_pane(pane.id or "", widget)
                burst(app, " " + text)
            elif kind == "entry":
                await pilot.press("ctrl+t")
                burst(app, what + text + "\n")
            elif kind == "paste":
                await pilot.press("ctrl+t")
                lines = [f"{12 + n % 3}:{10 + n:02d} {text} {token()}" for n in range(int(what))]
                typed += [line.split()[-1] for line in lines]
                app.post_message(events.Paste("\n".join(lines)))
                await drain(pilot)
                await pilot.press("enter")
            elif kind == "table":
                app.editor.show_pane(
                    "tab-timeline" if what == "#timeline-table" else "tab-measures",
                    app.editor.query_one(what),
                )
                burst(app, text + "\n")
            elif kind in ("undo", "delete"):
                await pilot.press(what)
                await drain(pilot)
                tracker.forget_all()
                continue
            elif kind == "save":
                await pilot.press("ctrl+s")
                await drain(pilot)
                if not isinstance(app.screen, MessageScreen):
                    written = IncidentFile.load(path).incident
                    assert dump_plain(written) == dump_plain(app.document.saved)
            else:
                await pilot.press(what)
            await drain(pilot)
            if kind in ("type", "entry", "paste", "table"):
                tracker.required.update(word for word in typed if word.startswith("zq"))
            tracker.check()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(actions, min_size=1, max_size=12))
@example(  # a line brought back with Up and changed, then Up at the oldest line
    steps=[
        ("entry", "14;22 ", ["lag"]),
        ("key", "up", []),
        ("type", "#quick-entry", []),
        ("key", "up", []),
    ]
)
def test_no_typed_word_is_lost_and_nothing_vanishes(tmp_path: Path, steps: list) -> None:
    folder = tmp_path / f"example-{next(counter)}"
    folder.mkdir()
    path = folder / "incident.toml"
    path.write_bytes((SAMPLES / DATED).read_bytes())
    asyncio.run(play(path, steps))
