"""Pasted text made into one line, for the fields that hold one line (or one paragraph)."""

from __future__ import annotations

import re

_BREAK = re.compile(r"[^\S\r\n]*[\r\n]\s*")
_LEADING_BREAK = re.compile(r"\A\s*[\r\n]\s*")
_TRAILING_BREAK = re.compile(r"\s*[\r\n]\s*\Z")


def one_line(pasted: str, *, at_start: bool = False, at_end: bool = False) -> str:
    """Pasted text as one line, no word of it dropped or run into another.

    Each line break (with the blank lines and spaces around it) becomes one space, so the
    lines of a block stay apart and the block stays apart from the words around it; the
    spaces within a line are kept as they are. ``at_start`` / ``at_end`` say the text goes
    at the start / end of the field, where a line break there leaves no space.
    """
    if at_start:
        pasted = _LEADING_BREAK.sub("", pasted)
    if at_end:
        pasted = _TRAILING_BREAK.sub("", pasted)
    return _BREAK.sub(" ", pasted)
