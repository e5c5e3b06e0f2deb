"""The text of an incident file that does not open, with its problems marked on their lines."""

from __future__ import annotations

from importlib.util import find_spec

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Offset
from textual.strip import Strip
from textual.widgets import TextArea

from postmortem_editor.conflict_markers import Conflict
from postmortem_editor.errors import Problem

MARK = "●"
"""Drawn in the gutter, after the line number, on a line with a problem."""


def toml_highlighting() -> str | None:
    """ "toml" when the TOML grammar for TextArea's highlighting is installed, else None."""
    if find_spec("tree_sitter") is None or find_spec("tree_sitter_toml") is None:
        return None
    return "toml"


class RepairArea(TextArea):
    """A TextArea for TOML whose problem lines carry a mark in the gutter and a tint, the
    spot of a syntax error a stronger one, and each side of a merge conflict its colour."""

    BINDINGS = []  # its own are TextArea's (still active); F1 lists the repair view's keys

    COMPONENT_CLASSES = {
        "repair-area--problem",
        "repair-area--spot",
        "repair-area--mark",
        "repair-area--marker",
        "repair-area--ours",
        "repair-area--base",
        "repair-area--theirs",
    }
    DEFAULT_CSS = """
    RepairArea {
        .repair-area--problem { background: $error 20%; }
        .repair-area--spot { background: $error 70%; text-style: bold; }
        .repair-area--mark { color: $error; text-style: bold; }
        .repair-area--marker { background: $warning 35%; text-style: bold; }
        .repair-area--ours { background: $success 15%; }
        .repair-area--base { background: $foreground 8%; }
        .repair-area--theirs { background: $primary 20%; }
    }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(
            text,
            language=toml_highlighting(),
            theme="css",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=True,
            id=id,
        )
        self._problem_lines: dict[int, Problem] = {}
        self._regions: dict[int, str] = {}

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and "+" in event.key:
            # alt+o is a command, not an "o" (TextArea would type the letter otherwise).
            event.prevent_default()

    def mark(self, problems: tuple[Problem, ...], conflicts: tuple[Conflict, ...]) -> None:
        """Mark these problems and conflict blocks (lines counted from 1) instead of the last."""
        problem_lines: dict[int, Problem] = {}
        for problem in problems:
            if problem.line is not None and problem.kind != "conflict":
                problem_lines.setdefault(problem.line - 1, problem)
        regions: dict[int, str] = {}
        for conflict in conflicts:
            for row in range(conflict.first_line - 1, conflict.last_line):
                regions[row] = _side_of(conflict, row + 1)
        if (problem_lines, regions) == (self._problem_lines, self._regions):
            return
        self._problem_lines, self._regions = problem_lines, regions
        self.notify_style_update()  # the lines drawn before are cached with their styles
        self.refresh()

    def is_marked(self, row: int) -> bool:
        """Whether a line (from 0) carries a mark: a problem, or a conflict's marker line."""
        return row in self._problem_lines or self._regions.get(row) == "marker"

    def get_line(self, line_index: int) -> Text:
        """The line, tinted by what is wrong on it."""
        line = super().get_line(line_index)
        region = self._regions.get(line_index)
        if region is not None:
            line.stylize(self.get_component_rich_style(f"repair-area--{region}"))
        problem = self._problem_lines.get(line_index)
        if problem is not None:
            line.stylize(self.get_component_rich_style("repair-area--problem"))
            if problem.column is not None and problem.kind == "syntax":
                spot = max(0, min(problem.column - 1, len(line.plain) - 1))
                line.stylize(self.get_component_rich_style("repair-area--spot"), spot, spot + 1)
        return line

    def render_line(self, y: int) -> Strip:
        """The line as drawn, with the problem mark after its line number."""
        strip = super().render_line(y)
        gutter = self.gutter_width
        row = y + self.scroll_offset.y
        if gutter < 3 or row >= self.wrapped_document.height:
            return strip
        line, column = self.wrapped_document.offset_to_location(Offset(0, row))
        if column != 0 or not self.is_marked(line):
            return strip  # the rows a long line wraps onto have no number, and no mark
        mark = Strip([Segment(MARK, self.get_component_rich_style("repair-area--mark"))], 1)
        return Strip.join(
            [strip.crop(0, gutter - 2), mark, strip.crop(gutter - 1, strip.cell_length)]
        )


def _side_of(conflict: Conflict, line: int) -> str:
    """Which part of a conflict block a line (from 1) is: a marker, ours, base or theirs."""
    markers = {conflict.first_line, conflict.split_line, conflict.last_line, conflict.base_line}
    if line in markers:
        return "marker"
    if line > conflict.split_line:
        return "theirs"
    if conflict.base_line is not None and line > conflict.base_line:
        return "base"
    return "ours"
