"""An incident file's statements grouped into tables, edited in place and written out again.

Each table is a :class:`Block` that owns the comments belonging to it: those directly above
its header, with any blank-line-separated block of comments up to the previous table's last
key, and those directly under its last key. Between blocks there are only blank lines
(:class:`Gap`). :class:`Layout` holds them in file order and writes the text back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from postmortem_editor.toml_scan import Statement, Unsupported, scan

# --- blocks ----------------------------------------------------------------------------------


@dataclass(eq=False)
class Entry:
    """A statement inside a block, editable."""

    kind: str
    text: str
    key: str = ""
    value: tuple[int, int] = (0, 0)

    @property
    def raw(self) -> str:
        """The value's text, as written."""
        return self.text[self.value[0] : self.value[1]]

    def set_raw(self, raw: str) -> None:
        """Write a new value in place, keeping what is around it (the key, a comment)."""
        start, end = self.value
        self.text = self.text[:start] + raw + self.text[end:]
        self.value = (start, start + len(raw))


@dataclass(eq=False)
class Block:
    """A table in the file: the comments it owns, its header and its statements."""

    path: tuple[str, ...]
    aot: bool = False
    head: list[str] = field(default_factory=list)
    header: str = ""
    body: list[Entry] = field(default_factory=list)

    def text(self) -> str:
        """The block as written."""
        return "".join(self.head) + self.header + "".join(entry.text for entry in self.body)

    def entry(self, key: str) -> Entry | None:
        """The statement of a key, if the table has it."""
        for entry in self.body:
            if entry.kind == "key" and entry.key == key:
                return entry
        return None


@dataclass(eq=False)
class Gap:
    """Lines that belong to no table: blank lines between tables, the end of the file."""

    lines: list[str] = field(default_factory=list)


Part = Block | Gap

TABLES = ("headings", "summary", "analysis", "measures")
ARRAYS = {("timeline",), ("measures", "tasks"), ("sections",)}
ORDER: tuple[tuple[str, ...], ...] = (
    ("headings",),
    ("summary",),
    ("timeline",),
    ("analysis",),
    ("measures",),
    ("measures", "tasks"),
    ("sections",),
)


