"""The Sections pane: free Markdown sections (an overview, a conclusion), each in its place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label, Static

from postmortem_editor import editing
from postmortem_editor.fields import display
from postmortem_editor.model import FreeSection, Incident
from postmortem_editor.tui.panes.base import Editor, FormPane
from postmortem_editor.tui.widgets.form import FieldArea, FieldInput

SECTION_ANCHORS = ("start", "summary", "timeline", "analysis", "measures")
"""Where a free section can stand (its ``after``)."""


class SectionsPane(FormPane):
    """Free Markdown sections (an overview, a conclusion), each kept in its place."""

    HELP_TITLE = "Free sections"

    HELP = "Free sections of Markdown, shown where 'after' puts them. Add one from the palette."

    def __init__(self, editor: Editor, *, id: str | None = None) -> None:
        super().__init__(editor, id=id)
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

    def add_section(self) -> int:
        """Add a free section at the end, as one undo step; its index."""
        before = self.editor.incident.sections
        self.editor.undo_stack.apply_list_edit(
            "add section", before, editing.add_section(before), self._show_sections
        )
        return len(before)

    def _show_sections(self, sections: list[FreeSection], cursor: str | None) -> None:
        self.editor.incident.sections = list(sections)
        self.load(self.editor.incident)
        self.editor.changed()

    def focus_title(self, index: int) -> None:
        """Focus the title of the section at this index (once its fields are mounted)."""
        for field in self.query(FieldInput):
            if field.path == f"sections.{index}.title":
                self.screen.set_focus(field)
                break
