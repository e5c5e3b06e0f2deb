"""When the garbage collector runs while the editor is open.

`postmortem edit` opens the editor with the collector off (see `postmortem_editor.collector`,
the policy the command and the editor share); this turns it back on once the editor is on
screen, and makes the full collections at moments a user does not feel: after a command's
change is drawn, and when the keys pause.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from textual.app import App
from textual.timer import Timer

from postmortem_editor.collector import freeze_startup_objects

KEYS_IDLE = 1.0
"""Seconds without a key or a paste before a full garbage collection may be made."""
AFTER_COMMAND = 0.05
"""Seconds after a command's change is drawn before its garbage is collected."""


class CollectionPolicy:
    """Full garbage collections at moments the user does not feel, timed on ``app``."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._last_input = 0.0  # time.monotonic() of the last key or paste
        self._timer: Timer | None = None

    def start(self) -> None:
        """Turn the collector on once the first frame is drawn."""
        self.app.call_after_refresh(freeze_startup_objects)

    def stop(self) -> None:
        """No more collections from this policy (the App is closing)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def key_pressed(self) -> None:
        """A key or a paste arrived: full collections wait for the keys to pause."""
        self._last_input = time.monotonic()

    def after_command(self) -> None:
        """A command's change is on screen: collect its garbage while it is read."""
        # A short wait lets the frame reach the terminal first: a collection holds the
        # interpreter, output thread included.
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(AFTER_COMMAND, self._collect_now)

    def typing_paused(self) -> None:
        """No edit for a moment: collect once the keys pause too, unless one is waiting."""
        if self._timer is None:
            self.when_idle()

    def when_idle(self) -> None:
        """Make a full garbage collection once no key has been pressed for a second.

        A pass takes 20 to 60 ms in a large incident: between two keys of a word it would
        be felt. The model may stay unchanged while keys go on (a timeline entry is typed
        in its edit line and saved on Enter), so the keys themselves are watched.
        """
        self._timer = None
        idle = time.monotonic() - self._last_input
        if idle < KEYS_IDLE:
            self._timer = self.app.set_timer(KEYS_IDLE - idle, self.when_idle)
            return
        self._collect_now()

    def _collect_now(self) -> None:
        self._timer = None
        gc.collect()
