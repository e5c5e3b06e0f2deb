"""The Textual app of `postmortem edit`: global keys, the command palette, save and quit."""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from postmortem_editor.clipboard import CopyResult, copy_text
from postmortem_editor.render import PROFILES, render_markdown
from postmortem_editor.store import FileChangedError, IncidentFile, StoreError, atomic_write
from postmortem_editor.tui.editor import DocumentChanged, EditorScreen
from postmortem_editor.tui.screens.dialogs import HelpScreen, MessageScreen, QuitScreen

STYLES = files("postmortem_editor") / "styles" / "app.tcss"


class PostmortemApp(App[None]):
    """Edit one incident postmortem."""

    CSS_PATH = str(STYLES)
    TITLE = "postmortem"
    ENABLE_COMMAND_PALETTE = True

    # Function keys are priority bindings: text areas bind F6 and F7 for selection.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="app.save", tooltip="Save the incident file"),
        Binding(
            "ctrl+q", "quit", "Quit", id="app.quit", priority=True, tooltip="Quit (asks if unsaved)"
        ),
        Binding(
            "f1", "help", "Help", id="app.help", priority=True, tooltip="Keys of the focused pane"
        ),
        Binding("f2", "toggle_preview", "Preview", id="app.preview", priority=True),
        Binding("f3", "copy_markdown", "Copy MD", id="app.copy", priority=True),
        Binding("f4", "export_markdown", "Export", id="app.export", priority=True),
        Binding("f5", "check", "Rubric", id="app.check", priority=True),
        Binding("f6", "switch_profile", "Profile", id="app.profile", priority=True),
    ]

    def __init__(self, document: IncidentFile) -> None:
        super().__init__()
        self.document = document
        self.editor = EditorScreen(document)

    def on_mount(self) -> None:
        self.push_screen(self.editor)
        self.sub_title = self._sub_title()

    def _sub_title(self) -> str:
        return f"{self.document.path}{' ●' if self.document.dirty else ''}"

    def on_document_changed(self, event: DocumentChanged) -> None:
        self.sub_title = self._sub_title()

    # --- palette --------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the editor, by name."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Save", "Save the incident file (ctrl+s)", self.action_save)
        yield SystemCommand(
            "Copy Markdown to clipboard",
            "Render and copy the Markdown (F3)",
            self.action_copy_markdown,
        )
        yield SystemCommand(
            "Export Markdown file",
            "Write NAME.md beside the incident (F4)",
            self.action_export_markdown,
        )
        yield SystemCommand(
            "Add timeline entry",
            "Type an entry in the quick-entry line (ctrl+t)",
            self.editor.action_quick_entry,
        )
        yield SystemCommand("Check incident", "Show the rubric's findings (F5)", self.action_check)
        yield SystemCommand(
            "Switch render profile",
            "standard → google-sre → pagerduty (F6)",
            self.action_switch_profile,
        )
        yield SystemCommand(
            "Switch rubric profile", "standard ↔ holberton", self.action_switch_rubric
        )
        yield SystemCommand(
            "Toggle preview", "Show or hide the rendered Markdown (F2)", self.action_toggle_preview
        )
        yield SystemCommand(
            "Add free section", "A section of free Markdown", self.editor.add_section
        )
        yield SystemCommand(
            "Next pane",
            "Summary, Timeline, ... (alt+right)",
            lambda: self.editor.action_next_pane(1),
        )
        yield SystemCommand(
            "Sort timeline by time", "Put the entries in time order", self.editor.sort_timeline
        )
        yield SystemCommand("Add task", "Type a new corrective task", self.editor.focus_new_task)
        yield SystemCommand("Undo", "Undo the last change (ctrl+z)", self.editor.action_undo)
        yield SystemCommand("Redo", "Redo the last undone change (ctrl+y)", self.editor.action_redo)
        yield SystemCommand("Help", "Keys of the focused pane (F1)", self.action_help)

    # --- actions ---------------------------------------------------------------------------------

    def action_save(self) -> bool:
        """Save through the store; say so, or say plainly why not."""
        try:
            written = self.document.save()
        except FileChangedError as error:
            self.push_screen(
                MessageScreen(
                    "Not saved: the file changed on disk",
                    f"{error}\n\nYour edits are still here. Export them or copy the Markdown, "
                    "then reopen the file to see the other change.",
                )
            )
            return False
        except StoreError as error:
            self.push_screen(
                MessageScreen(
                    "Not saved",
                    f"{error}\n\nYour edits are still here; fix the problem and save again.",
                )
            )
            return False
        self.notify(
            f"Saved {self.document.path.name}" if written else "No changes to save", timeout=2
        )
        self.editor.refresh_status()
        self.sub_title = self._sub_title()
        return True

    async def action_quit(self) -> None:
        """Quit; ask first when there are unsaved changes."""
        if isinstance(self.screen, QuitScreen):
            return  # the question is already asked
        if not self.document.edited:  # nothing typed: an untouched new file needs no saving
            self.exit()
            return

        def decided(choice: str | None) -> None:
            if (choice == "save" and self.action_save()) or choice == "discard":
                self.exit()

        self.push_screen(QuitScreen(), decided)

    def action_help(self) -> None:
        """Help for the focused pane."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        if self.screen is not self.editor:
            return  # a dialog is open
        keys = [(b.key, b.description) for b in self.BINDINGS if isinstance(b, Binding)]
        keys += [
            ("ctrl+t", "Add a timeline entry"),
            ("ctrl+p", "Command palette: every action by name"),
            ("ctrl+z / ctrl+y", "Undo / redo (tables and fields; text areas have their own)"),
            ("tab / shift+tab", "Next / previous field"),
        ]
        self.push_screen(HelpScreen(self.focused, keys))

    def action_toggle_preview(self) -> None:
        """Show or hide the preview."""
        preview = self.editor.query_one("#preview")
        self.editor.focus_preview_toggle(not preview.display)

    def action_check(self) -> None:
        """Show the rubric panel."""
        self.editor.refresh_rubric()
        self.editor.query_one("#panes").active = "tab-rubric"  # type: ignore[attr-defined]
        self.editor.query_one("#findings").focus()

    def action_switch_profile(self) -> None:
        """Render with the next profile."""
        index = PROFILES.index(self.editor.render_profile)  # type: ignore[arg-type]
        self.editor.render_profile = PROFILES[(index + 1) % len(PROFILES)]
        self.editor.refresh_preview()
        self.editor.refresh_rubric()
        self.notify(f"Render profile: {self.editor.render_profile}", timeout=2)

    def action_switch_rubric(self) -> None:
        """Check with the other rubric."""
        self.editor.rubric = "holberton" if self.editor.rubric == "standard" else "standard"
        self.editor.refresh_rubric()
        self.notify(f"Rubric: {self.editor.rubric}", timeout=2)

    def markdown(self) -> str:
        """The postmortem as Markdown, in the chosen profile."""
        return render_markdown(self.document.incident, self.editor.render_profile)  # type: ignore[arg-type]

    def action_copy_markdown(self) -> None:
        """Copy the Markdown: system clipboard where possible, else through the terminal."""
        self._copy(self.markdown())

    @work(thread=True, exclusive=True, group="clipboard")
    def _copy(self, markdown: str) -> None:
        # pyperclip may start a clipboard tool that hangs: never on the event loop.
        result = copy_text(
            markdown, osc52=lambda text: self.call_from_thread(self.copy_to_clipboard, text)
        )
        self.call_from_thread(self._copied, result)

    def _copied(self, result: CopyResult) -> None:
        self.last_copy = result
        severity = "error" if result.method == "none" else "information"
        self.notify(result.message, severity=severity, timeout=5)

    def action_export_markdown(self) -> None:
        """Write NAME.md beside the incident."""
        target = self.document.path.with_suffix(".md")
        try:
            atomic_write(target, self.markdown())
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.notify(f"Exported {target.name} ({self.editor.render_profile})", timeout=4)
