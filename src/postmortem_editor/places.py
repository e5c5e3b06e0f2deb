"""Places in an incident named the way the user sees them.

The core names a field by its path (``summary.impact``, ``timeline[9].at``); a user reads
"Impact" and "timeline entry 10 (14:30)", counting from 1, with the entry's time.
"""

from __future__ import annotations

import re

from postmortem_editor.fields import FIELD_NAMES
from postmortem_editor.model import Incident
from postmortem_editor.render import Clock, entry_head

LABELS = {
    **FIELD_NAMES,
    "summary.impact": "Impact",
    "summary.root_cause": "Summary's root cause",
    "timeline": "Timeline",
    "analysis.root_cause": "Root cause",
    "analysis.trigger": "Trigger",
    "analysis.resolution": "Resolution",
    "analysis.lessons": "Lessons learned",
    "measures.improvements": "Improvements",
    "measures.tasks": "Tasks",
    "sections": "Sections",
    "(document)": "the whole postmortem",
}
"""How a field or a list is named to the user, by path."""
PARTS = {"text": "text", "label": "label", "by": "who", "owner": "owner", "body": "text"}
"""How a part of an item is named (an entry's time needs no name: the entry shows it)."""

_ITEM = re.compile(
    r"(timeline|measures\.tasks|measures\.improvements|sections)\[(\d+)\](?:\.(\w+))?"
)


def entry_place(incident: Incident, index: int, clock: Clock | None = None) -> str:
    """A timeline entry as the user sees it: "timeline entry 10 (14:30)", counted from 1."""
    entry = incident.timeline[index]
    head = entry_head(entry, clock or Clock(incident))
    return f"timeline entry {index + 1} ({head})" if head else f"timeline entry {index + 1}"


def place_of(incident: Incident, path: str) -> str:
    """What a path names, in the user's words: "Start", "timeline entry 3 (14:05), text",
    "task 2", "improvement 1"; a path it does not know is given back as it is."""
    match = _ITEM.fullmatch(path)
    if match is None:
        return LABELS.get(path, path)
    name, number, part = match.group(1), int(match.group(2)), match.group(3)
    if name == "timeline" and number < len(incident.timeline):
        place = entry_place(incident, number)
    elif name == "sections" and number < len(incident.sections):
        title = incident.sections[number].title.strip()
        place = f"section {number + 1}" + (f" ({title})" if title else "")
    else:
        singular = {"timeline": "timeline entry", "measures.tasks": "task"}.get(name)
        place = f"{singular or name.split('.')[-1].rstrip('s')} {number + 1}"
    if part in PARTS and not (name == "measures.tasks" and part == "text"):
        place += f", {PARTS[part]}"
    return place
