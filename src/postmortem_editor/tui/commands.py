"""The command palette: every action of the editor, by name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from postmortem_editor.tui.app import PostmortemApp


def editor_commands(app: PostmortemApp) -> Iterable[SystemCommand]:
    """The palette's entries for the editor's actions, with their keys in the help text."""
    editor = app.editor
    yield SystemCommand("Save", "Save the incident file (ctrl+s)", app.action_save)
    yield SystemCommand(
        "Copy Markdown to clipboard",
        "Render and copy the Markdown (F3)",
        app.action_copy_markdown,
    )
    yield SystemCommand(
        "Export Markdown file",
        "Write NAME.md beside the incident (F4)",
        app.action_export_markdown,
    )
    yield SystemCommand(
        "Add timeline entry",
        "Type an entry in the quick-entry line (ctrl+t)",
        editor.action_quick_entry,
    )
    yield SystemCommand("Check incident", "Show the rubric's findings (F5)", app.action_check)
    yield SystemCommand(
        "Switch render profile",
        "standard → google-sre → pagerduty (F6)",
        app.action_switch_profile,
    )
    yield SystemCommand("Switch rubric profile", "standard ↔ holberton", app.action_switch_rubric)
    yield SystemCommand(
        "Toggle preview", "Show or hide the rendered Markdown (F2)", app.action_toggle_preview
    )
    yield SystemCommand("Add free section", "A section of free Markdown", editor.add_section)
    yield SystemCommand(
        "Next pane",
        "Summary, Timeline, ... (alt+right)",
        lambda: editor.action_next_pane(1),
    )
    yield SystemCommand(
        "Sort timeline by time", "Put the entries in time order", editor.timeline_pane.sort
    )
    yield SystemCommand(
        "Find", "Words anywhere in the incident (ctrl+f; Enter: next)", editor.action_find
    )
    yield SystemCommand(
        "Go to time", "Type a time such as 14:05: the nearest entry (ctrl+f)", editor.action_find
    )
    yield SystemCommand(
        "Add task", "Type a new corrective task", editor.measures_pane.focus_new_task
    )
    yield SystemCommand("Undo", "Undo the last change (ctrl+z)", editor.action_undo)
    yield SystemCommand("Redo", "Redo the last undone change (ctrl+y)", editor.action_redo)
    yield SystemCommand("Help", "Keys of the focused pane (F1)", app.action_help)
