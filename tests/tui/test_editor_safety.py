"""The editor keeps the user's words: the recovery file, files changed on disk, failed saves.

Driven through Textual's pilot on copies of a sample incident; the delays of the recovery
file and of the look at the disk are shortened so that the tests do not wait for them.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea

from postmortem_editor.clipboard import CopyResult
from postmortem_editor.model import TimelineEntry
from postmortem_editor.recovery import RecoveryFile, fallback_path, recovery_path, recovery_text
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.editor import EditorScreen
from postmortem_editor.tui.screens.choices import ChoiceScreen, DiffScreen
from postmortem_editor.tui.screens.conflicts import ConflictScreen
from postmortem_editor.tui.screens.dialogs import MessageScreen, QuitScreen
from postmortem_editor.tui.services import copier, disk_watcher, recovery_keeper

from ..editor_helpers import (
    SIZE,
    changed_lines,
    copy_sample,
    focus,
    input_value,
    open_app,
    replace_text,
    row_keys,
    screen_text,
    settle,
    showing,
    status_text,
    timeline_table,
    toasts,
    type_text,
)


@pytest.fixture(autouse=True)
def quick_timers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Short recovery delay and disk checks, a private state folder."""
    monkeypatch.setattr(recovery_keeper, "RECOVERY_DELAY", 0.1)
    monkeypatch.setattr(disk_watcher, "DISK_CHECK_INTERVAL", 0.1)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


async def wait_for(pilot: Pilot[None], check: Callable[[], object], what: str) -> None:
    """Let the app run until check() holds; fail after 60 s (a generous ceiling)."""
    end = time.monotonic() + 60
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def holds(path: Path, text: str) -> bool:
    return path.exists() and text in path.read_text(encoding="utf-8")


def leave_recovery(path: Path, title: str) -> Path:
    """A recovery file as an editor that was killed would leave it: the title changed."""
    document = IncidentFile.load(path)
    document.incident.title = title
    document.incident.timeline.append(TimelineEntry(text="a line typed before the crash"))
    text = recovery_text(document.incident, document.disk_digest)
    written = RecoveryFile(path).write(text, 0)
    assert written == recovery_path(path)
    return written


# --- the recovery file ----------------------------------------------------------------------


async def test_edits_reach_the_recovery_file_and_saving_removes_it(dated: Path) -> None:
    recovery = recovery_path(dated)
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await wait_for(pilot, lambda: holds(recovery, "checkout API"), "the recovery file")
        data = json.loads(recovery.read_text(encoding="utf-8"))
        assert data["incident"]["summary"]["service"] == "checkout API"
        assert data["base_sha256"] == app.document.disk_digest
        assert "checkout API" not in dated.read_text(encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert 'service = "checkout API"' in dated.read_text(encoding="utf-8")
        assert not recovery.exists()


async def test_undoing_back_to_the_saved_text_removes_the_recovery_file(dated: Path) -> None:
    recovery = recovery_path(dated)
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await pilot.press(*"12:40 paged", "enter")
        await wait_for(pilot, recovery.exists, "the recovery file")
        await pilot.press("escape", "ctrl+z")
        await wait_for(pilot, lambda: not recovery.exists(), "the recovery file to go")
        assert not app.document.edited


async def test_quitting_without_saving_removes_the_recovery_file(dated: Path) -> None:
    recovery = recovery_path(dated)
    before = dated.read_bytes()
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await wait_for(pilot, recovery.exists, "the recovery file")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("q")
        await pilot.pause()
    assert not recovery.exists()
    assert dated.read_bytes() == before


async def test_a_recovery_file_is_offered_and_recovered(dated: Path) -> None:
    before = dated.read_bytes()
    leave_recovery(dated, "Recovered title")
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: showing(app, ChoiceScreen), "the question")
        text = screen_text(app)
        assert "Unsaved edits were found" in text
        assert "never saved" in text
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.document.incident.title == "Recovered title"
        assert app.document.edited
        assert input_value(app, "#title") == "Recovered title"
        texts = [entry.text for entry in app.document.incident.timeline]
        assert "a line typed before the crash" in texts
        assert any("Recovered the unsaved edits" in toast for toast in toasts(app))
        assert dated.read_bytes() == before, "recovering changes nothing until a save"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = IncidentFile.load(dated).incident
    assert saved.title == "Recovered title"
    assert not recovery_path(dated).exists()


