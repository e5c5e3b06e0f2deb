"""The status line: file, unsaved marker, words, rubric findings, time to detect and resolve."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from postmortem_editor.check import Finding
from postmortem_editor.model import Metrics, format_duration, visible_controls


class StatusLine(Widget):
    """One line under the editor that says where things stand.

    Its height never changes, so a new line is only painted: the screen is not laid out.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.line = Text()
        """What the line says."""

    def render(self) -> Text:
        """The line as it was last shown."""
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
        line = Text()
        line.append(visible_controls(name), style="bold")
        line.append(" ● unsaved" if dirty else " saved", style="bold yellow" if dirty else "dim")
        if words is not None:
            line.append(f"  │ {words} words")
        if findings is not None:
            errors = sum(1 for f in findings if f.severity == "error")
            warnings = len(findings) - errors
            line.append("  │ ")
            line.append(_count(errors, "error"), style="bold red" if errors else "green")
            line.append(f", {_count(warnings, 'warning')} ({rubric})")
        if metrics is not None:
            line.append(
                f"  │ TTD {_short(metrics.time_to_detect)} · TTR {_short(metrics.time_to_resolve)}"
            )
        line.append(f"  │ {profile}", style="dim")
        if line != self.line:
            self.line = line
            self.refresh()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _short(value: object) -> str:
    return "?" if value is None else format_duration(value)  # type: ignore[arg-type]
