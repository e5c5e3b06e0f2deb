"""The repair view: a file that does not open as an incident, repaired as text."""

from __future__ import annotations

import os
import signal
import stat
import tomllib
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Collapsible, Input, OptionList
from textual.widgets._toast import Toast

from postmortem_editor import cli
from postmortem_editor.errors import InvalidIncident
from postmortem_editor.repair import save_repaired
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui import repair_app as repair_app_module
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.repair_app import RepairApp
from postmortem_editor.tui.screens.choices import ChoiceScreen
from postmortem_editor.tui.screens.dialogs import HelpScreen, QuitScreen
from postmortem_editor.tui.screens.repair import RECHECK_DELAY, RepairScreen
from postmortem_editor.tui.widgets.repair_area import MARK, RepairArea

SIZE = (120, 40)

CONFLICTED = """\
schema_version = 1
title = "Cache outage"
<<<<<<< HEAD
severity = "SEV-1"
=======
severity = "SEV-2"
>>>>>>> feature
timezone = "UTC"

[summary]
service = "cache"
<<<<<<< HEAD
impact = "All users."
||||||| base
impact = ""
=======
impact = "Half the users."
>>>>>>> feature
"""

SYNTAX_ERROR = """\
schema_version = 1
title = "Cache outage"
severity = SEV-1
timezone = "UTC"
"""

BAD_VALUES = """\
schema_version = 1
title = "Cache outage"

[[timeline]]
text = "alerts"

[[timeline]]
kind = "party"
text = "cake"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "incident.toml"
    path.write_text(text, encoding="utf-8")
    return path


def repair_app(path: Path) -> RepairApp:
    """The repair app as `postmortem edit` starts it on a file that does not load."""
    with pytest.raises(InvalidIncident) as caught:
        IncidentFile.load(path)
    return RepairApp(path, caught.value.text, caught.value.problems)


def screen_of(app: RepairApp) -> RepairScreen:
    assert isinstance(app.screen, RepairScreen)
    return app.screen


def listed(app: RepairApp) -> list[str]:
    """The problems as listed under the text."""
    options = app.screen.query_one("#repair-problems", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def toasts(app: RepairApp) -> list[str]:
    return [toast.render().plain for toast in app.screen.query(Toast)]


def gutter(app: RepairApp, row: int) -> str:
    """The gutter of the text area's row on screen (its line number and mark)."""
    area = app.screen.query_one(RepairArea)
    strip = area.render_line(row)
    return strip.crop(0, area.gutter_width).text


async def settle(pilot: Pilot[None]) -> None:
    """Wait past the re-check's delay, for the problems to be looked for again."""
    await pilot.pause(RECHECK_DELAY + 0.2)
    await pilot.pause()


