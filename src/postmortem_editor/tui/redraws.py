"""What follows a change on the editor screen: the preview and the status line redrawn,
the rubric checked, the App told, all off the keystroke path.

Nothing here walks the incident on a keystroke: only timers are reset, so a burst of keys
(a paste, a key held down) costs one redraw once it stops. A change made by one command
(an entry added, moved, edited) is shown at once: the preview draws only what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.timer import Timer

from postmortem_editor.tui.widgets.preview import Preview
from postmortem_editor.tui.widgets.status import StatusLine
from postmortem_editor.tui.widgets.timeline import TimelineTable

if TYPE_CHECKING:
    from postmortem_editor.tui.editor import EditorScreen

PREVIEW_DELAY = 0.02
"""Seconds of quiet before the preview is redrawn: a burst of keys (a paste, a key held
down) costs one redraw. A redraw takes a few milliseconds, only the changed block."""


@dataclass
class DocumentChanged(Message):
    """The incident changed (the app keeps its title and recovery state from it)."""

    command: bool = False
    """Changed by one command (an entry added, moved, edited), not by typing in a field."""


class Redraws:
    """Brings the preview, the status line and the rubric in line with the incident."""

    def __init__(self, screen: EditorScreen) -> None:
        self.screen = screen
        self._preview_timer: Timer | None = None

    def after_change(self, *, now: bool = False) -> None:
        """Schedule the preview, the status line and the rubric; ``now``: draw the preview
        and the status line at once."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if now:
            self._preview_timer = None
            self._after_edits(command=True)
        else:
            self._preview_timer = self.screen.set_timer(PREVIEW_DELAY, self._after_edits)
        self.screen.rubric_pane.check_soon()

    @property
    def catching_up(self) -> bool:
        """Whether the preview, status line or rubric still has an edit to catch up with."""
        return self._preview_timer is not None or self.screen.rubric_pane.catching_up

    def _after_edits(self, *, command: bool = False) -> None:
        self._preview_timer = None
        self.preview()
        self.status()
        self.screen.app.post_message(DocumentChanged(command=command))

    def preview(self) -> None:
        """Bring the preview in line with the model (only changed blocks are redrawn)."""
        screen = self.screen
        preview = screen.query_one(Preview)
        if preview.display:
            problems = screen.query_one(TimelineTable).problems(screen.incident)
            preview.show(screen.incident, screen.render_profile, problems)

    def status(self) -> None:
        """Redraw the status line."""
        screen = self.screen
        screen.query_one(StatusLine).show(
            name=screen.document.path.name,
            dirty=screen.dirty,
            words=screen.rubric_pane.words,
            findings=screen.findings,
            metrics=screen.incident.metrics(),
            profile=screen.render_profile,
            rubric=screen.rubric,
        )

    def toggle_preview(self) -> None:
        """Show the preview if hidden, else hide it."""
        preview = self.screen.query_one(Preview)
        preview.display = not preview.display
        if preview.display:
            self.preview()
