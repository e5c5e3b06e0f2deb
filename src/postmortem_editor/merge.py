"""Three-way merge of incidents: what two people changed in the same postmortem, together.

:func:`merge` takes the version both started from (``base``) and the two edited versions
(``ours``, the one being written to, and ``theirs``, the one coming in) and merges them
field by field and list item by list item:

- a field changed on one side takes that side's value; changed alike on both sides, it
  takes that value; changed differently, it is a :class:`Conflict`;
- the items of the lists (timeline entries, tasks, free sections, improvements, authors)
  are followed by their identity: their runtime id, when a side carries the ids of
  ``base`` (the editor's incident and the file it was loaded from share them), else their
  content and place as :func:`postmortem_editor.matching.corresponding` pairs them (three
  files read from disk, and the texts of improvements and authors);
- an item added on either side is kept; added on both sides, both are kept (one added
  alike at the same place once), timeline entries in time order;
- an item deleted on one side and untouched on the other is deleted; deleted on one side
  and edited on the other is a conflict; edited on both sides, its fields merge one by one
  and a field changed differently makes the item a conflict;
- items reordered on one side take that side's order; reordered differently on both, the
  order is a conflict.

The result is the same whichever side is ``ours`` when nothing conflicts: additions made
at the same place on both sides are interleaved in time order (timeline) or in the order
of their text (other lists) rather than "ours first", each side's keeping its order.

A :class:`MergeResult` lists the conflicts in words (where, my value, their value, the
choices) and what came in from theirs ("2 timeline entries added, severity changed");
:meth:`MergeResult.resolve` applies a :class:`Choice` per conflict and returns the merged
incident. Merged items keep ours' runtime ids, so that the store writes the merge as a
minimal diff of ours' file; items only theirs has keep theirs' ids where ours does not use
them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel

from postmortem_editor.fields import format_time_field
from postmortem_editor.matching import (
    ALIKE,
    corresponding,
    item_key,
    item_likeness,
    text_likeness,
)
from postmortem_editor.model import (
    FreeSection,
    Incident,
    Item,
    Section,
    Task,
    TimelineEntry,
    new_id,
)
from postmortem_editor.render import Clock
from postmortem_editor.store_patch import same


class Choice(StrEnum):
    """How a conflict is settled."""

    MINE = "mine"
    """Keep my (ours') version."""
    THEIRS = "theirs"
    """Take their version."""
    BOTH = "both"
    """Keep both: two list items, or the two texts one after the other."""


@dataclass(frozen=True)
class Conflict:
    """Something both sides changed differently, in words a user understands."""

    key: str
    """Identifies the conflict within its merge: the key of the choice passed to resolve."""
    where: str
    """What it concerns: "Severity", "Summary: impact", "timeline entry 3 (14:05)"."""
    mine: str
    """My (ours') value in words; "(deleted)" when I deleted the item."""
    theirs: str
    """Their value in words; "(deleted)" when they deleted the item."""
    choices: tuple[Choice, ...]
    """The choices that make sense: mine and theirs, and both for list items and prose."""
    path: str
    """The field ("severity", "summary.impact") or list ("timeline", "measures.tasks")."""
    item_id: str | None = None
    """For a list item of a timeline, tasks or free sections: its id in ours (in theirs
    when I deleted it); None for fields and for improvements and authors."""
    fields: tuple[str, ...] = ()
    """For an item edited on both sides: the fields changed differently."""

    def describe(self) -> str:
        """The conflict in one line: 'Severity: mine "SEV-1", theirs "SEV-2"'."""
        return f"{self.where}: mine {_quoted(self.mine)}, theirs {_quoted(self.theirs)}"


@dataclass(frozen=True)
class MergeResult:
    """What :func:`merge` found: the conflicts, and what came in from theirs."""

    conflicts: tuple[Conflict, ...]
    """What both sides changed differently: the fields in the order of the file; in a list,
    the items edited both ways, then those deleted on one side, then the order."""
    incoming: tuple[str, ...]
    """What the merge takes from theirs, outside the conflicts, one phrase each:
    "2 timeline entries added", "severity changed"."""
    _sides: tuple[Incident, Incident, Incident] = field(repr=False, compare=False)

    @property
    def clean(self) -> bool:
        """Whether nothing conflicts: :meth:`resolve` needs no choices."""
        return not self.conflicts

    def summary(self) -> str:
        """What came in from theirs, in a line: "2 timeline entries added, severity changed";
        empty when nothing came in."""
        return ", ".join(self.incoming)

    def resolve(self, choices: Mapping[str, Choice] | Choice | None = None) -> Incident:
        """The merged incident, each conflict settled as chosen.

        ``choices`` maps each conflict's key to a choice, or is one choice for them all
        (``Choice.MINE``); it may be left out when the merge is clean. Raises ValueError
        naming the conflict when one has no choice or a choice it does not offer.
        """
        chosen: dict[str, Choice] = {}
        for conflict in self.conflicts:
            choice = choices if isinstance(choices, Choice) else (choices or {}).get(conflict.key)
            if choice is None:
                raise ValueError(f"no choice for the conflict in {conflict.where}")
            if choice not in conflict.choices:
                raise ValueError(f"{conflict.where}: cannot keep {choice.value}")
            chosen[conflict.key] = choice
        base, ours, theirs = self._sides
        return _Pass(base, ours, theirs, chosen).run()


def merge(base: Incident, ours: Incident, theirs: Incident) -> MergeResult:
    """Merge the changes from base to theirs with those from base to ours.

    Nothing is changed in the three incidents. ``result.resolve(...)`` gives the merged
    incident (``result.resolve()`` when ``result.clean``).
    """
    sides = (base.model_copy(deep=True), ours.model_copy(deep=True), theirs.model_copy(deep=True))
    finder = _Pass(*sides, None)
    finder.run()
    return MergeResult(tuple(finder.conflicts), tuple(finder.incoming), sides)


# --- words --------------------------------------------------------------------------------------

LISTS: dict[str, tuple[str, str]] = {
    "authors": ("author", "authors"),
    "timeline": ("timeline entry", "timeline entries"),
    "measures.improvements": ("improvement", "improvements"),
    "measures.tasks": ("task", "tasks"),
    "sections": ("free section", "free sections"),
}
"""The lists merged item by item, by path, with the words for one item and several."""

PROSE = {
    "summary.impact",
    "summary.root_cause",
    "analysis.root_cause",
    "analysis.resolution",
    "analysis.trigger",
    "analysis.lessons",
}
"""Text fields where keeping both versions, one after the other, makes sense."""

_FIELD_WORDS = {"at": "time", "users_affected_percent": "users affected %"}


def _field_word(name: str) -> str:
    return _FIELD_WORDS.get(name, name.replace("_", " "))


def _where(path: str) -> str:
    """A field as a user names it: "Severity", "Summary: impact"."""
    *section, name = path.split(".")
    word = _field_word(name)
    if not section:
        return word[:1].upper() + word[1:]
    return f"{section[0].capitalize()}: {word}"


def _short(text: str, width: int = 40) -> str:
    line = text.strip().split("\n", 1)[0]
    if len(line) > width or "\n" in text.strip():
        return line[: width - 1].rstrip() + "…"
    return line


def _quoted(text: str) -> str:
    return text if text.startswith("(") else f'"{_short(text, 60)}"'


def _shown(value: Any, incident: Incident, other: Any = None) -> str:
    """A value in words: the text, a time in the incident's zone, "(empty)".

    A time the other side has at the same moment in another offset is shown in full.
    """
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, datetime):
        return value.isoformat() if value == other else format_time_field(incident, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, StrEnum):
        return value.value
    return str(value)


