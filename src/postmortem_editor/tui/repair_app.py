"""The Textual app of `postmortem edit` on a file that does not open as an incident.

It shows the file as text in the repair view. Once the text is saved as a valid incident,
it ends with that incident, and the command opens the editor on it; quitting ends with
None (asking first when the repairs are not saved). SIGTERM or SIGHUP (a closed terminal)
keeps unsaved repairs in ``NAME.unsaved-repair-DATE.toml`` beside the file, then ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from postmortem_editor.errors import Problem, StoreError
from postmortem_editor.files import atomic_write, name_beside
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.help import help_sections
from postmortem_editor.tui.plain_app import PlainApp
from postmortem_editor.tui.screens.dialogs import HelpScreen, QuitScreen
from postmortem_editor.tui.screens.repair import RepairScreen

STYLES = files("postmortem_editor") / "styles"
EXIT_GRACE = 3.0
"""Seconds the app may take to close after SIGTERM or SIGHUP before it is ended."""
SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals after which unsaved repairs are kept beside the file before the app ends."""


class RepairApp(PlainApp[IncidentFile | None]):
    """Repair one incident file as text; returns the incident once it is saved valid."""

    CSS_PATH = [str(STYLES / "app.tcss"), str(STYLES / "repair.tcss")]
    TITLE = "postmortem"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding(
            "ctrl+q", "quit", "Quit", id="app.quit", priority=True, tooltip="Quit (asks if unsaved)"
        ),
        Binding("f1", "help", "Help", id="app.help", priority=True, tooltip="What to do here"),
    ]

    def __init__(self, path: Path, text: str, problems: tuple[Problem, ...]) -> None:
        super().__init__()
        self.repair = RepairScreen(path, text, problems)

    def on_mount(self) -> None:
        self.push_screen(self.repair, self.exit)
        loop = asyncio.get_running_loop()
        for number in SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.on_signal, number)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(number)

    def on_signal(self, number: int) -> None:
        """A polite kill or a closed terminal: keep unsaved repairs beside the file, end."""
        if self.repair.is_mounted and self.repair.unsaved:
            kept = name_beside(self.repair.path, "unsaved-repair")
            with contextlib.suppress(StoreError):  # nowhere to keep them: nothing to do
                atomic_write(kept, self.repair.text_area.text, like=self.repair.path)
        # Restoring a terminal that is gone can block: leave for sure in a moment.
        deadline = threading.Timer(EXIT_GRACE, os._exit, args=(128 + number,))
        deadline.daemon = True
        deadline.start()
        self.exit(None, return_code=128 + number)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The repair view's actions by name (without Textual's screenshot, which would
        write the file's text where others may read it)."""
        yield from super().get_system_commands(screen)
        yield from self.repair.commands()
        yield SystemCommand("Help", "What to do here, and the keys (F1)", self.action_help)

    async def action_quit(self) -> None:
        """Quit; ask first when the text was changed and not saved."""
        if isinstance(self.screen, QuitScreen):
            return
        if not self.repair.unsaved:
            self.exit(None)
            return

        def decided(choice: str | None) -> None:
            if choice == "discard":
                self.exit(None)
            elif choice == "save" and self.repair.save() is not None:
                self.exit(None)  # saved, and quitting: the editor does not open

        self.push_screen(QuitScreen(), decided)

    def action_help(self) -> None:
        """What the repair view is for, and its keys."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        if self.screen is not self.repair:
            return  # a dialog is open
        self.push_screen(HelpScreen(help_sections(self.focused, self.repair, self)))
