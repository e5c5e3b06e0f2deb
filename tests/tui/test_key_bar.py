"""The key bar: the keys that work where the focus is, whole or left out, and clickable."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.screens.dialogs import HelpScreen
from postmortem_editor.tui.widgets.key_bar import KeyBar

from ..editor_helpers import (
    SIZE,
    open_app,
    timeline_table,
)


def key_bar_text(app: PostmortemApp) -> str:
    """The key bar's line as drawn."""
    bar = app.screen.query_one(KeyBar)
    return bar.render().plain


async def test_the_key_bar_shows_the_keys_that_work_where_the_focus_is(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#title", Input).focus()
        await pilot.pause()
        assert key_bar_text(app).startswith(" ^t Add entry  alt+→ Next pane  ^s Save  ^q Quit ")
        assert key_bar_text(app).endswith("▏^p palette ")
        assert len(key_bar_text(app)) == SIZE[0]
        await pilot.press("ctrl+t")  # the quick-entry line has its own keys
        await pilot.pause()
        assert key_bar_text(app).startswith(" esc Cancel  alt+↑ Day before  alt+↓ Day after ")
        widgets = len(list(app.screen.walk_children()))
        timeline_table(app).focus()
        await pilot.pause()
        assert key_bar_text(app).startswith(" ⏎ Edit  alt+i Insert above  insert Insert below ")
        # One line drawn again: no widget is built for a key.
        assert len(list(app.screen.walk_children())) == widgets


async def test_keys_that_do_not_fit_are_left_out_whole(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=(80, 30)) as pilot:
        timeline_table(app).focus()
        await pilot.pause()
        text = key_bar_text(app)
        assert len(text) == 80
        assert text.endswith("▏^p palette ")
        shown = text.removesuffix("▏^p palette ").rstrip()
        assert shown == " ⏎ Edit  alt+i Insert above  insert Insert below  del Delete"


async def test_a_click_on_a_key_presses_it(dated: Path) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#title", Input).focus()
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        x = key_bar_text(app).index("f1 Help")
        assert bar.key_at(x) is not None and bar.key_at(x).key == "f1"
        await pilot.hover(bar, offset=(x, 0))
        assert bar.hovered == bar.key_at(x)  # drawn highlighted
        assert bar.tooltip == "Keys of the focused pane"  # the key's own tooltip
        await pilot.click(bar, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