def _label(item: Item | str, incident: Incident) -> str:
    """How an item is recognised: an entry's time (or label), a task's text, a title."""
    if isinstance(item, TimelineEntry):
        if item.at is not None:
            return Clock(incident).time(item.at)
        return _short(item.label or item.text or "no time")
    if isinstance(item, Task):
        return _short(item.text or "no text")
    if isinstance(item, FreeSection):
        return _short(item.title or item.body or "untitled")
    assert isinstance(item, str)
    return _short(item)


def _line(item: Item | str, incident: Incident) -> str:
    """An item in one line, as a conflict shows it."""
    if isinstance(item, TimelineEntry):
        when = Clock(incident).time(item.at) if item.at is not None else item.label
        said = f"{item.by}: {item.text}" if item.by else item.text
        return f"{when} {item.kind.value}: {said}".strip()
    if isinstance(item, Task):
        return item.text
    if isinstance(item, FreeSection):
        return item.title or item.body
    assert isinstance(item, str)
    return item


def _counted(count: int, words: tuple[str, str], what: str) -> str:
    return f"{count} {words[0] if count == 1 else words[1]} {what}"


# --- one pass over the three incidents ----------------------------------------------------------

T = TypeVar("T", Item, str)
START = -1
"""The anchor of items placed before every item both sides kept."""