class Layout:
    """A file's text as blocks and gaps, edited in place and written out again."""

    def __init__(self, statements: Sequence[Statement], newline: str, final_newline: bool):
        self.newline = newline
        self.final_newline = final_newline
        self.parts: list[Part] = []
        sections: list[list[Statement]] = [[]]
        for statement in statements:
            if statement.kind == "header":
                sections.append([])
            sections[-1].append(statement)
        pending: list[str] = []
        gap: list[str] = []
        for index, section in enumerate(sections):
            if index == 0:
                block = Block(())
                body = section
            else:
                header = section[0]
                if header.key not in ARRAYS and (
                    len(header.key) != 1 or header.key[0] not in TABLES
                ):
                    raise Unsupported(f"table {'.'.join(header.key)}")
                if header.aot != (header.key in ARRAYS):
                    raise Unsupported("a table written as an array, or the other way round")
                block = Block(header.key, header.aot, pending, header.text)
                body = section[1:]
            keys = [i for i, s in enumerate(body) if s.kind == "key"]
            if keys:
                own = keys[-1] + 1
            else:
                own = 0
                if index == 0:  # the file's opening comments stay at the top
                    while own < len(body) and body[own].kind == "comment":
                        own += 1
            while own < len(body) and body[own].kind == "comment":
                own += 1
            for statement in body[:own]:
                if statement.kind == "key":
                    if len(statement.key) != 1:
                        raise Unsupported("dotted key")
                    block.body.append(
                        Entry("key", statement.text, statement.key[0], statement.value)
                    )
                else:
                    block.body.append(Entry(statement.kind, statement.text))
            rest = [s.text for s in body[own:]]
            blanks = 0
            while blanks < len(rest) and not rest[blanks].strip():
                blanks += 1
            if index:
                self.parts.append(Gap(gap))
            self.parts.append(block)
            if index == len(sections) - 1:
                self.parts.append(Gap(rest))
            else:
                gap, pending = rest[:blanks], rest[blanks:]
        self._check()

    @classmethod
    def parse(cls, text: str, statements: Sequence[Statement] | None = None) -> Layout:
        """The document of a text; ``statements`` is ``scan(text)`` when already known."""
        newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
        if statements is None:
            statements = scan(text)
        final = text.endswith("\n")
        if not final and statements:
            last = statements[-1]
            statements = (
                *statements[:-1],
                Statement(last.kind, last.text + newline, last.key, last.aot, last.value),
            )
        return cls(statements, newline, final)

    def _check(self) -> None:
        seen: set[tuple[str, ...]] = set()
        previous: tuple[str, ...] | None = None
        for block in self.blocks():
            if block.path in seen and not (block.aot and block.path == previous):
                raise Unsupported(f"the tables of {'.'.join(block.path)} are apart")
            seen.add(block.path)
            previous = block.path
            for entry in block.body:
                if entry.kind != "key":
                    continue
                if entry.raw.startswith("{"):
                    raise Unsupported("inline table")
                if block.path == () and entry.key in (*TABLES, "timeline", "sections"):
                    raise Unsupported(f"{entry.key} written as a value")
                if block.path == ("measures",) and entry.key == "tasks":
                    raise Unsupported("tasks written as a value")

    def blocks(self) -> list[Block]:
        """The blocks, in the file's order."""
        return [part for part in self.parts if isinstance(part, Block)]

    def table(self, path: tuple[str, ...]) -> Block | None:
        """The block of a table (the root is ``()``)."""
        for part in self.parts:
            if isinstance(part, Block) and part.path == path:
                return part
        return None

    def group(self, path: tuple[str, ...]) -> list[Block]:
        """The blocks of an array of tables, in order."""
        return [part for part in self.parts if isinstance(part, Block) and part.path == path]

    def text(self) -> str:
        """The document as written."""
        chunks: list[str] = []
        for part in self.parts:
            if isinstance(part, Gap):
                chunks.extend(part.lines)
            else:
                chunks.append(part.text())
        out = "".join(chunks)
        if not self.final_newline and out.endswith(self.newline):
            out = out[: -len(self.newline)]
        return out

    # -- moving blocks about

    def _index(self, block: Block) -> int:
        for index, part in enumerate(self.parts):
            if part is block:
                return index
        raise ValueError("block not in document")

    def remove(self, block: Block) -> None:
        """Take a block out with the blank line that separated it."""
        index = self._index(block)
        del self.parts[index]
        before = self.parts[index - 1] if index else None
        after = self.parts[index] if index < len(self.parts) else None
        if isinstance(before, Gap) and before.lines and not before.lines[-1].strip():
            before.lines.pop()
        elif isinstance(after, Gap) and after.lines and not after.lines[0].strip():
            after.lines.pop(0)
        if isinstance(before, Gap) and isinstance(after, Gap):
            before.lines.extend(after.lines)
            del self.parts[index]

    def insert_after(self, anchor: Block, block: Block) -> None:
        """Put a block after another, a blank line between them."""
        index = self._index(anchor) + 1
        self.parts[index:index] = [Gap([self.newline]), block]

    def insert_before(self, anchor: Block, block: Block) -> None:
        """Put a block before another (and the comments it owns), a blank line between them."""
        index = self._index(anchor)
        self.parts[index:index] = [block, Gap([self.newline])]

    def insert_table(self, block: Block) -> None:
        """Put a new table where the format puts it, after a commented example of it if any."""
        rank = ORDER.index(block.path)
        index = 0
        for position, part in enumerate(self.parts):
            if isinstance(part, Block) and (part.path == () or ORDER.index(part.path) < rank):
                index = position
        index += 1
        marker = re.compile(
            r"[ \t]*#[ \t]*\[\[?[ \t]*" + re.escape(".".join(block.path)) + r"[ \t]*\]"
        )
        following = self.parts[index] if index < len(self.parts) else None
        if isinstance(following, Gap):
            hit = _marked(following.lines, marker)
            if hit is not None:
                self.parts[index : index + 1] = [
                    Gap(following.lines[:hit]),
                    Gap(following.lines[hit:]),
                ]
                index += 1
            else:
                after = self.parts[index + 1] if index + 1 < len(self.parts) else None
                if isinstance(after, Block):
                    hit = _marked(after.head, marker)
                    if hit is not None:
                        self.parts.insert(index + 1, Gap(after.head[:hit]))
                        after.head = after.head[hit:]
                        index += 2
        previous = self.parts[index - 1]
        empty_top = isinstance(previous, Block) and previous.path == () and not previous.body
        self.parts[index:index] = [block] if empty_top else [Gap([self.newline]), block]


def _marked(lines: list[str], marker: re.Pattern[str]) -> int | None:
    """Where the comment block holding a marker line ends, if a line matches it."""
    for index, line in enumerate(lines):
        if marker.match(line):
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            return end
    return None
