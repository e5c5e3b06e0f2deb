"""The preview and the timeline table show the model, whatever edits led there.

The preview draws only what changed (blocks and entries are kept by their content), and
the timeline table keeps each row's cells by entry. For generated incidents and generated
sequences of edits made through the editor, the way a user makes them (a field typed, an
entry added through the quick-entry line, edited in place with Enter, moved with
alt+up/alt+down, deleted with Delete, the render profile switched with F6, ctrl+z), after
every edit, once the editor has caught up:

- the preview's text equals that of a fresh ``Preview`` of the same width given the same
  incident and profile: nothing is kept from before, so a block, an entry or a line left
  over from an earlier state (a stale cache, a stale arrangement) shows as a difference;
- the words of the preview are the words of ``render_markdown(incident, profile)``, in
  order (read across a table's cells where the render has a table), in every profile:
  the preview says what the renderer says;
- the timeline table's rows are the model's entries, in order, each row's cells
  (mark, time, kind, who and text) made afresh from its entry.

A dozen sequences run in the suite; ``HYPOTHESIS_PROFILE=long`` runs two thousand
(``PREVIEW_EXAMPLES=N`` runs N).
"""

from __future__ import annotations

import asyncio
import os
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from textual.app import ComposeResult
from textual.screen import Screen

from postmortem_editor.model import Incident, Kind, Summary, TimelineEntry
from postmortem_editor.quickentry import unread_time
from postmortem_editor.render import Clock, entry_head, render_markdown
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.widgets.preview import Preview
from postmortem_editor.tui.widgets.timeline import entry_problems

from ..editor_helpers import (
    SIZE,
    drain,
    preview_text,
    replace_text,
    settle,
    timeline_table,
    type_text,
)

EXAMPLES = int(
    os.environ.get(
        "PREVIEW_EXAMPLES", 2000 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 12
    )
)
"""Edit sequences played: a dozen in the suite, thousands with the long profile (or as many
as PREVIEW_EXAMPLES says)."""
PROGRESS = os.environ.get("PROPERTY_PROGRESS", "")
"""A file that gets a line for each sequence that held, so that a long run can be followed
(and counted if it is stopped)."""
WORDS = ("db", "replica", "paged", "rollback", "p99", "cache", "alice", "Déjà", "lag", "v2")
ZONES = ("UTC", "America/New_York", "+05:30")
START = datetime(2024, 2, 14, 10, 0, tzinfo=UTC)


def phrases(min_size: int = 1) -> st.SearchStrategy[str]:
    """A few words, as a person types them."""
    return st.lists(st.sampled_from(WORDS), min_size=min_size, max_size=5).map(" ".join)


@st.composite
def entries(draw: st.DrawFn) -> TimelineEntry:
    """A timeline entry: with or without a time or a label, of any kind, maybe with who
    did it."""
    minutes = draw(st.none() | st.integers(min_value=-30, max_value=200))
    return TimelineEntry(
        at=None if minutes is None else START + timedelta(minutes=minutes),
        kind=draw(st.sampled_from(list(Kind))),
        by=draw(st.sampled_from(["", "", "alice", "db team"])),
        text=draw(phrases()),
        label=draw(st.sampled_from(["", "", "Day 1", "Later"])),
    )


@st.composite
def incidents(draw: st.DrawFn) -> Incident:
    """An incident with a summary, a timeline of zero to seven entries and some measures,
    its times dated where the day changes or at every entry, its zone named or not."""
    incident = Incident(
        title=draw(phrases()),
        timezone=draw(st.sampled_from(ZONES)),
        timezone_name=draw(st.sampled_from(["", "EST", "EDT"])),
        timeline_dates=draw(st.sampled_from(["changes", "every"])),
        summary=Summary(
            start=draw(st.sampled_from([None, START])),
            end=draw(st.sampled_from([None, START + timedelta(hours=2)])),
            service=draw(phrases(0)),
            impact=draw(phrases(0)),
        ),
        timeline=draw(st.lists(entries(), max_size=7)),
    )
    incident.analysis.root_cause = draw(phrases(0))
    incident.measures.improvements = draw(st.lists(phrases(), max_size=2))
    return incident


Step = tuple[str, int, str]

STEPS = st.tuples(
    st.sampled_from(["title", "service", "add", "edit", "up", "down", "delete", "profile", "undo"]),
    st.integers(min_value=0, max_value=9),
    st.sampled_from(WORDS),
)


async def make(app: PostmortemApp, pilot, step: Step) -> None:  # type: ignore[no-untyped-def]
    """One edit, made with the keys a user presses."""
    operation, row, word = step
    editor = app.editor
    if operation in ("title", "service"):
        field = "#title" if operation == "title" else "#summary-service"
        editor.show_pane("tab-summary", editor.query_one(field))
        await pilot.pause()
        if row % 2:
            await replace_text(pilot, f"{word} x{row}")
        else:
            await pilot.press("end", "space", *word)
        return
    if operation == "add":
        await pilot.press("ctrl+t")
        await type_text(pilot, f"10:{row}5 {word} noted")
        await pilot.press("enter")
        return
    if operation == "profile":
        await pilot.press("f6")
        return
    if operation == "undo":
        await pilot.press("ctrl+z")
        return
    table = timeline_table(app)
    editor.show_pane("tab-timeline", table)
    await pilot.pause()
    if not app.document.incident.timeline:
        return
    table.move_cursor(row=row % len(app.document.incident.timeline))
    await drain(pilot)
    if operation == "delete":
        await pilot.press("delete")
    elif operation in ("up", "down"):
        await pilot.press(f"alt+{operation}")
    else:
        await pilot.press("enter", "end", "space", *word, "enter")


