"""The errors of reading and writing incident files: a headline naming the file, and for a
file that does not read as an incident, each problem with the line it is on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ProblemKind = Literal["conflict", "syntax", "value"]


@dataclass(frozen=True)
class Problem:
    """One reason a text is not an incident, where the user finds it in the file."""

    kind: ProblemKind
    """"conflict" (git's merge markers), "syntax" (not TOML) or "value" (not the schema)."""
    message: str
    """What is wrong, in words, e.g. "should be a date such as 2024-03-01"."""
    line: int | None = None
    """The line it is on, from 1; None when it cannot be told."""
    column: int | None = None
    """The column, from 1, when it is known."""
    place: str = ""
    """The item and field as the user sees them, e.g. "timeline entry 2: at"."""
    end_line: int | None = None
    """The last line of a problem that spans lines (a conflict block)."""

    def where(self) -> str:
        """Its position in words: "line 12", "line 12, column 5" or "lines 12-18"."""
        if self.line is None:
            return ""
        if self.end_line is not None and self.end_line != self.line:
            return f"lines {self.line}-{self.end_line}"
        if self.column is not None and self.kind == "syntax":
            return f"line {self.line}, column {self.column}"
        return f"line {self.line}"

    def describe(self) -> str:
        """One line: "line 23: timeline entry 2: at: should be a time such as ..."."""
        return ": ".join(part for part in (self.where(), self.place, self.message) if part)


class StoreError(Exception):
    """A file that cannot be read or written, with a one-line headline naming the file.

    ``details`` are further lines, one per problem, when there are several to tell.
    """

    def __init__(
        self, message: str, *, path: Path | None = None, details: Sequence[str] = ()
    ) -> None:
        self.headline = message
        self.details = tuple(details)
        super().__init__("\n".join(self.lines()))
        self.path = path

    def lines(self) -> list[str]:
        """The message as lines to print: the headline, then each detail indented."""
        return [self.headline, *(f"  {detail}" for detail in self.details)]


class FileChangedError(StoreError):
    """The file on disk changed since it was loaded; saving would overwrite that change."""


class InvalidIncident(StoreError):
    """A file whose text was read but is not an incident: merge conflicts, TOML that does not
    parse, or values the schema refuses. It can be repaired as text (``postmortem edit``)."""

    def __init__(
        self,
        message: str,
        *,
        path: Path,
        text: str,
        problems: Sequence[Problem],
        details: Sequence[str] = (),
    ) -> None:
        super().__init__(message, path=path, details=details)
        self.text = text
        """The file's text as read."""
        self.problems = tuple(problems)
        """Every problem found, in the order of the file."""
