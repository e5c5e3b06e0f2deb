"""Which items of two versions of a list are the same item, when no id says so.

Runtime ids live only while a file is open, so two versions of an incident read from disk
(a recovery file and its incident, the three versions a merge starts from) share none.
Their list items are followed by their content and place instead: equal items are the
same item; between them, one item removed where one was added is that item edited in
place, and where several were removed and added, those most alike are. An item's main
text (an entry's or a task's text, a section's title, an improvement) counts most in how
alike two items are.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from postmortem_editor.model import Item

T = TypeVar("T")

LARGEST_BLOCK = 2500
"""Above this many (removed x added) pairs in one place, items are paired by place alone."""
MAIN_TEXT_SHARE = 0.7
"""How much the main text counts in how alike two items are (the other fields: the rest)."""
ALIKE = 0.25
"""How alike (0 to 1) items removed and added together must be to count as items edited:
an entry whose text was rewritten but whose time and kind stayed is (0.3)."""


def corresponding(
    old: Sequence[T],
    new: Sequence[T],
    *,
    key: Callable[[T], Hashable],
    likeness: Callable[[T, T], float],
    at_least: float = 0.0,
) -> list[tuple[int, int]]:
    """The (old index, new index) pairs of the items that are the same item.

    ``key`` is equal for equal items (:func:`item_key`). Equal items correspond first.
    Between them, one item removed where one was added is that item, edited in place;
    where several were removed and added, the removed and added items correspond in order
    so that together they are the most alike (``likeness``, from 0 to 1, see
    :func:`item_likeness`), a pair less alike than ``at_least`` never. An item with no
    pair was removed (old) or added (new). The pairs keep the order of both lists.
    """
    matcher = difflib.SequenceMatcher(
        a=[key(item) for item in old], b=[key(item) for item in new], autojunk=False
    )
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        elif tag == "replace" and i2 - i1 == j2 - j1 == 1:
            pairs.append((i1, j1))
        elif tag == "replace":
            alike = _most_alike(old[i1:i2], new[j1:j2], likeness, at_least)
            pairs.extend((i1 + i, j1 + j) for i, j in alike)
    return pairs


def _most_alike(
    old: Sequence[T], new: Sequence[T], likeness: Callable[[T, T], float], at_least: float
) -> list[tuple[int, int]]:
    """Pairs of removed and added items, in order, the most alike together (then the most
    pairs)."""
    rows, columns = len(old), len(new)
    if rows * columns > LARGEST_BLOCK:
        return [(i, i) for i in range(min(rows, columns)) if likeness(old[i], new[i]) >= at_least]
    # best[i][j]: the most likeness, then the most pairs, that old[i:] and new[j:] make
    best = [[(0.0, 0)] * (columns + 1) for _ in range(rows + 1)]
    paired: dict[tuple[int, int], tuple[float, int]] = {}
    for i in range(rows - 1, -1, -1):
        for j in range(columns - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            alike = likeness(old[i], new[j])
            if alike >= at_least:
                total, count = best[i + 1][j + 1]
                paired[(i, j)] = (total + alike, count + 1)
                options.append(paired[(i, j)])
            best[i][j] = max(options)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < columns:
        if paired.get((i, j)) == best[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def item_key(item: Item) -> str:
    """An item's content as text, without its runtime id: equal for equal items."""
    return item.model_dump_json()


def text_likeness(one: str, other: str) -> float:
    """How alike two texts are, from 0 to 1: the share of their words in common, in order.

    An empty text and another are half alike: a blank filled in may be the same item.
    """
    if one == other:
        return 1.0
    if not one or not other:
        return 0.5
    return difflib.SequenceMatcher(a=one.split(), b=other.split(), autojunk=False).ratio()


def item_likeness(one: Item, other: Item) -> float:
    """How alike two items of a list are, from 0 to 1.

    The main text (``text``, else ``title``) counts for :data:`MAIN_TEXT_SHARE`, unless
    one of them has none (a blank entry being filled in); the other fields that either
    item fills in share the rest, texts by their words, other values by being equal.
    Where neither fills in another field, the rest is half alike: nothing says either way.
    """
    names = [name for name in type(one).model_fields if name != "id"]
    main = "text" if "text" in names else "title"
    shares: list[float] = []
    for name in names:
        if name == main:
            continue
        a, b = getattr(one, name), getattr(other, name)
        if a == b and not a:
            continue
        shares.append(value_likeness(a, b))
    rest = sum(shares) / len(shares) if shares else 0.5
    one_text, other_text = getattr(one, main, ""), getattr(other, main, "")
    if not one_text or not other_text:
        return rest
    return MAIN_TEXT_SHARE * text_likeness(one_text, other_text) + (1 - MAIN_TEXT_SHARE) * rest


def value_likeness(one: Any, other: Any) -> float:
    """How alike two values are: texts by their words (:func:`text_likeness`), other values
    1 when equal, else 0."""
    if isinstance(one, str) and isinstance(other, str):
        return text_likeness(one, other)
    return 1.0 if one == other else 0.0
