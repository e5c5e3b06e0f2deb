"""Writing an incident through its tomlkit document: only the nodes whose value changed.

This is how a file the line patcher cannot edit (see :mod:`postmortem_editor.store_patch`)
is saved: the file's tomlkit document is given the differences between the last saved
incident and the edited one, node by node, so comments and order survive everywhere else.
Array-of-tables items (timeline entries, tasks, free sections) are matched by their ids.
"""

from __future__ import annotations

import typing
from typing import Any

import tomlkit
from pydantic import BaseModel
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.items import AoT, Table, Whitespace

from postmortem_editor.model import Item
from postmortem_editor.toml_values import fresh_item


def apply_model(container: Any, old: BaseModel, new: BaseModel) -> None:
    """Assign to the container only the fields whose value differs between old and new."""
    for name in type(new).model_fields:
        if name == "id":
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if isinstance(after, BaseModel):
            if name in container and isinstance(container[name], OutOfOrderTableProxy):
                # A table written in pieces (an array's tables after another table's):
                # tomlkit cannot change it in place, so it is written again whole, where
                # the format puts it.
                del container[name]
                if not _is_empty_model(after):
                    _add(container, type(new), name, _table_of(after))
            elif name in container:
                apply_model(container[name], before, after)
            elif not _is_empty_model(after):
                _add(container, type(new), name, _table_of(after))
        elif _holds_items(type(new), name):
            _apply_items(container, type(new), name, before, after)
        elif is_empty(after):
            if name in container:
                del container[name]
        else:
            container[name] = fresh_item(after)


def _holds_items(model: type[BaseModel], name: str) -> bool:
    """Whether the field is a list of items (an array of tables in the file)."""
    field = model.model_fields.get(name)
    return (
        field is not None
        and name in {"timeline", "tasks", "sections"}
        and typing.get_origin(field.annotation) is list
    )


def _add(container: Any, model: type[BaseModel], name: str, item: Table | AoT) -> None:
    """Add a new table or array of tables where the model's field order puts it."""
    order = [field for field in model.model_fields if field != "id"]
    position = order.index(name)
    before = [key for key in order[:position] if _is_table(container, key)]
    after = [key for key in order[position + 1 :] if _is_table(container, key)]
    if before and after and not any(_is_dotted(container, key) for key in after):
        # Between two tables written under headers; a table written as dotted keys
        # (`analysis.lessons = ...`) must stay above every header, or the header takes
        # its keys in.
        _end_with_blank(item)
        container._insert_after(before[-1], name, item)
        return
    if container.as_string().strip() and not container.as_string().endswith("\n\n"):
        container.add(tomlkit.nl())
    container[name] = item


def _is_table(container: Any, key: str) -> bool:
    return key in container and isinstance(container[key], (Table, AoT))


def _is_dotted(container: Any, key: str) -> bool:
    """Whether the table is written as dotted keys (`summary.service = ...`), not a header."""
    return any(
        found is not None and found.key == key and found.is_dotted() for found, _ in container.body
    )


def _end_with_blank(item: Table | AoT) -> None:
    last = item.body[-1] if isinstance(item, AoT) else item
    if not _ends_blank(last):
        last.add(tomlkit.nl())


def _apply_items(
    container: Any, model: type[BaseModel], name: str, before: list[Item], after: list[Item]
) -> None:
    """Bring an array of tables in line with a list of items, matched by their ids."""
    if not after:
        if name in container:
            del container[name]
        return
    if name not in container:
        _add(container, model, name, _aot_of(after))
        return
    aot = container[name]
    if not isinstance(aot, AoT):
        # An inline array (`tasks = []`, `timeline = [{ text = "..." }]`): written out again
        # as an array of tables, where the format puts it.
        del container[name]
        _add(container, model, name, _aot_of(after))
        return
    tables: dict[str, Table] = {}
    olds: dict[str, Item] = {}
    for item, table in zip(before, aot.body, strict=True):
        tables[item.id] = table
        olds[item.id] = item
    wanted: list[Table] = []
    for item in after:
        found = tables.get(item.id)
        if found is None:
            found = _table_of(item)
        else:
            apply_model(found, olds[item.id], item)
        wanted.append(found)
    current = list(aot.body)
    if [id(t) for t in wanted] == [id(t) for t in current]:
        return
    kept = [t for t in current if any(t is w for w in wanted)]
    in_order = [t for t in wanted if any(t is c for c in current)]
    if kept == in_order and all(w is c for w, c in zip(wanted, kept, strict=False)):
        # Only deletions and additions at the end: remove and append in place.
        for index in reversed(range(len(current))):
            if not any(current[index] is w for w in wanted):
                del aot[index]
        for table in wanted[len(kept) :]:
            _append_table(aot, table)
        return
    # A reorder (or insertion in the middle): lay the tables out again in the new order.
    ended_blank = bool(current) and _ends_blank(current[-1])
    while len(aot):
        del aot[0]
    for index, table in enumerate(wanted):
        last = index == len(wanted) - 1
        if not last and not _ends_blank(table):
            table.add(tomlkit.nl())
        if last and ended_blank and not _ends_blank(table):
            table.add(tomlkit.nl())
        aot.append(table)


def _ends_blank(table: Table) -> bool:
    body = table.value.body
    return bool(body) and isinstance(body[-1][1], Whitespace) and "\n" in body[-1][1].s


def _append_table(aot: AoT, table: Table) -> None:
    if aot.body:
        last = aot.body[-1]
        if _ends_blank(last):
            table.add(tomlkit.nl())
        else:
            last.add(tomlkit.nl())
    aot.append(table)


def is_empty(value: Any) -> bool:
    """Whether a value is left out of the file: None, an empty string or an empty list."""
    return value is None or value == "" or value == []


def _is_empty_model(model: BaseModel) -> bool:
    return all(
        is_empty(getattr(model, name))
        or getattr(model, name) == field.get_default(call_default_factory=True)
        for name, field in type(model).model_fields.items()
        if name != "id"
    )


def _table_of(model: BaseModel) -> Table:
    table = tomlkit.table()
    for name in type(model).model_fields:
        if name == "id":
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            if not _is_empty_model(value):
                table[name] = _table_of(value)
        elif _holds_items(type(model), name):
            if value:
                table[name] = _aot_of(value)
        elif not is_empty(value):
            table[name] = fresh_item(value)
    return table


def _aot_of(items: list[Item]) -> AoT:
    aot = tomlkit.aot()
    for item in items:
        aot.append(_table_of(item))  # a new array spaces its own tables
    return aot
