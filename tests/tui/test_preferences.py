"""The editor and the settings: it starts with the settings in force, and what the user
changes in it (theme, render profile, rubric) is kept in the user's settings file for the
next start, never in a team file."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Select

from postmortem_editor.cli import main
from postmortem_editor.render import render_markdown
from postmortem_editor.settings import TEAM_FILE_NAME, user_settings_path
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp

from ..editor_helpers import (
    SIZE,
    copy_sample,
    focus,
    open_app,
    settle,
    status_text,
    toasts,
    wait_until,
)


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # a repository: no team file above it is read
    return copy_sample(tmp_path)


async def choose_in_palette(
    pilot: Pilot[None], typed: str, first: str, *, after: object = None
) -> object:
    """In the command palette that opens (not ``after``, one closing), type, wait until
    ``first`` is the highlighted command, and choose it with Enter; returns the palette."""

    def opened() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, CommandPalette) and screen is not after

    def highlighted() -> str:
        lists = pilot.app.screen.query(CommandList)
        option = lists.first().highlighted_option if lists else None
        if option is None:
            return ""
        return option.prompt.plain if isinstance(option.prompt, Text) else str(option.prompt)

    await wait_until(pilot, opened, "a palette")
    palette = pilot.app.screen
    for key in typed:
        await pilot.press(key)
    await wait_until(pilot, lambda: highlighted().startswith(first), f"{first} highlighted")
    await pilot.press("enter")
    return palette


def user_settings() -> dict[str, object]:
    return tomllib.loads(user_settings_path().read_text(encoding="utf-8"))


def write_user(text: str) -> Path:
    path = user_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def test_the_editor_starts_with_the_settings_in_force(dated: Path) -> None:
    text = 'theme = "nord"\nprofile = "pagerduty"\nrubric = "holberton"\n'
    path = write_user(text)
    before = path.stat().st_mtime_ns
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert app.editor.render_profile == "pagerduty"
        assert app.editor.rubric == "holberton"
        assert app.editor.query_one("#rubric", Select).value == "holberton"
        assert "pagerduty" in status_text(app)
        assert app.markdown() == render_markdown(app.document.incident, "pagerduty")
    assert path.stat().st_mtime_ns == before  # nothing is written for what was in force


async def test_a_theme_chosen_in_the_palette_is_remembered_for_the_next_start(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        commands = await choose_in_palette(pilot, "theme", "Theme")
        await choose_in_palette(pilot, "nord", "nord", after=commands)
        await wait_until(pilot, lambda: app.theme == "nord", "the theme changed")
    assert user_settings() == {"theme": "nord"}
    again = open_app(dated)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_f6_remembers_the_profile_for_the_next_start(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert app.editor.render_profile == "google-sre"
        assert user_settings() == {"profile": "google-sre"}
        await pilot.press("f6")
        await pilot.pause()
        assert user_settings() == {"profile": "pagerduty"}
    again = open_app(dated)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.editor.render_profile == "pagerduty"
        assert "pagerduty" in status_text(again)


async def test_a_rubric_chosen_in_the_rubric_pane_is_remembered(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await focus(pilot, "#rubric")
        await pilot.press("enter", "down", "enter")  # open the choice, pick "holberton"
        await pilot.pause()
        assert app.editor.rubric == "holberton"
    assert user_settings() == {"rubric": "holberton"}
    again = open_app(dated)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.editor.rubric == "holberton"
        assert any(finding.id.startswith("HB") for finding in again.editor.findings)


async def test_a_remembered_choice_keeps_the_files_other_lines_and_comments(
    dated: Path,
) -> None:
    path = write_user('# mine\ntheme = "nord"  # dark\nauthor = "Ada"\n')
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.action_switch_rubric()
        await pilot.pause()
    assert (
        path.read_text() == '# mine\ntheme = "nord"  # dark\nauthor = "Ada"\nrubric = "holberton"\n'
    )


async def test_a_choice_is_never_written_to_the_team_file(dated: Path) -> None:
    team = dated.parent / TEAM_FILE_NAME
    team.write_text('# the team\nprofile = "google-sre"\n')
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        assert app.editor.render_profile == "google-sre"
        await pilot.press("f6")
        await pilot.pause()
        assert app.editor.render_profile == "pagerduty"
    assert team.read_text() == '# the team\nprofile = "google-sre"\n'
    assert user_settings() == {"profile": "pagerduty"}
    again = open_app(dated)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.editor.render_profile == "google-sre"  # the team file still wins here


async def test_a_settings_file_that_cannot_be_written_is_a_toast(
    dated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f6")
        await wait_until(
            pilot, lambda: any("profile not remembered" in t for t in toasts(app)), "a toast"
        )
        assert app.is_running
        assert app.editor.render_profile == "google-sre"
    assert blocker.read_text() == ""


async def test_problems_with_the_settings_are_toasts_naming_file_and_key(dated: Path) -> None:
    user = write_user('theme = "no-such-theme"\nprofile = "glossy"\n')
    team = dated.parent / TEAM_FILE_NAME
    team.write_text("rubric = \n")
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: len(toasts(app)) >= 3, "the toasts")
        shown = " ".join(" ".join(toasts(app)).split())
        assert f"{user}: profile: unknown profile 'glossy'" in shown
        assert f"{team}:1:" in shown
        assert "theme: 'no-such-theme' is not a theme of this editor" in shown
        assert app.theme == "textual-dark"
        assert app.editor.render_profile == "standard"


class _Terminal:
    """Standard input and output that say they are a terminal."""

    def __init__(self, stream: object) -> None:
        self._stream = stream

    def isatty(self) -> bool:
        return True

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def _capture_apps(monkeypatch: pytest.MonkeyPatch) -> list[PostmortemApp]:
    """`postmortem edit` builds its App here instead of running it."""
    apps: list[PostmortemApp] = []

    def run(self: PostmortemApp) -> None:
        apps.append(self)

    monkeypatch.setattr(PostmortemApp, "run", run)
    monkeypatch.setattr(sys, "stdin", _Terminal(sys.stdin))
    monkeypatch.setattr(sys, "stdout", _Terminal(sys.stdout))
    return apps


def test_edit_options_win_over_the_settings(dated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_user('profile = "pagerduty"\nrubric = "standard"\n')
    apps = _capture_apps(monkeypatch)
    assert main(["edit", str(dated), "--profile", "google-sre", "--rubric", "holberton"]) == 0
    assert main(["edit", str(dated)]) == 0
    chosen, plain = apps
    assert (chosen.editor.render_profile, chosen.editor.rubric) == ("google-sre", "holberton")
    assert (plain.editor.render_profile, plain.editor.rubric) == ("pagerduty", "standard")
    assert user_settings() == {"profile": "pagerduty", "rubric": "standard"}  # not written


def test_a_new_incident_in_the_editor_gets_the_author_clock_and_timezone(
    dated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_user('author = "Ada Lovelace"\nclock = "12h"\ntimezone = "Europe/Paris"\n')
    apps = _capture_apps(monkeypatch)
    fresh = dated.parent / "fresh.toml"
    assert main(["edit", str(fresh)]) == 0
    incident = apps[0].document.incident
    assert incident.authors == ["Ada Lovelace"]
    assert (incident.clock, incident.timezone) == ("12h", "Europe/Paris")
    assert not fresh.exists()  # written on the first ctrl+s


async def test_a_new_incident_saves_with_its_author(dated: Path) -> None:
    fresh = dated.parent / "fresh.toml"
    app = PostmortemApp(IncidentFile.new(fresh, authors=["Ada Lovelace"]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert tomllib.loads(fresh.read_text())["authors"] == ["Ada Lovelace"]