async def test_show_diff_then_discard_keeps_a_copy_and_opens_the_file(dated: Path) -> None:
    before = dated.read_bytes()
    leave_recovery(dated, "Recovered title")
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: showing(app, ChoiceScreen), "the question")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen)
        diff = screen_text(app)
        assert '-title = "Postmortem"' in diff
        assert '+title = "Recovered title"' in diff
        assert '+text = "a line typed before the crash"' in diff
        changed = [line for line in diff.splitlines() if line[:1] in "+-"]
        assert len(changed) < 12, "the difference is the edits, not the whole file"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.document.incident.title == "Postmortem"
        assert not app.document.edited
    assert dated.read_bytes() == before
    assert not recovery_path(dated).exists()
    copies = list(dated.parent.glob(f"{dated.stem}.discarded-*.toml"))
    assert len(copies) == 1
    assert IncidentFile.load(copies[0]).incident.title == "Recovered title"


async def test_an_unreadable_recovery_file_is_set_aside_and_said(dated: Path) -> None:
    recovery = recovery_path(dated)
    recovery.write_text('{"format": "postmortem-recovery", "version": 1, "incident": {"ti')
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, MessageScreen), "the message")
        await wait_for(pilot, lambda: "could not be read" in screen_text(app), "its text")
        await pilot.press("enter")
    assert not recovery.exists()
    kept = list(dated.parent.glob(f"{recovery.name}.*"))
    assert len(kept) == 1 and kept[0].read_text().startswith('{"format"')


async def test_a_recovery_file_that_matches_the_file_is_removed_silently(dated: Path) -> None:
    document = IncidentFile.load(dated)
    RecoveryFile(dated).write(recovery_text(document.incident, document.disk_digest), 0)
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert not recovery_path(dated).exists()


# --- a file changed on disk -------------------------------------------------------------------


def change_on_disk(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    return changed


async def test_a_file_changed_on_disk_without_local_edits_is_reloaded(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        change_on_disk(dated, 'title = "Postmortem"', 'title = "Theirs"')
        await wait_for(pilot, lambda: app.document.incident.title == "Theirs", "the reload")
        await settle(pilot)
        assert input_value(app, "#title") == "Theirs"
        assert any("changed on disk; reloaded" in toast for toast in toasts(app))
        assert not app.document.edited


async def test_a_reload_keeps_the_timeline_table_in_step(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        change_on_disk(
            dated,
            "[[timeline]]",
            "[[timeline]]\nat = 2024-02-14T09:59:00-05:00\n"
            'text = "an entry written elsewhere"\n\n[[timeline]]',
        )
        await wait_for(pilot, lambda: len(app.document.incident.timeline) == 10, "the reload")
        await settle(pilot)
        table = timeline_table(app)
        assert row_keys(table) == [entry.id for entry in app.document.incident.timeline]
        first = app.document.incident.timeline[0]
        assert table.get_cell(first.id, "text").plain == "an entry written elsewhere"


async def edit_while_changed_on_disk(pilot: Pilot[None], path: Path) -> str:
    """Type a service, have someone else change it too, put the merge off (Escape): the
    question of what to keep; returns their text."""
    await focus(pilot, "#summary-service")
    await replace_text(pilot, "checkout API")
    await settle(pilot)
    theirs = change_on_disk(path, 'title = "Postmortem"', 'title = "Theirs"')
    theirs = change_on_disk(path, 'service = "main web application"', 'service = "their API"')
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen), "the conflicts")
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen), "the question")
    return theirs


async def test_a_change_under_local_edits_asks_and_keep_mine_copies_theirs(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        theirs = await edit_while_changed_on_disk(pilot, dated)
        assert "changed by someone else" in screen_text(app)
        assert dated.read_text(encoding="utf-8") == theirs
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen)
        diff = screen_text(app)
        assert '-title = "Theirs"' in diff and '+title = "Postmortem"' in diff
        assert '+service = "checkout API"' in diff and '-service = "their API"' in diff
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")
        await settle(pilot)
        copies = list(dated.parent.glob(f"{dated.stem}.theirs-*.toml"))
        assert len(copies) == 1 and copies[0].read_text(encoding="utf-8") == theirs
        assert dated.read_text(encoding="utf-8") == theirs, "keeping mine saves only on ctrl+s"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    mine = IncidentFile.load(dated).incident
    assert mine.summary.service == "checkout API"
    assert mine.title == "Postmortem"


