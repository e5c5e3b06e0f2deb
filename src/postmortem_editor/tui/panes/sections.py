"""The Sections pane: free Markdown sections (an overview, a conclusion), each in its place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label, Static

from postmortem_editor import editing
from postmortem_editor.fields import display
from postmortem_editor.model import FreeSection, Incident
from postmortem_editor.tui.panes.base import Editor, FormPane
from postmortem_editor.tui.widgets.form import FieldArea, FieldInput, LineInput

SECTION_ANCHORS = ("start", "summary", "timeline", "analysis", "measures")
"""Where a free section can stand (its ``after``)."""


class SectionsPane(FormPane):
    """Free Markdown sections (an overview, a conclusion), each kept in its place."""

    HELP_TITLE = "Free sections"

    HELP = (
        "Free sections of Markdown (an overview, a conclusion), each shown where its "
        "'after' puts it: start, summary, timeline, analysis or measures. To add one, type "
        "its heading in the line at the bottom and press Enter (or ctrl+p → Add free "
        "section); its text goes in the box under the heading."
    )

    def __init__(self, editor: Editor, *, id: str | None = None) -> None:
        super().__init__(editor, id=id)
        self._ids: list[str] = []
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Static("No free sections yet.", id="no-sections")
        line = LineInput(
            placeholder="New section: type its heading, Enter adds it",
            id="new-section",
            submit_empty=True,
        )
        # At once, not by message: the keys typed behind Enter wait for the new section.
        line.take_line = self._add_from_line
        yield line

    def unwritten(self) -> list[str]:
        """A heading typed in the new-section line but not added yet."""
        heading = self.query_one("#new-section", LineInput).value.strip()
        return [f"free section heading not added yet: {heading!r}"] if heading else []

    def _add_from_line(self, line: LineInput, heading: str) -> None:
        line.remember(heading)
        line.set_value("")
        self.editor.add_section(heading.strip())

    def load(self, incident: Incident) -> None:
        """Rebuild the section forms when sections are added or removed, then fill them."""
        ids = [section.id for section in incident.sections]
        if ids != self._ids:
            self._ids = ids
            for child in list(self.children):
                if child.id not in ("no-sections", "new-section"):
                    child.remove()
            line = self.query_one("#new-section")
            self.query_one("#no-sections").display = not ids
            # Fresh ids each time: the old widgets are still being removed.
            self._generation += 1
            for index in range(len(incident.sections)):
                base = f"sections.{index}"
                prefix = f"section-{self._generation}-{index}"
                self.mount(Label(f"Section {index + 1}", classes="section-title"), before=line)
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
                    ],
                    before=line,
                )
            return
        super().load(incident)

    def add_section(self, title: str = "") -> int:
        """Add a free section at the end, as one undo step; its index."""
        before = self.editor.incident.sections
        self.editor.undo_stack.apply_list_edit(
            "add section", before, editing.add_section(before, title), self._show_sections
        )
        return len(before)

    def _show_sections(self, sections: list[FreeSection], cursor: str | None) -> None:
        self.editor.incident.sections = list(sections)
        self.load(self.editor.incident)
        self.editor.changed()

    def focus_field(self, index: int, part: str = "title") -> None:
        """Focus a field ("title", "body") of the section at this index (once mounted)."""
        for field in self.query("FieldInput, FieldArea"):
            if getattr(field, "path", None) == f"sections.{index}.{part}":
                self.screen.set_focus(field)
                break
