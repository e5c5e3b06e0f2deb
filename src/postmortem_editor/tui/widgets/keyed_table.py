"""A table of model items driven by the keyboard: rows keyed by item ids, operations as messages.

The table draws lines itself: each row is drawn once and kept until its cells change, and
only the rows on screen are painted. Changing one row of a timeline of thousands costs one
row, not the whole table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from postmortem_editor.tui.drawing.table_cells import (
    CellPainter,
    Column,
    column_at,
    column_widths,
)
from postmortem_editor.tui.widgets.form import run_own_binding


class KeyedTable(ScrollView, can_focus=True):
    """Rows keyed by item ids (never positions); key bindings post :class:`Command` messages.

    Subclasses bind keys to ``command('<name>')`` and define their own ``Command`` message
    (so handlers can tell the tables apart); the screen changes the model and reloads.
    """

    COMPONENT_CLASSES = {
        "keyed-table--header",
        "keyed-table--cursor",
        "keyed-table--even-row",
    }

    DEFAULT_CSS = """
    KeyedTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        /* Rows are cut to the width, never scrolled sideways: no scrollbar there takes a
           row's line from under the cursor. */
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .keyed-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .keyed-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .keyed-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .keyed-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .keyed-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .keyed-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .keyed-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last row", show=False),
    ]

    @dataclass
    class Command(Message):
        """A table operation on the item with this id (None when the table is empty)."""

        name: str
        item_id: str | None

    @dataclass
    class RowHighlighted(Message):
        """The cursor moved to another row."""

        table: KeyedTable
        cursor_row: int
        row_key: str | None

        @property
        def control(self) -> KeyedTable:
            """The table whose cursor moved."""
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.cursor_row = 0
        """The index of the row under the cursor."""
        self._order: list[str] = []
        self._row_cells: dict[str, tuple[Text, ...]] = {}
        self._drawn: dict[str, Strip] = {}
        self._widths: list[int] = []
        self._header: Strip | None = None
        self._painter = CellPainter()
        self._announced: tuple[int, str | None] | None = None
        self.take_command: Callable[[KeyedTable.Command], None] | None = None
        """Called at once with a command instead of posting it: for an owner that must act
        before the next key (Enter opens a form, and the keys typed behind it go there)."""

    # --- columns and rows ----------------------------------------------------------------------

    def add_column(self, label: Text, *, key: str, width: int | None = None) -> None:
        """Add a column; a column without a width takes the room the others leave."""
        self.columns.append(Column(key, label, width))
        self._forget_drawing()

    def fit_column(self, key: str, width: int) -> None:
        """Give a column of fixed width a new width (rows are drawn again if it changed)."""
        index = [column.key for column in self.columns].index(key)
        column = self.columns[index]
        if column.width != width:
            self.columns[index] = Column(column.key, column.label, width)
            self._forget_drawing()
            self.refresh()

    def set_rows(self, rows: list[tuple[str, tuple[Text, ...]]]) -> None:
        """Show these rows in this order; only rows whose cells changed are drawn again.

        The cursor stays on the same item when it is still there.
        """
        current = self.current_id
        order = [key for key, _ in rows]
        present = set(order)
        for key, cells in rows:
            if key not in self._row_cells or not _same_cells(self._row_cells[key], cells):
                self._row_cells[key] = cells
                self._drawn.pop(key, None)
        if order != self._order:
            for key in [key for key in self._row_cells if key not in present]:
                del self._row_cells[key]
                self._drawn.pop(key, None)
            self._order = order
            self.virtual_size = Size(self.size.width, len(order) + 1)
        if current is not None and current in present:
            self.cursor_row = order.index(current)
        self.cursor_row = max(0, min(self.cursor_row, len(order) - 1))
        self._cursor_moved()
        self.refresh()

    @property
    def row_ids(self) -> list[str]:
        """The keys of the rows, top to bottom."""
        return list(self._order)

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        return len(self._order)

    def get_cell(self, row_key: str, column_key: str) -> Text:
        """The text of one cell."""
        index = [column.key for column in self.columns].index(column_key)
        return self._row_cells[row_key][index]

    @property
    def current_id(self) -> str | None:
        """The id of the item under the cursor."""
        if not self._order:
            return None
        return self._order[min(self.cursor_row, len(self._order) - 1)]

    @property
    def cursor_line(self) -> int:
        """The line the cursor's row is drawn on, counted from the top of the table's
        content (the header is line 0)."""
        return 1 + self.cursor_row - int(self.scroll_y)

    def select_id(self, item_id: str) -> None:
        """Put the cursor on the item's row."""
        if item_id in self._row_cells:
            self.move_cursor(row=self._order.index(item_id))

    def move_cursor(self, *, row: int) -> None:
        """Put the cursor on this row (kept within the table) and scroll it into view."""
        row = max(0, min(row, len(self._order) - 1))
        if row != self.cursor_row:
            self.cursor_row = row
            self.refresh()
        self._cursor_moved()

    # --- keys and mouse ---------------------------------------------------------------------------

    async def _on_key(self, event: events.Key) -> None:
        # The table's keys act as they arrive, in order with the keys typed behind them.
        await run_own_binding(self, event)

    def action_command(self, name: str) -> None:
        """Ask the owner to run a command on the item under the cursor."""
        command = self.Command(name, self.current_id)
        if self.take_command is not None:
            self.take_command(command)
        else:
            self.post_message(command)

    def action_cursor(self, step: int) -> None:
        """Move the cursor up or down."""
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, step: int) -> None:
        """Move the cursor by a screenful."""
        self.move_cursor(row=self.cursor_row + step * max(self._visible_rows() - 1, 1))

    def action_first(self) -> None:
        """Move the cursor to the first row."""
        self.move_cursor(row=0)

    def action_last(self) -> None:
        """Move the cursor to the last row."""
        self.move_cursor(row=len(self._order) - 1)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the row clicked."""
        row = int(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self._order):
            self.move_cursor(row=row)

    def column_at(self, x: int) -> str | None:
        """The key of the column drawn at x (counted from the table's left edge), or None."""
        return column_at(self.columns, self._column_widths(), x)

    # --- drawing -----------------------------------------------------------------------------

    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _cursor_moved(self) -> None:
        """Scroll the cursor's row into view and say where it is, when that changed."""
        top = int(self.scroll_y)
        visible = self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)
        where = (self.cursor_row, self.current_id)
        if where != self._announced:
            self._announced = where
            self.post_message(self.RowHighlighted(self, self.cursor_row, self.current_id))

    def _forget_drawing(self) -> None:
        self._drawn = {}
        self._header = None
        self._widths = []

    def on_resize(self, event: events.Resize) -> None:
        """Lay the columns out again at the new width."""
        self._forget_drawing()
        self.virtual_size = Size(self.size.width, len(self._order) + 1)
        self._cursor_moved()
        # Once laid out at the new size: a table made shorter (a bar opened under it)
        # keeps its cursor's row in view.
        self.call_after_refresh(self._cursor_moved)

    def notify_style_update(self) -> None:
        """Styles changed (focus, theme): rows are drawn again with them."""
        super().notify_style_update()
        self._header = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line for the header and one per row."""
        return len(self._order) + 1

    def _column_widths(self) -> list[int]:
        if not self._widths:
            self._widths = column_widths(self.columns, self.scrollable_content_region.width)
        return self._widths

    def _draw_cells(self, cells: tuple[Text, ...]) -> Strip:
        return self._painter.draw(cells, self._column_widths())

    def _row(self, key: str) -> Strip:
        strip = self._drawn.get(key)
        if strip is None:
            strip = self._drawn[key] = self._draw_cells(self._row_cells[key])
        return strip

    def render_line(self, y: int) -> Strip:
        """Draw the header (always on top) or one row."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            if self._header is None:
                header = self._draw_cells(tuple(column.label for column in self.columns))
                style = self.get_component_rich_style("keyed-table--header")
                self._header = _styled(list(header), header.cell_length, base + style, None)
            return self._header.crop_extend(0, width, base)
        row = int(self.scroll_y) + y - 1
        if row >= len(self._order):
            return Strip.blank(width, base)
        # Built afresh from the kept row's segments: a Strip keeps what is derived from it.
        line = Segment.adjust_line_length(list(self._row(self._order[row])), width)
        if row == self.cursor_row:
            cursor = self.get_component_rich_style("keyed-table--cursor", partial=True)
            return _styled(line, width, base, cursor)
        if row % 2:
            base = base + self.get_component_rich_style("keyed-table--even-row", partial=True)
        return _styled(line, width, base, None)


def _styled(segments: list[Segment], width: int, style: Style, over: Style | None) -> Strip:
    """A line of segments on a base style, with ``over`` (if any) on top of their styles."""
    return Strip(list(Segment.apply_style(segments, style, over)), width)


def _same_cells(a: tuple[Text, ...], b: tuple[Text, ...]) -> bool:
    if a is b:
        return True
    return len(a) == len(b) and all(
        x.plain == y.plain and x.style == y.style and x.spans == y.spans
        for x, y in zip(a, b, strict=True)
    )
