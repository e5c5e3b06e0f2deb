"""Private incidents stay private: every file written from an incident keeps its permissions.

Real files and real modes: a ``0600`` and a ``0640`` incident, each kind of file written
from it (recovery files, copies kept beside it, exports, imports, added entries), under
the usual umask and under a permissive one (``0``). Every write is watched: the temporary
file is created no more open than the finished file and given its final mode while it
is still empty, so the text is never readable by others on the way. The tests run as
root, so modes are compared as numbers rather than by reading as another user.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual.pilot import Pilot

from postmortem_editor import recovery as recovery_module
from postmortem_editor.cli import main
from postmortem_editor.model import TimelineEntry
from postmortem_editor.recovery import (
    RecoveryFile,
    fallback_path,
    private_folder,
    recovery_path,
    recovery_text,
    set_aside,
)
from postmortem_editor.render import render_markdown
from postmortem_editor.store import (
    IncidentFile,
    StoreError,
    atomic_write,
    private_mode,
    restrict_mode,
)
from postmortem_editor.tui.editor import EditorScreen
from postmortem_editor.tui.screens.choices import ChoiceScreen
from postmortem_editor.tui.screens.conflicts import ConflictScreen
from postmortem_editor.tui.screens.dialogs import MessageScreen
from postmortem_editor.tui.services import disk_watcher, recovery_keeper

from ..editor_helpers import (
    SAMPLES,
    SIZE,
    copy_sample,
    focus,
    open_app,
    replace_text,
    settle,
    showing,
    toasts,
)

MODES = [0o600, 0o640]
UMASKS = [0o022, 0o000]
DATED = "2024-02-14-load-balancer-outage.toml"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def expected(incident_mode: int, umask: int) -> int:
    """A new file written from an incident: the umask's default, no more shared than it."""
    return 0o666 & ~umask & (0o700 | incident_mode)


def assert_private(path: Path, incident_mode: int, umask: int) -> None:
    mode = mode_of(path)
    assert mode & 0o077 & ~incident_mode == 0, f"{path.name}: {mode:o} wider than {incident_mode:o}"
    assert mode == expected(incident_mode, umask), f"{path.name}: {mode:o}"


@dataclass
class Writes:
    """What the watched writes did: modes of temporary files at each step."""

    created: list[tuple[str, int]] = field(default_factory=list)
    """(temporary file, mode asked for when it was created)"""
    fixed: list[tuple[int, int, int]] = field(default_factory=list)
    """(descriptor, mode set, size of the file at that moment)"""
    replaced: list[tuple[str, int, str, int]] = field(default_factory=list)
    """(temporary file, its mode just before the rename, target, the target's mode after)"""

    def check(self) -> None:
        """Every temporary file was at most as open as the finished file, all along."""
        for _, _, size_then in self.fixed:
            assert size_then == 0, "the mode was set after text was written"
        for tmp, before, target, after in self.replaced:
            assert before == after, f"{tmp} was {before:o}, {target} is {after:o}"
        finals = {tmp: after for tmp, _, _, after in self.replaced}
        for tmp, asked in self.created:
            if tmp in finals:
                assert asked & ~finals[tmp] == 0, f"{tmp} created {asked:o} > {finals[tmp]:o}"


