"""Saves that fail for real: the file on disk stays exactly as it was, and the error says why.

A read-only file or folder, a full disk, a folder that vanished and a user who is refused
each make `IncidentFile.save` raise a StoreError naming the file, saying "not saved" and
the reason; the file keeps its bytes, no temporary file is left beside it, and the edit is
still in memory so a later save can succeed. The recovery file falls back to the state
folder when the incident's folder cannot be written. Saving through a symlink writes the
target and leaves the link a link.

These run as root, for whom permission bits stop nothing: see tests/disk_tricks.py.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_editor.recovery import RecoveryFile, fallback_path, recovery_path
from postmortem_editor.store import IncidentFile, StoreError, atomic_write

from ..conftest import SAMPLES
from ..disk_tricks import as_nobody, full_disk, immutable, lockable_folder, shared_folder

SAMPLE = SAMPLES[0]
LONG_TEXT = "A lesson that makes the file larger than it was. " * 200


def copy_sample(folder: Path, name: str = "incident.toml") -> Path:
    path = folder / name
    path.write_bytes(SAMPLE.read_bytes())
    return path


def leftovers(path: Path) -> list[str]:
    """Temporary files of a save of path (``.NAME.*.tmp``) left in its folder."""
    return sorted(p.name for p in path.parent.glob(f".{path.name}.*.tmp"))


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def assert_not_saved(error: StoreError, path: Path, reason: str) -> None:
    message = str(error)
    assert message.startswith(f"{path}: not saved: "), message
    assert reason in message, message
    assert message.endswith("; the file on disk is unchanged"), message
    assert "\n" not in message
    assert error.path == path


def edited(path: Path) -> IncidentFile:
    """The incident at path, loaded, with its title changed and a long lesson added."""
    document = IncidentFile.load(path)
    document.incident.title = "Edited title"
    document.incident.analysis.lessons = LONG_TEXT
    return document


# --- a read-only file or folder --------------------------------------------------------------


def test_saving_an_immutable_file_fails_and_leaves_it_untouched(tmp_path: Path) -> None:
    with lockable_folder(tmp_path) as folder:
        path = copy_sample(folder)
        document = edited(path)
        before, names = path.read_bytes(), listing(folder)
        with immutable(path), pytest.raises(StoreError) as caught:
            document.save()
        assert_not_saved(caught.value, path, "the file is read-only or protected")
        assert path.read_bytes() == before
        assert listing(folder) == names
        assert leftovers(path) == []
        # The edit is kept: once the file may be written, the same document saves it.
        assert document.edited
        assert document.save() is True
        assert IncidentFile.load(path).incident.title == "Edited title"


def test_saving_into_an_immutable_folder_fails_and_leaves_the_file_untouched(
    tmp_path: Path,
) -> None:
    with lockable_folder(tmp_path) as folder:
        path = copy_sample(folder)
        document = edited(path)
        before, names = path.read_bytes(), listing(folder)
        with immutable(folder), pytest.raises(StoreError) as caught:
            document.save()
        assert_not_saved(caught.value, path, "not permitted (the file or its folder is protected)")
        assert path.read_bytes() == before
        assert listing(folder) == names
        assert leftovers(path) == []
        assert document.save() is True
        assert IncidentFile.load(path).incident.analysis.lessons == LONG_TEXT


def test_a_new_incident_is_not_created_in_an_immutable_folder(tmp_path: Path) -> None:
    with lockable_folder(tmp_path) as folder:
        path = folder / "new.toml"
        document = IncidentFile.new(path, "Fresh")
        with immutable(folder), pytest.raises(StoreError) as caught:
            document.save()
        assert_not_saved(caught.value, path, "not permitted")
        assert listing(folder) == []
        assert document.dirty


# --- a full disk -----------------------------------------------------------------------------


def test_saving_on_a_full_disk_fails_and_leaves_the_file_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "disk"
    with full_disk(folder, {"incident.toml": SAMPLE.read_bytes()}):
        path = folder / "incident.toml"
        document = edited(path)
        before, names = path.read_bytes(), listing(folder)
        assert len(document.render_toml()) > len(before)
        with pytest.raises(StoreError) as caught:
            document.save()
        assert_not_saved(caught.value, path, "the disk is full")
        assert path.read_bytes() == before
        assert listing(folder) == names
        assert leftovers(path) == []
        # Once there is room again, the same document saves the edit.
        (folder / "filler.bin").unlink()
        assert document.save() is True
        assert IncidentFile.load(path).incident.analysis.lessons == LONG_TEXT


def test_a_small_edit_on_a_full_disk_fails_too(tmp_path: Path) -> None:
    folder = tmp_path / "disk"
    with full_disk(folder, {"incident.toml": SAMPLE.read_bytes()}):
        path = folder / "incident.toml"
        document = IncidentFile.load(path)
        document.incident.title = "T"  # shorter than before: still needs a new file
        before = path.read_bytes()
        with pytest.raises(StoreError) as caught:
            document.save()
        assert_not_saved(caught.value, path, "the disk is full")
        assert path.read_bytes() == before
        assert leftovers(path) == []


# --- a path that vanished --------------------------------------------------------------------


def test_saving_after_the_folder_vanished_fails_without_recreating_it(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    path = copy_sample(folder)
    document = edited(path)
    shutil.rmtree(folder)
    with pytest.raises(StoreError) as caught:
        document.save()
    assert_not_saved(caught.value, path, "its folder does not exist")
    assert not folder.exists()
    assert listing(tmp_path) == []
    assert document.edited


def test_saving_after_the_folder_was_replaced_by_a_file_fails(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    path = copy_sample(folder)
    document = edited(path)
    shutil.rmtree(folder)
    folder.write_bytes(b"not a folder\n")
    with pytest.raises(StoreError) as caught:
        document.save()
    assert str(caught.value).startswith(f"{path}: not saved: ")
    assert folder.read_bytes() == b"not a folder\n"


def test_saving_after_the_file_alone_vanished_puts_it_back(tmp_path: Path) -> None:
    path = copy_sample(tmp_path)
    document = edited(path)
    path.unlink()
    assert document.disk_change() == "missing"
    assert document.save() is True
    assert IncidentFile.load(path).incident.title == "Edited title"
    assert listing(tmp_path) == [path.name]


# --- a user who is refused -------------------------------------------------------------------

SAVE_AS_ANOTHER_USER = """
import json, sys
from postmortem_editor.store import IncidentFile, StoreError
try:
    document = IncidentFile.load(sys.argv[1])
