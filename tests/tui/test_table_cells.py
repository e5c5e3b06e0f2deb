"""A table's column widths and the cells drawn in them."""

from __future__ import annotations

from rich.text import Text

from postmortem_editor.tui.drawing.table_cells import (
    CellPainter,
    Column,
    column_at,
    column_widths,
)

COLUMNS = [
    Column("mark", Text("!"), 1),
    Column("time", Text("Time"), 12),
    Column("text", Text(""), None),
]


def test_the_column_without_a_width_takes_the_room_left() -> None:
    assert column_widths(COLUMNS, 60) == [1, 12, 60 - (3 + 14 + 2) - 2]
    assert column_widths(COLUMNS, 5)[-1] == 10, "never narrower than ten"


def test_a_column_is_found_by_where_it_is_drawn() -> None:
    widths = column_widths(COLUMNS, 60)
    assert [column_at(COLUMNS, widths, x) for x in (0, 2, 3, 16, 17, 57)] == [
        "mark",
        "mark",
        "time",
        "time",
        "text",
        "text",
    ]
    assert column_at(COLUMNS, widths, 500) is None


def test_cells_are_padded_and_a_long_text_is_cut_with_an_ellipsis() -> None:
    strip = CellPainter().draw((Text("⚠"), Text("10:05"), Text("x" * 50)), [1, 12, 20])
    line = strip.text
    assert line.startswith(" ⚠  10:05       ") and line.rstrip().endswith("…")
    assert strip.cell_length == (1 + 2) + (12 + 2) + (20 + 2)
