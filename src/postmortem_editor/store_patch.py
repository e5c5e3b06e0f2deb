"""Faithful saves: an edit to an incident rewrites only its own lines of the file's text.

The file is read as a sequence of statements (keys, table headers, comments, blank lines)
grouped into blocks, one per table, each owning the comments that belong to it: those
directly above its header, with any blank-line-separated block of comments up to the
previous table's last key, and those directly under its last key. Between blocks there are
only blank lines. Saving applies the difference between the last saved incident and the
edited one to those blocks:

- a changed value is written in place, in the form it had (string style, time offset and
  precision, number form), unless its new content needs another form;
- a new key replaces the template's commented example line for it (``# start = ...``) when
  the table has one, else it goes after the table's last key;
- a list item (a timeline entry, a task, a free section, an improvement) is matched by its
  id; a deleted one takes its lines and one separating blank line, an added one only adds
  lines, a moved one moves its lines with its comments;
- a new table goes where the format puts it, after a commented example of it
  (``# [[timeline]]``) when there is one.

A file laid out in a way this does not follow (dotted keys, inline tables for sections,
tables of an array split apart) raises :class:`Unsupported`; the store then saves through
its tomlkit document instead.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from postmortem_editor.model import Incident, Item
from postmortem_editor.toml_layout import TABLES, Block, Entry, Layout
from postmortem_editor.toml_scan import Statement, Unsupported
from postmortem_editor.toml_values import array_raw, comparable, value_raw

# --- applying a model ------------------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Whether two values are written alike (times with the same offset too)."""
    if isinstance(a, BaseModel) or isinstance(b, BaseModel):
        return (
            type(a) is type(b)
            and a == b
            and all(same(getattr(a, name), getattr(b, name)) for name in type(a).model_fields)
        )
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, datetime) or isinstance(b, datetime):
        return comparable(a) == comparable(b)
    return type(a) is type(b) and a == b


def _content(item: Item) -> dict[str, Any]:
    return item.model_dump(mode="json")