except StoreError as error:
    print(json.dumps({"load_error": str(error)}))
    raise SystemExit(0)
document.incident.title = "Saved by nobody"
try:
    document.save()
except StoreError as error:
    print(json.dumps({"error": str(error), "kind": type(error).__name__}))
else:
    print(json.dumps({"saved": True}))
"""


def save_as_nobody(path: Path) -> dict[str, str]:
    """Load path, change its title and save it, as the user nobody; what happened."""
    probe = as_nobody([sys.executable, "-c", "import postmortem_editor.store"])
    if probe.returncode != 0:
        pytest.skip(
            "setpriv --reuid=nobody: the test interpreter cannot run as nobody here "
            f"({probe.stderr.strip().splitlines()[-1:]})"
        )
    done = as_nobody([sys.executable, "-c", SAVE_AS_ANOTHER_USER, path])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    outcome: dict[str, str] = json.loads(done.stdout)
    return outcome


def test_a_user_who_may_not_write_the_folder_gets_a_clear_refusal() -> None:
    with shared_folder("root") as folder:
        path = copy_sample(folder)
        path.chmod(0o644)
        before, names = path.read_bytes(), listing(folder)
        outcome = save_as_nobody(path)
        assert "error" in outcome, outcome
        assert outcome["kind"] == "StoreError"
        assert outcome["error"] == (
            f"{path}: not saved: the file is read-only or protected; the file on disk is unchanged"
        )
        assert path.read_bytes() == before
        assert listing(folder) == names


def test_a_read_only_file_of_an_ordinary_user_is_not_replaced() -> None:
    # The user owns the folder (so may create files in it) but made the incident read-only.
    with shared_folder("nobody") as folder:
        path = copy_sample(folder)
        shutil.chown(path, user="nobody", group="nogroup")
        path.chmod(0o444)
        before, names = path.read_bytes(), listing(folder)
        outcome = save_as_nobody(path)
        after = path.read_bytes()
        assert after == before and "error" in outcome, (
            f"BUG: saving replaced a read-only (0444) file; outcome {outcome}, "
            f"title now {IncidentFile.load(path).incident.title!r}"
        )
        assert outcome["error"].startswith(f"{path}: not saved: ")
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
        assert listing(folder) == names


def test_a_user_who_may_not_read_the_file_is_told_so() -> None:
    with shared_folder("root") as folder:
        path = copy_sample(folder)
        path.chmod(0o600)
        outcome = save_as_nobody(path)
        assert outcome == {"load_error": f"{path}: permission denied"}
        assert path.read_bytes() == SAMPLE.read_bytes()


# --- the recovery file falls back to the state folder ----------------------------------------


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


def test_recovery_goes_to_the_state_folder_when_the_incident_folder_is_immutable(
    tmp_path: Path, state_home: Path
) -> None:
    with lockable_folder(tmp_path) as folder:
        path = copy_sample(folder)
        recovery = RecoveryFile(path)
        names = listing(folder)
        with immutable(folder):
            written = recovery.write('{"edits": 1}\n', recovery.generation)
        fallback = fallback_path(path)
        assert written == fallback == recovery.location
        assert fallback.is_relative_to(state_home / "postmortem" / "recovery")
        assert fallback.read_text(encoding="utf-8") == '{"edits": 1}\n'
        assert listing(folder) == names
        # Writable again: the next write goes beside the incident and drops the fallback.
        assert recovery.write('{"edits": 2}\n', recovery.generation) == recovery_path(path)
        assert recovery_path(path).read_text(encoding="utf-8") == '{"edits": 2}\n'
        assert not fallback.exists()


def test_clearing_recovery_removes_it_from_both_places(tmp_path: Path, state_home: Path) -> None:
    with lockable_folder(tmp_path) as folder:
        path = copy_sample(folder)
        recovery = RecoveryFile(path)
        with immutable(folder):
            recovery.write('{"edits": 1}\n', recovery.generation)
        atomic_write(recovery_path(path), '{"edits": "beside"}\n')
        assert fallback_path(path).exists() and recovery_path(path).exists()
        generation = recovery.generation
        recovery.clear()
        assert not fallback_path(path).exists()
        assert not recovery_path(path).exists()
        assert recovery.location is None
        assert recovery.write('{"edits": "stale"}\n', generation) is None  # a late write
        assert listing(folder) == [path.name]


def test_recovery_goes_to_the_state_folder_when_the_disk_is_full(
    tmp_path: Path, state_home: Path
) -> None:
    folder = tmp_path / "disk"
    with full_disk(folder, {"incident.toml": SAMPLE.read_bytes()}):
        path = folder / "incident.toml"
        recovery = RecoveryFile(path)
        names = listing(folder)
        written = recovery.write('{"edits": 1}\n', recovery.generation)
        assert written == fallback_path(path)
        assert written.read_text(encoding="utf-8") == '{"edits": 1}\n'
        assert listing(folder) == names
        recovery.clear()
        assert not written.exists()
        assert listing(folder) == names


def test_recovery_that_can_be_written_nowhere_is_a_store_error(
    tmp_path: Path, state_home: Path
) -> None:
    with lockable_folder(tmp_path) as folder:
        path = copy_sample(folder)
        recovery = RecoveryFile(path)
        with immutable(folder), immutable(state_home), pytest.raises(StoreError) as caught:
            recovery.write('{"edits": 1}\n', recovery.generation)
        assert str(caught.value).startswith(f"{recovery_path(path)}: recovery file not written")
        assert listing(folder) == [path.name]
        assert listing(state_home) == []


# --- symlinks --------------------------------------------------------------------------------


def test_a_link_in_an_immutable_folder_is_saved_through_to_its_target(tmp_path: Path) -> None:
    with lockable_folder(tmp_path) as folder:
        links = folder / "links"
        targets = folder / "targets"
        links.mkdir()
        targets.mkdir()
        target = copy_sample(targets)
        link = links / "incident.toml"
        link.symlink_to(os.path.relpath(target, links))
        document = edited(link)
        with immutable(links):
            assert document.save() is True
        assert link.is_symlink()
        assert os.readlink(link) == os.path.relpath(target, links)
        assert listing(links) == ["incident.toml"]
        assert listing(targets) == ["incident.toml"]
        assert IncidentFile.load(target).incident.title == "Edited title"


def test_a_chain_of_links_is_saved_through_to_the_last_target(tmp_path: Path) -> None:
    target = copy_sample(tmp_path, "real.toml")
    middle = tmp_path / "middle.toml"
    middle.symlink_to("real.toml")
    link = tmp_path / "link.toml"
    link.symlink_to("middle.toml")
    document = edited(link)
    assert document.save() is True
    assert link.is_symlink() and middle.is_symlink()
    assert IncidentFile.load(target).incident.title == "Edited title"
    assert listing(tmp_path) == ["link.toml", "middle.toml", "real.toml"]


def test_saving_through_a_link_to_an_immutable_target_fails_and_changes_nothing(
    tmp_path: Path,
) -> None:
    with lockable_folder(tmp_path) as folder:
        target = copy_sample(folder, "real.toml")
        link = folder / "link.toml"
        link.symlink_to("real.toml")
        document = edited(link)
        before = target.read_bytes()
        with immutable(target), pytest.raises(StoreError) as caught:
            document.save()
        assert_not_saved(caught.value, link, "the file is read-only or protected")
        assert target.read_bytes() == before
        assert link.is_symlink() and os.readlink(link) == "real.toml"
        assert listing(folder) == ["link.toml", "real.toml"]


def test_a_link_whose_target_vanished_is_recreated_as_its_target(tmp_path: Path) -> None:
    target = copy_sample(tmp_path, "real.toml")
    link = tmp_path / "link.toml"
    link.symlink_to("real.toml")
    document = edited(link)
    target.unlink()
    assert document.save() is True
    assert link.is_symlink()
    assert IncidentFile.load(target).incident.title == "Edited title"


# --- the command line reports a failed save as one line --------------------------------------


def test_new_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "disk"
    with full_disk(folder):
        path = folder / "incident.toml"
        names = listing(folder)
        done = subprocess.run(
            [sys.executable, "-m", "postmortem_editor.cli", "new", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 2
        assert done.stderr.splitlines() == [
            f"{path}: not saved: the disk is full; the file on disk is unchanged"
        ]
        assert "Traceback" not in done.stderr
        assert listing(folder) == names
