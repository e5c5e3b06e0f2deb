"""Finding words anywhere in an incident, and the timeline entry nearest a time.

A match names the place that holds it the way the editor shows it (a field by its path,
a list item by its id and the part of it) and the span of the text as the editor shows it
there, so that the editor can go to it and highlight it. Matches come in the order of the
panes: the summary's fields, the timeline, the analysis, the measures, the free sections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from postmortem_editor.fields import display
from postmortem_editor.model import Incident, TimelineEntry
from postmortem_editor.places import LABELS, entry_place
from postmortem_editor.quickentry import QuickEntryError, parse_quick_entry
from postmortem_editor.render import Clock

SUMMARY_FIELDS = (
    "title",
    "severity",
    "authors",
    "summary.service",
    "summary.impact",
    "summary.root_cause",
)
"""The text fields of the Summary pane, in the order they are shown."""
ANALYSIS_FIELDS = (
    "analysis.root_cause",
    "analysis.trigger",
    "analysis.resolution",
    "analysis.lessons",
)
"""The text fields of the Root cause pane, in the order they are shown."""


@dataclass(frozen=True)
class Match:
    """One place where the words were found."""

    path: str
    """The field ("summary.impact") or the list ("timeline", "measures.tasks", "sections")."""
    item: str | None
    """The id of the entry, task or free section; None for a field."""
    part: str
    """The item's field that holds the words ("text", "by", "label", "owner", "title",
    "body"); "" for a field."""
    start: int
    """Where the words start in the text as shown (``Match.text``)."""
    end: int
    """Where they end."""
    text: str
    """The text they were found in, as the editor shows it."""
    where: str
    """The place in the user's words: "Impact", "timeline entry 12 (14:05)", "task 3"."""


def find(incident: Incident, query: str) -> list[Match]:
    """Every place the query's text occurs, case-insensitive, in the order of the panes.

    Runs of spaces in the query match a single space; an empty query finds nothing.
    """
    needle = " ".join(query.split()).casefold()
    if not needle:
        return []
    matches = []
    for path, item, part, text, where in _texts(incident):
        folded = text.casefold()
        start = folded.find(needle)
        while start >= 0:
            end = start + len(needle)
            place = where if isinstance(where, str) else where()
            matches.append(Match(path, item, part, start, end, text, place))
            start = folded.find(needle, end)
    return matches


def nearest_entry(incident: Incident, query: str, now: datetime | None = None) -> int | None:
    """The index of the timed entry nearest the time the query names ("14:05", "2:05 PM"),
    or None when the query is not a time or no entry has one.

    The time is read as the quick-entry line reads it, on the incident's day and in its
    zone.
    """
    at = query_time(incident, query, now)
    if at is None:
        return None
    timed = [(index, e.at) for index, e in enumerate(incident.timeline) if e.at is not None]
    if not timed:
        return None
    return min(timed, key=lambda pair: (abs(pair[1] - at), pair[0]))[0]


def query_time(incident: Incident, query: str, now: datetime | None = None) -> datetime | None:
    """The moment a query names when it is nothing but a time, else None: a clock time is
    on the incident's first day."""
    query = " ".join(query.split())
    if not query or not any(ch.isdigit() for ch in query):
        return None
    # Read on the incident's first day (its first entry's, else its start's), not on the
    # latest entry's day as a new entry's time is: a find looks back from the beginning.
    times = [entry.at for entry in incident.timeline if entry.at is not None]
    first = min(times) if times else incident.summary.start
    summary = incident.summary.model_copy(update={"start": first, "end": None})
    anchor = Incident(timezone=incident.timezone, summary=summary)
    if first is not None:
        anchor.timeline = [TimelineEntry(at=first)]
    try:
        read = parse_quick_entry(f"{query} .", anchor, now)
    except QuickEntryError:
        return None
    if not read.typed_time or read.time_unread is not None or read.text != ".":
        return None
    return read.at


def _texts(
    incident: Incident,
) -> Iterator[tuple[str, str | None, str, str, str | Callable[[], str]]]:
    """Every searchable text: its path, item id, part, the text as shown and its place
    (for an entry, how to name it: naming every entry would take longer than the search)."""
    for path in SUMMARY_FIELDS:
        yield path, None, "", display(incident, path), LABELS[path]
    clock = Clock(incident)
    for index, entry in enumerate(incident.timeline):
        where = partial(entry_place, incident, index, clock)
        for part in ("label", "by", "text"):
            yield "timeline", entry.id, part, getattr(entry, part), where
    for path in ANALYSIS_FIELDS:
        yield path, None, "", display(incident, path), LABELS[path]
    improvements = "measures.improvements"
    yield improvements, None, "", display(incident, improvements), LABELS[improvements]
    for index, task in enumerate(incident.measures.tasks):
        for part in ("text", "owner", "priority"):
            yield "measures.tasks", task.id, part, getattr(task, part), f"task {index + 1}"
    for index, section in enumerate(incident.sections):
        name = section.title.strip() or f"section {index + 1}"
        for part in ("title", "body"):
            yield "sections", section.id, part, getattr(section, part), name
