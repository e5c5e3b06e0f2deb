"""Undo and redo of edits to the incident, as pairs of functions.

Typing into one field coalesces into one step, as in any editor; table operations (add,
delete, move, sort, cycle kind) are a step each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from postmortem_editor.editing import Edit
from postmortem_editor.model import Item

COALESCE_SECONDS = 1.5
LIMIT = 500

T = TypeVar("T", bound=Item)


@dataclass
class Step:
    """One undoable change."""

    label: str
    undo: Callable[[], None]
    redo: Callable[[], None]
    key: str | None = None
    """Steps with the same key in quick succession merge (typing into one field)."""
    when: float = field(default_factory=time.monotonic)


class UndoStack:
    """A bounded history of steps with a redo list."""

    def __init__(self) -> None:
        self._done: list[Step] = []
        self._undone: list[Step] = []

    def push(self, step: Step) -> None:
        """Record a step that has just been done."""
        self._undone.clear()
        last = self._done[-1] if self._done else None
        if (
            last is not None
            and step.key is not None
            and step.key == last.key
            and step.when - last.when < COALESCE_SECONDS
        ):
            # Keep the first undo (back to before the typing) and the newest redo.
            self._done[-1] = Step(step.label, last.undo, step.redo, step.key, step.when)
            return
        self._done.append(step)
        del self._done[:-LIMIT]

    def apply_list_edit(
        self,
        label: str,
        before: list[T],
        edit: Edit[T],
        show: Callable[[list[T], str | None], None],
    ) -> None:
        """Apply a list operation as one step: ``show`` puts a list in the model and draws
        it with the cursor on an item; undo shows ``before`` again."""
        kept = list(before)
        show(edit.items, edit.cursor)
        self.push(
            Step(
                label,
                undo=lambda: show(kept, edit.cursor),
                redo=lambda: show(edit.items, edit.cursor),
            )
        )

    def undo(self) -> Step | None:
        """Undo the newest step; None when there is nothing to undo."""
        if not self._done:
            return None
        step = self._done.pop()
        step.undo()
        self._undone.append(step)
        return step

    def redo(self) -> Step | None:
        """Redo the newest undone step; None when there is nothing to redo."""
        if not self._undone:
            return None
        step = self._undone.pop()
        step.redo()
        self._done.append(step)
        return step

    @property
    def can_undo(self) -> bool:
        """Whether there is a step to undo."""
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        """Whether there is a step to redo."""
        return bool(self._undone)
