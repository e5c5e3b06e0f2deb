"""What the editor shows for each timeline entry, made again only for the entries that changed.

An entry is a new object whenever it is edited, so what is made from an entry is kept by
the entry's identity (and the entry is kept alive with it, so that an identity is never
reused while remembered). Times depend on the incident's zone, first day, clock and dates
(the clock's key), and an entry may carry a problem (out of order, outside the window):
both are part of what is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from postmortem_editor.model import Incident, TimelineEntry
from postmortem_editor.render import Clock

T = TypeVar("T")


class PerEntry(Generic[T]):
    """``make(entry, clock, problem)`` for each entry of a timeline, kept between calls."""

    def __init__(self, make: Callable[[TimelineEntry, Clock, str | None], T]) -> None:
        self._make = make
        self._clock_key: tuple[object, ...] | None = None
        self._made: dict[int, tuple[TimelineEntry, str | None, T]] = {}
        self._last: tuple[object, ...] | None = None
        self._last_made: list[T] = []

    def of(self, incident: Incident, problems: Mapping[str, str]) -> list[T]:
        """What is made from each entry of the incident's timeline, in order."""
        clock = Clock(incident)
        clock_key = clock.key
        if clock_key != self._clock_key:
            self._clock_key = clock_key
            self._made = {}
        last = (tuple(map(id, incident.timeline)), clock_key, tuple(problems.items()))
        if last == self._last:
            return self._last_made  # the same entries, as made last time
        made: dict[int, tuple[TimelineEntry, str | None, T]] = {}
        out = []
        for entry in incident.timeline:
            problem = problems.get(entry.id)
            known = self._made.get(id(entry))
            if known is None or known[0] is not entry or known[1] != problem:
                known = (entry, problem, self._make(entry, clock, problem))
            made[id(entry)] = known
            out.append(known[2])
        self._made = made
        self._last, self._last_made = last, out
        return out
