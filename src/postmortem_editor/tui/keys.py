"""The editor's keys that work everywhere: the screen's and the App's binding tables.

The key bar shows them in this order (the screen's, then the App's) wherever the focus
is, and F1 lists them under "Everywhere in the editor"; the README's key table names
them too.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

EDITOR_KEYS: list[BindingType] = [
    Binding(
        "ctrl+t",
        "quick_entry",
        "Add entry",
        id="editor.quick_entry",
        # Priority: handled as the key arrives, so the keys typed after it land in the line.
        priority=True,
        tooltip="Type a timeline entry",
    ),
    # Keys that move the focus are priority bindings: handled as they arrive, so the
    # keys typed right after them go to the field the focus moves to, never to the
    # one it leaves.
    Binding("alt+right", "next_pane(1)", "Next pane", id="editor.next_pane", priority=True),
    Binding("ctrl+pagedown", "next_pane(1)", "Next pane", show=False, priority=True),
    Binding(
        "alt+left",
        "next_pane(-1)",
        "Previous pane",
        id="editor.prev_pane",
        show=False,
        priority=True,
    ),
    Binding("ctrl+pageup", "next_pane(-1)", "Previous pane", show=False, priority=True),
    Binding("tab", "focus_step(1)", "Next field", show=False, priority=True),
    Binding("shift+tab", "focus_step(-1)", "Previous field", show=False, priority=True),
    Binding("ctrl+f", "find", "Find", id="editor.find", show=False),
    Binding("ctrl+z", "undo", "Undo", id="editor.undo", show=False),
    Binding("ctrl+y,ctrl+shift+z", "redo", "Redo", id="editor.redo", show=False),
]
"""The editor screen's keys: entry, panes and fields, find, undo."""

# Function keys are priority bindings: text areas bind F6 and F7 for selection.
APP_KEYS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", id="app.save", tooltip="Save the incident file"),
    Binding(
        "ctrl+q", "quit", "Quit", id="app.quit", priority=True, tooltip="Quit (asks if unsaved)"
    ),
    Binding("f1", "help", "Help", id="app.help", priority=True, tooltip="Keys of the focused pane"),
    Binding(
        "f2",
        "toggle_preview",
        "Preview",
        id="app.preview",
        priority=True,
        tooltip="Show or hide the preview",
    ),
    Binding(
        "f3",
        "copy_markdown",
        "Copy MD",
        id="app.copy",
        priority=True,
        tooltip="Copy the Markdown to the clipboard",
    ),
    Binding(
        "f4",
        "export_markdown",
        "Export",
        id="app.export",
        priority=True,
        tooltip="Export NAME.md beside the incident",
    ),
    Binding(
        "f5",
        "check",
        "Rubric",
        id="app.check",
        priority=True,
        tooltip="The rubric's findings",
    ),
    Binding(
        "f6",
        "switch_profile",
        "Profile",
        id="app.profile",
        priority=True,
        tooltip="Next render profile",
    ),
]
"""The App's keys: save, quit, help, and the function keys with their tooltips."""
