"""The status line: file, unsaved marker, words, rubric findings, time to detect and resolve."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from postmortem_editor.check import Finding
from postmortem_editor.model import Metrics, format_duration, visible_controls

SEPARATOR = "  │ "


class StatusLine(Widget):
    """One line under the editor that says where things stand.

    Its height never changes, so a new line is only painted: the screen is not laid out.
    When the line is wider than the screen, the least needed parts are left out first (the
    profile, the times to detect and resolve, the word count, the warnings); the file's
    name, the unsaved marker and the count of errors always stay, the name shortened from
    its start when even they do not fit.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts: list[tuple[int, Text]] = []
        """What the line says, in order, each part with its rank: 0 always shown, higher
        ranks left out first when the line is too wide."""

    @property
    def line(self) -> Text:
        """What the line shows at its width (all of it before it has a width)."""
        return fit(self.parts, self.size.width or 10_000)

    def render(self) -> Text:
        """The parts that fit the line's width."""
        return self.line

    def show(
        self,
        *,
        name: str,
        dirty: bool,
        words: int | None,
        findings: list[Finding] | None,
        metrics: Metrics | None,
        profile: str,
        rubric: str,
    ) -> None:
        """Redraw the line from these facts."""
        parts = [
            (0, Text(visible_controls(name), style="bold")),
            (
                0,
                Text(" ● unsaved", style="bold yellow") if dirty else Text(" saved", style="dim"),
            ),
        ]
        if words is not None:
            parts.append((3, Text(f"{SEPARATOR}{_count(words, 'word')}")))
        if findings is not None:
            errors = sum(1 for f in findings if f.severity == "error")
            warnings = len(findings) - errors
            count = Text(SEPARATOR)
            count.append(_count(errors, "error"), style="bold red" if errors else "green")
            parts.append((0, count))
            parts.append((2, Text(f", {_count(warnings, 'warning')} ({rubric})")))
        if metrics is not None:
            ttd, ttr = _short(metrics.time_to_detect), _short(metrics.time_to_resolve)
            parts.append((4, Text(f"{SEPARATOR}TTD {ttd} · TTR {ttr}")))
        parts.append((5, Text(f"{SEPARATOR}{profile}", style="dim")))
        if parts != self.parts:
            self.parts = parts
            self.refresh()


def fit(parts: list[tuple[int, Text]], width: int) -> Text:
    """The parts, in order, leaving out the highest ranks until the line fits the width."""
    shown = list(parts)
    for rank in sorted({rank for rank, _ in parts if rank}, reverse=True):
        if sum(text.cell_len for _, text in shown) <= width:
            break
        shown = [(r, text) for r, text in shown if r != rank]
    line = Text()
    for _, text in shown:
        line.append_text(text)
    if line.cell_len > width and shown:
        # Even the needed parts are too wide: the name gives way, from its start.
        name = shown[0][1]
        rest = line.cell_len - name.cell_len
        keep = max(width - rest - 1, 1)
        line = Text("…", style=name.style) + name[-keep:]
        for _, text in shown[1:]:
            line.append_text(text)
    return line


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _short(value: object) -> str:
    return "?" if value is None else format_duration(value)  # type: ignore[arg-type]