async def test_a_file_with_conflicts_opens_in_the_repair_view_with_each_block_listed(
    tmp_path: Path,
) -> None:
    app = repair_app(write(tmp_path, CONFLICTED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert screen.text_area.text == CONFLICTED
        assert listed(app) == [
            "lines 3-7: merge conflict between ours (HEAD) and theirs (feature)",
            "lines 12-18: merge conflict between ours (HEAD) and theirs (feature)",
        ]
        assert screen.text_area.cursor_location == (2, 0)  # on the first block
        assert app.focused is screen.text_area
        # The marker lines carry the mark; the lines between them do not.
        assert MARK in gutter(app, 2) and MARK in gutter(app, 4) and MARK in gutter(app, 6)
        assert MARK not in gutter(app, 3) and MARK not in gutter(app, 0)


async def test_resolving_each_block_and_saving_writes_a_valid_file_and_opens_the_editor(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, CONFLICTED)
    app = repair_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("alt+o")  # the cursor starts in the first block: keep ours
        await pilot.pause()
        screen = screen_of(app)
        assert len(screen.conflicts) == 1
        await pilot.press("f8")  # to the next problem: the second block
        await pilot.press("alt+t")
        await pilot.pause()
        assert screen.conflicts == () and screen.problems == ()
        await pilot.press("ctrl+s")
        await pilot.pause()
    document = app.return_value
    assert isinstance(document, IncidentFile)
    saved = path.read_text(encoding="utf-8")
    assert saved == (
        'schema_version = 1\ntitle = "Cache outage"\nseverity = "SEV-1"\ntimezone = "UTC"\n'
        '\n[summary]\nservice = "cache"\nimpact = "Half the users."\n'
    )
    assert tomllib.loads(saved)["severity"] == "SEV-1"
    assert document.incident.summary.impact == "Half the users."
    editor = PostmortemApp(document)
    async with editor.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert editor.screen is editor.editor
        assert editor.screen.query_one("#title", Input).value == "Cache outage"


async def test_keep_both_puts_ours_then_theirs_and_ctrl_z_takes_it_back(tmp_path: Path) -> None:
    app = repair_app(write(tmp_path, CONFLICTED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        await pilot.press("alt+a")
        await pilot.pause()
        lines = screen.text_area.text.splitlines()
        assert lines[2:4] == ['severity = "SEV-1"', 'severity = "SEV-2"']
        assert [(p.kind, p.line) for p in screen.problems] == [("conflict", 9)]
        await pilot.press("f8", "alt+o")
        await pilot.pause()
        # Both severities: a key set twice, and the view says so on its line.
        assert [(p.kind, p.line) for p in screen.problems] == [("syntax", 4)]
        assert "a key set twice" in listed(app)[0]
        await pilot.press("ctrl+z", "ctrl+z")
        await settle(pilot)
        assert screen.text_area.text == CONFLICTED
        assert len(screen.conflicts) == 2


async def test_a_key_for_a_side_outside_a_block_goes_to_the_next_block_first(
    tmp_path: Path,
) -> None:
    app = repair_app(write(tmp_path, CONFLICTED))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        screen.text_area.move_cursor((8, 0))
        await pilot.press("alt+o")
        await pilot.pause()
        assert screen.text_area.text == CONFLICTED  # nothing resolved unseen
        assert screen.text_area.cursor_location == (11, 0)
        assert any("lines 12-18" in toast for toast in toasts(app))


async def test_a_file_with_a_syntax_error_shows_its_line_and_column(tmp_path: Path) -> None:
    app = repair_app(write(tmp_path, SYNTAX_ERROR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert listed(app) == [
            "line 3, column 12: invalid TOML: invalid value (text needs quotes; times look "
            "like 2024-02-14T10:00:00Z)"
        ]
        assert screen.text_area.cursor_location == (2, 11)  # on the spot reading stopped
        assert MARK in gutter(app, 2)
        assert MARK not in gutter(app, 1) and MARK not in gutter(app, 3)


async def test_a_value_problem_is_marked_on_its_line_and_enter_on_it_goes_there(
    tmp_path: Path,
) -> None:
    app = repair_app(write(tmp_path, BAD_VALUES))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert listed(app)[0].startswith("line 8: timeline entry 2: kind: should be ")
        assert MARK in gutter(app, 7)
        screen.text_area.move_cursor((0, 0))
        options = screen.query_one("#repair-problems", OptionList)
        options.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.text_area.cursor_location == (7, 7)  # on the value: kind = "party"
        assert app.focused is screen.text_area


async def test_the_problems_are_checked_again_as_the_user_types(tmp_path: Path) -> None:
    app = repair_app(write(tmp_path, SYNTAX_ERROR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        area = screen.text_area
        area.replace('"SEV-1"', (2, 11), (2, 16))
        await pilot.pause()
        assert screen.problems != ()  # not at once: after a pause in typing
        await settle(pilot)
        assert screen.problems == ()
        assert listed(app) == []
        assert MARK not in gutter(app, 2)
        area.replace("kind = 3\n", (4, 0), (4, 0))
        await settle(pilot)
        assert [p.describe() for p in screen.problems] == [
            "line 5: kind: unknown field (check its spelling, or remove it)"
        ]


async def test_saving_bad_text_writes_nothing_and_says_why_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, SYNTAX_ERROR)
    app = repair_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        screen.text_area.replace("status = draft\n", (3, 0), (3, 0))  # a new mistake too
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running and app.screen is screen
        (message,) = [toast for toast in toasts(app) if toast.startswith("Not saved")]
        assert message.startswith("Not saved: line 3, column 12: invalid TOML: ")
        assert "\n" not in message.strip()
    assert path.read_text(encoding="utf-8") == SYNTAX_ERROR
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.toml"]


async def test_a_message_with_brackets_is_shown_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, 'schema_version = 1\ntimezone = "[b]Mars"\ntimeline = 1\n')
    app = repair_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        (toast,) = toasts(app)
        assert toast.startswith("Not saved: line 2: timezone: unknown timezone '[b]Mars': ")
        assert toast.endswith("(2 problems in all, listed under the text)")
        assert "line 3: timeline: should be [[timeline]] tables" in listed(app)[1]


async def test_a_file_changed_on_disk_meanwhile_is_asked_about_before_it_is_overwritten(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, SYNTAX_ERROR)
    app = repair_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        screen.text_area.replace('"SEV-1"', (2, 11), (2, 16))
        path.write_text("# changed by someone else\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == "# changed by someone else\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")  # overwrite
        await pilot.pause()
    assert isinstance(app.return_value, IncidentFile)
    assert 'severity = "SEV-1"' in path.read_text(encoding="utf-8")


async def test_quitting_with_unsaved_repairs_asks_first(tmp_path: Path) -> None:
    path = write(tmp_path, SYNTAX_ERROR)
    app = repair_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen_of(app).text_area.replace("# a note\n", (0, 0), (0, 0))
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RepairScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("q")  # quit without saving
        await pilot.pause()
    assert app.return_value is None
    assert path.read_text(encoding="utf-8") == SYNTAX_ERROR


async def test_quitting_untouched_does_not_ask(tmp_path: Path) -> None:
    app = repair_app(write(tmp_path, SYNTAX_ERROR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_value is None


async def test_f1_and_the_key_bar_show_the_repair_keys(tmp_path: Path) -> None:
    app = repair_app(write(tmp_path, CONFLICTED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from postmortem_editor.tui.widgets.key_bar import KeyBar

        bar = app.screen.query_one(KeyBar)
        shown = [key.description for key in bar.keys]
        assert shown[:5] == ["Save", "Next problem", "Keep ours", "Keep theirs", "Keep both"]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(
            str(widget.render())
            for widget in app.screen.query("Static")
            if not any(isinstance(node, Collapsible) for node in widget.ancestors)
        )
        for words in ("alt+o", "alt+t", "alt+a", "ctrl+s", "f8", "Keep both", "Repair"):
            assert words in text, words
        # The text area's own many keys are folded away, at the end.
        assert "Cursor up" not in text
        assert app.screen.query_one(Collapsible).collapsed


async def test_keeping_a_side_is_offered_only_while_there_are_conflicts(
    tmp_path: Path,
) -> None:
    app = repair_app(write(tmp_path, SYNTAX_ERROR))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from postmortem_editor.tui.widgets.key_bar import KeyBar

        shown = [key.description for key in app.screen.query_one(KeyBar).keys]
        assert shown[:2] == ["Save", "Next problem"]
        assert "Keep ours" not in shown
        area = screen_of(app).text_area
        text = area.text
        # As a terminal sends it: alt+o with the character "o".
        area.post_message(events.Key("alt+o", "o"))
        await pilot.press("alt+o")
        await pilot.pause()
        assert area.text == text  # not typed as an "o" either


async def test_the_palette_has_the_repair_commands(tmp_path: Path) -> None:
    app = repair_app(write(tmp_path, CONFLICTED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Keep ours", "Keep theirs", "Keep both", "Save", "Next problem"} <= titles
        assert "Screenshot" not in titles
        keep_ours = next(c for c in app.get_system_commands(app.screen) if c.title == "Keep ours")
        keep_ours.callback()
        await pilot.pause()
        assert len(screen_of(app).conflicts) == 1


class Deadline:
    """Stands in for the timer that would end the whole process (here: pytest)."""

    started: list[tuple[float, object]] = []

    def __init__(self, interval: float, function: object, args: tuple[int, ...]) -> None:
        self.interval, self.function = interval, function
        self.daemon = False

    def start(self) -> None:
        Deadline.started.append((self.interval, self.function))


@pytest.fixture
def deadline(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, object]]:
    Deadline.started = []
    monkeypatch.setattr(repair_app_module.threading, "Timer", Deadline)
    return Deadline.started


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
async def test_a_signal_keeps_unsaved_repairs_beside_the_file_and_ends(
    tmp_path: Path, number: int, deadline: list[tuple[float, object]]
) -> None:
    path = write(tmp_path, SYNTAX_ERROR)
    os.chmod(path, 0o600)
    app = repair_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen_of(app).text_area.replace('"SEV-1"', (2, 11), (2, 16))
        app.on_signal(number)
        await pilot.pause()
    assert app.return_code == 128 + number
    assert deadline == [(repair_app_module.EXIT_GRACE, os._exit)]
    assert path.read_text(encoding="utf-8") == SYNTAX_ERROR
    (kept,) = tmp_path.glob("incident.unsaved-repair-*.toml")
    assert 'severity = "SEV-1"' in kept.read_text(encoding="utf-8")
    assert stat.S_IMODE(kept.stat().st_mode) & 0o077 == 0


async def test_a_signal_with_nothing_unsaved_keeps_no_copy(
    tmp_path: Path, deadline: list[tuple[float, object]]
) -> None:
    path = write(tmp_path, SYNTAX_ERROR)
    app = repair_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.on_signal(signal.SIGTERM)
        await pilot.pause()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.toml"]


# --- how `postmortem edit` enters the repair view --------------------------------------------


def test_edit_repairs_a_file_that_does_not_load_then_opens_the_editor_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, CONFLICTED)
    opened: list[IncidentFile] = []

    def user_repairs(app: RepairApp) -> IncidentFile:
        repaired = app.repair.opened.replace("<<<<<<< HEAD\n", "", 1)
        lines = repaired.splitlines(keepends=True)
        fixed = "".join(lines[:3] + lines[6:10]) + 'impact = "Half the users."\n'
        return save_repaired(path, fixed, app.repair.opened)

    monkeypatch.setattr(cli, "_in_terminal", lambda: True)
    monkeypatch.setattr(RepairApp, "run", user_repairs)
    monkeypatch.setattr(PostmortemApp, "run", lambda app: opened.append(app.document))
    assert cli.main(["edit", str(path)]) == 0
    assert len(opened) == 1
    assert opened[0].incident.summary.impact == "Half the users."
    assert opened[0].text == path.read_text(encoding="utf-8")


def test_edit_quit_from_the_repair_view_opens_no_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, SYNTAX_ERROR)
    opened: list[object] = []
    monkeypatch.setattr(cli, "_in_terminal", lambda: True)
    monkeypatch.setattr(RepairApp, "run", lambda app: None)
    monkeypatch.setattr(PostmortemApp, "run", lambda app: opened.append(app))
    assert cli.main(["edit", str(path)]) == 0
    assert opened == []
    assert path.read_text(encoding="utf-8") == SYNTAX_ERROR