@dataclass
class _Placed:
    """An item kept from one side only, after the kept item it followed there (its anchor)."""

    item: Any
    added: bool
    """Whether it is new (an addition), not an item kept through a conflict."""


class _Pass:
    """One merge of the three incidents; collects conflicts, or settles them as chosen.

    With ``choices`` None, every conflict is recorded and settled as mine; otherwise each
    is settled by its key's choice.
    """

    def __init__(
        self,
        base: Incident,
        ours: Incident,
        theirs: Incident,
        choices: Mapping[str, Choice] | None,
    ) -> None:
        self.base, self.ours, self.theirs = base, ours, theirs
        self.choices = choices
        self.conflicts: list[Conflict] = []
        self.incoming: list[str] = []
        self.ours_ids = _item_ids(ours)
        self.ours_by_id = _shares_ids(base, ours)
        self.theirs_by_id = _shares_ids(base, theirs)

    def run(self) -> Incident:
        """The merged incident."""
        values = self.fields("", self.base, self.ours, self.theirs)
        return Incident(**values)

    def choose(self, conflict: Conflict) -> Choice:
        self.conflicts.append(conflict)
        if self.choices is None:
            return Choice.MINE
        return self.choices[conflict.key]

    def theirs_id(self, item: Item) -> str:
        """An id for an item that comes from theirs: its own, unless ours uses it."""
        return item.id if item.id not in self.ours_ids else new_id()

    # --- fields

    def fields(
        self, prefix: str, base: BaseModel, ours: BaseModel, theirs: BaseModel
    ) -> dict[str, Any]:
        """The merged values of a model's fields (the incident, or one of its sections)."""
        values: dict[str, Any] = {}
        for name in type(base).model_fields:
            path = prefix + name
            b, o, t = getattr(base, name), getattr(ours, name), getattr(theirs, name)
            if isinstance(b, Section):
                values[name] = type(b)(**self.fields(path + ".", b, o, t))
            elif path in LISTS:
                values[name] = self.items(path, b, o, t)
            else:
                values[name] = self.value(path, b, o, t)
        return values

    def value(self, path: str, base: Any, ours: Any, theirs: Any) -> Any:
        """A field's merged value."""
        if same(ours, theirs) or same(theirs, base):
            return ours
        if same(ours, base):
            self.incoming.append(f"{_where(path).replace(':', '').lower()} changed")
            return theirs
        prose = path in PROSE
        choice = self.choose(
            Conflict(
                key=path,
                where=_where(path),
                mine=_shown(ours, self.ours, theirs),
                theirs=_shown(theirs, self.theirs, ours),
                choices=(Choice.MINE, Choice.THEIRS, Choice.BOTH)
                if prose
                else (Choice.MINE, Choice.THEIRS),
                path=path,
            )
        )
        if choice is Choice.BOTH:
            return "\n\n".join(text for text in (ours, theirs) if text)
        return ours if choice is Choice.MINE else theirs

    # --- lists

    def items(self, path: str, base: list[T], ours: list[T], theirs: list[T]) -> list[T]:
        """A list merged item by item (see the module's description)."""
        words = LISTS[path]
        ours_base = _align(base, ours, self.ours_by_id)
        theirs_base = _align(base, theirs, self.theirs_by_id)
        in_ours = {b: i for i, b in enumerate(ours_base) if b is not None}
        in_theirs = {b: j for j, b in enumerate(theirs_base) if b is not None}
        kept = {b for b in in_ours if b in in_theirs}
        changed = 0
        merged: dict[int, list[T]] = {}
        for b in sorted(kept):
            i, j = in_ours[b], in_theirs[b]
            merged[b], took = self.item(path, b, base[b], ours[i], theirs[j], i)
            changed += took
        ours_placed, removed = self.placed_ours(path, base, ours, ours_base, kept)
        theirs_placed = self.placed_theirs(path, base, theirs, theirs_base, kept)
        order: list[int] = self.order(path, ours, theirs, ours_base, theirs_base, kept)
        result: list[T] = []
        added = 0
        for anchor in (START, *order):
            if anchor != START:
                result.extend(merged[anchor])
            mine, theirs_here = ours_placed.get(anchor, []), theirs_placed.get(anchor, [])
            together, count = _together(mine, theirs_here)
            result.extend(together)
            added += count
        self.incoming.extend(
            _counted(count, words, what)
            for count, what in ((added, "added"), (removed, "removed"), (changed, "changed"))
            if count
        )
        return result

    def placed_ours(
        self, path: str, base: list[T], ours: list[T], ours_base: list[int | None], kept: set[int]
    ) -> tuple[dict[int, list[_Placed]], int]:
        """Ours' items that theirs does not have, by anchor; and how many theirs deleted."""
        placed: dict[int, list[_Placed]] = {}
        removed = 0
        anchor = START
        for i, item in enumerate(ours):
            b = ours_base[i]
            if b is not None and b in kept:
                anchor = b
            elif b is None:
                placed.setdefault(anchor, []).append(_Placed(_copy(item), added=True))
            elif _alike(item, base[b]):
                removed += 1  # they deleted it, I left it alone
            elif self.deleted(path, item, self.ours, i, b, Choice.MINE):
                placed.setdefault(anchor, []).append(_Placed(_copy(item), added=False))
        return placed, removed

    def placed_theirs(
        self,
        path: str,
        base: list[T],
        theirs: list[T],
        theirs_base: list[int | None],
        kept: set[int],
    ) -> dict[int, list[_Placed]]:
        """Theirs' items that ours does not have and that the merge keeps, by anchor."""
        placed: dict[int, list[_Placed]] = {}
        anchor = START
        for j, item in enumerate(theirs):
            b = theirs_base[j]
            if b is not None and b in kept:
                anchor = b
            elif b is not None and _alike(item, base[b]):
                continue  # I deleted it, they left it alone
            elif b is None or self.deleted(path, item, self.theirs, j, b, Choice.THEIRS):
                kept_item = _Placed(self.from_theirs(item), added=b is None)
                placed.setdefault(anchor, []).append(kept_item)
        return placed

    def from_theirs(self, item: T) -> T:
        if isinstance(item, str):
            return item
        return item.model_copy(update={"id": self.theirs_id(item)})

    def item(
        self, path: str, b: int, base: T, ours: T, theirs: T, index: int
    ) -> tuple[list[T], bool]:
        """An item both sides kept (base index b, index in ours), merged field by field;
        and whether it takes a change from theirs."""
        if isinstance(base, str):
            assert isinstance(ours, str) and isinstance(theirs, str)
            took = ours == base and theirs != base
            return self.value_item(path, b, base, ours, theirs, index), took
        assert isinstance(ours, Item) and isinstance(theirs, Item)
        mine: dict[str, Any] = {}
        their: dict[str, Any] = {}
        conflicting: list[str] = []
        took = False
        for name in type(base).model_fields:
            if name == "id":
                continue
            b, o, t = getattr(base, name), getattr(ours, name), getattr(theirs, name)
            if same(o, t) or same(t, b):
                mine[name] = their[name] = o
            elif same(o, b):
                mine[name] = their[name] = t
                took = True
            else:
                mine[name], their[name] = o, t
                conflicting.append(name)
        mine_item = type(ours)(id=ours.id, **mine)
        if not conflicting:
            return [mine_item], took
        words = LISTS[path][0]
        choice = self.choose(
            Conflict(
                key=f"{path}@{b}",
                where=f"{words} {index + 1} ({_label(ours, self.ours)})",
                mine=_values(ours, theirs, conflicting, self.ours),
                theirs=_values(theirs, ours, conflicting, self.theirs),
                choices=(Choice.MINE, Choice.THEIRS, Choice.BOTH),
                path=path,
                item_id=ours.id,
                fields=tuple(conflicting),
            )
        )
        if choice is Choice.MINE:
            return [mine_item], False
        if choice is Choice.THEIRS:
            return [type(ours)(id=ours.id, **their)], False
        return [mine_item, type(ours)(id=self.theirs_id(theirs), **their)], False

    def value_item(
        self, path: str, b: int, base: str, ours: str, theirs: str, index: int
    ) -> list[str]:
        """A text item (an improvement, an author) both sides kept."""
        if ours == theirs or theirs == base:
            return [ours]
        if ours == base:
            return [theirs]
        words = LISTS[path][0]
        choice = self.choose(
            Conflict(
                key=f"{path}@{b}",
                where=f"{words} {index + 1} ({_short(ours)})",
                mine=ours,
                theirs=theirs,
                choices=(Choice.MINE, Choice.THEIRS, Choice.BOTH),
                path=path,
            )
        )
        return {Choice.MINE: [ours], Choice.THEIRS: [theirs]}.get(choice, [ours, theirs])

    def deleted(
        self, path: str, item: T, side: Incident, index: int, b: int, keeper: Choice
    ) -> bool:
        """An item one side edited and the other deleted: whether it is kept.

        ``keeper`` is the side that edited it (the other deleted it).
        """
        words = LISTS[path][0]
        line = _line(item, side)
        choice = self.choose(
            Conflict(
                key=f"{path}@{b}",
                where=f"{words} {index + 1} ({_label(item, side)})",
                mine=line if keeper is Choice.MINE else "(deleted)",
                theirs=line if keeper is Choice.THEIRS else "(deleted)",
                choices=(Choice.MINE, Choice.THEIRS),
                path=path,
                item_id=item.id if isinstance(item, Item) else None,
            )
        )
        return choice is keeper

    def order(
        self,
        path: str,
        ours: list[T],
        theirs: list[T],
        ours_base: list[int | None],
        theirs_base: list[int | None],
        kept: set[int],
    ) -> list[int]:
        """The order of the items both sides kept (by their index in base)."""
        mine = [b for b in ours_base if b in kept]
        their = [b for b in theirs_base if b in kept]
        original = sorted(kept)
        if mine == original:
            if their != mine:
                self.incoming.append(f"{LISTS[path][1]} reordered")
            return their
        if their in (original, mine):
            return mine
        choice = self.choose(
            Conflict(
                key=f"{path}:order",
                where=f"order of the {LISTS[path][1]}",
                mine=", ".join(_label(ours[ours_base.index(b)], self.ours) for b in mine),
                theirs=", ".join(_label(theirs[theirs_base.index(b)], self.theirs) for b in their),
                choices=(Choice.MINE, Choice.THEIRS),
                path=path,
            )
        )
        return mine if choice is Choice.MINE else their


