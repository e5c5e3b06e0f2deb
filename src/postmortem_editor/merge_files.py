"""Merging incident files, as git's merge driver does it: `postmortem merge BASE OURS THEIRS`.

When the three files are incidents, they are merged with :func:`postmortem_editor.merge.merge`
and the merged incident is written as a minimal diff of OURS' text (the store's faithful
patcher), so our comments and layout stay and only what came in from theirs changes.
When something conflicts, OURS is patched twice, once with every conflict settled as
mine and once as theirs; the two texts differ only where the conflicts are, and those
lines alone are wrapped in git's conflict markers::

    <<<<<<< ours
    severity = "SEV-1"
    =======
    severity = "SEV-2"
    >>>>>>> theirs

An empty BASE (git gives one when both branches added the file) is merged as an empty
incident. When one of the files is not an incident (it does not parse or validate, holds
conflict markers already, or is some other TOML file), the three are merged line by line
as `git merge-file` does (git must be installed), with the same markers, and the result
says why.
"""

from __future__ import annotations

import difflib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from postmortem_editor.errors import StoreError
from postmortem_editor.merge import Choice, Conflict, merge
from postmortem_editor.model import Incident
from postmortem_editor.reading import parse_text, read_text
from postmortem_editor.store import IncidentFile

MINE_MARKER = "<<<<<<< ours"
SPLIT_MARKER = "======="
THEIRS_MARKER = ">>>>>>> theirs"


@dataclass(frozen=True)
class FileMerge:
    """The text to write into OURS, and what the merge found."""

    text: str
    """The merged file, with conflict markers where something conflicts."""
    conflicts: tuple[Conflict, ...] = ()
    """The incident's conflicts, in words (none for a line merge)."""
    incoming: str = ""
    """What came in from theirs, in a line ("2 timeline entries added, severity changed")."""
    line_merged: str | None = None
    """Why the files were merged line by line (one of them is not an incident); None when
    they were merged as incidents."""
    line_conflicts: int = 0
    """How many conflicting places a line merge left."""

    @property
    def clean(self) -> bool:
        """Whether nothing conflicts: the text has no markers."""
        return not self.conflicts and not self.line_conflicts


def merge_texts(base: str, ours: str, theirs: str) -> FileMerge:
    """Merge three incident texts; the result is OURS' text with only the merge's changes.

    An empty ``base`` stands for no common version. Raises StoreError, naming "base",
    "ours" or "theirs", when one is not an incident.
    """
    base_incident = parse_text(base, Path("base")) if base.strip() else Incident()
    if not ours.strip() or not theirs.strip():
        raise StoreError(f"{'ours' if not ours.strip() else 'theirs'}: the file is empty")
    ours_incident = parse_text(ours, Path("ours"))
    result = merge(base_incident, ours_incident, parse_text(theirs, Path("theirs")))
    document = IncidentFile(Path("ours"), ours, ours_incident, exists=False)
    if result.clean:
        return FileMerge(document.render_toml(result.resolve()), incoming=result.summary())
    mine = document.render_toml(result.resolve(Choice.MINE))
    their = document.render_toml(result.resolve(Choice.THEIRS))
    return FileMerge(with_markers(mine, their), result.conflicts, result.summary())


def with_markers(mine: str, theirs: str) -> str:
    """One text from two: the lines they share, and each run of lines where they differ
    between conflict markers (mine above, theirs below)."""
    newline = "\r\n" if "\r\n" in mine else "\n"
    ours_lines = mine.splitlines(keepends=True)
    their_lines = theirs.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=ours_lines, b=their_lines, autojunk=False)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(ours_lines[i1:i2])
            continue
        out.append(MINE_MARKER + newline)
        out.extend(_ended(ours_lines[i1:i2], newline))
        out.append(SPLIT_MARKER + newline)
        out.extend(_ended(their_lines[j1:j2], newline))
        out.append(THEIRS_MARKER + newline)
    return "".join(out)


def _ended(lines: list[str], newline: str) -> list[str]:
    """Lines whose last one ends with a newline (a marker follows it)."""
    if lines and not lines[-1].endswith(("\n", "\r")):
        return [*lines[:-1], lines[-1] + newline]
    return lines


def line_merge(base: Path, ours: Path, theirs: Path) -> tuple[str, int]:
    """The three files merged line by line by `git merge-file`, and the number of conflicts.

    Raises StoreError when git is not installed or cannot merge them (binary files).
    """
    command = ["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs"]
    try:
        done = subprocess.run(
            [*command, str(ours), str(base), str(theirs)], capture_output=True, check=False
        )
    except OSError as error:
        raise StoreError(f"cannot merge line by line: git cannot run: {error.strerror}") from None
    if not 0 <= done.returncode < 128:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise StoreError(
            f"{ours}: cannot merge line by line: {reason[0] if reason else 'git merge-file failed'}"
        )
    try:
        return done.stdout.decode("utf-8"), done.returncode
    except UnicodeDecodeError:
        raise StoreError(f"{ours}: cannot merge line by line: not UTF-8 text") from None


def merge_files(base: Path, ours: Path, theirs: Path) -> FileMerge:
    """Merge the three files: as incidents when they are, else line by line.

    Nothing is written; the caller writes ``result.text`` into OURS. Raises StoreError
    only when neither merge can be made.
    """
    try:
        texts = [_read(path) for path in (base, ours, theirs)]
        return merge_texts(*texts)
    except StoreError as error:
        reason = _first_problem(str(error))
    text, conflicts = line_merge(base, ours, theirs)
    return FileMerge(text, line_merged=reason, line_conflicts=conflicts)


def _first_problem(message: str) -> str:
    """A reading error in one line: "theirs: 3 problems: line 5: status: ...; ..."."""
    lines = [line.strip() for line in message.splitlines()]
    if len(lines) == 1:
        return lines[0]
    return f"{lines[0]} {lines[1]}" + ("; ..." if len(lines) > 2 else "")


def _read(path: Path) -> str:
    """A file's text; "" for an empty one (git's BASE when there is no common version)."""
    try:
        return read_text(path)
    except StoreError:
        if path.is_file() and not path.read_bytes().strip():
            return ""
        raise
