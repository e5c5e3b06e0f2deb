"""A table's columns and the drawing of its cells as terminal lines (for ``KeyedTable``)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text
from textual.strip import Strip

CELL_PADDING = 1
"""Blank columns on each side of a cell."""


@dataclass(frozen=True)
class Column:
    """A column: its key, its header, and its width (None: whatever room is left)."""

    key: str
    label: Text
    width: int | None


def column_widths(columns: list[Column], width: int) -> list[int]:
    """Each column's width inside a table this wide: a column without a width of its own
    takes the room the others leave (at least 10)."""
    fixed = sum((column.width or 0) + 2 * CELL_PADDING for column in columns)
    rest = max(width - fixed - 2 * CELL_PADDING, 10)
    return [column.width if column.width is not None else rest for column in columns]


def column_at(columns: list[Column], widths: list[int], x: int) -> str | None:
    """The key of the column drawn at x (counted from the table's left edge), or None."""
    left = 0
    for column, width in zip(columns, widths, strict=False):
        right = left + width + 2 * CELL_PADDING
        if left <= x < right:
            return column.key
        left = right
    return None


class CellPainter:
    """Draws a row's cells, each cut to its column's width, as one terminal line."""

    def __init__(self) -> None:
        self._console = Console(
            width=200, color_system="truecolor", legacy_windows=False, markup=False, emoji=False
        )

    def draw(self, cells: tuple[Text, ...], widths: list[int]) -> Strip:
        """The cells side by side, padded, a long text cut with an ellipsis."""
        pad = " " * CELL_PADDING
        line = Text(end="", no_wrap=True)
        for width, cell in zip(widths, cells, strict=False):
            text = cell.copy()
            text.truncate(width, overflow="ellipsis", pad=True)
            line.append(pad)
            line.append_text(text)
            line.append(pad)
        return Strip(list(line.render(self._console)))
