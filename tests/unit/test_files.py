"""Files written beside an incident, without the editor: atomic writes, modes, names, stamps."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from postmortem_editor.errors import StoreError
from postmortem_editor.files import (
    DiskStamp,
    atomic_write,
    content_digest,
    disk_stamp,
    file_mode,
    file_stamp,
    name_beside,
    private_mode,
    restrict_mode,
    text_digest,
)
from postmortem_editor.recovery import set_aside

MOMENT = datetime(2024, 2, 14, 10, 30, 5)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_stamp_is_the_date_and_time_for_file_names() -> None:
    assert file_stamp(MOMENT) == "20240214-103005"


def test_a_copy_beside_an_incident_is_named_with_its_label_and_date(tmp_path: Path) -> None:
    incident = tmp_path / "outage.toml"
    assert name_beside(incident, "discarded", MOMENT) == tmp_path / (
        "outage.discarded-20240214-103005.toml"
    )


def test_a_copy_beside_an_incident_without_a_suffix_is_a_toml_file(tmp_path: Path) -> None:
    assert (
        name_beside(tmp_path / "outage", "mine", MOMENT).name == "outage.mine-20240214-103005.toml"
    )


def test_a_copy_beside_an_incident_is_dated_now_when_not_told(tmp_path: Path) -> None:
    before = file_stamp()
    name = name_beside(tmp_path / "outage.toml", "theirs").name
    stamp = name.removeprefix("outage.theirs-").removesuffix(".toml")
    assert before <= stamp <= file_stamp()


def test_a_set_aside_recovery_file_keeps_its_name_with_the_date_after_it(tmp_path: Path) -> None:
    recovery = tmp_path / ".outage.toml.recovery"
    recovery.write_text("{}")
    kept = set_aside(recovery)
    assert kept.name.startswith(".outage.toml.recovery.")
    assert not recovery.exists()
    assert kept.read_text() == "{}"


def test_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "file.md"
    atomic_write(target, "one\n")
    atomic_write(target, "two ✓\n")
    assert target.read_text(encoding="utf-8") == "two ✓\n"
    assert [p.name for p in tmp_path.iterdir()] == ["file.md"]  # no temporary file left


def test_atomic_write_keeps_an_existing_files_mode(tmp_path: Path) -> None:
    target = tmp_path / "file.md"
    target.write_text("old")
    os.chmod(target, 0o640)
    atomic_write(target, "new")
    assert _mode(target) == 0o640


def test_atomic_write_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text("old")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_atomic_write_into_a_missing_folder_is_a_one_line_store_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "file.md"
    with pytest.raises(StoreError) as caught:
        atomic_write(target, "text")
    assert str(caught.value) == (
        f"{target}: not saved: its folder does not exist; the file on disk is unchanged"
    )
    assert caught.value.path == target


def test_a_file_written_like_a_private_incident_is_private(tmp_path: Path) -> None:
    incident = tmp_path / "outage.toml"
    incident.write_text("")
    os.chmod(incident, 0o600)
    target = tmp_path / "copy.toml"
    atomic_write(target, "text", like=incident)
    assert _mode(target) & 0o077 == 0


@pytest.mark.parametrize(
    ("source", "mode", "expected"),
    [(0o600, 0o644, 0o600), (0o640, 0o666, 0o640), (0o644, 0o600, 0o600), (0o604, 0o664, 0o604)],
)
def test_private_mode_keeps_only_the_sharing_the_incident_has(
    source: int, mode: int, expected: int
) -> None:
    assert private_mode(source, mode) == expected


def test_private_mode_of_a_new_incident_is_left_to_the_mode_asked(tmp_path: Path) -> None:
    assert private_mode(tmp_path / "not-yet.toml", 0o644) == 0o644
    assert private_mode(None, 0o664) == 0o664


def test_restrict_mode_narrows_but_never_widens(tmp_path: Path) -> None:
    incident = tmp_path / "outage.toml"
    incident.write_text("")
    os.chmod(incident, 0o640)
    copy = tmp_path / "copy.toml"
    copy.write_text("")
    os.chmod(copy, 0o666)
    restrict_mode(copy, incident)
    assert _mode(copy) == 0o640
    os.chmod(copy, 0o600)
    restrict_mode(copy, incident)
    assert _mode(copy) == 0o600


def test_disk_stamp_changes_when_the_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "outage.toml"
    assert disk_stamp(path) is None
    path.write_text("one")
    first = disk_stamp(path)
    assert isinstance(first, DiskStamp)
    assert first.size == 3
    assert disk_stamp(path) == first
    atomic_write(path, "two")
    assert disk_stamp(path) != first


def test_file_mode_is_none_for_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "outage.toml"
    assert file_mode(path) is None
    path.write_text("")
    os.chmod(path, 0o604)
    assert file_mode(path) == 0o604


def test_digests_of_text_and_of_its_bytes_agree() -> None:
    assert text_digest("é\n") == content_digest("é\n".encode())
    assert text_digest("a") != text_digest("b")
