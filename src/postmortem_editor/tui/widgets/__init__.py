"""Widgets of the editor: section panes, the timeline and tasks tables, the preview."""
