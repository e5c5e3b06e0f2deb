"""The rendered Markdown beside the panes, redrawn only where the incident changed.

The document is rendered as keyed blocks (see ``render.render_blocks``). The preview is
one scrolling widget that draws lines: each block is drawn once per width and kept by its
Markdown text, each timeline entry is wrapped once and kept by what it shows, and only the
lines on screen are painted. An edit redraws the one block or entry it changed; nothing
is mounted, and the screen is laid out again only when the preview's height changes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from postmortem_editor.model import Incident, TimelineEntry
from postmortem_editor.render import (
    Block,
    Clock,
    Profile,
    entry_body,
    entry_head,
    label_runs,
    render_blocks,
)
from postmortem_editor.tui.drawing.markdown_lines import (
    STYLE_NAMES,
    Drawn,
    Painter,
    inline_markdown,
    wrap_text,
)
from postmortem_editor.tui.drawing.per_entry import PerEntry

PAD = 2
"""Columns left blank on each side of the text."""


@dataclass(frozen=True)
class EntryLine:
    """What one timeline entry shows: the key its lines are kept under, and its text."""

    key: tuple[object, ...]
    head: str
    kind: str
    text: str
    marked: bool
    group: str = ""
    """A label drawn on its own line above the entry: the first of untimed entries that
    share it, which are drawn under it without their own head."""
    nested: bool = False
    """Whether the entry is drawn under a group's label."""


def grouped(lines: list[EntryLine], timeline: list[TimelineEntry]) -> list[EntryLine]:
    """The entries as the render lists them: untimed entries in a row that share a label
    are drawn under that label once ("Day 1:", then each entry's text)."""
    out: list[EntryLine] | None = None  # a copy only when there is a group
    for run in label_runs(timeline):
        if len(run) == 1:
            continue
        out = out if out is not None else list(lines)
        label = timeline[run.start].label.strip().rstrip(":")
        for number in run:
            line = out[number]
            group = label if number == run.start else ""
            out[number] = replace(
                line, head="", group=group, nested=True, key=(*line.key, group, True)
            )
    return out if out is not None else lines


@dataclass(frozen=True)
class EntryRun:
    """Timeline entries one under the other: where each starts, and its lines."""

    starts: list[int]
    strips: list[list[Strip]]

    @property
    def height(self) -> int:
        """How many lines the entries take."""
        return self.starts[-1] + len(self.strips[-1]) if self.starts else 0

    def line(self, y: int) -> Strip:
        """Line y of the run (blank outside it)."""
        if y < 0 or y >= self.height:
            return Strip.blank(0)
        index = bisect_right(self.starts, y) - 1
        return self.strips[index][y - self.starts[index]]


def entry_line(entry: TimelineEntry, clock: Clock, marked: bool) -> EntryLine:
    """How one entry shows in the preview, keyed by everything that changes how it looks."""
    head = entry_head(entry, clock)
    text = entry_body(entry)  # with who did or said it, as the render writes it
    return EntryLine(
        key=(head, entry.kind.value, text, marked),
        head=head,
        kind=entry.kind.value,
        text=text,
        marked=marked,
    )