class Patcher:
    """Applies the difference between two incidents to a document."""

    def __init__(self, document: Layout) -> None:
        self.doc = document
        self.nl = document.newline

    def apply(self, old: Incident, new: Incident) -> None:
        """Change the document from what old says to what new says."""
        root = self.doc.table(())
        assert root is not None
        self.fields(root, old, new)
        for name in TABLES:
            before, after = getattr(old, name), getattr(new, name)
            if not same(before, after):
                block = self.doc.table((name,))
                if block is not None:
                    self.fields(block, before, after)
                else:
                    entries = self.new_entries(after)
                    if entries:
                        self.doc.insert_table(
                            Block((name,), False, [], f"[{name}]{self.nl}", entries)
                        )
            if name == "measures":
                self.items(("measures", "tasks"), before.tasks, after.tasks)
        self.items(("timeline",), old.timeline, new.timeline)
        self.items(("sections",), old.sections, new.sections)

    def fields(self, block: Block, old: BaseModel, new: BaseModel) -> None:
        """Write the plain fields that differ into a table's block."""
        for name in type(new).model_fields:
            if name == "id" or name in TABLES or name in ("timeline", "sections", "tasks"):
                continue
            before, after = getattr(old, name), getattr(new, name)
            if same(before, after):
                continue
            entry = block.entry(name)
            if after is None:
                if entry is not None:
                    block.body.remove(entry)
                continue
            if entry is not None:
                if isinstance(after, list):
                    entry.set_raw(array_raw(entry.raw, list(before or []), after, self.nl))
                else:
                    entry.set_raw(value_raw(after, entry.raw, self.nl))
                continue
            if after == "" or after == []:
                continue
            self.add_key(block, name, value_raw(after, None, self.nl))

    def add_key(self, block: Block, name: str, raw: str) -> None:
        """A new key where the table's commented example of it is, else after its last key."""
        example = re.compile(r"[ \t]*#[ \t]*" + re.escape(name) + r"[ \t]*=")
        for index, entry in enumerate(block.body):
            if entry.kind == "comment" and example.match(entry.text):
                indent = entry.text[: len(entry.text) - len(entry.text.lstrip(" \t"))]
                block.body[index] = _key_entry(name, raw, indent, self.nl)
                return
        keys = [entry for entry in block.body if entry.kind == "key"]
        indent = (
            keys[-1].text[: len(keys[-1].text) - len(keys[-1].text.lstrip(" \t"))] if keys else ""
        )
        block.body.append(_key_entry(name, raw, indent, self.nl))

    def new_entries(self, model: BaseModel) -> list[Entry]:
        """The statements of a new table: its fields that are not empty."""
        entries = []
        for name in type(model).model_fields:
            if name == "id" or name == "tasks":
                continue
            value = getattr(model, name)
            if value is None or value == "" or value == []:
                continue
            entries.append(_key_entry(name, value_raw(value, None, self.nl), "", self.nl))
        return entries

    def items(self, path: tuple[str, ...], before: list[Any], after: list[Any]) -> None:
        """Bring an array of tables in line with a list of items, matched by their ids."""
        if same(before, after):
            return
        blocks = self.doc.group(path)
        if len(blocks) != len(before):
            raise Unsupported(f"{'.'.join(path)}: tables and items differ")
        olds = {item.id: index for index, item in enumerate(before)}
        match: dict[int, int] = {}  # new index -> old index
        used: set[int] = set()
        for j, item in enumerate(after):
            i = olds.get(item.id)
            if i is not None and i not in used:
                match[j] = i
                used.add(i)
        if len(match) < len(after):
            free: dict[str, list[int]] = {}
            for i, item in enumerate(before):
                if i not in used:
                    free.setdefault(repr(_content(item)), []).append(i)
            for j, item in enumerate(after):
                if j not in match:
                    candidates = free.get(repr(_content(item)))
                    if candidates:
                        match[j] = candidates.pop(0)
                        used.add(match[j])
        for i, block in enumerate(blocks):
            if i not in used:
                self.doc.remove(block)
        staying = _increasing([match[j] for j in sorted(match)])
        header = f"[[{'.'.join(path)}]]{self.nl}"
        placed: list[Block] = []  # the blocks in their new order, as far as laid out
        for j, item in enumerate(after):
            if j in match:
                block = blocks[match[j]]
                self.fields(block, before[match[j]], item)
                if match[j] in staying:
                    placed.append(block)
                    continue
                self.doc.remove(block)
            else:
                block = Block(path, True, [], header, self.new_entries(item))
            if placed:
                self.doc.insert_after(placed[-1], block)
            else:
                following = next(
                    (
                        blocks[match[k]]
                        for k in range(j + 1, len(after))
                        if k in match and match[k] in staying
                    ),
                    None,
                )
                if following is not None:
                    self.doc.insert_before(following, block)
                else:
                    self.doc.insert_table(block)
            placed.append(block)


def _increasing(sequence: list[int]) -> set[int]:
    """The values of a longest increasing subsequence."""
    tails: list[int] = []
    tail_index: list[int] = []
    parents: list[int] = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        position = bisect.bisect_left(tails, value)
        if position == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[position] = value
            tail_index[position] = index
        parents[index] = tail_index[position - 1] if position else -1
    result: set[int] = set()
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        result.add(sequence[index])
        index = parents[index]
    return result


def _key_entry(name: str, raw: str, indent: str, newline: str) -> Entry:
    prefix = f"{indent}{name} = "
    return Entry("key", prefix + raw + newline, name, (len(prefix), len(prefix) + len(raw)))


def patch_text(
    text: str, old: Incident, new: Incident, statements: Sequence[Statement] | None = None
) -> str:
    """The text with only what differs between old (what it holds) and new rewritten.

    Raises Unsupported when the file is laid out in a way this does not edit.
    """
    document = Layout.parse(text, statements)
    Patcher(document).apply(old, new)
    return document.text()
