"""Editing the incident's lists: the timeline, the tasks and the free sections.

Each operation takes a list of the model and returns an `Edit`: the new list and the id
of the item the cursor goes to. Nothing here changes the model in place; the editor
assigns the new list and records one undo step for it. No Textual, so that every table
command can be tested without starting the editor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from postmortem_editor.fields import format_time_field
from postmortem_editor.model import FreeSection, Incident, Item, Kind, Task, TimelineEntry
from postmortem_editor.quickentry import insertion_index, kind_for_tag
from postmortem_editor.timeparse import TimeParseError, parse_time

T = TypeVar("T", bound=Item)

KIND_NAMES = ", ".join(kind.value for kind in Kind)
"""The kinds of timeline entries, as a message lists them."""


class EditError(ValueError):
    """What the user typed cannot be applied; the message says why."""


@dataclass(frozen=True)
class Edit(Generic[T]):
    """The result of one editing operation."""

    items: list[T]
    """The list as it is after the operation."""
    cursor: str | None
    """The id of the item the cursor goes to (None: nowhere in particular)."""


def index_of(items: Sequence[Item], item_id: str | None) -> int | None:
    """The position of the item with this id; None when there is none."""
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    return None


# --- any list ---------------------------------------------------------------------------------


def delete(items: Sequence[T], item_id: str | None) -> Edit[T] | None:
    """The list without the item; the cursor goes to the item now in its place (or the
    last one). None when there is no such item."""
    index = index_of(items, item_id)
    if index is None:
        return None
    rest = [item for position, item in enumerate(items) if position != index]
    follow = rest[min(index, len(rest) - 1)].id if rest else None
    return Edit(rest, follow)


def move(items: Sequence[T], item_id: str | None, step: int) -> Edit[T] | None:
    """The item swapped with its neighbour ``step`` places away (-1 up, 1 down); the cursor
    stays on it. None when there is no such item or it is already at that end."""
    index = index_of(items, item_id)
    if index is None:
        return None
    target = index + step
    if not 0 <= target < len(items):
        return None
    moved = list(items)
    moved[index], moved[target] = moved[target], moved[index]
    return Edit(moved, moved[target].id)


# --- the timeline -----------------------------------------------------------------------------


def kind_named(text: str) -> Kind | None:
    """The kind a typed word names: its name or an unambiguous start of it."""
    word = text.strip().lstrip("#")
    return kind_for_tag(word) if word else None


def add_entries(incident: Incident, entries: Sequence[TimelineEntry]) -> Edit[TimelineEntry]:
    """The timeline with new entries put in time order among the others (those without a
    time at the end), each in turn, as if typed one after the other. The cursor goes to
    the last one added."""
    timeline = list(incident.timeline)
    for entry in entries:
        if entry.at is None:
            timeline.append(entry)
        else:
            probe = incident.model_copy(update={"timeline": timeline})
            timeline.insert(insertion_index(probe, entry.at), entry)
    return Edit(timeline, entries[-1].id if entries else None)


def insert_entry(
    entries: Sequence[TimelineEntry], item_id: str | None, *, below: bool
) -> Edit[TimelineEntry]:
    """A blank note above or below an entry (at the top when there is none), with the
    neighbour's time; the cursor goes to the new entry."""
    index = index_of(entries, item_id)
    position = 0 if index is None else index + below
    neighbour = entries[index] if index is not None else None
    entry = TimelineEntry(at=neighbour.at if neighbour else None, kind=Kind.NOTE, text="")
    timeline = list(entries)
    timeline.insert(position, entry)
    return Edit(timeline, entry.id)


def cycle_kind(entries: Sequence[TimelineEntry], item_id: str | None) -> Edit[TimelineEntry] | None:
    """The entry with the next kind in the list of kinds (after the last, the first)."""
    index = index_of(entries, item_id)
    if index is None:
        return None
    entry = entries[index]
    kinds = list(Kind)
    kind = kinds[(kinds.index(entry.kind) + 1) % len(kinds)]
    timeline = list(entries)
    timeline[index] = entry.model_copy(update={"kind": kind})
    return Edit(timeline, entry.id)


def sort_by_time(
    entries: Sequence[TimelineEntry], cursor: str | None
) -> Edit[TimelineEntry] | None:
    """The timeline in time order (entries without a time last, in their order); the
    cursor stays where it was. None when the order is already right."""
    timed = sorted(entries, key=lambda e: (e.at is None, e.at.timestamp() if e.at else 0))
    if timed == list(entries):
        return None
    return Edit(timed, cursor)


def edit_entry(
    incident: Incident, entry_id: str, *, when: str, kind: str, text: str, by: str | None = None
) -> Edit[TimelineEntry] | None:
    """The timeline with one entry's time, kind, text and (unless None) who, as typed in
    its edit form.

    ``when`` is read again only when it differs from how the time is shown, so that a
    time left alone keeps its seconds and offset. EditError when the kind or the time
    cannot be read; None when the entry is gone.
    """
    entries = list(incident.timeline)
    index = index_of(entries, entry_id)
    if index is None:
        return None
    old = entries[index]
    new_kind = kind_named(kind)
    if new_kind is None:
        raise EditError(f"{kind.strip()!r} is not a kind: use one of {KIND_NAMES}")
    at = old.at
    unchanged = format_time_field(incident, old.at) if old.at else ""
    if when.strip() != unchanged:
        at = None
        if when.strip():
            previous = next((e.at for e in reversed(entries[:index]) if e.at), None)
            try:
                at = parse_time(
                    when,
                    zone=incident.tz(),
                    anchor=incident.summary.start or old.at,
                    previous=previous,
                )
            except TimeParseError as error:
                raise EditError(str(error)) from None
    update = {"at": at, "kind": new_kind, "text": text.strip()}
    if by is not None:
        update["by"] = by.strip()
    entries[index] = old.model_copy(update=update)
    return Edit(entries, old.id)


# --- tasks ------------------------------------------------------------------------------------


def toggle_done(tasks: Sequence[Task], task_id: str | None) -> Edit[Task] | None:
    """The task marked done, or not done any more."""
    index = index_of(tasks, task_id)
    if index is None:
        return None
    task = tasks[index]
    changed = list(tasks)
    changed[index] = task.model_copy(update={"done": not task.done})
    return Edit(changed, task.id)


def task_values(text: str, owner: str, priority: str, due: str) -> dict[str, Any]:
    """A task's fields from the text of its line; EditError when the due date is not one."""
    day: date | None = None
    if due.strip():
        try:
            day = date.fromisoformat(due.strip())
        except ValueError:
            raise EditError("Due dates look like 2024-03-01.") from None
    return {"text": text.strip(), "owner": owner.strip(), "priority": priority.strip(), "due": day}


def save_task(tasks: Sequence[Task], task_id: str | None, values: dict[str, Any]) -> Edit[Task]:
    """The task with this id given these values, or a new task at the end when there is
    none; the cursor goes to it."""
    changed = list(tasks)
    index = index_of(changed, task_id)
    if index is not None:
        changed[index] = changed[index].model_copy(update=values)
        return Edit(changed, changed[index].id)
    task = Task(**values)
    changed.append(task)
    return Edit(changed, task.id)


# --- free sections ----------------------------------------------------------------------------


def add_section(sections: Sequence[FreeSection], title: str = "") -> Edit[FreeSection]:
    """A free section at the end (after the measures), with this heading and no text yet;
    the cursor goes to it."""
    section = FreeSection(title=title.strip(), body="", after="measures")
    return Edit([*sections, section], section.id)
