"""What a file was last seen to be on disk: changes, removals, a save refused, its mode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_editor.errors import FileChangedError
from postmortem_editor.files import disk_stamp, file_mode, text_digest
from postmortem_editor.store_disk import LastSeen

TEXT = 'title = "Checkout errors"\n'


def _seen(tmp_path: Path, text: str = TEXT) -> LastSeen:
    path = tmp_path / "incident.toml"
    path.write_text(text, encoding="utf-8")
    return LastSeen(path, text)


def _rewrite(path: Path, data: bytes) -> None:
    """Write data in place and move the modification time on, as a later edit would."""
    before = path.stat().st_mtime_ns
    path.write_bytes(data)
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def test_a_file_seen_records_its_digest_stamp_and_mode(tmp_path: Path) -> None:
    seen = _seen(tmp_path)
    assert seen.digest == text_digest(TEXT)
    assert seen.stamp == disk_stamp(seen.path)
    assert seen.mode == file_mode(seen.path)
    assert seen.change() is None
    seen.check_unchanged()  # the file as seen: no error


def test_new_content_is_a_change_and_refuses_a_save(tmp_path: Path) -> None:
    seen = _seen(tmp_path)
    _rewrite(seen.path, b'title = "Someone else\'s title"\n')
    assert seen.change() == "changed"
    with pytest.raises(FileChangedError, match="changed on disk since it was opened") as caught:
        seen.check_unchanged()
    assert caught.value.path == seen.path
    assert "\n" not in str(caught.value)


def test_a_file_touched_without_a_change_is_no_change_and_its_stamp_is_taken(
    tmp_path: Path,
) -> None:
    seen = _seen(tmp_path)
    _rewrite(seen.path, TEXT.encode("utf-8"))
    assert seen.stamp != disk_stamp(seen.path)
    assert seen.change() is None
    assert seen.stamp == disk_stamp(seen.path)  # the next look costs one stat again


def test_a_removed_file_is_missing_and_may_be_written_again(tmp_path: Path) -> None:
    seen = _seen(tmp_path)
    seen.path.unlink()
    assert seen.change() == "missing"
    seen.check_unchanged()  # writing puts it back


def test_a_file_never_written_has_no_change_until_one_is_created_there(tmp_path: Path) -> None:
    seen = LastSeen(tmp_path / "new.toml")
    assert seen.digest is None
    assert seen.mode is None
    assert seen.change() is None
    seen.check_unchanged()
    seen.path.write_text("title = 'theirs'\n", encoding="utf-8")
    assert seen.change() is None  # nothing was seen there to compare with
    with pytest.raises(FileChangedError, match="a file was created there"):
        seen.check_unchanged()


def test_accepting_the_file_on_disk_makes_it_the_one_seen(tmp_path: Path) -> None:
    seen = _seen(tmp_path)
    theirs = 'title = "Theirs \xe9"\n'.encode() + b"# \xff\n"
    _rewrite(seen.path, theirs)
    assert seen.accept() == theirs.decode("utf-8", errors="replace")
    assert seen.change() is None
    seen.check_unchanged()


def test_seeing_text_again_follows_the_file_after_a_write(tmp_path: Path) -> None:
    seen = _seen(tmp_path)
    _rewrite(seen.path, b"title = 'saved'\n")
    os.chmod(seen.path, 0o600)
    seen.see("title = 'saved'\n")
    assert seen.change() is None
    assert seen.mode == 0o600
    seen.check_unchanged()


def test_permissions_come_from_the_file_or_its_mode_once_it_vanished(tmp_path: Path) -> None:
    seen = _seen(tmp_path)
    os.chmod(seen.path, 0o640)
    seen.see(TEXT)
    assert seen.permissions_from == seen.path
    seen.path.unlink()
    assert seen.permissions_from == 0o640
    never = LastSeen(tmp_path / "never.toml")
    assert never.permissions_from == never.path  # nothing seen: the umask decides


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mine=st.text(max_size=40), theirs=st.text(max_size=40))
def test_a_change_is_reported_exactly_when_the_content_differs(
    tmp_path: Path, mine: str, theirs: str
) -> None:
    path = tmp_path / "property.toml"
    path.write_bytes(mine.encode("utf-8"))
    seen = LastSeen(path, mine)
    _rewrite(path, theirs.encode("utf-8"))
    changed = mine.encode("utf-8") != theirs.encode("utf-8")
    assert seen.change() == ("changed" if changed else None)
    if changed:
        with pytest.raises(FileChangedError):
            seen.check_unchanged()
    else:
        seen.check_unchanged()
