"""`postmortem add FILE [TEXT ...|-]`, run as the installed command in a subprocess."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from postmortem_editor.store import IncidentFile

from ..disk_tricks import immutable, lockable_folder
from .conftest import SAMPLE

POSTMORTEM = Path(sys.executable).parent / "postmortem"


def add(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "POSTMORTEM_DEBUG"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [str(POSTMORTEM), "add", *map(str, args)],
        input=stdin if stdin is not None else "",
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def _only_added(before: str, after: str) -> list[str]:
    """The lines added, checking that every old line is kept byte for byte, in order."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    added = []
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), (tag, new[j1:j2])
        if tag == "insert":
            added += new[j1:j2]
    assert len(new) == len(old) + len(added)
    return added


def test_each_text_is_one_entry_and_the_file_changes_by_added_lines_only(incident: Path) -> None:
    before = incident.read_text(encoding="utf-8")
    result = add(incident, "12:40 failed over to the replica", "12:55 traffic back to normal")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "12:40 PM  mitigation  failed over to the replica",
        "12:55 PM  resolution  traffic back to normal",
    ]
    assert result.stderr.splitlines()[-1] == f"{incident}: 2 entries added"
    added = _only_added(before, incident.read_text(encoding="utf-8"))
    assert "at = 2024-02-14T12:40:00-05:00\n" in added
    timeline = IncidentFile.load(incident).incident.timeline
    assert [e.text for e in timeline[-2:]] == [
        "failed over to the replica",
        "traffic back to normal",
    ]


def test_an_unread_time_is_added_without_a_time_and_said(incident: Path) -> None:
    result = add(incident, "14;22 restarted the database")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "(time not read)  mitigation  14;22 restarted the database"
    ]
    assert "time not read: '14;22'" in result.stderr
    assert "(1 with the time not read)" in result.stderr
    entry = tomllib.loads(incident.read_text(encoding="utf-8"))["timeline"][-1]
    assert "at" not in entry and entry["text"] == "14;22 restarted the database"


def test_a_chat_log_on_stdin_keeps_the_speakers(incident: Path) -> None:
    before = incident.read_text(encoding="utf-8")
    log = (
        "[12:41] alice: failover started\n"
        "\n"
        "bob  12:44 PM\n"
        "replica is taking traffic\n"
        "error rate is dropping\n"
    )
    result = add(incident, "-", stdin=log)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "12:41 PM  mitigation  alice: failover started",
        "12:44 PM  note  bob: replica is taking traffic",
        "12:44 PM  note  bob: error rate is dropping",
    ]
    assert result.stderr.splitlines()[-1] == f"{incident}: 3 entries added"
    added = _only_added(before, incident.read_text(encoding="utf-8"))
    assert 'by = "alice"\n' in added and 'by = "bob"\n' in added
    entries = tomllib.loads(incident.read_text(encoding="utf-8"))["timeline"]
    assert list(entries[-3]) == ["at", "kind", "by", "text"]


def test_an_earlier_time_is_inserted_in_time_order(incident: Path) -> None:
    result = add(incident, "10:01 someone noticed the first alert")
    assert result.returncode == 0, result.stderr
    timeline = IncidentFile.load(incident).incident.timeline
    times = [e.at for e in timeline if e.at is not None]
    assert times == sorted(times)


@pytest.mark.parametrize(
    ("args", "stdin"),
    [(("-",), "\n  \n"), (("-",), "12:40\n"), (("12:40",), None), ((), None)],
    ids=["blank-stdin", "bare-time-stdin", "bare-time-arg", "nothing"],
)
def test_nothing_readable_is_refused_in_one_line_and_changes_nothing(
    incident: Path, args: tuple[str, ...], stdin: str | None
) -> None:
    before = incident.read_bytes()
    result = add(incident, *args, stdin=stdin)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert incident.read_bytes() == before


def test_a_file_that_does_not_load_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("title = [unclosed\n", encoding="utf-8")
    result = add(bad, "12:40 failed over")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert bad.read_text(encoding="utf-8") == "title = [unclosed\n"
    missing = add(tmp_path / "missing.toml", "12:40 failed over")
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1


def test_a_file_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    with lockable_folder(tmp_path) as folder:
        path = folder / "inc.toml"
        path.write_bytes(SAMPLE.read_bytes())
        with immutable(path):
            result = add(path, "12:40 failed over")
        assert result.returncode == 2
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
        assert result.stdout == ""
        assert path.read_bytes() == SAMPLE.read_bytes()
