"""The Root cause pane: root cause and resolution, at length."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem_editor.tui.panes.base import FormPane
from postmortem_editor.tui.widgets.form import FieldArea, labelled


class AnalysisPane(FormPane):
    """Root cause and resolution, at length."""

    HELP_TITLE = "Root cause and resolution"

    HELP = "Prose, one paragraph per line; blank lines separate paragraphs. Markdown is fine."

    def compose(self) -> ComposeResult:
        yield from labelled("Root cause", FieldArea("analysis.root_cause"), classes="field prose")
        yield from labelled("Resolution", FieldArea("analysis.resolution"), classes="field prose")
        yield from labelled(
            "Trigger (if not the root cause)", FieldArea("analysis.trigger"), classes="field prose"
        )
        yield from labelled("Lessons learned", FieldArea("analysis.lessons"), classes="field prose")