async def test_reload_theirs_keeps_a_copy_of_mine(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        theirs = await edit_while_changed_on_disk(pilot, dated)
        await pilot.press("r")
        await settle(pilot)
        assert app.document.incident.title == "Theirs"
        assert app.document.incident.summary.service == "their API"
        assert not app.document.edited
        assert input_value(app, "#summary-service") == "their API"
    assert dated.read_text(encoding="utf-8") == theirs
    copies = list(dated.parent.glob(f"{dated.stem}.mine-*.toml"))
    assert len(copies) == 1
    assert IncidentFile.load(copies[0]).incident.summary.service == "checkout API"


async def test_saving_over_a_change_not_yet_seen_asks_first(
    dated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(disk_watcher, "DISK_CHECK_INTERVAL", 3600)
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#title")
        await replace_text(pilot, "Renamed")
        theirs = change_on_disk(dated, 'title = "Postmortem"', 'title = "Theirs"')
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert dated.read_text(encoding="utf-8") == theirs
        assert app.document.incident.title == "Renamed"
        await pilot.press("k")  # keep mine: theirs is copied, then mine is saved
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert IncidentFile.load(dated).incident.title == "Renamed"
    copies = list(dated.parent.glob(f"{dated.stem}.theirs-*.toml"))
    assert [copy.read_text(encoding="utf-8") for copy in copies] == [theirs]


async def test_a_file_changed_into_something_invalid_is_not_loaded_nor_overwritten(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        broken = "<<<<<<< HEAD\n" + dated.read_text(encoding="utf-8")
        dated.write_text(broken, encoding="utf-8")
        await wait_for(
            pilot, lambda: any("cannot be loaded" in t for t in toasts(app)), "the warning"
        )
        assert app.document.incident.title == "Postmortem"
        await focus(pilot, "#title")
        await replace_text(pilot, "Mine")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert dated.read_text(encoding="utf-8") == broken


# --- failed saves ---------------------------------------------------------------------------


async def test_a_save_into_a_vanished_folder_fails_and_the_edits_go_elsewhere(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        shutil.rmtree(dated.parent)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        message = screen_text(app)
        assert "not saved: its folder does not exist" in message
        assert "Your edits are still here" in message
        assert str(fallback_path(dated)) in message
        assert app.document.edited
        assert app.document.incident.summary.service == "checkout API"
        data = json.loads(fallback_path(dated).read_text(encoding="utf-8"))
        assert data["incident"]["summary"]["service"] == "checkout API"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
    assert not dated.parent.exists(), "nothing was written where the file was"


# --- hostile text ---------------------------------------------------------------------------


async def test_escape_sequences_and_markup_in_the_file_are_shown_harmlessly(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(
        'schema_version = 1\ntitle = "Outage \\u001b[2J\\u001b]52;c;aGk=\\u0007 here"\n'
        'timezone = "UTC"\n[summary]\nservice = "[bold]api[/bold] [link=https://e.com]x[/link]"\n'
        "[[timeline]]\n"
        'text = "عطل في الخادم 🚒👩‍🚒 [red]not red[/red]"\n',
        encoding="utf-8",
    )
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = input_value(app, "#title")
        assert "\x1b" not in title and "\x07" not in title
        assert title == "Outage ␛[2J␛]52;c;aGk=␇ here"
        assert input_value(app, "#summary-service") == (
            "[bold]api[/bold] [link=https://e.com]x[/link]"
        )
        entry = app.document.incident.timeline[0]
        cell = timeline_table(app).get_cell(entry.id, "text")
        assert cell.plain == "عطل في الخادم 🚒👩‍🚒 [red]not red[/red]"
        assert not cell.spans, "no markup was applied to the text"
        svg = app.export_screenshot()
        assert "\x1b" not in svg


async def test_pasted_escape_sequences_are_made_harmless(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#title")
        await pilot.press("ctrl+shift+a")
        app.post_message(events.Paste("LB \x1b]52;c;aGk=\x07outage\x9b"))
        await settle(pilot)
        assert input_value(app, "#title") == "LB ␛]52;c;aGk=␇outage\ufffd"
        assert app.document.incident.title == "LB ␛]52;c;aGk=␇outage\ufffd"


async def test_a_paste_with_crlf_line_ends_keeps_its_lines(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        area = await focus(pilot, "#analysis-resolution")
        assert isinstance(area, TextArea)
        area.clear()
        app.post_message(events.Paste("first line\r\nsecond line\rthird"))
        await settle(pilot)
        assert area.text == "first line\nsecond line\nthird"


async def test_with_no_clipboard_at_all_the_message_says_how_to_get_the_markdown(
    dated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def nothing_works(text: str, osc52: object = None, timeout: float = 2.0) -> CopyResult:
        return CopyResult(method="none", detail="no clipboard tool, no terminal")

    monkeypatch.setattr(copier, "copy_text", nothing_works)
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f3")
        await wait_for(pilot, lambda: toasts(app), "the message")
        message = " ".join(toasts(app))
        assert "No clipboard available (no clipboard tool, no terminal)" in message
        assert f"press F4 to write the Markdown to {dated.stem}.md" in message
        await pilot.press("f4")
        await wait_for(pilot, dated.with_suffix(".md").exists, "the export")
        assert dated.with_suffix(".md").read_text(encoding="utf-8").startswith("# Postmortem")


async def test_typing_without_a_pause_still_reaches_the_recovery_file(
    dated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery_keeper, "RECOVERY_DELAY", 30)
    monkeypatch.setattr(recovery_keeper, "RECOVERY_MAX_WAIT", 0.3)
    recovery = recovery_path(dated)
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#summary-service")
        await pilot.press("end")
        # Keys keep coming, far closer together than the 30 s pause the recovery file
        # waits for: only the longest wait between writes can write it.
        end = time.monotonic() + 60
        while not holds(recovery, "main web applicationx"):
            assert time.monotonic() < end, "not written while typing went on (60 s)"
            await pilot.press("x")
            await pilot.pause(0.08)
        assert isinstance(app.screen, EditorScreen)


async def test_a_file_name_with_brackets_and_escapes_is_shown_as_written(tmp_path: Path) -> None:
    path = tmp_path / "[bold]x[red] \x1b[31m.toml"
    shutil.copyfile(copy_sample(tmp_path), path)
    app = open_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("Saved [bold]x[red] ␛[31m.toml" in toast for toast in toasts(app))
        assert "[bold]x[red] ␛[31m.toml saved" in status_text(app)


# --- a change on disk merged with unsaved edits ----------------------------------------------


async def test_a_change_on_disk_to_another_field_merges_with_unsaved_edits_without_a_question(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        theirs = change_on_disk(dated, 'title = "Postmortem"', 'title = "Theirs"')
        await wait_for(pilot, lambda: app.document.incident.title == "Theirs", "the merge")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen), "no question for different fields"
        assert app.document.incident.summary.service == "checkout API"
        assert input_value(app, "#title") == "Theirs"
        assert any("title changed" in t and "Merged" in t for t in toasts(app))
        assert dated.read_text(encoding="utf-8") == theirs, "nothing written before ctrl+s"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = dated.read_text(encoding="utf-8")
    assert 'title = "Theirs"' in saved and 'service = "checkout API"' in saved
    assert changed_lines(theirs, saved) == [
        '-service = "main web application"',
        '+service = "checkout API"',
    ], "the merge is written as a minimal diff of their file"


async def test_ctrl_z_takes_a_merge_from_disk_back(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        change_on_disk(dated, 'title = "Postmortem"', 'title = "Theirs"')
        await wait_for(pilot, lambda: app.document.incident.title == "Theirs", "the merge")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.document.incident.title == "Postmortem"
        assert app.document.incident.summary.service == "checkout API"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.document.incident.title == "Theirs"


async def test_the_same_field_changed_both_ways_asks_and_takes_the_answer(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        theirs = change_on_disk(dated, 'service = "main web application"', 'service = "their API"')
        theirs = change_on_disk(dated, 'title = "Postmortem"', 'title = "Theirs"')
        await wait_for(pilot, lambda: showing(app, ConflictScreen), "the conflicts")
        conflicts = app.screen.query_one(OptionList)
        shown = Console(width=160, record=True)
        shown.print(conflicts.get_option_at_index(0).prompt)
        row = shown.export_text()
        assert "Summary" in row and "mine: checkout API" in row and "theirs: their API" in row
        assert "title changed" in screen_text(app), "what merged without a question is said"
        await pilot.press("enter")  # no answer yet: nothing is applied
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert app.document.incident.title == "Postmortem"
        await pilot.press("t")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.document.incident.summary.service == "their API"
        assert app.document.incident.title == "Theirs"
        assert dated.read_text(encoding="utf-8") == theirs


async def test_entries_added_on_both_sides_merge_and_the_save_adds_only_mine(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+t")
        await type_text(pilot, "11:50 paged the network team")
        await pilot.press("enter")
        await settle(pilot)
        theirs = change_on_disk(
            dated,
            "[[timeline]]",
            "# their note\n[[timeline]]\nat = 2024-02-14T09:55:00-05:00\n"
            'text = "their early entry"\n\n[[timeline]]',
        )
        await wait_for(pilot, lambda: len(app.document.incident.timeline) == 11, "the merge")
        await settle(pilot)
        texts = [entry.text for entry in app.document.incident.timeline]
        assert "their early entry" in texts and "paged the network team" in texts
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = dated.read_text(encoding="utf-8")
    added = changed_lines(theirs, saved)
    assert all(line.startswith("+") for line in added), added
    assert any("paged the network team" in line for line in added)
    assert "# their note" in saved
