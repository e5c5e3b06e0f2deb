"""Markdown -> a flat list of blocks, each with its source text as written.

The importer reads structure from markdown-it-py's tokens (headings, paragraphs, lists,
tables, code) but keeps every block's Markdown exactly as the document wrote it, so that
whatever ends up in a prose field or a free section renders with the same words, links and
images. Lines that produce no token (link reference definitions) are kept as "raw" blocks.

Three repairs are made on the way, because real postmortems need them:

- an HTML heading (``<h3>Timeline</h3>``) is read as a heading, and the Markdown that
  follows it in the same HTML block is parsed again;
- a ``markdown`` code fence around a whole postmortem (as pasted from a chat answer) can
  be opened and its content parsed (:func:`open_markdown_fence`);
- a lone ``<img src=...>`` becomes a Markdown image.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])

_BLOCK_OPENERS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "blockquote_open": "quote",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "hr": "rule",
}
_MARKER = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>\s*$", re.IGNORECASE)
_LONE_IMAGE = re.compile(r"^\s*<img\b([^>]*?)/?>\s*$", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_MARKDOWN_FENCE_INFO = {"markdown", "md"}


@dataclass
class ListItem:
    """One item of a list: its Markdown with the marker, and its content without it."""

    source: str
    """The item as written, marker included, indented as in its list."""
    content: str
    """The item's Markdown without its marker, its continuation lines un-indented."""

    @property
    def head(self) -> str:
        """The first line of the content."""
        return self.content.split("\n", 1)[0]

    @property
    def rest(self) -> str:
        """The content after its first line, as Markdown."""
        parts = self.content.split("\n", 1)
        return parts[1] if len(parts) > 1 else ""


@dataclass
class Block:
    """A top-level piece of a Markdown document."""

    kind: str
    """heading, paragraph, list, table, quote, code, html, rule or raw."""
    source: str
    """The block's Markdown as written."""
    level: int = 0
    """The level of a heading (1 to 6)."""
    text: str = ""
    """The text of a heading, as written (inline Markdown)."""
    items: list[ListItem] = field(default_factory=list)
    """The items of a list."""
    ordered: bool = False
    """Whether a list is numbered."""
    rows: list[list[str]] = field(default_factory=list)
    """The cells of a table, header row first."""
    info: str = ""
    """The info string of a code fence, in lower case."""
    code: str = ""
    """The content of a code block, without its fence."""

    @property
    def lines(self) -> list[str]:
        """The source split into lines."""
        return self.source.split("\n")


def normalise_newlines(text: str) -> str:
    """Text with CRLF and lone CR line ends made LF, and a byte order mark dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_blocks(text: str) -> list[Block]:
    """The top-level blocks of a Markdown text, in order, none of its lines left out."""
    lines = text.split("\n")
    tokens = _MARKDOWN.parse(text)
    blocks: list[Block] = []
    covered = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = _BLOCK_OPENERS.get(token.type)
        if token.level != 0 or kind is None or token.map is None:
            index += 1
            continue
        start, end = token.map
        _add_gap(blocks, lines[covered:start])
        covered = max(covered, end)
        source = _trim("\n".join(lines[start:end]))
        closing = _closing_index(tokens, index)
        inner = tokens[index:closing]
        index = closing
        blocks.extend(_make_blocks(kind, source, inner, token))
    _add_gap(blocks, lines[covered:])
    return blocks


def _add_gap(blocks: list[Block], lines: list[str]) -> None:
    """Keep lines that produced no token (link reference definitions, stray text)."""
    text = _trim("\n".join(lines))
    if text.strip():
        blocks.append(Block("raw", text))


def _trim(text: str) -> str:
    """Text without its leading and trailing blank lines (indentation of the first line kept)."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def _closing_index(tokens: list[Token], index: int) -> int:
    """The index just past the token that closes the one at ``index``."""
    token = tokens[index]
    if token.nesting != 1:
        return index + 1
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position + 1
    return len(tokens)


def _make_blocks(kind: str, source: str, inner: list[Token], token: Token) -> list[Block]:
    if kind == "heading":
        text = inner[1].content if len(inner) > 1 else ""
        return [Block("heading", source, level=int(token.tag[1]), text=text)]
    if kind == "list":
        return [
            Block(
                "list",
                source,
                items=_list_items(source, inner, token),
                ordered=token.type == "ordered_list_open",
            )
        ]
    if kind == "table":
        return [Block("table", source, rows=_table_rows(inner))]
    if kind == "code":
        return [Block("code", source, info=token.info.strip().lower(), code=token.content)]
    if kind == "html":
        return _html_blocks(source)
    return [Block(kind, source)]


