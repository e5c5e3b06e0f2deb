"""The Summary pane: title, status and the issue summary."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget

from postmortem_editor.model import Status
from postmortem_editor.tui.panes.base import FormPane
from postmortem_editor.tui.widgets.form import FieldArea, FieldInput, labelled

TIME_PATHS = ("timezone", "summary.start", "summary.end")
"""Fields whose edit changes how the times are shown (in the incident's timezone)."""


class SummaryPane(FormPane):
    """Title, status and the issue summary."""

    HELP_TITLE = "Summary"

    HELP = (
        "The issue summary. Times accept 2024-02-14 10:05, 10:05 AM, ISO 8601 with an offset; "
        "the timezone is an IANA name (America/New_York), UTC, or an offset (-05:00). The "
        "zone name is your word for it (CET, EDT, Eastern), which the Markdown shows in its "
        "place while the word stands for that timezone."
    )

    def compose(self) -> ComposeResult:
        yield from labelled("Title", FieldInput("title", placeholder="Web stack outage"))
        with Horizontal(classes="row"):
            yield from labelled(
                "Status",
                FieldInput(
                    "status",
                    placeholder="draft | review | final",
                    options=[status.value for status in Status],
                ),
            )
            yield from labelled("Severity", FieldInput("severity", placeholder="SEV-1"))
        # The zone and the author's word for it on a row of their own: on one row with the
        # status and the severity, none of the four had room for its value at 60 columns.
        with Horizontal(classes="row"):
            # Selected on focus: a zone is replaced, not added to ("UTC" + "UTC").
            yield from labelled(
                "Timezone",
                FieldInput(
                    "timezone", placeholder="UTC, America/New_York, -05:00", select_on_focus=True
                ),
                classes="field -wide",
            )
            yield from labelled(
                "Zone name",
                FieldInput(
                    "timezone_name",
                    placeholder="CET, EDT",
                    tooltip="Your word for the timezone, shown in its place while it stands "
                    "for it (CET for Europe/Paris)",
                ),
            )
        yield from labelled("Authors", FieldInput("authors", placeholder="A. Person, B. Person"))
        with Horizontal(classes="row"):
            yield from labelled(
                "Start", FieldInput("summary.start", placeholder="2024-02-14 10:00")
            )
            yield from labelled("End", FieldInput("summary.end", placeholder="2024-02-14 12:30"))
        with Horizontal(classes="row"):
            yield from labelled(
                "Service", FieldInput("summary.service", placeholder="Main web application")
            )
            yield from labelled(
                "Users affected %", FieldInput("summary.users_affected_percent", placeholder="80")
            )
        yield from labelled(
            "Impact",
            FieldArea("summary.impact", placeholder="What users saw, and how many of them."),
        )
        yield from labelled(
            "Root cause (one sentence)",
            FieldArea("summary.root_cause", placeholder="Why it happened, in a sentence."),
        )

    def shown_again(self, path: str, edited: Widget) -> list[FieldInput]:
        """Start and end, after an edit of the zone or of the other end of the window."""
        # Times are shown in the incident's timezone: a change of zone or of the other end
        # of the window shows them again, but only where the field shows the model's value
        # (never over text being typed, which may not have reached the model yet).
        if path not in TIME_PATHS:
            return []
        incident = self.editor.incident
        return [
            field
            for field in self.query("#summary-start, #summary-end").results(FieldInput)
            if field is not edited and field.shows(incident)
        ]

    def after_edit(self, path: str) -> None:
        """The timeline's times follow the zone and the window too."""
        if path in TIME_PATHS:
            self.editor.reload_timeline()
