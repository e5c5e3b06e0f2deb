"""Saving a file repaired as text: only a valid incident is written, over the file as opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from postmortem_editor.errors import FileChangedError, InvalidIncident
from postmortem_editor.repair import save_repaired

BROKEN = 'schema_version = 1\ntitle = "Outage\n'
FIXED = 'schema_version = 1\ntitle = "Outage"\n'


def _broken(tmp_path: Path, mode: int = 0o640) -> Path:
    path = tmp_path / "incident.toml"
    path.write_text(BROKEN, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_valid_text_is_written_and_opens_as_an_incident(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    document = save_repaired(path, FIXED, BROKEN)
    assert path.read_text(encoding="utf-8") == FIXED
    assert document.incident.title == "Outage"
    assert not document.dirty
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.toml"]


def test_text_that_is_still_not_an_incident_writes_nothing(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    with pytest.raises(InvalidIncident) as caught:
        save_repaired(path, "schema_version = 1\ntitle = 3\n", BROKEN)
    assert [p.describe() for p in caught.value.problems] == [
        'line 2: title: should be text in quotes, such as "text"'
    ]
    assert path.read_text(encoding="utf-8") == BROKEN


def test_a_file_changed_on_disk_since_the_repair_began_is_not_overwritten(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    path.write_text("# someone else's text\n", encoding="utf-8")
    with pytest.raises(FileChangedError):
        save_repaired(path, FIXED, BROKEN)
    assert path.read_text(encoding="utf-8") == "# someone else's text\n"
    save_repaired(path, FIXED, BROKEN, force=True)
    assert path.read_text(encoding="utf-8") == FIXED


def test_a_file_removed_meanwhile_is_written_again_no_more_readable_than_it_was(
    tmp_path: Path,
) -> None:
    path = _broken(tmp_path, 0o600)
    path.unlink()
    save_repaired(path, FIXED, BROKEN, mode=0o600)
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
