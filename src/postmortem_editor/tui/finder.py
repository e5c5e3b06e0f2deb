"""Find (ctrl+f) on the editor screen: the words typed in the find bar looked for in the
whole incident (see ``postmortem_editor.find``), a time's nearest timeline entry offered
first, and each match shown where it is.

The find bar takes the words and the keys; the screen hands its messages to the finder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from postmortem_editor.find import Match, find, nearest_entry
from postmortem_editor.places import entry_place
from postmortem_editor.tui.widgets.find_bar import FindBar

if TYPE_CHECKING:
    from postmortem_editor.tui.editor import EditorScreen


class Finder:
    """The matches of the words in the find bar, and the one shown."""

    def __init__(self, screen: EditorScreen) -> None:
        self.screen = screen
        self.matches: list[Match] = []
        """Where the words occur, the entry nearest a typed time first."""
        self.index: int | None = None
        """Which of the matches is shown (None: none)."""
        self._came_from: Widget | None = None

    def open(self) -> None:
        """Open the find bar, the focus in it, and find the words it holds."""
        bar = self.screen.query_one(FindBar)
        if not bar.is_open:
            self._came_from = self.screen.focused
        bar.open()
        self.find(bar.words)

    def find(self, words: str) -> None:
        """Find the words, and show the first match."""
        incident = self.screen.incident
        self.matches = find(incident, words)
        note = ""
        nearest = nearest_entry(incident, words)
        if nearest is not None:
            entry = incident.timeline[nearest]
            where = entry_place(incident, nearest)
            self.matches.insert(0, Match("timeline", entry.id, "", 0, 0, "", where))
            note = f"nearest: {where}"
        self.index = 0 if self.matches else None
        self._show(focus=False)
        self.screen.query_one(FindBar).show_count(self.index, len(self.matches), note)

    def step(self, step: int) -> None:
        """Show the next (1) or previous (-1) match, round the end."""
        if not self.matches:
            return
        self.index = ((self.index or 0) + step) % len(self.matches)
        self._show(focus=False)
        bar = self.screen.query_one(FindBar)
        bar.show_count(self.index, len(self.matches), self.matches[self.index].where)

    def close(self) -> None:
        """Close the bar: the cursor goes to the match shown, or back where it was."""
        self.screen.query_one(FindBar).close()
        shown = self._show(focus=True)
        if shown is None and self._came_from is not None and self._came_from.is_attached:
            self._came_from.focus()

    def _show(self, *, focus: bool) -> Widget | None:
        if self.index is None or not self.matches:
            return None
        match = self.matches[self.index]
        return self.screen.panes.show_match(match, self.screen.incident, focus=focus)