@pytest.fixture(autouse=True)
def writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Writes]:
    """Watch every temporary file: created, given its mode, renamed into place."""
    seen = Writes()
    real_open, real_fchmod, real_replace = os.open, os.fchmod, os.replace

    def watched_open(path: object, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        fd = real_open(path, flags, mode, **kwargs)  # type: ignore[arg-type]
        if str(path).endswith(".tmp") and flags & os.O_CREAT:
            seen.created.append((str(path), mode))
        return fd

    def watched_fchmod(fd: int, mode: int) -> None:
        seen.fixed.append((fd, mode, os.fstat(fd).st_size))
        real_fchmod(fd, mode)

    def watched_replace(src: object, dst: object, **kwargs: object) -> None:
        before = stat.S_IMODE(os.stat(src).st_mode)  # type: ignore[arg-type]
        real_replace(src, dst, **kwargs)  # type: ignore[arg-type]
        after = stat.S_IMODE(os.stat(dst).st_mode)  # type: ignore[arg-type]
        seen.replaced.append((str(src), before, str(dst), after))

    monkeypatch.setattr(os, "open", watched_open)
    monkeypatch.setattr(os, "fchmod", watched_fchmod)
    monkeypatch.setattr(os, "replace", watched_replace)
    yield seen
    seen.check()


@pytest.fixture(params=UMASKS, ids=lambda u: f"umask{u:03o}")
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The process umask for one test (restored after)."""
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


@pytest.fixture
def permissive() -> Iterator[int]:
    """A umask of 0: only the program keeps files private."""
    old = os.umask(0)
    try:
        yield 0
    finally:
        os.umask(old)


@pytest.fixture(params=MODES, ids=lambda m: f"incident{m:04o}")
def incident(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of a sample incident with the mode asked for, in a folder others can read."""
    folder = tmp_path / "incidents"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    path = copy_sample(folder, DATED)
    os.chmod(path, request.param)
    return path


@pytest.fixture(autouse=True)
def state_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


def unwritable_beside(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Recovery files cannot go beside the incident (their folder is gone)."""
    gone = tmp_path / "gone"
    monkeypatch.setattr(
        recovery_module, "recovery_path", lambda path: gone / f".{path.name}.recovery"
    )


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "mode", "result"),
    [
        (0o600, 0o644, 0o600),
        (0o640, 0o666, 0o640),
        (0o640, 0o644, 0o640),
        (0o604, 0o664, 0o604),
        (0o644, 0o600, 0o600),  # never wider than the file would be anyway
        (0o400, 0o644, 0o600),  # the owner keeps the right to write its own copy
        (0o666, 0o666, 0o666),
    ],
)
def test_private_mode_cuts_group_and_other_bits_to_the_incidents(
    tmp_path: Path, source: int, mode: int, result: int
) -> None:
    incident = tmp_path / "incident.toml"
    incident.write_text("")
    os.chmod(incident, source)
    assert private_mode(incident, mode) == result
    assert private_mode(source, mode) == result  # the mode as last seen


def test_without_an_incident_on_disk_the_umask_decides(tmp_path: Path, umask: int) -> None:
    assert private_mode(None) == 0o666 & ~umask
    assert private_mode(tmp_path / "missing.toml") == 0o666 & ~umask
    assert private_mode(tmp_path / "missing.toml", 0o644) == 0o644


def test_atomic_write_like_an_incident(incident: Path, umask: int) -> None:
    out = incident.with_suffix(".md")
    atomic_write(out, "# New\n", like=incident)
    assert_private(out, mode_of(incident), umask)
    # A file that exists and is more open is narrowed when it is written again.
    os.chmod(out, 0o666)
    atomic_write(out, "# Again\n", like=incident)
    assert mode_of(out) == 0o666 & (0o700 | mode_of(incident))
    assert out.read_text() == "# Again\n"


def test_restrict_mode_only_narrows(incident: Path) -> None:
    copy = incident.with_name("copy.toml")
    copy.write_text("x")
    os.chmod(copy, 0o644)
    restrict_mode(copy, incident)
    assert mode_of(copy) == 0o644 & (0o700 | mode_of(incident))
    os.chmod(copy, 0o600)
    restrict_mode(copy, 0o666)
    assert mode_of(copy) == 0o600


# --- saves, new incidents ---------------------------------------------------------------------


def test_a_save_keeps_the_incidents_own_mode(incident: Path, umask: int, writes: Writes) -> None:
    before = mode_of(incident)
    document = IncidentFile.load(incident)
    document.incident.title = "Edited"
    assert document.save()
    assert mode_of(incident) == before
    assert writes.replaced, "the save went through a temporary file"


@pytest.mark.parametrize("mask", [0o077, 0o022, 0o000])
def test_a_new_incident_follows_the_umask(tmp_path: Path, mask: int) -> None:
    path = tmp_path / "new.toml"
    old = os.umask(mask)
    try:
        assert main(["new", str(path), "--title", "Fresh"]) == 0
    finally:
        os.umask(old)
    assert mode_of(path) == 0o666 & ~mask


def test_postmortem_add_keeps_the_mode(incident: Path, umask: int) -> None:
    before = mode_of(incident)
    assert main(["add", str(incident), "14:30 failed over to the replica"]) == 0
    assert "failed over to the replica" in incident.read_text()
    assert mode_of(incident) == before


# --- the command line -------------------------------------------------------------------------


def test_render_to_a_file_is_as_private_as_the_incident(incident: Path, umask: int) -> None:
    out = incident.parent / "out.md"
    assert main(["render", str(incident), "-o", str(out)]) == 0
    assert_private(out, mode_of(incident), umask)
    os.chmod(out, 0o644)  # an older export, readable by all: written again, narrowed
    assert main(["render", str(incident), "-o", str(out), "--profile", "pagerduty"]) == 0
    assert mode_of(out) == 0o644 & (0o700 | mode_of(incident))


@pytest.mark.parametrize("markdown_mode", MODES, ids=lambda m: f"markdown{m:04o}")
def test_an_import_is_as_private_as_its_markdown(
    tmp_path: Path, umask: int, markdown_mode: int
) -> None:
    source = tmp_path / "postmortem.md"
    source.write_text(render_markdown(IncidentFile.load(SAMPLES / DATED).incident))
    os.chmod(source, markdown_mode)
    assert main(["import", str(source)]) == 0
    assert_private(source.with_suffix(".toml"), markdown_mode, umask)
    out = tmp_path / "chosen.toml"
    out.write_text("old")
    os.chmod(out, 0o666)
    assert main(["import", str(source), "-o", str(out), "--force"]) == 0
    assert mode_of(out) == 0o666 & (0o700 | markdown_mode)


def test_an_import_opened_in_the_editor_is_saved_as_private_as_its_markdown(
    tmp_path: Path, permissive: int
) -> None:
    from postmortem_editor.importer import import_file

    source = tmp_path / "postmortem.md"
    source.write_text(render_markdown(IncidentFile.load(SAMPLES / DATED).incident))
    os.chmod(source, 0o600)
    document = IncidentFile.new(
        source.with_suffix(".toml"), incident=import_file(source).incident, like=source
    )
    assert document.permissions_from == source
    assert document.save()
    assert mode_of(source.with_suffix(".toml")) == 0o600
    assert document.permissions_from == source.with_suffix(".toml")


# --- recovery files ---------------------------------------------------------------------------


def recovery_of(path: Path) -> str:
    document = IncidentFile.load(path)
    document.incident.title = "Unsaved"
    return recovery_text(document.incident, document.disk_digest)


def test_the_recovery_file_beside_is_as_private_as_the_incident(incident: Path, umask: int) -> None:
    written = RecoveryFile(incident).write(recovery_of(incident), 0)
    assert written == recovery_path(incident)
    assert_private(written, mode_of(incident), umask)


def test_a_recovery_file_left_more_open_is_narrowed_when_written_again(
    incident: Path, umask: int
) -> None:
    beside = recovery_path(incident)
    beside.write_text("{}")
    os.chmod(beside, 0o644)
    RecoveryFile(incident).write(recovery_of(incident), 0)
    assert mode_of(beside) == 0o644 & (0o700 | mode_of(incident))


def test_the_fallback_recovery_file_and_its_folders_are_private(
    incident: Path, umask: int, state_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    unwritable_beside(monkeypatch, tmp_path)
    written = RecoveryFile(incident).write(recovery_of(incident), 0)
    assert written == fallback_path(incident)
    assert_private(written, mode_of(incident), umask)
    assert mode_of(written.parent) == 0o700
    assert mode_of(written.parent.parent) == 0o700
    assert mode_of(state_home) == 0o700


def test_an_open_fallback_folder_is_made_private_before_use(
    incident: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = fallback_path(incident).parent
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    unwritable_beside(monkeypatch, tmp_path)
    written = RecoveryFile(incident).write(recovery_of(incident), 0)
    assert written is not None and written.parent == folder
    assert mode_of(folder) == 0o700


def test_a_fallback_folder_that_cannot_be_made_private_is_not_written(
    incident: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = fallback_path(incident).parent
    folder.mkdir(parents=True)
    os.chmod(folder, 0o755)
    real_chmod = os.chmod

    def refused(path: object, mode: int, **kwargs: object) -> None:
        if Path(str(path)) == folder:
            raise PermissionError(1, "Operation not permitted", str(path))
        real_chmod(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "chmod", refused)
    unwritable_beside(monkeypatch, tmp_path)
    with pytest.raises(StoreError, match="cannot be made private") as caught:
        RecoveryFile(incident).write(recovery_of(incident), 0)
    assert "not writing there" in str(caught.value)
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_fallback_folder_of_another_user_is_not_written(
    incident: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = fallback_path(incident).parent
    folder.mkdir(parents=True, mode=0o700)
    os.chown(folder, 65534, 65534)
    with pytest.raises(StoreError, match="belongs to another user"):
        private_folder(folder)
    assert list(folder.iterdir()) == []


def test_a_set_aside_recovery_file_is_narrowed(incident: Path) -> None:
    beside = recovery_path(incident)
    beside.write_text("{}")
    os.chmod(beside, 0o644)
    kept = set_aside(beside, like=incident)
    assert not beside.exists()
    assert mode_of(kept) == 0o644 & (0o700 | mode_of(incident))


def test_an_incident_gone_from_disk_keeps_its_recovery_file_private(
    incident: Path, permissive: int
) -> None:
    """Moved away (a checkout of another branch) while open: its last mode still holds."""
    mode = mode_of(incident)
    document = IncidentFile.load(incident)
    incident.unlink()
    assert document.permissions_from == mode
    document.incident.title = "Unsaved"
    text = recovery_text(document.incident, document.disk_digest)
    written = RecoveryFile(incident).write(text, 0, like=document.permissions_from)
    assert written is not None
    assert mode_of(written) == expected(mode, 0)


# --- the editor -------------------------------------------------------------------------------


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short recovery delay and disk checks."""
    monkeypatch.setattr(recovery_keeper, "RECOVERY_DELAY", 0.1)
    monkeypatch.setattr(disk_watcher, "DISK_CHECK_INTERVAL", 0.1)


async def wait_for(pilot: Pilot[None], check: Callable[[], object], what: str) -> None:
    end = time.monotonic() + 10
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def change_on_disk(path: Path, service: str = "their API") -> None:
    """Someone else changes the service the user is editing too (the file keeps its mode,
    as editors do): a conflict."""
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r'(?m)^service = ".*"$', f'service = "{service}"', text, count=1)
    assert changed != text
    path.write_text(changed, "utf-8")


async def question(pilot: Pilot[None]) -> None:
    """The conflict, put off with Escape: the question of what to keep."""
    app = pilot.app
    await wait_for(pilot, lambda: showing(app, ConflictScreen), "the conflict")
    await pilot.press("escape")
    await wait_for(pilot, lambda: showing(app, ChoiceScreen), "the question")


async def test_the_editor_writes_the_recovery_file_and_f4_export_privately(
    incident: Path, permissive: int, quick: None
) -> None:
    mode = mode_of(incident)
    beside = recovery_path(incident)
    app = open_app(incident)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await wait_for(pilot, beside.exists, "the recovery file")
        assert_private(beside, mode, 0)
        await pilot.press("f4")
        await pilot.pause()
        exported = incident.with_suffix(".md")
        assert exported.exists(), toasts(app)
        assert_private(exported, mode, 0)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not beside.exists()
    assert mode_of(incident) == mode


async def test_the_editor_keeps_copies_beside_the_incident_privately(
    incident: Path, permissive: int, quick: None
) -> None:
    mode = mode_of(incident)
    app = open_app(incident)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await settle(pilot)
        change_on_disk(incident)
        await question(pilot)
        await pilot.press("k")  # keep mine: theirs is copied beside
        await settle(pilot)
        (theirs,) = incident.parent.glob(f"{incident.stem}.theirs-*.toml")
        assert_private(theirs, mode, 0)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "billing API")
        await settle(pilot)
        change_on_disk(incident, "their API again")
        await question(pilot)
        await pilot.press("r")  # reload theirs: mine is copied beside
        await settle(pilot)
        (mine,) = incident.parent.glob(f"{incident.stem}.mine-*.toml")
        assert_private(mine, mode, 0)
        assert isinstance(app.screen, EditorScreen)
    assert mode_of(incident) == mode


