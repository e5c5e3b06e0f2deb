"""F1's help and the README's key table are made from, and checked against, the bindings."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from textual.binding import Binding
from textual.widgets import Collapsible

import postmortem_editor.tui
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.help import help_sections, own_bindings
from postmortem_editor.tui.screens.dialogs import HelpScreen
from postmortem_editor.tui.widgets.key_bar import shown_keys

from ..conftest import ROOT
from ..editor_helpers import SIZE, focus, open_app, screen_text


def every_class_of_ours() -> list[type]:
    """Every class defined in the editor's modules."""
    classes = []
    for module in pkgutil.walk_packages(postmortem_editor.tui.__path__, "postmortem_editor.tui."):
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if isinstance(value, type) and value.__module__ == module.name:
                classes.append(value)
    return classes


def bound_keys() -> set[str]:
    """Every key a binding of ours names, with the command palette's."""
    keys = {PostmortemApp.COMMAND_PALETTE_BINDING}
    for cls in every_class_of_ours():
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                keys.update(key.strip() for key in binding.key.split(","))
    return keys


def readme_key_table() -> str:
    """The README's key tables (the editor's, the repair view's), one after the other."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tables = []
    start = text.find("| key | does |")
    while start >= 0:
        end = text.index("\n\n", start)
        tables.append(text[start:end])
        start = text.find("| key | does |", end)
    return "\n".join(tables)


MODIFIED = re.compile(r"\b(?:ctrl|alt|shift)(?:\+(?:shift|ctrl|alt))?\+[a-z0-9]+\b|\bF\d\b", re.I)
TYPING_KEYS = {"ctrl+home", "ctrl+end", "ctrl+shift+home", "ctrl+shift+end"}


def test_every_key_the_readme_names_is_bound() -> None:
    named = {key.lower() for key in MODIFIED.findall(readme_key_table())}
    assert named, "the README's key table names no keys"
    unbound = named - bound_keys()
    assert not unbound, f"the README names keys nothing binds: {sorted(unbound)}"


def test_every_key_the_editor_shows_is_in_the_readme() -> None:
    named = {key.lower() for key in MODIFIED.findall(readme_key_table())}
    shown = set()
    for cls in every_class_of_ours():
        for binding in own_bindings(cls):
            if binding.show and MODIFIED.fullmatch(binding.key.split(",")[0]):
                shown.add(binding.key.split(",")[0].lower())
    missing = shown - named - TYPING_KEYS
    assert not missing, f"keys on the key bar that the README does not name: {sorted(missing)}"


async def test_f1_starts_with_the_pane_then_the_editor_and_folds_text_keys_last(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=SIZE) as pilot:
        await focus(pilot, "#analysis-root_cause")
        sections = help_sections(app.focused, app.editor, app)
        titles = [section.title for section in sections]
        assert titles[-2:] == ["Everywhere in the editor", "Editing text"]
        assert sections[-1].folded and not any(s.folded for s in sections[:-1])
        assert titles[0] != "Everywhere in the editor", "the pane's own help comes first"
        listed = [
            key for section in sections for keys, _ in section.keys for key in keys.split(" / ")
        ]
        assert len(listed) == len(set(listed)), "a key is listed twice"
        said = {keys: does for section in sections for keys, does in section.keys}
        assert "f6" in said and said["f6"] == "Next render profile"
        assert not any("Select line" in does for does in said.values()), "F6 is the profile's"
        assert "Page Left" not in said.values()
        folded_keys = [key for keys, _ in sections[-1].keys for key in keys.split(" / ")]
        assert "ctrl+home" in folded_keys, "the text area's own cursor keys fold with the rest"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        folded = app.screen.query_one(Collapsible)
        assert folded.collapsed and folded.title == "Editing text"
        text = screen_text(app)
        assert text.index("Everywhere in the editor") < text.index("Editing text")


async def test_the_key_bar_keeps_the_editor_s_keys_in_one_order_wherever_the_focus_is(
    dated: Path,
) -> None:
    app = open_app(dated)
    async with app.run_test(size=(400, 48)) as pilot:
        editors = {
            binding.key for binding in PostmortemApp.BINDINGS if isinstance(binding, Binding)
        }
        orders = []
        for selector in ("#title", "#summary-impact", "#analysis-root_cause", "#quick-entry"):
            await focus(pilot, selector)
            await pilot.pause()
            keys, _ = shown_keys(app.screen)
            orders.append([key.key for key in keys if key.key in editors])
        assert all(order == orders[0] for order in orders), orders
        assert orders[0][:2] == ["ctrl+s", "ctrl+q"], "in the order they are declared"
