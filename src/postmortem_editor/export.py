"""Markdown export: the rendered postmortem written to a file, as `render -o` and F4 do."""

from __future__ import annotations

from pathlib import Path

from postmortem_editor.files import ModeSource, atomic_write
from postmortem_editor.model import Incident
from postmortem_editor.render import Profile, render_markdown


def markdown_path(incident_path: Path) -> Path:
    """Where the Markdown of an incident goes by default: ``NAME.md`` beside it."""
    return incident_path.with_suffix(".md")


def export_markdown(
    incident: Incident, profile: Profile, target: Path, like: ModeSource = None
) -> Path:
    """Render the incident in ``profile`` and write it to ``target`` atomically; returns it.

    ``like`` is the incident the Markdown comes from (its path, or its mode as last seen):
    the file is no more readable by others than that incident (see
    :func:`postmortem_editor.files.private_mode`). Raises StoreError, the file on disk
    unchanged, when it cannot be written.
    """
    atomic_write(target, render_markdown(incident, profile), like=like)
    return target
