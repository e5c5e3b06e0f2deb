"""A table of model items driven by the keyboard: rows keyed by item ids, operations as messages."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable


class KeyedTable(DataTable[Text]):
    """Rows keyed by item ids (never positions); key bindings post :class:`Command` messages.

    Subclasses bind keys to ``command('<name>')`` and define their own ``Command`` message
    (so handlers can tell the tables apart); the screen changes the model and reloads.
    """

    @dataclass
    class Command(Message):
        """A table operation on the item with this id (None when the table is empty)."""

        name: str
        item_id: str | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._order: list[str] = []

    def action_command(self, name: str) -> None:
        self.post_message(self.Command(name, self.current_id))

    @property
    def current_id(self) -> str | None:
        """The id of the item under the cursor."""
        if not self.row_count:
            return None
        return str(self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value)

    def select_id(self, item_id: str) -> None:
        """Put the cursor on the item's row."""
        if item_id in self._order:
            self.move_cursor(row=self._order.index(item_id), animate=False)