def _alike(one: Item | str, other: Item | str) -> bool:
    """Whether two items say the same, written alike (their runtime ids aside)."""
    if isinstance(one, str) or isinstance(other, str):
        return one == other
    return type(one) is type(other) and all(
        same(getattr(one, name), getattr(other, name))
        for name in type(one).model_fields
        if name != "id"
    )


def _copy(item: T) -> T:
    return item if isinstance(item, str) else item.model_copy()


def _values(item: Item, other: Item, names: Sequence[str], incident: Incident) -> str:
    """The values of some fields of an item in words (against the other side's version):
    one value, or "time: 14:05; text: ..."."""
    shown = [(name, _shown(getattr(item, name), incident, getattr(other, name))) for name in names]
    if len(shown) == 1:
        return shown[0][1]
    return "; ".join(f"{_field_word(name)}: {value}" for name, value in shown)


def _align(base: Sequence[T], side: Sequence[T], by_id: bool) -> list[int | None]:
    """For each item of side, the index of the same item in base (None for an added one).

    ``by_id``: the side's items carry the base's ids (the editor's incident and the file
    it was loaded from), and an item is the base item with its id. Otherwise (versions
    read from files) items are paired by content and place
    (:func:`postmortem_editor.matching.corresponding`): removed and added items at least
    :data:`postmortem_editor.matching.ALIKE` alike are items edited. Texts (improvements,
    authors) have no ids and are always paired by content and place.
    """
    if by_id and not any(isinstance(item, str) for item in (*base, *side)):
        index: dict[str, int] = {}
        for b, item in enumerate(base):
            if isinstance(item, Item):
                index[item.id] = b
        return [index.get(item.id) if isinstance(item, Item) else None for item in side]
    found: list[int | None] = [None] * len(side)
    for b, i in corresponding(base, side, key=_key, likeness=_likeness, at_least=ALIKE):
        found[i] = b
    return found


