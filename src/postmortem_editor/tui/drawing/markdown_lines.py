"""Markdown blocks drawn as lines of text, the way Textual's ``Markdown`` widget shows them.

A block of the preview (a section, a list, a table) is parsed with markdown-it and drawn
into ``Strip`` lines at a given width: headings, paragraphs, bullet and numbered lists,
tables, code, quotes, rules and links. Nothing here is a widget: the preview keeps the
lines of each block and draws only those on screen, so changing one block never mounts
or lays out anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.strip import Strip

_BLOCKS = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_INLINE = MarkdownIt("commonmark").enable("strikethrough")

BULLETS = ["• ", "▪ ", "‣ ", "⭑ ", "◦ "]
"""The bullet of each list depth, as the Markdown widget draws them."""

STYLE_NAMES = (
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "bullet",
    "code",
    "quote",
    "rule",
    "table-header",
    "table-border",
)
"""The styles a painter needs, by name; the preview takes them from its CSS."""


def inline_markdown(text: str, base: Style | None = None) -> Text:
    """Inline Markdown (bold, italic, code, links) as Rich text; never parsed as Rich markup."""
    out = Text(style=base or Style())
    tokens = _INLINE.parseInline(text)[0].children or []
    styles: list[Style] = []
    for token in tokens:
        kind = token.type
        if kind.endswith("_open"):
            styles.append(_INLINE_STYLES.get(kind) or _link_style(token.attrs.get("href")))
        elif kind.endswith("_close"):
            if styles:
                styles.pop()
        elif kind == "code_inline":
            out.append(token.content, Style(reverse=True, dim=True))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "image":
            out.append(f"[{token.content or 'image'}]", Style(italic=True))
        else:
            out.append(token.content, Style.chain(*styles) if styles else None)
    return out


_WORD = re.compile(r"\s*\S+\s*")
"""A word with the spaces around it, as Rich's wrapping sees it."""


def line_breaks(plain: str, width: int) -> list[int]:
    """Where a line of text breaks to fit ``width`` cells: before the word that does not
    fit, and inside a word only when it alone is longer than a line.

    The same breaks as Rich's wrapping (``Text.wrap``), several times faster on the text
    of timeline entries: ASCII text is measured by its length.
    """
    measure = len if plain.isascii() else cell_len
    breaks: list[int] = []
    used = 0
    for match in _WORD.finditer(plain):
        start, piece = match.start(), match.group()
        size = measure(piece.rstrip())
        if size <= width - used:
            used += measure(piece)
        elif size > width:
            chunks = chop_cells(piece, width)
            for chunk in chunks[:-1]:
                if start:
                    breaks.append(start)
                start += len(chunk)
            if start:
                breaks.append(start)
            used = measure(chunks[-1])
        elif used and start:
            breaks.append(start)
            used = measure(piece)
    return breaks


def wrap_text(text: Text, width: int, console: Console) -> list[list[Segment]]:
    """Styled text as lines of segments at most ``width`` cells wide, without the spaces
    at the ends of lines. Tabs are expanded; a newline starts a new line."""
    if "\t" in text.plain:
        text = text.copy()
        text.expand_tabs()
    lines: list[list[Segment]] = []
    for paragraph in text.split("\n", allow_blank=True):
        for line in paragraph.divide(line_breaks(paragraph.plain, width)):
            line.rstrip()
            lines.append(list(line.render(console)))
    return lines


_INLINE_STYLES = {
    "strong_open": Style(bold=True),
    "em_open": Style(italic=True),
    "s_open": Style(strike=True),
}


def _link_style(href: object) -> Style:
    return Style(underline=True, link=str(href or "") or None)


@dataclass(frozen=True)
class Drawn:
    """A block drawn at one width: its lines and the blank lines it wants around it."""

    lines: list[Strip]
    top: int = 0
    bottom: int = 0


def join(parts: list[Drawn]) -> Drawn:
    """Stack drawn parts, with the larger of two neighbouring margins between them."""
    parts = [part for part in parts if part.lines]
    if not parts:
        return Drawn([])
    lines: list[Strip] = list(parts[0].lines)
    for before, part in pairwise(parts):
        lines.extend(Strip.blank(0) for _ in range(max(before.bottom, part.top)))
        lines.extend(part.lines)
    return Drawn(lines, parts[0].top, parts[-1].bottom)


