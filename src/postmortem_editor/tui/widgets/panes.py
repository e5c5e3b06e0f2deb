"""The form panes: Summary, Root cause and resolution, and free sections."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from postmortem_editor.fields import display
from postmortem_editor.model import Incident, Status
from postmortem_editor.tui.widgets.form import (
    FORM_FIELDS,
    FieldArea,
    FieldInput,
    labelled,
)

SECTION_ANCHORS = ("start", "summary", "timeline", "analysis", "measures")
"""Where a free section can stand (its ``after``)."""


class FormPane(VerticalScroll, can_focus=False):
    """A scrolling form whose fields load from the incident.

    The pane itself takes no focus (its fields do, and it scrolls to the focused one), so
    that Tab and pane switches always land in a field that takes text.
    """

    HELP = "Type into any field; changes go straight into the incident and the preview."

    def load(self, incident: Incident) -> None:
        """Fill every field from the incident."""
        for field in self.query("*"):
            if isinstance(field, FORM_FIELDS):
                field.load(incident)


class SummaryPane(FormPane):
    """Title, status and the issue summary."""

    HELP_TITLE = "Summary"

    HELP = (
        "The issue summary. Times accept 2024-02-14 10:05, 10:05 AM, ISO 8601 with an offset; "
        "the timezone is an IANA name (America/New_York), UTC, or an offset (-05:00)."
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
            # Selected on focus: a zone is replaced, not added to ("UTC" + "UTC").
            yield from labelled(
                "Timezone",
                FieldInput(
                    "timezone", placeholder="UTC, America/New_York, -05:00", select_on_focus=True
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


class SectionsPane(FormPane):
    """Free Markdown sections (an overview, a conclusion), each kept in its place."""

    HELP_TITLE = "Free sections"

    HELP = "Free sections of Markdown, shown where 'after' puts them. Add one from the palette."

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Static("No free sections. Ctrl+P → “Add free section” adds one.", id="no-sections")

    def load(self, incident: Incident) -> None:
        """Rebuild the section forms when sections are added or removed, then fill them."""
        ids = [section.id for section in incident.sections]
        if ids != self._ids:
            self._ids = ids
            for child in list(self.children):
                if child.id != "no-sections":
                    child.remove()
            self.query_one("#no-sections").display = not ids
            # Fresh ids each time: the old widgets are still being removed.
            self._generation += 1
            for index in range(len(incident.sections)):
                base = f"sections.{index}"
                prefix = f"section-{self._generation}-{index}"
                self.mount(Label(f"Section {index + 1}", classes="section-title"))
                self.mount_all(
                    [
                        # Made with their values: a fill after mounting would wipe
                        # what is typed into them the moment they appear.
                        FieldInput(
                            f"{base}.title",
                            placeholder="Heading (empty for none)",
                            value=display(incident, f"{base}.title"),
                            id=f"{prefix}-title",
                        ),
                        FieldArea(
                            f"{base}.body",
                            text=display(incident, f"{base}.body"),
                            id=f"{prefix}-body",
                        ),
                        FieldInput(
                            f"{base}.after",
                            placeholder="after: start | summary | timeline | analysis | measures",
                            options=list(SECTION_ANCHORS),
                            value=display(incident, f"{base}.after"),
                            id=f"{prefix}-after",
                        ),
                    ]
                )
            return
        super().load(incident)
