"""One typed line -> one timeline entry: "12:10 escalated to the database team #escalation".

Shared by the editor's quick-entry line and anything else that takes entries as text. The
time at the start is optional (none means now, for live scribing); the kind is suggested
from the words unless a ``#kind`` word names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from postmortem_editor.kinds import suggest_kind
from postmortem_editor.model import Incident, Kind, TimelineEntry
from postmortem_editor.timeparse import TimeParseError, parse_time, split_leading_time

_KIND_TAG = re.compile(r"(?:^|\s)#([a-z]+)\b", re.IGNORECASE)


class QuickEntryError(ValueError):
    """A line that cannot become an entry; the message says what was expected."""


@dataclass(frozen=True)
class QuickEntry:
    """What a typed line means: when, what kind, what text, and whether the time was typed."""

    at: datetime
    kind: Kind
    text: str
    typed_time: bool
    kind_from_tag: bool


def kind_for_tag(tag: str) -> Kind | None:
    """The kind a ``#tag`` names: a kind's name or an unambiguous start of one (#esc)."""
    tag = tag.lower()
    matches = [kind for kind in Kind if kind.value.startswith(tag)]
    return matches[0] if len(matches) == 1 else None


def last_time(incident: Incident) -> datetime | None:
    """The time of the latest timed entry, the reference for relative and clock times."""
    times = [entry.at for entry in incident.timeline if entry.at is not None]
    return max(times) if times else None


def parse_quick_entry(line: str, incident: Incident, now: datetime | None = None) -> QuickEntry:
    """Read a quick-entry line; raises QuickEntryError with a message for the user."""
    time_text, rest = split_leading_time(line.strip())
    kind: Kind | None = None
    tagged = False
    for match in _KIND_TAG.finditer(rest):
        named = kind_for_tag(match.group(1))
        if named is None:
            choices = ", ".join(k.value for k in Kind)
            raise QuickEntryError(f"#{match.group(1)} is not a kind: use one of {choices}")
        kind, tagged = named, True
    text = " ".join(_KIND_TAG.sub(" ", rest).split())
    if not text:
        raise QuickEntryError("type what happened after the time, e.g. `12:10 paged the DBA`")
    zone = incident.tz()
    if time_text is None:
        moment = now or datetime.now().astimezone()
        at = moment.astimezone(zone) if zone else moment
    else:
        # With no date in the incident yet, a clock time is today's: live scribing.
        anchor = incident.summary.start or now or datetime.now().astimezone()
        try:
            at = parse_time(time_text, zone=zone, anchor=anchor, previous=last_time(incident))
        except TimeParseError as error:
            raise QuickEntryError(str(error)) from None
    return QuickEntry(
        at=at.replace(microsecond=0),
        kind=kind or suggest_kind(text),
        text=text,
        typed_time=time_text is not None,
        kind_from_tag=tagged,
    )


def insertion_index(incident: Incident, at: datetime) -> int:
    """Where an entry at this time goes: at the end, unless it is earlier than later entries."""
    index = len(incident.timeline)
    while index > 0:
        previous = incident.timeline[index - 1].at
        if previous is None or previous <= at:
            break
        index -= 1
    return index


def entry_from(quick: QuickEntry) -> TimelineEntry:
    """A new timeline entry from a parsed line."""
    return TimelineEntry(at=quick.at, kind=quick.kind, text=quick.text)