def _list_items(source: str, inner: list[Token], list_token: Token) -> list[ListItem]:
    """The items of a list, each cut from the list's own lines."""
    assert list_token.map is not None
    first_line = list_token.map[0]
    lines = source.split("\n")
    items = []
    for token in inner:
        if token.type != "list_item_open" or token.level != list_token.level + 1:
            continue
        assert token.map is not None
        start, end = token.map[0] - first_line, token.map[1] - first_line
        item_lines = lines[start:end]
        items.append(ListItem(_trim("\n".join(item_lines)), _item_content(item_lines)))
    return items


def _item_content(lines: list[str]) -> str:
    """A list item's content: the marker removed, continuation lines un-indented under it."""
    if not lines:
        return ""
    match = _MARKER.match(lines[0])
    if match is None:
        return _trim("\n".join(lines))
    width = len(match.group(0)) if match.group("space") else len(match.group(0)) + 1
    first = lines[0][len(match.group(0)) :]
    rest = []
    for line in lines[1:]:
        spaces = len(line) - len(line.lstrip(" "))
        rest.append(line[min(spaces, width) :])
    return _trim("\n".join([first, *rest]))


def _table_rows(inner: list[Token]) -> list[list[str]]:
    rows: list[list[str]] = []
    for position, token in enumerate(inner):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open") and rows:
            cell = inner[position + 1]
            rows[-1].append(cell.content.strip() if cell.type == "inline" else "")
    return rows


def _html_blocks(source: str) -> list[Block]:
    """An HTML block: a heading (and the Markdown after it), a lone image, or HTML as written.

    A heading further down the block (``<p>...</p>`` lines, then ``<h2>Timeline</h2>``)
    starts a block of its own, so that the sections of an HTML document are found.
    """
    lines = source.split("\n")
    later = next((i for i, line in enumerate(lines) if i and _HTML_HEADING.match(line)), None)
    if later is not None:
        before, after = "\n".join(lines[:later]), "\n".join(lines[later:])
        return [*_html_blocks(before), *parse_blocks(after)]
    first, _, rest = source.partition("\n")
    heading = _HTML_HEADING.match(first)
    if heading:
        text = heading.group(2).strip()
        blocks = [Block("heading", first, level=int(heading.group(1)), text=text)]
        if rest.strip():
            blocks.extend(parse_blocks(rest))
        return blocks
    if "\n" not in source.strip():
        image = _markdown_image(source)
        if image:
            return [Block("paragraph", image)]
    return [Block("html", source)]


def _markdown_image(source: str) -> str | None:
    """``<img src="a b.png" alt="x">`` as ``![x](<a b.png>)``; None when it is not a lone image."""
    match = _LONE_IMAGE.match(source)
    if match is None:
        return None
    attributes = {}
    for name, double, single, bare in _ATTRIBUTE.findall(match.group(1)):
        attributes[name.lower()] = html.unescape(double or single or bare)
    src = attributes.get("src", "").strip()
    if not src or any(c in src for c in "<>\n"):
        return None
    alt = attributes.get("alt", "").strip()
    if not alt:
        alt = re.sub(r"[-_]+", " ", src.rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip()
    alt = alt.replace("[", "(").replace("]", ")")
    target = f"<{src}>" if " " in src or "(" in src or ")" in src else src
    return f"![{alt}]({target})"


def is_markdown_fence(block: Block) -> bool:
    """Whether a block is a code fence that holds Markdown (```markdown)."""
    return block.kind == "code" and block.info in _MARKDOWN_FENCE_INFO


def open_markdown_fence(block: Block) -> list[Block]:
    """The blocks inside a ```markdown fence."""
    return parse_blocks(_trim(block.code))


def join_sources(parts: list[str]) -> str:
    """Markdown pieces joined as separate blocks, empty pieces left out."""
    return "\n\n".join(part.strip("\n") for part in parts if part.strip())


def block_sources(blocks: list[Block]) -> str:
    """The Markdown of blocks as written, joined as separate blocks."""
    return join_sources([block.source for block in blocks])


def single_item_text(markdown: str) -> str:
    """The content of a list of one item; other Markdown as it is.

    ``"- A misconfiguration ..."`` gives ``"A misconfiguration ..."``: a lone bullet under a
    label says one thing, not a list of things.
    """
    blocks = parse_blocks(markdown)
    if len(blocks) == 1 and blocks[0].kind == "list" and len(blocks[0].items) == 1:
        return blocks[0].items[0].content
    return markdown.strip()


# Emphasis marks at the edge of a word ("**Impact:**", "_note_"), not inside one
# ("America/New_York", "snake_case"); code marks, strike marks and HTML tags anywhere.
_INLINE_MARKUP = re.compile(r"<[^>]+>|(?<!\w)[*_]+|[*_]+(?!\w)|[`~]")


def plain_text(markdown: str) -> str:
    """Inline Markdown as plain text: emphasis, code marks and HTML tags removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return html.unescape(_INLINE_MARKUP.sub("", text)).strip()
