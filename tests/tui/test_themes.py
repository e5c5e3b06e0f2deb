"""Every built-in theme keeps the preview's divider and the focus on it in sight."""

from __future__ import annotations

from pathlib import Path

from textual.color import Color
from textual.widget import Widget

from ..editor_helpers import SIZE, copy_sample, open_app

MINIMUM_CONTRAST = 1.5
"""The least contrast ratio (WCAG's, 1 to 21) between a divider and what is beside it."""


def luminance(color: Color) -> float:
    """WCAG's relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG's contrast ratio of two opaque colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def divider_and_background(widget: Widget) -> tuple[Color, Color]:
    """The colours of the widget's left border and of the background it is drawn on."""
    background = widget.background_colors[1]
    _, border = widget.styles.border_left
    return background.blend(border, border.a) if border.a < 1 else border, background


async def test_the_preview_divider_and_its_focus_are_visible_in_every_theme(
    tmp_path: Path,
) -> None:
    app = open_app(copy_sample(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        preview = app.editor.query_one("#preview")
        # The ANSI themes draw in the terminal's own colours, which cannot be known here.
        themes = sorted(t for t in app.available_themes if not t.startswith("ansi"))
        assert "solarized-light" in themes and "textual-light" in themes
        faint = []
        for theme in themes:
            app.theme = theme
            app.editor.query_one("#title").focus()
            await pilot.pause()
            divider, background = divider_and_background(preview)
            preview.focus()
            await pilot.pause()
            focused, _ = divider_and_background(preview)
            ratios = (contrast(divider, background), contrast(focused, background))
            if min(ratios) < MINIMUM_CONTRAST or focused == divider:
                faint.append(f"{theme}: {ratios[0]:.2f} / focused {ratios[1]:.2f}")
        assert not faint, f"divider hard to see: {faint}"
