"""The garbage collector while the editor is open: on again once the editor is on screen,
its full collections made when the keys pause and after a command's change is drawn.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from textual.widgets import Input

from postmortem_editor.cli import main
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.services.gc_policy import KEYS_IDLE

from ..editor_helpers import (
    SIZE,
    copy_sample,
    open_app,
    preview_text,
    type_text,
    wait_until,
)


class FullCollections:
    """The full garbage collections the interpreter makes (not stubbed: gc.callbacks), each
    with the time it started and what the preview showed then."""

    def __init__(self, app: PostmortemApp | None = None) -> None:
        self.app = app
        self.started: list[float] = []
        self.previews: list[str] = []

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            self.started.append(time.monotonic())
            if self.app is not None:
                self.previews.append(preview_text(self.app))

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


async def test_the_garbage_collector_runs_again_once_the_editor_is_on_screen(dated: Path) -> None:
    # `postmortem edit` opens the editor with the collector off; the first frame turns it on.
    gc.unfreeze()
    thresholds = gc.get_threshold()
    gc.disable()
    try:
        app = open_app(dated)
        with FullCollections() as collections:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                assert gc.isenabled()
                assert gc.get_freeze_count() > 0  # what start-up built is out of its way
                app.typing_paused()  # no key pressed yet: the garbage of start-up goes
                await wait_until(pilot, lambda: collections.started, "a full collection")
    finally:
        gc.enable()
        gc.set_threshold(*thresholds)


async def test_a_full_garbage_collection_waits_until_no_key_is_pressed(dated: Path) -> None:
    # The model may not change while keys go on (an entry's edit line): keys are watched.
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.editor.query_one("#title", Input).focus()
        await pilot.press("end")  # keys that change nothing: no recovery write follows
        with FullCollections() as collections:
            app.typing_paused()
            app.typing_paused()  # a second pause while the first waits: still one collection
            pressed = []  # a key reaches the App after the time noted before its press
            for key in ("home", "end", "home"):
                pressed.append(time.monotonic())
                await pilot.press(key)
            await wait_until(pilot, lambda: collections.started, "a full collection")
            await pilot.pause(KEYS_IDLE)  # time for a second one, if there were one
        assert len(collections.started) == 1
        collected = collections.started[0]
        last_key = max(at for at in pressed if at < collected)
        assert collected - last_key >= KEYS_IDLE, "collected while keys went on"


async def test_garbage_is_collected_once_a_commands_change_is_on_screen(dated: Path) -> None:
    # After a command (an entry added) the user reads its result: the collection is made
    # then, with the change already drawn, not at a key of the typing that follows.
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.editor.query_one("#title", Input).focus()
        await pilot.press("x")
        await pilot.press("ctrl+t")
        await type_text(pilot, "10:40 paged the zqwx DBA")
        with FullCollections(app) as collections:
            await pilot.press("enter")
            await wait_until(pilot, lambda: collections.started, "a full collection")
        assert "zqwx" in collections.previews[0], "collected before the entry was drawn"


def test_the_edit_command_leaves_the_collector_on_when_it_cannot_open(tmp_path: Path) -> None:
    # Not a terminal: the command refuses, and whatever runs next still collects garbage.
    assert main(["edit", str(copy_sample(tmp_path))]) == 2
    assert gc.isenabled()