class Preview(ScrollView, can_focus=True):
    """The rendered postmortem, drawn line by line from keyed blocks and timeline entries."""

    COMPONENT_CLASSES = {f"preview--{name}" for name in STYLE_NAMES}

    DEFAULT_CSS = (
        """
    Preview {
        scrollbar-gutter: stable;
        & > .preview--bullet { color: $text-primary; }
        & > .preview--code { background: $boost; color: $text; }
        & > .preview--quote { background: $boost; color: $text-primary; }
        & > .preview--rule { color: $secondary; }
        & > .preview--table-header { color: $primary; text-style: bold; }
        & > .preview--table-border { color: $primary 50%; }
    }
    """
        # Headings take the theme's Markdown colours, as the Markdown widget's do.
        + "".join(
            f"""
    Preview > .preview--h{level} {{
        color: $markdown-h{level}-color;
        background: $markdown-h{level}-background;
        text-style: $markdown-h{level}-text-style;
    }}"""
            for level in range(1, 7)
        )
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: list[Block] = []
        """The blocks on screen, in order."""
        self.entries: list[EntryLine] = []
        """The timeline entries on screen, in order (drawn after the "timeline" block)."""
        self.table = False
        """Whether timeline entries are drawn as a table (time, kind, event)."""
        self.table_head = ""
        """The table's header line, as the render heads its table ("Time Kind Event")."""
        self._profile: Profile | None = None
        self._timeline: PerEntry[EntryLine] = PerEntry(
            lambda entry, clock, problem: entry_line(entry, clock, problem is not None)
        )
        self._painter = Painter(self._component_style)
        self._wrapper = Console(
            width=80, color_system="truecolor", legacy_windows=False, markup=False, emoji=False
        )
        self._width = 0
        self._styles_seen: tuple[Style, ...] = ()
        self._drawn: dict[str, Drawn] = {}
        self._wrapped: dict[tuple[object, ...], list[Strip]] = {}
        # The arrangement: piece i (a block, or the run of timeline entries) starts at line
        # _starts[i] with _gaps[i] blank lines, then its _lines[i].
        self._starts: list[int] = []
        self._gaps: list[int] = []
        self._lines: list[list[Strip] | EntryRun] = []
        self._piece_of: dict[str, int] = {}
        self._run = EntryRun([], [])
        self._run_of: tuple[int, int] | None = None
        self._height = 0
        self._anchor: tuple[str, int | None] | None = None
        self._stale = False

    # --- what is shown ---------------------------------------------------------------------

    def show(
        self, incident: Incident, profile: Profile, problems: Mapping[str, str] | None = None
    ) -> None:
        """Bring the preview in line with the incident, drawing only what changed.

        Entries with a problem (by id, see ``check.entry_problems``) are marked.
        """
        blocks = render_blocks(incident, profile, timeline_body=False)
        entries = self._timeline.of(incident, problems or {})
        if profile != "pagerduty":  # the table gives each entry its own row
            entries = grouped(entries, incident.timeline)
        if profile != self._profile:
            self._profile = profile
            self.table = profile == "pagerduty"
            self._wrapped = {}
            self._run_of = None
        elif blocks == self.blocks and entries == self.entries and not self._stale:
            return
        self.blocks = blocks
        self.entries = entries
        who = any(entry.by.strip() for entry in incident.timeline)
        self.table_head = f"{'Time':<18} {'Kind':<14} {'Who · Event' if who else 'Event'}"
        if self.scrollable_content_region.width:
            self._arrange()
        else:
            self._stale = True  # arranged when it is shown and has a size

    def text(self) -> list[str]:
        """Every line of the preview as plain text, top to bottom."""
        return [self._line(y).text.rstrip() for y in range(self._height)]

    def scroll_to_block(self, key: str, entry_index: int | None = None) -> None:
        """Scroll so that the block (or the timeline entry) is at the top of the preview.

        The place is kept: when the preview is wrapped again at a new width, it scrolls
        back to the same block or entry.
        """
        self._anchor = (key, entry_index)
        run = self._piece_of.get("timeline:entries")
        if entry_index is not None and run is not None:
            index = min(entry_index, len(self._run.starts) - 1)
            y = self._starts[run] + self._gaps[run] + self._run.starts[index]
            self.scroll_to(y=max(y - 2, 0), animate=False)
            return
        block = self._piece_of.get(key)
        if block is not None:
            self.scroll_to(y=self._starts[block] + self._gaps[block], animate=False)

    # --- arranging ---------------------------------------------------------------------------

    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width - 2 * PAD, 10)

    def _arrange(self) -> None:
        """Place every block and entry, drawing those not drawn at this width before."""
        width = self._text_width()
        if width != self._width:
            self._width = width
            self._drawn = {}
            self._wrapped = {}
        starts: list[int] = []
        gaps: list[int] = []
        lines: list[list[Strip] | EntryRun] = []
        piece_of: dict[str, int] = {}
        y = 0
        bottom = 1  # a blank line above the first block
        for block in self.blocks:
            drawn = self._draw(block.markdown, width)
            if drawn.lines:
                piece_of[block.key] = len(starts)
                gap = max(bottom, drawn.top) if starts else 1
                starts.append(y)
                gaps.append(gap)
                lines.append(drawn.lines)
                y += gap + len(drawn.lines)
                bottom = drawn.bottom
            if block.key == "timeline" and self.entries and self.table:
                # The table's header, as the render heads its table.
                head = Text(self.table_head[:width], self._component_style("table-header"))
                starts.append(y)
                gaps.append(bottom)
                lines.append([Strip(list(head.render(self._wrapper)))])
                y += bottom + 1
                bottom = 0
            if block.key == "timeline" and self.entries:
                run = self._entry_run(width)
                piece_of["timeline:entries"] = len(starts)
                starts.append(y)
                gaps.append(bottom)
                lines.append(run)
                y += bottom + run.height
                bottom = 1
        self._starts, self._gaps, self._lines, self._piece_of = starts, gaps, lines, piece_of
        self._stale = False
        if len(self._drawn) > 2 * len(self.blocks) + 32:
            live = {block.markdown for block in self.blocks}
            self._drawn = {k: v for k, v in self._drawn.items() if k in live}
        if len(self._wrapped) > 2 * len(self.entries) + 64:
            keys = {entry.key for entry in self.entries}
            self._wrapped = {k: v for k, v in self._wrapped.items() if k in keys}
        height = y + 1
        self._height = height
        if self.virtual_size.height != height or self.virtual_size.width != width:
            # Only a change of height lays the screen out again.
            self.virtual_size = Size(width + 2 * PAD, height)
        self.refresh()

    def _entry_run(self, width: int) -> EntryRun:
        """The timeline entries placed one under the other (placed again only when they
        or the width changed)."""
        if (
            self._run_of is not None
            and self._run_of[0] is self.entries
            and self._run_of[1] == width
        ):
            return self._run
        starts = []
        strips = []
        y = 0
        for entry in self.entries:
            wrapped = self._wrap(entry, width)
            starts.append(y)
            strips.append(wrapped)
            y += len(wrapped)
        self._run = EntryRun(starts, strips)
        self._run_of = (id(self.entries), width)  # self.entries holds that list alive
        return self._run

    def _draw(self, markdown: str, width: int) -> Drawn:
        drawn = self._drawn.get(markdown)
        if drawn is None:
            drawn = self._painter.draw(markdown, width) if markdown else Drawn([])
            self._drawn[markdown] = drawn
        return drawn

    def _wrap(self, entry: EntryLine, width: int) -> list[Strip]:
        strips = self._wrapped.get(entry.key)
        if strips is not None:
            return strips
        if self.table:
            # Time and kind in columns; the text wraps in its own column beside them.
            head = Text()
            head.append(f"{entry.head:<18} ", Style(bold=True))
            head.append(f"{entry.kind:<14} ", Style(dim=True))
            line = inline_markdown(entry.text)
            indent = 34
        else:
            # A bullet whose text wraps under its first word.
            head = Text()
            line = Text("  • " if entry.nested else "• ")
            if entry.head:  # an entry with no time and no label is just its text
                line.append(f"{entry.head}:", Style(bold=True))
                line.append(" ")
            line.append_text(inline_markdown(entry.text))
            indent = 4 if entry.nested else 2
        if entry.marked:
            line.append(" ⚠", Style(color="yellow", bold=True))
        wrap = width - len(head) if head else width - indent
        lines = wrap_text(line, max(wrap, 10), self._wrapper)
        first = list(head.render(self._wrapper)) if head else []
        pad = Segment(" " * indent)
        strips = [
            Strip([*first, *segments] if not number else [pad, *segments])
            for number, segments in enumerate(lines)
        ]
        if entry.group:
            label = Text("• ")
            label.append(f"{entry.group}:", Style(bold=True))
            strips.insert(0, Strip(list(label.render(self._wrapper))))
        self._wrapped[entry.key] = strips
        return strips

    # --- drawing -----------------------------------------------------------------------------

    def _component_style(self, name: str) -> Style:
        return self.get_component_rich_style(f"preview--{name}", partial=True)

    def notify_style_update(self) -> None:
        """Draw again with the new styles, but only if the styles of the text changed."""
        super().notify_style_update()
        if not self.is_mounted:
            return
        seen = tuple(self._component_style(name) for name in STYLE_NAMES)
        if seen != self._styles_seen:
            self._styles_seen = seen
            if self._drawn:
                self._drawn = {}
                self._arrange()

    def on_resize(self, event: events.Resize) -> None:
        """Wrap again at the new width, keeping the block or entry followed in view."""
        if not self.scrollable_content_region.width:
            return  # hidden
        if self._stale or self._text_width() != self._width:
            self._arrange()
            if self._anchor is not None:
                self.call_after_refresh(self.scroll_to_block, *self._anchor)

    def _line(self, y: int) -> Strip:
        if not self._starts or y >= self._height:
            return Strip.blank(0)
        piece = bisect_right(self._starts, y) - 1
        local = y - self._starts[piece] - self._gaps[piece]
        lines = self._lines[piece]
        if isinstance(lines, EntryRun):
            return lines.line(local)
        if local < 0 or local >= len(lines):
            return Strip.blank(0)
        return lines[local]

    def render_line(self, y: int) -> Strip:
        """Draw one line of the preview on screen."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        # Built afresh from the kept line's segments: a Strip keeps what is derived from
        # it, and the kept lines would otherwise gather copies as the preview scrolls.
        text = Segment.adjust_line_length(list(self._line(scroll_y + y)), self._width)
        right = max(width - PAD - self._width, 0)
        line = Strip([Segment(" " * PAD), *text, Segment(" " * right)], PAD + self._width + right)
        return line.crop(scroll_x, scroll_x + width).apply_style(self.rich_style)
