"""Copies kept beside the incident on the user's behalf, and incidents shown as TOML."""

from __future__ import annotations

from pathlib import Path

from postmortem_editor import files
from postmortem_editor.model import Incident
from postmortem_editor.recovery import set_aside
from postmortem_editor.store import IncidentFile, StoreError


def name_beside(document: IncidentFile, label: str) -> Path:
    """NAME.LABEL-DATE.toml beside the incident, for a copy kept on the user's behalf."""
    return files.name_beside(document.path, label)


def shown_toml(document: IncidentFile, incident: Incident | None, whose: str) -> str:
    """An incident as the file would hold it, for a diff (a note when it cannot be shown)."""
    try:
        return document.render_toml(incident)
    except StoreError as error:
        return f"(cannot show {whose} as TOML: {error})"


def put_aside(document: IncidentFile, found: Path) -> Path:
    """Rename a recovery file out of the way; where it is now (where it was, if it cannot)."""
    try:
        return set_aside(found, like=document.permissions_from)
    except OSError:
        return found
