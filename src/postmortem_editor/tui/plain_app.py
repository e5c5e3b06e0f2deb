"""What the editor's App and the repair view's App share: toasts shown as written, and no
screenshot command."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen

from postmortem_editor.model import visible_controls

ReturnType = TypeVar("ReturnType")


class PlainApp(App[ReturnType]):
    """An App whose toasts are plain text and whose palette offers no screenshot."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast; its text (file names, errors, TOML such as [[timeline]]) is shown as
        written, never read as markup."""
        text = visible_controls(message)
        super().notify(text, title=title, severity=severity, timeout=timeout, markup=markup)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands without "Screenshot": it would write the incident's text to
        an SVG file in the Downloads folder that anyone may be able to read."""
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command
