"""Properties of the three-way merge, over generated incidents and edits.

Each property runs twice over: with the writers' copies keeping the base's runtime ids (the
editor's case: its incident and the file it was loaded from) and with fresh ids (three
files read from disk, where items are followed by their content and place).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.matching import item_key
from postmortem_editor.merge import Choice, merge
from postmortem_editor.model import Incident, Item
from postmortem_editor.store import dump_plain

from .merge_strategies import (
    ITEM_FIELDS,
    LISTS,
    TEXT_FIELDS,
    Edit,
    Tags,
    disjoint_edits,
    edit_lists,
    edited,
    fresh_ids,
    get,
    incidents,
    item,
    put,
    text,
)


def _as_read(incident: Incident, from_file: bool) -> Incident:
    return fresh_ids(incident) if from_file else incident


def _contents(items: list[Any]) -> Counter[str]:
    return Counter(item_key(x) if isinstance(x, Item) else x for x in items)


def _same_but_list_order(one: Incident, other: Incident) -> None:
    """The same fields, and the same items in each list (in any order)."""
    plain_one, plain_other = dump_plain(one), dump_plain(other)
    for path in LISTS:
        *parents, name = path.split(".")
        a, b = plain_one, plain_other
        for part in parents:
            a, b = a[part], b[part]
        del a[name], b[name]
        assert _contents(get(one, path)) == _contents(get(other, path)), path
    assert plain_one == plain_other


@st.composite
def _base_and_one_side(draw: Any) -> tuple[Incident, Incident, bool]:
    base = draw(incidents())
    from_file = draw(st.booleans())
    side = edited(base, draw(edit_lists(base, "o", moves=True)))
    return base, _as_read(side, from_file), from_file


@given(_base_and_one_side())
def test_merging_nothing_from_theirs_gives_mine(case: tuple[Incident, Incident, bool]) -> None:
    base, mine, _ = case
    result = merge(base, mine, base)
    assert result.clean
    assert result.incoming == ()
    merged = result.resolve()
    assert dump_plain(merged) == dump_plain(mine)
    assert [x.id for x in merged.timeline] == [x.id for x in mine.timeline]  # my ids kept


@given(_base_and_one_side())
def test_merging_theirs_into_an_unchanged_copy_gives_theirs(
    case: tuple[Incident, Incident, bool],
) -> None:
    base, theirs, _ = case
    result = merge(base, base, theirs)
    assert result.clean
    assert dump_plain(result.resolve()) == dump_plain(theirs)
    assert (result.summary() == "") == (dump_plain(theirs) == dump_plain(base))


@st.composite
def _disjoint(draw: Any) -> tuple[Incident, list[Edit], list[Edit], bool]:
    base = draw(incidents())
    from_file = draw(st.booleans())
    mine, theirs = draw(disjoint_edits(base, moves=not from_file))
    return base, mine, theirs, from_file


@given(_disjoint())
def test_edits_to_different_fields_and_items_never_conflict_and_both_survive(
    case: tuple[Incident, list[Edit], list[Edit], bool],
) -> None:
    base, my_edits, their_edits, from_file = case
    mine = _as_read(edited(base, my_edits), from_file)
    theirs = _as_read(edited(base, their_edits), from_file)
    result = merge(base, mine, theirs)
    assert result.conflicts == ()
    both = edited(base, my_edits + their_edits)
    _same_but_list_order(result.resolve(), both)


@given(_disjoint())
def test_the_merge_is_the_same_whichever_side_is_mine(
    case: tuple[Incident, list[Edit], list[Edit], bool],
) -> None:
    base, my_edits, their_edits, from_file = case
    mine = _as_read(edited(base, my_edits), from_file)
    theirs = _as_read(edited(base, their_edits), from_file)
    one, other = merge(base, mine, theirs), merge(base, theirs, mine)
    assert one.clean and other.clean
    assert dump_plain(one.resolve()) == dump_plain(other.resolve())


@st.composite
def _field_conflict(draw: Any) -> tuple[Incident, Incident, Incident, str, str, str]:
    base = draw(incidents())
    path = draw(st.sampled_from(TEXT_FIELDS))
    mine_value = draw(text("mine"))
    their_value = draw(text("theirs"))
    others_mine, others_theirs = draw(disjoint_edits(base))
    mine = edited(base, [e for e in others_mine if e.path != path])
    theirs = edited(base, [e for e in others_theirs if e.path != path])
    put(mine, path, mine_value)
    put(theirs, path, their_value)
    from_file = draw(st.booleans())
    return (
        base,
        _as_read(mine, from_file),
        _as_read(theirs, from_file),
        path,
        mine_value,
        their_value,
    )


@given(_field_conflict())
def test_a_field_changed_both_ways_is_a_conflict_with_both_values(
    case: tuple[Incident, Incident, Incident, str, str, str],
) -> None:
    base, mine, theirs, path, mine_value, their_value = case
    result = merge(base, mine, theirs)
    assert [conflict.key for conflict in result.conflicts] == [path]
    conflict = result.conflicts[0]
    assert (conflict.mine, conflict.theirs) == (mine_value, their_value)
    assert conflict.path == path
    assert get(result.resolve(Choice.MINE), path) == mine_value
    assert get(result.resolve({path: Choice.THEIRS}), path) == their_value
    if Choice.BOTH in conflict.choices:
        assert get(result.resolve(Choice.BOTH), path) == f"{mine_value}\n\n{their_value}"


@st.composite
def _item_conflict(draw: Any) -> tuple[Incident, Incident, Incident, str, int, str]:
    base = draw(incidents().filter(lambda i: bool(i.timeline or i.measures.tasks or i.sections)))
    path = draw(st.sampled_from([p for p in ITEM_FIELDS if get(base, p)]))
    index = draw(st.integers(0, len(get(base, path)) - 1))
    name = draw(st.sampled_from(["text", "owner"] if path == "measures.tasks" else ["by", "label"]))
    if path == "sections":
        name = "title"
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    setattr(get(mine, path)[index], name, "mine " + getattr(get(base, path)[index], name))
    setattr(get(theirs, path)[index], name, "theirs " + getattr(get(base, path)[index], name))
    return base, mine, theirs, path, index, name


@given(_item_conflict())
def test_an_item_edited_both_ways_is_a_conflict_that_can_keep_both(
    case: tuple[Incident, Incident, Incident, str, int, str],
) -> None:
    base, mine, theirs, path, index, name = case
    result = merge(base, mine, theirs)
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert conflict.fields == (name,)
    assert conflict.mine == getattr(get(mine, path)[index], name)
    assert conflict.theirs == getattr(get(theirs, path)[index], name)
    assert conflict.where.split(" (")[0].endswith(f" {index + 1}")
    assert conflict.item_id == get(mine, path)[index].id
    kept = get(result.resolve(Choice.BOTH), path)
    assert len(kept) == len(get(base, path)) + 1
    assert item_key(get(mine, path)[index]) in _contents(kept)
    assert item_key(get(theirs, path)[index]) in _contents(kept)
    assert len({x.id for x in kept}) == len(kept)


@st.composite
def _both_add(draw: Any) -> tuple[Incident, list[Any], list[Any]]:
    base = draw(incidents())
    tags_mine, tags_theirs = Tags("o"), Tags("t")
    mine = [item(draw, "timeline", tags_mine) for _ in range(draw(st.integers(1, 3)))]
    theirs = [item(draw, "timeline", tags_theirs) for _ in range(draw(st.integers(1, 3)))]
    return base, mine, theirs


@given(_both_add())
def test_entries_added_on_both_sides_at_the_end_are_all_kept_in_time_order(
    case: tuple[Incident, list[Any], list[Any]],
) -> None:
    base, my_entries, their_entries = case
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.timeline.extend(sorted(my_entries, key=_when))
    theirs.timeline.extend(sorted(their_entries, key=_when))
    result = merge(base, fresh_ids(mine), fresh_ids(theirs))
    assert result.clean
    added = result.resolve().timeline[len(base.timeline) :]
    assert _contents(added) == _contents(my_entries + their_entries)
    assert [_when(x) for x in added] == sorted(_when(x) for x in added)
    assert f"{len(their_entries)} timeline entr" in result.summary()


def _when(entry: Any) -> tuple[int, float]:
    return (0, entry.at.timestamp()) if entry.at is not None else (1, 0.0)
