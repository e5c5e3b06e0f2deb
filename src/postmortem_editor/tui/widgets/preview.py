"""The rendered Markdown beside the panes, redrawn only where the incident changed.

The document is rendered as keyed blocks (see ``render.render_blocks``); each block is one
``Markdown`` widget that is updated only when its text changes. The timeline, which can
hold thousands of entries, is drawn by :class:`TimelineView` line by line: each entry is
wrapped once and cached by its content, and only the lines on screen are drawn.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from markdown_it import MarkdownIt
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Markdown

from postmortem_editor.model import Incident, TimelineEntry
from postmortem_editor.render import Block, Clock, Profile, entry_head, render_blocks

_INLINE = MarkdownIt("commonmark")


def inline_markdown(text: str, base: Style | None = None) -> Text:
    """Inline Markdown (bold, italic, code, links) as Rich text; never parsed as Rich markup."""
    out = Text(style=base or Style())
    styles: list[Style] = []
    for token in _INLINE.parseInline(text)[0].children or []:
        kind = token.type
        if kind in ("strong_open", "em_open", "link_open"):
            styles.append(
                Style(bold=True)
                if kind == "strong_open"
                else Style(italic=True)
                if kind == "em_open"
                else Style(underline=True, link=str(token.attrs.get("href", "")))
            )
        elif kind in ("strong_close", "em_close", "link_close"):
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


@dataclass(frozen=True)
class EntryLine:
    """What one timeline entry shows: the key its cache is held under, and its text."""

    key: tuple[object, ...]
    head: str
    kind: str
    text: str
    marked: bool


class TimelineView(Widget):
    """Timeline entries drawn line by line, each entry wrapped once per width and cached."""

    DEFAULT_CSS = """
    TimelineView {
        height: auto;
        padding: 0 2 1 2;
    }
    """

    def __init__(self, *, table: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = table
        """Draw as a table (time, kind, event) instead of a bullet list."""
        self._entries: list[EntryLine] = []
        self._cache: dict[tuple[object, ...], list[Strip]] = {}
        self._cache_width = 0
        self._offsets: list[int] = []
        self._wrapper = Console(width=80, color_system="truecolor", legacy_windows=False)

    def set_entries(self, entries: list[EntryLine]) -> None:
        """Show these entries; only entries not seen before are wrapped again."""
        if entries == self._entries:
            return
        self._entries = entries
        self._offsets = []
        self.refresh(layout=True)

    def entry_line(self, index: int) -> int:
        """The first line of entry ``index`` (for scrolling to it)."""
        self._layout(self._content_width())
        return self._offsets[index] if index < len(self._offsets) else 0

    def _content_width(self) -> int:
        return max(self.content_size.width, 10)

    def _wrap(self, entry: EntryLine, width: int) -> list[Strip]:
        strips = self._cache.get(entry.key)
        if strips is not None:
            return strips
        warn = Style(color="yellow", bold=True)
        if self.table:
            line = Text()
            line.append(f"{entry.head:<18} ", Style(bold=True))
            line.append(f"{entry.kind:<14} ", Style(dim=True))
            line.append_text(inline_markdown(entry.text))
            indent = 34
        else:
            line = Text("• ")
            line.append(f"{entry.head}:", Style(bold=True))
            line.append(" ")
            line.append_text(inline_markdown(entry.text))
            indent = 2
        if entry.marked:
            line.append(" ⚠", warn)
        # A hanging indent: continuation lines start under the entry's text.
        options = self._wrapper.options.update_width(max(width - indent, 10))
        lines = self._wrapper.render_lines(line, options, pad=False, new_lines=False)
        pad = Segment(" " * indent)
        strips = [
            Strip(segments if not number else [pad, *segments])
            for number, segments in enumerate(lines)
        ]
        self._cache[entry.key] = strips
        return strips

    def _layout(self, width: int) -> None:
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
            self._offsets = []
        if self._offsets and len(self._offsets) == len(self._entries) + 1:
            return
        offsets = [0]
        for entry in self._entries:
            offsets.append(offsets[-1] + len(self._wrap(entry, width)))
        self._offsets = offsets
        if len(self._cache) > 4 * len(self._entries) + 64:
            live = {entry.key for entry in self._entries}
            self._cache = {k: v for k, v in self._cache.items() if k in live}

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Total wrapped lines of all entries at this width."""
        self._layout(max(width, 10))
        return self._offsets[-1] if self._offsets else 0

    def render_line(self, y: int) -> Strip:
        """Draw one line: find its entry and take the line from the entry's cached wrap."""
        width = self._content_width()
        self._layout(width)
        style = self.rich_style
        if not self._entries or y >= self._offsets[-1]:
            return Strip.blank(self.size.width, style)
        index = bisect_right(self._offsets, y) - 1
        strips = self._wrap(self._entries[index], width)
        strip = strips[y - self._offsets[index]]
        left, right = self.styles.padding.left, self.styles.padding.right
        line = Strip.join(
            [Strip.blank(left), strip.crop_extend(0, width, None), Strip.blank(right)]
        )
        return line.apply_style(style)


