"""Generators for merge tests: incidents whose list items are all different, and edits.

An :class:`Edit` is one change a writer makes to their copy of the base incident: a field
set, a list item edited, deleted, moved or added. Edits name base items by their place in
the base, so that the same edit can be made on any copy that keeps the base's ids, and
:func:`target` says what an edit touches, so that two writers' edits can be kept apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from postmortem_editor.model import (
    Analysis,
    FreeSection,
    Headings,
    Incident,
    Item,
    Kind,
    Measures,
    Status,
    Summary,
    Task,
    TimelineEntry,
    new_id,
)

_WORDS = st.sampled_from(
    ["db", "failover", "déjà vu", 'p99 "quoted"', "back\\slash", "# not a comment", "🔥", "on call"]
)
_ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
)

LISTS = ("timeline", "measures.tasks", "sections", "measures.improvements", "authors")
FIELDS = (
    "title",
    "severity",
    "status",
    "timezone",
    "timezone_name",
    "clock",
    "timeline_dates",
    "headings.timeline",
    "summary.start",
    "summary.service",
    "summary.impact",
    "summary.users_affected_percent",
    "analysis.root_cause",
    "analysis.lessons",
)
TEXT_FIELDS = ("title", "severity", "summary.service", "summary.impact", "analysis.lessons")
ITEM_FIELDS = {
    "timeline": ("at", "kind", "by", "text", "label"),
    "measures.tasks": ("text", "owner", "priority", "due", "done"),
    "sections": ("title", "body", "after"),
}


def text(tag: str) -> st.SearchStrategy[str]:
    """Words, ending with a tag that makes the text unlike any other text drawn."""
    return st.lists(_WORDS, min_size=1, max_size=4).map(lambda words: " ".join([*words, tag]))


def times() -> st.SearchStrategy[datetime]:
    """A time on one of a few days, in one of a few offsets."""
    return st.builds(
        lambda day, minute, zone: datetime(2024, 5, day, minute // 60, minute % 60, tzinfo=zone),
        st.integers(1, 3),
        st.integers(0, 24 * 60 - 1),
        _ZONES,
    )


class Tags:
    """Fresh tags, so that no two items drawn are alike."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"{self.prefix}{self.count}"


def item(draw: Any, path: str, tags: Tags) -> Any:
    """A new item for a list, unlike any other."""
    if path == "timeline":
        return TimelineEntry(
            at=draw(st.none() | times()),
            kind=draw(st.sampled_from(list(Kind))),
            by=draw(st.sampled_from(["", "alice", "bob"])),
            text=draw(text(tags())),
        )
    if path == "measures.tasks":
        return Task(
            text=draw(text(tags())),
            owner=draw(st.sampled_from(["", "infra", "db team"])),
            priority=draw(st.sampled_from(["", "P1", "P2"])),
            due=draw(st.none() | st.dates(date(2024, 6, 1), date(2024, 9, 30))),
            done=draw(st.booleans()),
        )
    if path == "sections":
        return FreeSection(
            title=draw(text(tags())),
            body=draw(text(tags())),
            after=draw(st.sampled_from(["start", "summary", "measures"])),
        )
    return draw(text(tags()))


def field_value(draw: Any, path: str, tags: Tags) -> Any:
    """A value for a field of the incident."""
    if path == "status":
        return draw(st.sampled_from(list(Status)))
    if path == "timezone":
        return draw(st.sampled_from(["", "UTC", "-05:00", "Europe/Paris"]))
    if path == "clock":
        return draw(st.sampled_from(["24h", "12h"]))
    if path == "timeline_dates":
        return draw(st.sampled_from(["changes", "every"]))
    if path == "timezone_name":
        return draw(st.sampled_from(["", "CET", "EDT"]))
    if path == "summary.start":
        return draw(st.none() | times())
    if path == "summary.users_affected_percent":
        return draw(st.none() | st.sampled_from([5.0, 12.5, 80.0, 100.0]))
    if path == "summary.impact" or path.startswith("analysis."):
        return draw(st.lists(text(tags()), min_size=1, max_size=2).map("\n\n".join))
    return draw(text(tags()))


def item_field_value(draw: Any, path: str, name: str, tags: Tags) -> Any:
    """A value for a field of a list item."""
    if name == "at":
        return draw(st.none() | times())
    if name == "kind":
        return draw(st.sampled_from(list(Kind)))
    if name == "due":
        return draw(st.none() | st.dates(date(2024, 6, 1), date(2024, 9, 30)))
    if name == "done":
        return draw(st.booleans())
    if name == "after":
        return draw(st.sampled_from(["start", "summary", "timeline", "analysis", "measures"]))
    return draw(text(tags()))


@st.composite
def incidents(draw: Any) -> Incident:
    """An incident with every part filled in now and then; no two list items alike."""
    tags = Tags("b")
    lists = {
        path: [item(draw, path, tags) for _ in range(draw(st.integers(0, 4)))] for path in LISTS
    }
    return Incident(
        title=draw(text(tags())),
        status=draw(st.sampled_from(list(Status))),
        severity=draw(st.sampled_from(["", "SEV-1", "SEV-2"])),
        timezone=draw(st.sampled_from(["", "UTC", "-05:00"])),
        authors=lists["authors"],
        headings=Headings(timeline=draw(st.sampled_from(["", "Chronology"]))),
        summary=Summary(
            start=draw(st.none() | times()),
            service=draw(text(tags())),
            impact=draw(text(tags())),
            users_affected_percent=draw(st.none() | st.just(40.0)),
        ),
        timeline=lists["timeline"],
        analysis=Analysis(root_cause=draw(text(tags())), lessons=draw(st.sampled_from(["", "x"]))),
        measures=Measures(
            improvements=lists["measures.improvements"], tasks=lists["measures.tasks"]
        ),
        sections=lists["sections"],
    )