async def test_a_discarded_recovery_keeps_a_private_copy(
    incident: Path, permissive: int, quick: None
) -> None:
    mode = mode_of(incident)
    document = IncidentFile.load(incident)
    document.incident.title = "Recovered title"
    document.incident.timeline.append(TimelineEntry(text="a line typed before the crash"))
    beside = recovery_path(incident)
    beside.write_text(recovery_text(document.incident, document.disk_digest))
    os.chmod(beside, 0o666)  # left by an older editor
    app = open_app(incident)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: showing(app, ChoiceScreen), "the question")
        await pilot.press("x")
        await settle(pilot)
    (copy,) = incident.parent.glob(f"{incident.stem}.discarded-*.toml")
    assert_private(copy, mode, 0)
    assert not beside.exists()


async def test_an_unreadable_recovery_file_is_set_aside_privately(
    incident: Path, permissive: int, quick: None
) -> None:
    mode = mode_of(incident)
    beside = recovery_path(incident)
    beside.write_text('{"format": "postmortem-recovery", "version": 1, "incident": {"ti')
    os.chmod(beside, 0o666)
    app = open_app(incident)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, MessageScreen), "the message")
        await pilot.press("enter")
    (kept,) = incident.parent.glob(f"{beside.name}.*")
    assert mode_of(kept) == 0o666 & (0o700 | mode)


async def test_the_editor_says_why_an_open_state_folder_is_not_used(
    incident: Path, quick: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = fallback_path(incident).parent
    folder.mkdir(parents=True)
    os.chmod(folder, 0o755)
    real_chmod = os.chmod

    def refused(path: object, mode: int, **kwargs: object) -> None:
        if Path(str(path)) == folder:
            raise PermissionError(1, "Operation not permitted", str(path))
        real_chmod(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "chmod", refused)
    unwritable_beside(monkeypatch, tmp_path)
    app = open_app(incident)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus(pilot, "#summary-service")
        await replace_text(pilot, "checkout API")
        await wait_for(
            pilot,
            lambda: any("cannot be made private" in toast for toast in toasts(app)),
            "the warning",
        )
    assert list(folder.iterdir()) == []


async def test_the_palette_offers_no_screenshot_file(incident: Path, quick: None) -> None:
    app = open_app(incident)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert "Export Markdown file" in titles
    assert "Screenshot" not in titles