def entry_lines(incident: Incident, marked: set[str]) -> list[EntryLine]:
    """The timeline as entry lines, keyed by everything that changes how they look."""
    clock = Clock(incident)
    lines = []
    for entry in incident.timeline:
        lines.append(_entry_line(entry, clock, entry.id in marked))
    return lines


def _entry_line(entry: TimelineEntry, clock: Clock, marked: bool) -> EntryLine:
    head = entry_head(entry, clock)
    return EntryLine(
        key=(head, entry.kind.value, entry.text, marked),
        head=head,
        kind=entry.kind.value,
        text=entry.text,
        marked=marked,
    )


class Preview(VerticalScroll, can_focus=True):
    """The rendered postmortem: keyed Markdown blocks and a line-drawn timeline."""

    DEFAULT_CSS = """
    Preview Markdown {
        margin: 0;
        padding: 0 2 0 2;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: list[Block] = []
        """The blocks on screen, in order."""
        self._widgets: dict[str, Widget] = {}
        self._profile: Profile | None = None

    def show(self, incident: Incident, profile: Profile, marked: set[str] | None = None) -> None:
        """Bring the preview in line with the incident, touching only the blocks that changed."""
        blocks = render_blocks(incident, profile, timeline_body=False)
        if profile != self._profile:
            self._profile = profile
            self.remove_children()
            self._widgets = {}
            self.blocks = []
        self._sync(blocks)
        timeline = self._widgets.get("timeline:entries")
        if isinstance(timeline, TimelineView):
            timeline.set_entries(entry_lines(incident, marked or set()))

    def _sync(self, blocks: list[Block]) -> None:
        old = {block.key: block for block in self.blocks}
        wanted_keys = [block.key for block in blocks]
        for key in list(self._widgets):
            base = key.removesuffix(":entries")
            if base not in wanted_keys:
                self._widgets.pop(key).remove()
        previous: Widget | None = None
        for block in blocks:
            widget = self._widgets.get(block.key)
            if widget is None:
                widget = Markdown(block.markdown, id=None)
                self._widgets[block.key] = widget
                self._mount_after(widget, previous)
            elif old.get(block.key) != block:
                assert isinstance(widget, Markdown)
                widget.update(block.markdown)
            previous = widget
            if block.key == "timeline":
                view = self._widgets.get("timeline:entries")
                if view is None:
                    view = TimelineView(table=self._profile == "pagerduty")
                    self._widgets["timeline:entries"] = view
                    self._mount_after(view, previous)
                previous = view
        if [b.key for b in self.blocks] != wanted_keys:
            self._reorder(blocks)
        self.blocks = blocks

    def _mount_after(self, widget: Widget, previous: Widget | None) -> None:
        if previous is None:
            self.mount(widget, before=0) if self.children else self.mount(widget)
        else:
            self.mount(widget, after=previous)

    def _reorder(self, blocks: list[Block]) -> None:
        previous: Widget | None = None
        for block in blocks:
            for key in (block.key, f"{block.key}:entries"):
                widget = self._widgets.get(key)
                if widget is None:
                    continue
                if previous is None:
                    self.move_child(widget, before=0)
                else:
                    self.move_child(widget, after=previous)
                previous = widget

    def scroll_to_block(self, key: str, entry_index: int | None = None) -> None:
        """Scroll so that the block (or the timeline entry) is at the top of the preview."""
        if entry_index is not None:
            view = self._widgets.get("timeline:entries")
            if isinstance(view, TimelineView):
                y = view.virtual_region.y + view.entry_line(entry_index)
                self.scroll_to(y=max(y - 2, 0), animate=False)
                return
        widget = self._widgets.get(key)
        if widget is not None:
            self.scroll_to_widget(widget, top=True, animate=False)
