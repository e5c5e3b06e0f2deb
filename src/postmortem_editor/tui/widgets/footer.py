"""The key bar at the foot of the editor."""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer


def shown_keys(screen: Screen[object]) -> tuple[object, ...]:
    """What a footer on this screen shows: each binding to show, whether it is enabled and
    its tooltip, in order."""
    return tuple(
        (key, binding, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show
    )


class KeyFooter(Footer):
    """Textual's footer, built again only when the keys it shows change, and without
    keeping the keys it replaced alive.

    Textual's own footer (8.2) builds all its key widgets again whenever the focus moves
    or the bindings are refreshed, even when the same keys stay: a dozen widgets mounted
    and styled, several times while the editor opens and again at every Tab between
    fields. And it binds each key's ``compact`` to its own, a binding it never forgets:
    every key it ever built stayed alive with its styles and caches. In an hour of
    editing that is thousands of widgets, and the garbage collector's full passes over
    them grew into pauses of a tenth of a second and more.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Show the keys again if they changed."""
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = shown_keys(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        """Build the keys again, and let go of the keys they replace."""
        await super().recompose()
        # Where Textual keeps the watchers of this widget's reactives, data bindings
        # included (see textual.reactive._watch).
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for bound in watchers.values():
            bound[:] = [
                (node, callback)
                for node, callback in bound
                if not isinstance(node, Widget) or node.is_attached
            ]
