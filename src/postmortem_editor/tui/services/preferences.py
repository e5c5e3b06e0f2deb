"""The user's settings in the editor: what it starts with, and the choices made in it
(theme, render profile, rubric) kept in the user's settings file for the next start."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.dom import DOMNode

from postmortem_editor.settings import DEFAULTS, Settings, SettingsError, remember

NOTICE_SECONDS = 10.0
"""How long a problem with the settings stays on screen."""


class Preferences:
    """The settings in force in the editor, and the memory of what the user changes.

    A choice is written to the user's settings file only (never to a team file), keeping
    the file's other lines and comments; a file that cannot be written is a toast.
    """

    def __init__(self, app: App[Any], settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def theme(self) -> str | None:
        """The theme to start with; None when the one in force is not a theme of the App
        (:meth:`start` says so)."""
        return self.settings.theme if self.settings.theme in self.app.available_themes else None

    def start(self) -> None:
        """Once the editor is on screen, say what is wrong with the settings files."""
        self.app.call_after_refresh(self.announce)

    def announce(self) -> None:
        """Say what is wrong with the settings files: one toast per problem."""
        problems = list(self.settings.problems)
        if self.theme() is None:
            problems.append(
                f"{self.settings.sources['theme']}: theme: {self.settings.theme!r} is not a "
                f"theme of this editor (ctrl+p, Theme lists them); using {DEFAULTS['theme']}"
            )
        for problem in problems:
            self.app.notify(problem, severity="warning", timeout=NOTICE_SECONDS)

    def follow(self, node: DOMNode, attribute: str, key: str) -> None:
        """Remember the setting ``key`` whenever the reactive ``attribute`` of ``node`` changes."""

        def changed(value: str) -> None:
            self.remember(key, value)

        self.app.watch(node, attribute, changed, init=False)

    def remember(self, key: str, value: str) -> None:
        """Write one choice to the user's settings file; a toast when it cannot be written."""
        try:
            remember(key, value, self.settings.user_file)
        except SettingsError as error:
            self.app.notify(str(error), severity="warning", timeout=NOTICE_SECONDS)
