"""Git merges incident files through `postmortem merge`, enabled by `postmortem git-setup`.

Each test makes a real repository in a temporary folder, with the `postmortem` command of
this environment first on PATH and no global git configuration.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from ..merge_documents import QUEUE_BACKLOG as INCIDENT

BIN = Path(sys.executable).parent


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        LC_ALL="C",
    )
    env.pop("POSTMORTEM_DEBUG", None)
    return env


class Repo:
    """A git repository in a temporary folder, and commands run in it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = _env(folder.parent)
        folder.mkdir()
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test Writer")
        self.git("config", "user.email", "writer@example.com")

    def run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            command,
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        if check:
            assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done

    def git(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("git", *arguments, check=check)

    def postmortem(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("postmortem", *arguments, check=check)

    def write(self, name: str, text: str) -> None:
        (self.folder / name).write_text(text, encoding="utf-8")

    def read(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        text = self.read(name)
        assert old in text
        self.write(name, text.replace(old, new))

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def merge_diverged(
        self, theirs: Callable[[], object], ours: Callable[[], object]
    ) -> subprocess.CompletedProcess[str]:
        """Make theirs' changes on a branch and ours on main, then merge that branch in."""
        self.git("checkout", "-q", "-b", "theirs")
        theirs()
        self.commit("Their changes")
        self.git("checkout", "-q", "main")
        ours()
        self.commit("Our changes")
        return self.git("merge", "--no-edit", "theirs", check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repository = Repo(tmp_path / "repo")
    repository.postmortem("git-setup")
    repository.write("incident.toml", INCIDENT)
    repository.commit("Postmortem of the queue backlog")
    return repository


def test_two_branches_adding_entries_and_changing_different_fields_merge_cleanly(
    repo: Repo,
) -> None:
    def theirs() -> None:
        repo.postmortem("add", "incident.toml", "14:10 paged the billing team")
        repo.edit("incident.toml", 'severity = "SEV-2"', 'severity = "SEV-1"')

    def ours() -> None:
        repo.postmortem("add", "incident.toml", "14:20 backlog drained")
        repo.edit("incident.toml", 'title = "Queue backlog"', 'title = "Queue backlog in billing"')

    merged = repo.merge_diverged(theirs, ours)

    assert merged.returncode == 0, merged.stderr
    assert "from theirs: severity changed, 1 timeline entry added" in merged.stderr
    text = repo.read("incident.toml")
    data = tomllib.loads(text)
    assert data["title"] == "Queue backlog in billing"
    assert data["severity"] == "SEV-1"
    assert [entry["text"] for entry in data["timeline"]] == [
        "Backlog alert fired",
        "Scaled consumers to 12",
        "paged the billing team",
        "backlog drained",
    ]
    for comment in ("# Written during the outage", "# agreed with billing", "# from the chat log"):
        assert comment in text
    assert repo.git("status", "--porcelain").stdout == ""
    assert "<<<<<<<" not in text


def test_the_same_field_changed_both_ways_conflicts_with_markers_around_its_line(
    repo: Repo,
) -> None:
    def theirs() -> None:
        repo.edit("incident.toml", 'severity = "SEV-2"', 'severity = "SEV-3"')
        repo.postmortem("add", "incident.toml", "14:10 paged the billing team")

    merged = repo.merge_diverged(
        theirs, lambda: repo.edit("incident.toml", 'severity = "SEV-2"', 'severity = "SEV-1"')
    )

    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout
    assert 'conflict: Severity: mine "SEV-1", theirs "SEV-3"' in merged.stderr
    lines = repo.read("incident.toml").splitlines()
    start = lines.index("<<<<<<< ours")
    assert lines[start : start + 5] == [
        "<<<<<<< ours",
        'severity = "SEV-1"    # agreed with billing',
        "=======",
        'severity = "SEV-3"    # agreed with billing',
        ">>>>>>> theirs",
    ]
    rest = lines[:start] + lines[start + 5 :]
    assert "<<<<<<< ours" not in rest
    assert "paged the billing team" in "\n".join(rest)  # the clean part came in
    expected = INCIDENT.replace('severity = "SEV-2"    # agreed with billing\n', "")
    assert rest[: len(expected.split("[measures]")[0].splitlines())] == (
        expected.split("[measures]")[0].splitlines()
    )
    assert "incident.toml" in repo.git("diff", "--name-only", "--diff-filter=U").stdout


def test_files_that_are_not_incidents_are_merged_line_by_line(repo: Repo) -> None:
    settings = "[tool]\nname = 'a'\nlevel = 1\n\n[other]\nsize = 2\n"
    repo.write("settings.toml", settings)
    repo.commit("Settings")
    merged = repo.merge_diverged(
        lambda: repo.edit("settings.toml", "size = 2", "size = 3"),
        lambda: repo.edit("settings.toml", "level = 1", "level = 5"),
    )

    assert merged.returncode == 0, merged.stderr
    assert "postmortem merge: not merged as an incident: " in merged.stderr
    assert "postmortem merge: merged line by line, cleanly" in merged.stderr
    assert repo.read("settings.toml") == settings.replace("size = 2", "size = 3").replace(
        "level = 1", "level = 5"
    )


def test_files_that_are_not_incidents_conflict_as_git_marks_them(repo: Repo) -> None:
    repo.write("settings.toml", "[tool]\nlevel = 1\n")
    repo.commit("Settings")
    merged = repo.merge_diverged(
        lambda: repo.edit("settings.toml", "level = 1", "level = 3"),
        lambda: repo.edit("settings.toml", "level = 1", "level = 5"),
    )

    assert merged.returncode != 0
    assert "merged line by line, 1 conflict(s)" in merged.stderr
    assert repo.read("settings.toml") == (
        "[tool]\n<<<<<<< ours\nlevel = 5\n=======\nlevel = 3\n>>>>>>> theirs\n"
    )


def test_git_setup_adds_its_lines_once(tmp_path: Path) -> None:
    repository = Repo(tmp_path / "repo")
    (repository.folder / "incidents").mkdir()
    repository.write("incidents/.gitattributes", "*.md text\n*.toml   merge=postmortem")
    first = repository.postmortem("git-setup", "incidents")
    second = repository.postmortem("git-setup", "incidents")
    assert "already has" in first.stderr  # the line was there, spaced differently
    assert "set to" in first.stderr
    assert "set to" not in second.stderr
    assert repository.read("incidents/.gitattributes") == "*.md text\n*.toml   merge=postmortem"
    driver = repository.git("config", "--get-all", "merge.postmortem.driver").stdout
    assert driver == "postmortem merge %O %A %B\n"
    name = repository.git("config", "--get-all", "merge.postmortem.name").stdout
    assert name.count("\n") == 1

    repository.postmortem("git-setup")
    repository.postmortem("git-setup")
    assert repository.read(".gitattributes") == "*.toml merge=postmortem\n"
    attributes = repository.git("check-attr", "merge", "incidents/a.toml", "b.toml").stdout
    assert attributes.splitlines() == [
        "incidents/a.toml: merge: postmortem",
        "b.toml: merge: postmortem",
    ]


def test_git_setup_outside_a_repository_says_so_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    done = subprocess.run(
        ["postmortem", "git-setup", str(folder)],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "not in a git repository" in done.stderr
    assert list(folder.iterdir()) == []
    missing = subprocess.run(
        ["postmortem", "git-setup", str(tmp_path / "missing")],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith("missing: no such folder")


def test_merge_exit_status_and_messages_when_run_by_hand(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / name for name in ("base.toml", "ours.toml", "theirs.toml"))
    base.write_text(INCIDENT, encoding="utf-8")
    ours.write_text(INCIDENT.replace("Orders were late.", "Orders were late by an hour."))
    theirs.write_text(INCIDENT.replace('status = "draft"', 'status = "review"'))
    env = _env(tmp_path)

    def merge() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["postmortem", "merge", str(base), str(ours), str(theirs)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    clean = merge()
    assert (clean.returncode, clean.stdout) == (0, "")
    assert clean.stderr == "postmortem merge: from theirs: status changed\n"
    assert 'status = "review"' in ours.read_text()
    assert "Orders were late by an hour." in ours.read_text()

    theirs.write_text(INCIDENT.replace("Orders were late.", "Some orders were lost."))
    conflicted = merge()
    assert conflicted.returncode == 1
    assert conflicted.stderr.startswith("postmortem merge: conflict: Summary: impact: mine ")
    assert ours.read_text().count("<<<<<<< ours") == 1

    missing = subprocess.run(
        ["postmortem", "merge", str(base), str(tmp_path / "nope.toml"), str(theirs)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1


def test_a_side_that_is_not_an_incident_is_named_in_one_line_and_merged_by_lines(
    tmp_path: Path,
) -> None:
    base, ours, theirs = (tmp_path / name for name in ("base.toml", "ours.toml", "theirs.toml"))
    base.write_text(INCIDENT, encoding="utf-8")
    ours.write_text(INCIDENT.replace("the alert we lacked", "what we lacked"))
    broken = INCIDENT.replace('status = "draft"', "status = 5").replace('"detection"', '"oops"')
    theirs.write_text(broken, encoding="utf-8")
    done = subprocess.run(
        ["postmortem", "merge", str(base), str(ours), str(theirs)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        "postmortem merge: not merged as an incident: theirs: 2 problems: line 4: status: "
        "should be 'draft', 'review' or 'final'; ...",
        "postmortem merge: merged line by line, cleanly",
    ]
    assert ours.read_text() == broken.replace("the alert we lacked", "what we lacked")
