"""F3 copies the Markdown (the system clipboard, else the terminal's); F4 writes it beside
the incident.
"""

from __future__ import annotations

from pathlib import Path

import pyperclip
import pytest

from postmortem_editor.render import render_markdown

from ..editor_helpers import (
    SIZE,
    open_app,
    toasts,
)


async def test_f3_copies_the_markdown_to_the_system_clipboard(
    dated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        terminal: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", terminal.append)
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert copied == [render_markdown(app.document.incident)]
        assert terminal == []
        assert any("system clipboard" in message for message in toasts(app))


async def test_f3_falls_back_to_the_terminal_clipboard(
    dated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("no copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        terminal: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", terminal.append)
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert terminal == [render_markdown(app.document.incident)]
        assert any("terminal clipboard" in message for message in toasts(app))


async def test_f4_exports_the_markdown_beside_the_incident(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        exported = dated.with_suffix(".md")
        assert exported.read_text() == render_markdown(app.document.incident)
        assert any(exported.name in message for message in toasts(app))
        await pilot.press("f6", "f4")  # the chosen render profile is exported
        await pilot.pause()
        assert exported.read_text() == render_markdown(app.document.incident, "google-sre")
