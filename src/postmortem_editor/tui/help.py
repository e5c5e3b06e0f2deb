"""What F1 shows, made from the bindings themselves so that it cannot disagree with them.

Three parts, in this order: the focused pane (what it is for, and the keys its own
widgets bind), the screen's keys (the screen's and the App's, each key once), and the
keys that edit text (cursor movement, selection, deletion: Textual's, and ours on a
widget marked ``TEXT_KEYS``), last and folded. A stock key that a priority binding of
the editor takes first (F6 in a text area) is not listed as the field's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

OURS = "postmortem_editor"
"""The package whose classes' bindings are the editor's own."""


@dataclass(frozen=True)
class HelpSection:
    """One part of the help: a title, what it is for, and its keys."""

    title: str
    text: str
    keys: list[tuple[str, str]]
    folded: bool = False


def key_names(key: str) -> str:
    """A binding's keys as the user reads them: "insert,alt+o" gives "insert / alt+o"."""
    return " / ".join(part.strip() for part in key.split(","))


def own_bindings(widget_type: type) -> list[Binding]:
    """The bindings a class of ours declares (itself or a parent of ours), not Textual's."""
    found: list[Binding] = []
    for cls in reversed(widget_type.__mro__):
        if cls.__module__.startswith(OURS):
            found += [b for b in _bindings(cls.__dict__.get("BINDINGS", [])) if b.description]
    return found


def stock_bindings(widget_type: type) -> list[Binding]:
    """The bindings a class has from Textual's own widgets (a text field's cursor keys)."""
    found: list[Binding] = []
    for cls in reversed(widget_type.__mro__):
        if cls.__module__.startswith("textual.") and cls.__name__ not in ("Widget", "DOMNode"):
            found += [b for b in _bindings(cls.__dict__.get("BINDINGS", [])) if b.description]
    return found


def help_sections(focused: Widget | None, screen: Screen[Any], app: App[Any]) -> list[HelpSection]:
    """The help for the focused widget on this screen of this app."""
    sections: list[HelpSection] = []
    taken: set[str] = set()  # keys listed already, or taken first by the editor
    typing: list[Binding] = []  # keys of ours that edit text: folded with Textual's
    for widget in _chain(focused):
        if getattr(widget, "TEXT_KEYS", False):
            typing += own_bindings(type(widget))
            continue
        keys = _once(own_bindings(type(widget)), taken)
        text = getattr(widget, "HELP", "")
        if keys or text:
            title = getattr(widget, "HELP_TITLE", "This pane")
            sections.append(HelpSection(title, text, keys))
    everywhere = _once(own_bindings(type(screen)) + own_bindings(type(app)), taken)
    everywhere += _once([_palette(app)], taken)
    title = getattr(screen, "HELP_TITLE", "Everywhere")
    sections.append(HelpSection(title, getattr(screen, "HELP", ""), everywhere))
    first = [b for b in _all_bindings(screen) + _all_bindings(app) if b.priority]
    taken.update(key.strip() for b in first for key in b.key.split(","))
    if focused is not None:
        keys = _once(typing + stock_bindings(type(focused)), taken)
        if keys:
            sections.append(HelpSection("Editing text", "", keys, folded=True))
    return sections


def _bindings(declared: list[BindingType]) -> list[Binding]:
    return [b for b in declared if isinstance(b, Binding)]


def _all_bindings(node: Screen[Any] | App[Any]) -> list[Binding]:
    return [b for cls in type(node).__mro__ for b in _bindings(cls.__dict__.get("BINDINGS", []))]


def _once(bindings: list[Binding], taken: set[str]) -> list[tuple[str, str]]:
    """Each binding as (keys, what it does), without the keys listed or taken before; keys
    that do the same thing share a line."""
    lines: dict[str, list[str]] = {}
    for binding in bindings:
        fresh = [key.strip() for key in binding.key.split(",") if key.strip() not in taken]
        if fresh:
            taken.update(fresh)
            lines.setdefault(binding.tooltip or binding.description, []).extend(fresh)
    return [(" / ".join(keys), does) for does, keys in lines.items()]


def _palette(app: App[Any]) -> Binding:
    return Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")


def _chain(focused: Widget | None) -> list[Widget]:
    """The focused widget and the widgets of ours around it, innermost first."""
    chain: list[Widget] = []
    node = focused
    while isinstance(node, Widget) and not isinstance(node, Screen):
        if type(node).__module__.startswith(OURS):
            chain.append(node)
        node = node.parent if isinstance(node.parent, Widget) else None
    return chain