class Fresh(Screen[None]):
    """A screen with nothing but a new preview, as wide as the editor's."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        preview = Preview(id="preview")
        preview.styles.width = self.width
        yield preview


async def fresh_preview_text(app: PostmortemApp, pilot) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of a new preview, never shown anything before, given the editor's model."""
    shown = app.editor.query_one(Preview)
    screen = Fresh(shown.outer_size.width)
    await app.push_screen(screen)
    await pilot.pause()
    fresh = screen.query_one(Preview)
    assert fresh.scrollable_content_region.width == shown.scrollable_content_region.width
    incident = app.document.incident
    fresh.show(incident, app.editor.render_profile, entry_problems(incident))  # type: ignore[arg-type]
    await pilot.pause()
    text = fresh.text()
    app.pop_screen()
    await pilot.pause()
    return text


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text, in order, without the Markdown or drawing around them."""
    return _WORD.findall(text)


def expected_cells(incident: Incident, entry: TimelineEntry, problem: str | None) -> list[str]:
    """A timeline row's cells as plain text, made from the entry alone."""
    unread = entry.at is None and unread_time(entry.text) is not None
    mark = "⚠" if problem or unread else " "
    time = "time not read" if unread else entry_head(entry, Clock(incident))
    text = " ".join(entry.text.split())
    return [mark, time, entry.kind.value, f"{entry.by}: {text}" if entry.by else text]


def assert_shows_the_model(app: PostmortemApp, fresh: list[str], history: list[Step]) -> None:
    """The preview and the timeline table show the model as a fresh render does."""
    incident = app.document.incident
    profile = app.editor.render_profile
    shown = preview_text(app).split("\n")
    assert shown == fresh, f"after {history} ({profile}): the preview differs from a fresh one"
    markdown = render_markdown(incident, profile)  # type: ignore[arg-type]
    said, rendered = words("\n".join(shown)), words(markdown)
    if "| --- |" in markdown:
        # A table's cells wrap side by side, so its words are read across the cells: the
        # same words, not in the same order.
        assert Counter(said) == Counter(rendered), f"after {history} ({profile}): words differ"
    else:
        assert said == rendered, f"after {history} ({profile}): words differ"
    table = timeline_table(app)
    assert table.row_ids == [entry.id for entry in incident.timeline], history
    problems = entry_problems(incident)
    for entry in incident.timeline:
        cells = [table.get_cell(entry.id, key).plain for key in ("mark", "time", "kind", "text")]
        assert cells == expected_cells(incident, entry, problems.get(entry.id)), history


async def play(incident: Incident, steps: list[Step], folder: Path) -> None:
    app = PostmortemApp(IncidentFile.new(folder / "incident.toml", incident=incident))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_shows_the_model(app, await fresh_preview_text(app, pilot), [])
        for number, step in enumerate(steps):
            await make(app, pilot, step)
            await drain(pilot)
            await settle(pilot)
            fresh = await fresh_preview_text(app, pilot)
            assert_shows_the_model(app, fresh, steps[: number + 1])


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # Each example runs the editor: shrinking a failure takes minutes, and the message
    # already names the edits that led to it.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(incident=incidents(), steps=st.lists(STEPS, min_size=1, max_size=8))
def test_after_any_edits_the_preview_and_table_show_a_fresh_render_of_the_model(
    tmp_path: Path, incident: Incident, steps: list[Step]
) -> None:
    asyncio.run(play(incident, steps, tmp_path))
    if PROGRESS:
        with open(PROGRESS, "a", encoding="utf-8") as log:
            log.write(f"{len(steps)} edits held\n")


@pytest.mark.parametrize("profile_presses", [0, 1, 2])
def test_every_profile_is_drawn_as_a_fresh_render(tmp_path: Path, profile_presses: int) -> None:
    incident = Incident(
        title="Cache outage",
        timezone="UTC",
        summary=Summary(start=START, end=START + timedelta(hours=2), service="api"),
        timeline=[
            TimelineEntry(at=START, kind=Kind.DETECTION, text="alerts fired"),
            TimelineEntry(at=START + timedelta(minutes=30), kind=Kind.RESOLUTION, text="fixed"),
            TimelineEntry(label="Day 2", by="alice", text="checked the replicas"),
            TimelineEntry(label="Day 2", text="closed the incident"),
        ],
    )
    steps: list[Step] = [("profile", 0, "")] * profile_presses
    steps += [("add", 3, "replica"), ("edit", 0, "lag"), ("down", 0, ""), ("undo", 0, "")]
    asyncio.run(play(incident, steps, tmp_path))


def test_the_preview_says_who_said_an_entry_as_the_render_does(tmp_path: Path) -> None:
    incident = Incident(
        title="Cache outage",
        timezone="UTC",
        timeline=[TimelineEntry(at=START, by="alice", text="restarted the db")],
    )

    async def shown() -> str:
        app = PostmortemApp(IncidentFile.new(tmp_path / "incident.toml", incident=incident))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            return preview_text(app)

    assert "alice: restarted the db" in render_markdown(incident)
    assert "alice: restarted the db" in asyncio.run(shown())