@dataclass(frozen=True)
class Edit:
    """One change to a copy of the base incident."""

    kind: str
    """"set" a field; "edit", "delete", "move" a base item; "add" an item."""
    path: str
    """The field, or the list."""
    index: int | None = None
    """The base item's place in the base list (edit, delete, move)."""
    name: str = ""
    """The item's field (edit of an item with fields)."""
    value: Any = None
    """The new value, or the item added."""
    place: float = 0.0
    """Where an item is added or moved to, as a share of the list's length."""


def target(edit: Edit) -> tuple[Any, ...] | None:
    """What an edit touches: a field, a base item, or nothing of the base (an addition)."""
    if edit.kind == "set":
        return (edit.path,)
    if edit.kind == "add":
        return None
    return (edit.path, edit.index)


def get(model: Any, path: str) -> Any:
    """The value at a dotted path."""
    for part in path.split("."):
        model = getattr(model, part)
    return model


def put(model: Any, path: str, value: Any) -> None:
    """Set the value at a dotted path."""
    *parents, name = path.split(".")
    for part in parents:
        model = getattr(model, part)
    setattr(model, name, value)


@st.composite
def edits(draw: Any, base: Incident, side: str, *, moves: bool = True, amend: bool = False) -> Edit:
    """One edit a writer could make to the base (``side`` tags what they write).

    An item's text is rewritten, or with ``amend`` added to (so that it stays recognisable).
    """
    tags = Tags(side)
    present = [path for path in LISTS if get(base, path)]
    movable = moves and any(path in ITEM_FIELDS for path in present)
    kinds = ["set", "add"] + (["edit", "delete"] if present else []) + (["move"] if movable else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "set":
        path = draw(st.sampled_from(FIELDS))
        return Edit("set", path, value=field_value(draw, path, tags))
    if kind == "add":
        path = draw(st.sampled_from(LISTS))
        return Edit("add", path, value=item(draw, path, tags), place=draw(st.floats(0, 1)))
    if kind == "move":  # a text moved is a text removed and one added: only items move
        present = [path for path in present if path in ITEM_FIELDS]
    path = draw(st.sampled_from(present))
    index = draw(st.integers(0, len(get(base, path)) - 1))
    if kind != "edit":
        return Edit(kind, path, index, place=draw(st.floats(0, 1)))
    old = get(base, path)[index]
    if path not in ITEM_FIELDS:
        return Edit("edit", path, index, value=_amended(old, draw(text(tags())), amend))
    name = draw(st.sampled_from(ITEM_FIELDS[path]))
    value = item_field_value(draw, path, name, tags)
    if type(value) is str and name != "after":  # texts, not a kind or an anchor
        value = _amended(getattr(old, name), value, amend)
    return Edit("edit", path, index, name, value)


def _amended(old: str, new: str, amend: bool) -> str:
    return f"{old} {new}".strip() if amend else new


def apply(incident: Incident, base: Incident, edit: Edit) -> None:
    """Make an edit on a copy of base that keeps base's ids (or on base itself)."""
    if edit.kind == "set":
        put(incident, edit.path, edit.value)
        return
    items: list[Any] = get(incident, edit.path)
    if edit.kind == "add":
        added = edit.value.model_copy() if isinstance(edit.value, Item) else edit.value
        items.insert(round(edit.place * len(items)), added)
        return
    assert edit.index is not None
    original = get(base, edit.path)[edit.index]
    where = next(
        (
            at
            for at, other in enumerate(items)
            if (other.id == original.id if isinstance(other, Item) else other == original)
        ),
        None,
    )
    if where is None:
        return  # the other writer's edit already took it away
    if edit.kind == "delete":
        del items[where]
    elif edit.kind == "move":
        moved = items.pop(where)
        items.insert(round(edit.place * len(items)), moved)
    elif isinstance(items[where], Item):
        setattr(items[where], edit.name, edit.value)
    else:
        items[where] = edit.value


def edited(base: Incident, changes: list[Edit]) -> Incident:
    """A copy of base (with its ids) with the edits made."""
    copy = base.model_copy(deep=True)
    for change in changes:
        apply(copy, base, change)
    return copy


def fresh_ids(incident: Incident) -> Incident:
    """The incident as read from a file: the same content, new runtime ids."""
    copy = incident.model_copy(deep=True)
    for entry in (*copy.timeline, *copy.measures.tasks, *copy.sections):
        entry.id = new_id()
    return copy


@st.composite
def edit_lists(
    draw: Any,
    base: Incident,
    side: str,
    *,
    moves: bool = True,
    amend: bool = False,
    avoid: frozenset[tuple[Any, ...]] = frozenset(),
) -> list[Edit]:
    """Up to five edits by one writer, none touching what ``avoid`` holds."""
    changes = []
    for number in range(draw(st.integers(0, 5))):
        change = draw(edits(base, f"{side}{number}.", moves=moves, amend=amend))
        if target(change) not in avoid:
            changes.append(change)
    return changes


@st.composite
def disjoint_edits(
    draw: Any, base: Incident, *, moves: bool = False, amend: bool = False
) -> tuple[list[Edit], list[Edit]]:
    """Two writers' edits that touch different fields and items (additions anywhere).

    Only the first writer moves items, and only when ``moves``; with ``amend``, texts of
    items are added to rather than rewritten.
    """
    mine = draw(edit_lists(base, "o", moves=moves, amend=amend))
    touched = frozenset(key for key in map(target, mine) if key is not None)
    theirs = draw(edit_lists(base, "t", moves=False, amend=amend, avoid=touched))
    return mine, theirs