class Painter:
    """Draws Markdown blocks into lines with the styles it is given."""

    def __init__(self, styles: Callable[[str], Style]) -> None:
        self._style = styles
        self._console = Console(
            width=80, color_system="truecolor", legacy_windows=False, markup=False, emoji=False
        )

    def draw(self, markdown: str, width: int) -> Drawn:
        """The block's lines at this width (at least 10 columns)."""
        width = max(width, 10)
        tree = SyntaxTreeNode(_BLOCKS.parse(markdown))
        return join([self._node(node, width, 0) for node in tree.children])

    # --- one node --------------------------------------------------------------------------

    def _node(self, node: SyntaxTreeNode, width: int, depth: int) -> Drawn:
        kind = node.type
        if kind == "heading":
            return self._heading(node, width)
        if kind == "paragraph":
            return Drawn(self._text(_inline(node), width), 0, 0 if depth else 1)
        if kind in ("bullet_list", "ordered_list"):
            return self._list(node, width, depth)
        if kind == "blockquote":
            return self._quote(node, width, depth)
        if kind in ("fence", "code_block"):
            return self._code(node.content, width)
        if kind == "table":
            return self._table(node, width)
        if kind == "hr":
            return Drawn([Strip([Segment("─" * width, self._style("rule"))])], 1, 1)
        # html_block and anything else: shown as written.
        return Drawn(self._text(Text(node.content.rstrip("\n")), width), 0, 1)

    def _heading(self, node: SyntaxTreeNode, width: int) -> Drawn:
        level = int(node.tag[1:]) if node.tag[1:].isdigit() else 6
        style = self._style(f"h{level}")
        text = _inline(node)
        text.stylize(style)
        if level == 1:
            text.justify = "center"
        lines = self._text(text, width, pad_style=style if level == 1 else None)
        return Drawn(lines, 2 if level <= 2 else 1, 1)

    def _list(self, node: SyntaxTreeNode, width: int, depth: int) -> Drawn:
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1) or 1) if ordered else 1
        items = node.children
        marks = (
            [f"{start + n}." for n in range(len(items))]
            if ordered
            else [BULLETS[depth % len(BULLETS)].rstrip()] * len(items)
        )
        indent = max(len(mark) for mark in marks) + 1 if marks else 2
        bullet_style = self._style("bullet")
        lines: list[Strip] = []
        for mark, item in zip(marks, items, strict=True):
            body = join([self._node(child, width - indent, depth + 1) for child in item.children])
            first = Strip([Segment(mark.rjust(indent - 1) + " ", bullet_style)])
            pad = Strip.blank(indent)
            if not body.lines:
                lines.append(first)
                continue
            for number, line in enumerate(body.lines):
                lines.append(Strip.join([first if number == 0 else pad, line]))
        return Drawn(lines, 0, 0 if depth else 1)

    def _quote(self, node: SyntaxTreeNode, width: int, depth: int) -> Drawn:
        body = join([self._node(child, width - 2, depth + 1) for child in node.children])
        style = self._style("quote")
        bar = Strip([Segment("▌ ", style)])
        lines = [
            Strip.join([bar, line.crop_extend(0, width - 2, None)]).apply_style(style)
            for line in body.lines or [Strip.blank(0)]
        ]
        return Drawn(lines, 1, 1)

    def _code(self, code: str, width: int) -> Drawn:
        style = self._style("code")
        text = Text(code.rstrip("\n"), style=style, no_wrap=False)
        lines = self._text(text, width - 2, pad_style=style)
        edge = Strip([Segment(" ", style)])
        return Drawn([Strip.join([edge, line, edge]) for line in lines], 1, 1)

    def _table(self, node: SyntaxTreeNode, width: int) -> Drawn:
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            expand=False,
            header_style=self._style("table-header"),
            border_style=self._style("table-border"),
            pad_edge=False,
        )
        rows: list[list[Text]] = []
        for section in node.children:
            for row in section.children:
                cells = [_inline(cell) for cell in row.children]
                if section.type == "thead":
                    for cell in cells:
                        table.add_column(cell, overflow="fold")
                else:
                    rows.append(cells)
        columns = len(table.columns)
        for cells in rows:
            table.add_row(*(cells + [Text()] * columns)[:columns])
        return Drawn(self._render(table, width), 0, 1)

    # --- drawing ---------------------------------------------------------------------------

    def _text(self, text: Text, width: int, pad_style: Style | None = None) -> list[Strip]:
        lines = self._render(text, width, pad=pad_style is not None)
        if pad_style is not None:
            lines = [line.apply_style(pad_style) for line in lines]
        return lines

    def _render(self, renderable: RenderableType, width: int, *, pad: bool = False) -> list[Strip]:
        options = self._console.options.update_width(max(width, 1))
        rendered = self._console.render_lines(renderable, options, pad=pad, new_lines=False)
        return [Strip(line) for line in rendered]


def _source(node: SyntaxTreeNode) -> str:
    """The inline Markdown source of a heading, paragraph or cell."""
    for child in node.children:
        if child.type == "inline":
            return child.content
    return ""


def _inline(node: SyntaxTreeNode) -> Text:
    return inline_markdown(_source(node))
