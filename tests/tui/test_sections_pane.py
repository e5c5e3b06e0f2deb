"""The Sections pane: free sections added by typing a heading, even when there is none."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent, TextArea

from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.help import help_sections
from postmortem_editor.tui.screens.dialogs import HelpScreen

from ..editor_helpers import SIZE, burst, drain


def without_sections(dated: Path) -> PostmortemApp:
    document = IncidentFile.load(dated)
    document.incident.sections = []
    return PostmortemApp(document)


async def test_typing_on_an_empty_sections_pane_adds_a_section(dated: Path) -> None:
    app = without_sections(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.show_pane("tab-sections")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "new-section"
        burst(app, "Overview\nWhat the outage looked like from the street.")  # at once
        await drain(pilot)
        await pilot.pause()
        sections = app.document.incident.sections
        assert [(s.title, s.body) for s in sections] == [
            ("Overview", "What the outage looked like from the street.")
        ]
        focused = app.focused
        assert isinstance(focused, TextArea) and focused.id and focused.id.endswith("-body")


async def test_f1_on_an_empty_sections_pane_says_how_to_add_one_and_escape_stays(
    dated: Path,
) -> None:
    app = without_sections(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.show_pane("tab-sections")
        await pilot.pause()
        sections = help_sections(app.focused, app.editor, app)
        assert sections[0].title == "Free sections" and "heading" in sections[0].text
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.editor.query_one("#panes", TabbedContent).active == "tab-sections"
        assert app.focused is not None and app.focused.id == "new-section"


async def test_quit_asks_when_a_section_heading_was_typed_but_not_added(dated: Path) -> None:
    app = without_sections(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.editor.show_pane("tab-sections")
        burst(app, "Conclus")
        await drain(pilot)
        assert any("Conclus" in line for line in app.editor.unwritten())
