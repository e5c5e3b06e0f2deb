"""Git's merge-conflict blocks in a text: finding them, with their lines, and resolving them.

A block is what git writes where both sides changed the same lines::

    <<<<<<< ours-label
    our lines
    ||||||| base-label        (only with merge.conflictStyle diff3 or zdiff3)
    the lines both started from
    =======
    their lines
    >>>>>>> theirs-label

Markers count only at the start of a line, and only as a whole block in that order; a lone
``=======`` (a Markdown heading's underline) is not a conflict. Line numbers count from 1,
as an editor shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Side = Literal["ours", "theirs", "both"]
"""How a block is resolved: our lines, their lines, or ours followed by theirs."""

SIDES: tuple[Side, ...] = ("ours", "theirs", "both")

_OURS = re.compile(r"<{7}(?: (?P<label>.*))?\r?\n?")
_BASE = re.compile(r"\|{7}(?: (?P<label>.*))?\r?\n?")
_SPLIT = re.compile(r"={7}[ \t]*\r?\n?")
_THEIRS = re.compile(r">{7}(?: (?P<label>.*))?\r?\n?")
_ANY_MARKER = re.compile(r"(?:<{7}|\|{7}|={7}|>{7})(?:[ \r\n]|$)")


@dataclass(frozen=True)
class Conflict:
    """One conflict block: where its markers are, and the lines of each side."""

    first_line: int
    """Line of the ``<<<<<<<`` marker (from 1)."""
    last_line: int
    """Line of the ``>>>>>>>`` marker (from 1)."""
    split_line: int
    """Line of the ``=======`` marker (from 1)."""
    base_line: int | None
    """Line of the ``|||||||`` marker, when git wrote the common base too (diff3 style)."""
    ours: str
    """Our lines, each with its line end."""
    theirs: str
    """Their lines, each with its line end."""
    base: str
    """The lines both sides started from ("" without a base section)."""
    ours_label: str
    """What git named our side (a branch, ``HEAD``, ``Updated upstream``)."""
    theirs_label: str
    """What git named their side."""

    @property
    def lines(self) -> str:
        """Its line numbers as people write them: "12-18"."""
        return f"{self.first_line}-{self.last_line}"

    def resolution(self, side: Side) -> str:
        """The text that replaces the whole block, markers included, for a side."""
        if side == "ours":
            return self.ours
        if side == "theirs":
            return self.theirs
        return self.ours + self.theirs

    def contains(self, line: int) -> bool:
        """Whether a line (from 1) is part of the block, markers included."""
        return self.first_line <= line <= self.last_line


def split_lines(text: str) -> list[str]:
    """The lines of a text, each with its ``\\n`` (the last one may have none).

    Only ``\\n`` ends a line, as in TOML: a ``\\r`` stays at the end of its line's text.
    """
    lines = text.split("\n")
    kept = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        kept.append(lines[-1])
    return kept


def find_conflicts(text: str) -> tuple[Conflict, ...]:
    """Every complete conflict block in a text, in order."""
    if not _ANY_MARKER.search(text):
        return ()
    lines = split_lines(text)
    found: list[Conflict] = []
    index = 0
    while index < len(lines):
        conflict = _block_at(lines, index)
        if conflict is None:
            index += 1
            continue
        found.append(conflict)
        index = conflict.last_line  # the line after the block (indices count from 0)
    return tuple(found)


def _block_at(lines: list[str], start: int) -> Conflict | None:
    """The block whose ``<<<<<<<`` is at index start, if a whole one starts there."""
    opening = _OURS.fullmatch(lines[start])
    if opening is None:
        return None
    base_at: int | None = None
    split_at: int | None = None
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if _OURS.fullmatch(line):
            return None  # another block opens before this one closes
        if split_at is None:
            if base_at is None and _BASE.fullmatch(line):
                base_at = index
            elif _SPLIT.fullmatch(line):
                split_at = index
            continue
        closing = _THEIRS.fullmatch(line)
        if closing is None:
            continue
        ours_end = base_at if base_at is not None else split_at
        return Conflict(
            first_line=start + 1,
            last_line=index + 1,
            split_line=split_at + 1,
            base_line=None if base_at is None else base_at + 1,
            ours="".join(lines[start + 1 : ours_end]),
            theirs="".join(lines[split_at + 1 : index]),
            base="" if base_at is None else "".join(lines[base_at + 1 : split_at]),
            ours_label=(opening["label"] or "").strip(),
            theirs_label=(closing["label"] or "").strip(),
        )
    return None


def resolve(text: str, conflict: Conflict, side: Side) -> str:
    """The text with one block replaced by the chosen side.

    ValueError when the block is not in the text as found (the text changed since).
    """
    lines = split_lines(text)
    if conflict.last_line > len(lines) or _block_at(lines, conflict.first_line - 1) != conflict:
        raise ValueError(f"no conflict at lines {conflict.lines} any more")
    before = "".join(lines[: conflict.first_line - 1])
    after = "".join(lines[conflict.last_line :])
    return before + conflict.resolution(side) + after


def resolve_all(text: str, side: Side) -> str:
    """The text with every block replaced by the same side."""
    for conflict in reversed(find_conflicts(text)):  # from the end: earlier lines stay put
        text = resolve(text, conflict, side)
    return text


def line_ranges(conflicts: tuple[Conflict, ...]) -> str:
    """The blocks' lines as a list: "12-18, 40-44"."""
    return ", ".join(conflict.lines for conflict in conflicts)