def _shares_ids(base: Incident, side: Incident) -> bool:
    """Whether a side carries the base's ids: some list item of it has the id of one of base."""
    return not _item_ids(base).isdisjoint(_item_ids(side))


def _item_ids(incident: Incident) -> set[str]:
    return {item.id for item in (*incident.timeline, *incident.measures.tasks, *incident.sections)}


def _key(item: Item | str) -> str:
    return item if isinstance(item, str) else item_key(item)


def _likeness(one: Item | str, other: Item | str) -> float:
    if isinstance(one, str) or isinstance(other, str):
        return text_likeness(str(one), str(other))
    return item_likeness(one, other)


def _order_key(item: Item | str) -> tuple[int, float, str]:
    """Where an item goes among items added at the same place by both sides."""
    if isinstance(item, TimelineEntry) and item.at is not None:
        return (0, item.at.timestamp(), _key(item))
    return (1, 0.0, _key(item))


def _together(mine: list[_Placed], theirs: list[_Placed]) -> tuple[list[Any], int]:
    """The items both sides placed at one spot; and how many of them are theirs' additions.

    Each side's items keep their order. The two sides are interleaved the way sorted lists
    are merged: of the next item of each, the earlier in time comes first (timeline
    entries; entries without a time after those with one), else the first in the order of
    their content; two alike are kept once. So entries each side added in time order stay
    in time order, and the result does not depend on which side is mine.
    """
    items: list[Any] = []
    added = 0
    i = j = 0
    while i < len(mine) and j < len(theirs):
        one, other = mine[i].item, theirs[j].item
        if _key(one) == _key(other):
            items.append(one)
            i, j = i + 1, j + 1
        elif _order_key(one) < _order_key(other):
            items.append(one)
            i += 1
        else:
            items.append(other)
            added += theirs[j].added
            j += 1
    items.extend(placed.item for placed in mine[i:])
    items.extend(placed.item for placed in theirs[j:])
    added += sum(placed.added for placed in theirs[j:])
    return items, added
