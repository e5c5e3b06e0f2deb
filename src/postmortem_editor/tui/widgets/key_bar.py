"""The key bar at the foot of the editor: the keys that work where the focus is."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

SEPARATOR = "▏"
"""Before the command palette's key, at the right end of the bar."""


class ShownKey(NamedTuple):
    """One key of the bar."""

    key: str
    """The key pressed (``simulate_key`` name), e.g. ``ctrl+s``."""
    display: str
    """How it is written in the bar, e.g. ``^s``."""
    description: str
    enabled: bool
    tooltip: str

    @property
    def label(self) -> str:
        """Its description as the bar writes it after the key (nothing if none)."""
        return f"{self.description} " if self.description else ""

    @property
    def width(self) -> int:
        """Cells it takes in the bar: `` ^s Save ``."""
        return cell_len(self.display) + 2 + cell_len(self.label)


def shown_keys(screen: Screen[object]) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
    """What the bar shows on this screen: one key for each action bound to a shown key, in
    the order Textual's footer shows them, and the command palette's key apart."""
    app = screen.app
    palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
    actions: set[str] = set()
    palette: ShownKey | None = None
    # The editor's own keys keep the order they are declared in (the screen's, then the
    # App's), after the focused widget's: the bar does not reorder itself as the focus
    # moves (Textual lists first whatever node a key was found on, F6 in a text area).
    declared = [
        binding.action
        for node in (screen, app)
        for binding in type(node).BINDINGS
        if isinstance(binding, Binding)
    ]
    ranked: list[tuple[tuple[int, int], ShownKey]] = []
    for key, (node, binding, enabled, tooltip) in screen.active_bindings.items():
        display = app.get_key_display(binding)
        if key == palette_key:
            text = binding.tooltip or binding.description
            palette = ShownKey(key, display, binding.description, enabled, text)
            continue
        if not binding.show or binding.action in actions:
            continue
        actions.add(binding.action)
        shown = ShownKey(key, display, binding.description, enabled, tooltip)
        if node in (screen, app) and binding.action in declared:
            ranked.append(((1, declared.index(binding.action)), shown))
        else:
            ranked.append(((0, len(ranked)), shown))
    keys = [shown for _, shown in sorted(ranked, key=lambda pair: pair[0])]
    return tuple(keys), palette


class KeyBar(Widget, can_focus=False):
    """The keys that work where the focus is, on one line: a click on a key presses it.

    One widget draws the whole line. Textual's ``Footer`` builds a widget for each key
    again at every change of focus between a table and a field, and each new key is
    styled several times: hundreds of short-lived objects at each Enter in the timeline,
    which the garbage collector then has to find. Keys that do not fit are left out
    whole; the command palette's key stays at the right end.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--separator",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--hover {
            background: $block-hover-background;
        }
        .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    hovered: reactive[ShownKey | None] = reactive(None)
    """The key under the mouse (the bar is drawn again when it changes)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: tuple[ShownKey, ...] = ()
        self.palette: ShownKey | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The focus moved or the bindings changed: draw the keys again if they differ."""
        if not screen.app.app_focus or screen is not self.screen:
            return
        keys, palette = shown_keys(screen)
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self.hovered = None
            self.refresh()

    def render(self) -> Text:
        """The keys that fit, left to right, and the palette's key at the right end."""
        width = self.size.width
        palette = self.palette
        room = width - (palette.width if palette else 0)  # its separator in its lead
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for shown in self.keys:
            if line.cell_len + shown.width > room:
                break
            self._add(line, shown)
        if palette is not None and width >= palette.width:
            line.append(" " * (room - line.cell_len))
            line.append(SEPARATOR, self.get_component_rich_style("key-bar--separator"))
            self._add(line, palette, lead="")
        return line

    def _add(self, line: Text, shown: ShownKey, lead: str = " ") -> None:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        if shown == self.hovered:
            hover = self.get_component_rich_style("key-bar--hover")
            key_style, description_style = key_style + hover, description_style + hover
        if not shown.enabled:
            dim = Style(dim=True)
            key_style, description_style = key_style + dim, description_style + dim
        start = line.cell_len
        line.append(f"{lead}{shown.display} ", key_style)
        line.append(shown.label, description_style)
        self._spans.append((start, line.cell_len, shown))

    def key_at(self, x: int) -> ShownKey | None:
        """The key drawn at column x of the bar, if any."""
        for start, end, shown in self._spans:
            if start <= x < end:
                return shown
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        shown = self.key_at(event.x)
        self.hovered = shown
        self.tooltip = None if shown is None else shown.tooltip or shown.description or None

    def on_leave(self) -> None:
        self.hovered = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        shown = self.key_at(event.x)
        if shown is None:
            return
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()
