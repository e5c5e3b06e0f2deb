"""The editor's panes, one widget each: what it shows, its handlers, and how it reads the
incident and writes the user's edits back. The screen (``tui/editor.py``) lays them out,
moves between them and keeps the undo history they record their edits in."""
