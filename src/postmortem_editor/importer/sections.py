"""Finding a postmortem's sections: headings of any level and bold labels, matched by name.

A section starts at a heading (``## Timeline``, ``<h3>Root Cause</h3>``) or at a paragraph
that starts with a label (``**Timeline:**``, ``Timeline:`` alone on its line) whose name is
in :data:`SECTION_NAMES`. Names are compared in lower case without punctuation, numbering,
emoji or a parenthesised remark, so "⏰ 2. Timeline (times in BST):" is a timeline.

A heading or label inside a section stays in it when it names one of the section's own
parts (a "Root Cause" under "Root Cause and Resolution", "Tasks" under "Action Items") or,
for a heading, when it is an unknown heading of a deeper level. Anything else starts a new
section; unknown ones are kept as free sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from postmortem_editor.importer.blocks import (
    Block,
    ListItem,
    join_sources,
    parse_blocks,
    plain_text,
)

SUMMARY = "summary"
IMPACT = "impact"
TIMELINE = "timeline"
ANALYSIS = "analysis"
ROOT_CAUSE = "root_cause"
RESOLUTION = "resolution"
TRIGGER = "trigger"
LESSONS = "lessons"
MEASURES = "measures"
IMPROVEMENTS = "improvements"
TASKS = "tasks"

SECTION_NAMES: dict[str, str] = {
    # the summary
    "issue summary": SUMMARY,
    "summary": SUMMARY,
    "overview": SUMMARY,
    "executive summary": SUMMARY,
    "incident summary": SUMMARY,
    "incident overview": SUMMARY,
    "incident details": SUMMARY,
    "incident description": SUMMARY,
    "description": SUMMARY,
    "tl dr": SUMMARY,
    "tldr": SUMMARY,
    "impact": IMPACT,
    "user impact": IMPACT,
    "customer impact": IMPACT,
    "business impact": IMPACT,
    "impact assessment": IMPACT,
    # the timeline
    "timeline": TIMELINE,
    "chronology": TIMELINE,
    "sequence of events": TIMELINE,
    "timeline of events": TIMELINE,
    "incident timeline": TIMELINE,
    "detailed timeline": TIMELINE,
    "timeline of the incident": TIMELINE,
    "timeline of the outage": TIMELINE,
    "event timeline": TIMELINE,
    "events": TIMELINE,
    # root cause and resolution
    "root cause and resolution": ANALYSIS,
    "root causes and resolution": ANALYSIS,
    "root cause and fix": ANALYSIS,
    "root cause and remediation": ANALYSIS,
    "root cause and mitigation": ANALYSIS,
    "root cause analysis and resolution": ANALYSIS,
    "cause and resolution": ANALYSIS,
    "analysis": ANALYSIS,
    "root cause": ROOT_CAUSE,
    "root causes": ROOT_CAUSE,
    "root cause analysis": ROOT_CAUSE,
    "rca": ROOT_CAUSE,
    "cause": ROOT_CAUSE,
    "causes": ROOT_CAUSE,
    "cause analysis": ROOT_CAUSE,
    "contributing factors": ROOT_CAUSE,
    "how did this happen": ROOT_CAUSE,
    "why did this happen": ROOT_CAUSE,
    "why it happened": ROOT_CAUSE,
    "what went wrong": ROOT_CAUSE,
    "resolution": RESOLUTION,
    "fix": RESOLUTION,
    "the fix": RESOLUTION,
    "fixes": RESOLUTION,
    "recovery": RESOLUTION,
    "resolution and recovery": RESOLUTION,
    "remediation": RESOLUTION,
    "mitigation": RESOLUTION,
    "response": RESOLUTION,
    "solution": RESOLUTION,
    "how it was fixed": RESOLUTION,
    "resolution details": RESOLUTION,
    "trigger": TRIGGER,
    "lessons learned": LESSONS,
    "lessons learnt": LESSONS,
    "lessons": LESSONS,
    "takeaways": LESSONS,
    "key takeaways": LESSONS,
    "insights": LESSONS,
    "what went well": LESSONS,
    "what didn t go so well": LESSONS,
    "what did not go so well": LESSONS,
    "what didn t go well": LESSONS,
    "what went badly": LESSONS,
    "where we got lucky": LESSONS,
    # corrective and preventative measures
    "corrective and preventative measures": MEASURES,
    "corrective and preventive measures": MEASURES,
    "preventative and corrective measures": MEASURES,
    "preventive and corrective measures": MEASURES,
    "corrective measures": MEASURES,
    "preventative measures": MEASURES,
    "preventive measures": MEASURES,
    "prevention": MEASURES,
    "measures": MEASURES,
    "action items": TASKS,
    "action plan": TASKS,
    "follow ups": TASKS,
    "follow up": TASKS,
    "followups": TASKS,
    "follow up actions": TASKS,
    "next steps": TASKS,
    "todo": TASKS,
    "to do": TASKS,
    "todo list": TASKS,
    "tasks": TASKS,
    "improvements": IMPROVEMENTS,
    "improvements and fixes": IMPROVEMENTS,
    "improvements fixes": IMPROVEMENTS,
}
"""Section names (lower case, punctuation as spaces) and the part of an incident they hold."""

SUBPARTS: dict[str, frozenset[str]] = {
    SUMMARY: frozenset({IMPACT, ROOT_CAUSE}),
    IMPACT: frozenset({ROOT_CAUSE}),
    TIMELINE: frozenset({RESOLUTION}),
    ANALYSIS: frozenset({ROOT_CAUSE, RESOLUTION, TRIGGER, LESSONS}),
    ROOT_CAUSE: frozenset({RESOLUTION, TRIGGER}),
    RESOLUTION: frozenset({ROOT_CAUSE, TRIGGER}),
    TRIGGER: frozenset(),
    LESSONS: frozenset(),
    MEASURES: frozenset({IMPROVEMENTS, TASKS}),
    IMPROVEMENTS: frozenset({TASKS}),
    TASKS: frozenset({IMPROVEMENTS}),
}
"""The parts a section may hold under its own headings or labels."""

LABEL_LEVEL = 7
"""The level of a section started by a label: deeper than any heading."""

_PARENTHESES = re.compile(r"\([^)]*\)")
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[ivx]+|[a-h])[.)]\s+", re.IGNORECASE)
_EMPHASIS_RUN = re.compile(r"\s*(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_PLAIN_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][^:\n]{0,48}?)\s*:(?:\s+(?P<rest>.*)|$)")


def normalise(title: str) -> str:
    """A heading or label as compared with names: "2. Root Cause:" -> "root cause"."""
    text = plain_text(title)
    text = _PARENTHESES.sub(" ", text)
    text = _NUMBERING.sub("", text)
    text = text.replace("&", " and ").lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def heading_text(title: str) -> str:
    """A heading or label as shown: markup around it and a trailing colon removed."""
    text = title.strip()
    while True:
        match = re.fullmatch(r"(\*\*|__|\*|_)(.+)\1", text)
        if match is None:
            break
        text = match.group(2).strip()
    return text.rstrip(":").lstrip("-*\u2022 ").strip()


@dataclass(frozen=True)
class Label:
    """A label at the start of a line: "**Root Cause:** text", "Start Time: 10:00 AM"."""

    text: str
    """The label as written, without markup and colon."""
    key: str | None
    """What the label names in the table it was looked up in; None when it is not there."""
    rest: str
    """What follows the label on its line."""
    emphasised: bool
    """Whether the label is bold or italic (a plain label must be in the table)."""


Lookup = Callable[[str], str | None]
"""What a label names: its normalised text -> a key, or None."""


def table_lookup(names: Mapping[str, str]) -> Lookup:
    """A lookup in a table of normalised names."""
    return names.get


def match_label(line: str, lookup: Lookup) -> Label | None:
    """The label a line starts with, with what ``lookup`` says it names; None if it has none.

    A bold or italic label needs a colon (inside or after the emphasis) unless it is the
    whole line: ``**Impact:** text``, ``**Impact**: text``, ``**Timeline**``. A plain label
    (``Start Time: 10:00 AM``) counts only when ``lookup`` knows it.
    """
    emphasised = _emphasised_label(line)
    if emphasised is not None:
        label, rest = emphasised
        return Label(label, lookup(normalise(label)), rest, emphasised=True)
    match = _PLAIN_LABEL.match(line)
    if match is None:
        return None
    label = match.group("label").strip()
    key = lookup(normalise(label))
    if key is None or len(label.split()) > 6:
        return None
    return Label(label, key, (match.group("rest") or "").strip(), emphasised=False)


def _emphasised_label(line: str) -> tuple[str, str] | None:
    """(label, rest) for a line starting with emphasised words ending in a colon."""
    position = 0
    runs = []
    while True:
        match = _EMPHASIS_RUN.match(line, position)
        if match is None:
            break
        runs.append(match.group(2).strip())
        position = match.end()
    if not runs:
        return None
    inner = " ".join(runs).strip()
    rest = line[position:]
    if inner.endswith(":"):
        label = inner[:-1].strip()
    elif rest.lstrip().startswith(":"):
        label = inner
        rest = rest.lstrip()[1:]
    elif not rest.strip():
        label = inner
    else:
        return None
    label = heading_text(label)
    if not label or len(label.split()) > 10:
        return None
    return label, rest.strip()


@dataclass
class RawSection:
    """A stretch of the document: its heading or label, what it holds, and its blocks."""

    kind: str | None
    """The part of the incident it holds (see :data:`SECTION_NAMES`); None when unknown."""
    title: str
    """Its heading or label as written, without markup and colon; "" when it has none."""
    level: int
    """Heading level; :data:`LABEL_LEVEL` for a label; 0 for text before any heading."""
    blocks: list[Block] = field(default_factory=list)
    """Its content."""
    role: str = "section"
    """Where it stands: "preamble" (before the title), "intro" (after it) or "section"."""


@dataclass
class Outline:
    """A document cut into its title and sections."""

    title: str
    sections: list[RawSection]


def section_kind(title: str) -> str | None:
    """The part of an incident a heading or label names, or None.

    Besides the names themselves, a heading that starts with a name of two words or more
    ("Corrective and preventative measures taken") or ends with "timeline" ("Outage
    Timeline") counts.
    """
    name = normalise(title)
    if name in SECTION_NAMES:
        return SECTION_NAMES[name]
    words = name.split()
    if 1 < len(words) <= 3 and words[-1] == "timeline":
        return TIMELINE  # "Outage Timeline", "Follow-up timeline"
    starts = [known for known in SECTION_NAMES if " " in known and name.startswith(known + " ")]
    if starts:
        return SECTION_NAMES[max(starts, key=len)]
    if 1 < len(words) <= 5 and words[0] == "timeline":
        return TIMELINE  # "Timeline of Chaos", "Timeline of events (UTC)"
    return None


_DATED_HEADING = re.compile(
    r"^\W*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"|day\s+\d{1,3}|\d{1,2}:\d{2})\b",
    re.IGNORECASE,
)


def is_dated_heading(title: str) -> bool:
    """Whether a heading starts with a date, a day number or a time ("July 22", "20:15")."""
    return _DATED_HEADING.match(plain_text(title)) is not None


_TITLE_DECORATION = re.compile(r"^[\W_]+|[\W_]+$")


def plain_title(line: str) -> str | None:
    """The kind of section a plain short line names ("1. Issue Summary:", "--Timeline--:").

    The line must be short, hold no text after a colon, and name a section once numbering,
    dashes, emoji, emphasis and a trailing colon are taken off; None otherwise.
    """
    text = plain_text(line.strip())
    if not text or len(text) > 70 or len(text.split()) > 8:
        return None
    bare = _TITLE_DECORATION.sub("", _NUMBERING.sub("", text))
    if ":" in bare or not bare or bare[0].isdigit():
        return None
    return section_kind(bare)


def split_plain_titles(blocks: list[Block]) -> list[Block]:
    """Blocks with plain title lines made headings of their own.

    A document pasted from a word processor writes its section titles as plain lines
    ("Issue Summary", "Timeline:"), often without a blank line after them; a numbered
    title ("1. Issue Summary:") is a list of one item to Markdown. Each becomes a heading
    of :data:`LABEL_LEVEL`, the text around it kept as paragraphs.
    """
    result: list[Block] = []
    for block in blocks:
        lazy = _lazy_title(block)
        if lazy is not None:
            # "- Duration: ...\nRoot Cause:\n..." : a title Markdown took for more of the item
            lines = block.lines
            result.extend(split_plain_titles(parse_blocks("\n".join(lines[:lazy]))))
            result.append(_title_block(lines[lazy], lines[lazy]))
            result.extend(split_plain_titles(parse_blocks("\n".join(lines[lazy + 1 :]))))
            continue
        lone = block.items[0] if block.kind == "list" and len(block.items) == 1 else None
        if lone is not None and plain_title(lone.head):
            head = lone.source.partition("\n")[0]
            result.append(_title_block(head, lone.head))
            if lone.rest.strip():
                result.extend(split_plain_titles(parse_blocks(lone.rest)))
            continue
        if block.kind != "paragraph" or not any(plain_title(line) for line in block.lines):
            result.append(block)
            continue
        pending: list[str] = []
        for line in block.lines:
            if plain_title(line):
                if pending:
                    result.append(Block("paragraph", "\n".join(pending)))
                    pending = []
                result.append(_title_block(line, line))
            else:
                pending.append(line)
        if pending:
            result.append(Block("paragraph", "\n".join(pending)))
    return result


def _lazy_title(block: Block) -> int | None:
    """The index of a plain title line inside a list, written against the margin."""
    if block.kind != "list":
        return None
    for index, line in enumerate(block.lines[1:], 1):
        if line[:1].strip() and not _LIST_MARKER.match(line) and plain_title(line):
            return index
    return None


def _title_block(source: str, text: str) -> Block:
    title = re.sub(r"^[-=~*_\s]+|[-=~*_:\s]+$", "", heading_text(text.strip()))
    return Block("heading", source, level=LABEL_LEVEL, text=title)


def _label_opener(block: Block) -> tuple[str, str, list[Block]] | None:
    """(kind, label, rest of the paragraph) for a paragraph that opens a section by a label."""
    if block.kind != "paragraph":
        return None
    first, _, others = block.source.partition("\n")
    label = match_label(first, section_kind)
    if label is None or label.key is None:
        return None
    if not label.emphasised and label.rest:
        return None  # "Impact: users saw errors" is a sentence, not a section
    rest_lines = [line for line in (label.rest, others) if line.strip()]
    rest = [Block("paragraph", "\n".join(rest_lines))] if rest_lines else []
    return label.key, label.text, rest


def _first_section_index(blocks: list[Block]) -> int:
    for index, block in enumerate(blocks):
        if block.kind == "heading" and section_kind(block.text):
            return index
        if _label_opener(block) is not None:
            return index
    return len(blocks)


def outline(blocks: list[Block]) -> Outline:
    """Cut a document's blocks into its title and sections, in order."""
    blocks = split_plain_titles(blocks)
    first = _first_section_index(blocks)
    headings = [i for i in range(first) if blocks[i].kind == "heading"]
    top = [i for i in headings if blocks[i].level == 1]
    title_index = top[0] if top else (headings[0] if headings else None)
    sections: list[RawSection] = []
    title = ""
    start = 0
    if title_index is not None:
        title = heading_text(blocks[title_index].text)
        if title_index > 0:
            sections.append(RawSection(None, "", 0, blocks[:title_index], role="preamble"))
        start = title_index + 1
    current = RawSection(None, "", 0, role="intro" if title_index is not None else "preamble")
    sections.append(current)
    for block in blocks[start:]:
        if block.kind == "heading":
            kind = section_kind(block.text)
            dated = current.kind == TIMELINE and kind is None and is_dated_heading(block.text)
            if _stays(current, kind, block.level) or (dated and current.role == "section"):
                current.blocks.append(block)
                continue
            current = RawSection(kind, heading_text(block.text), block.level)
            sections.append(current)
            continue
        opener = _label_opener(block)
        if opener is not None:
            kind, label, rest = opener
            if _stays(current, kind, LABEL_LEVEL):
                current.blocks.append(block)
                continue
            current = RawSection(kind, label, LABEL_LEVEL, list(rest))
            sections.append(current)
            continue
        current.blocks.append(block)
    return Outline(title, [s for s in sections if s.kind or s.title or s.blocks])


def _stays(current: RawSection, kind: str | None, level: int) -> bool:
    """Whether a heading (or label) of this kind and level belongs to the current section."""
    if current.role != "section":
        return False
    if current.kind is None:
        return kind is None and level > current.level
    if kind is None:
        return level > current.level
    if kind == current.kind and level > current.level:
        return True
    if kind not in SUBPARTS[current.kind]:
        return False
    return level > current.level or level == current.level == LABEL_LEVEL


# --- labelled parts of a section ------------------------------------------------------------


@dataclass
class Part:
    """A labelled part of a section ("**Impact:** ...") or the text before any label."""

    label: str
    """The label as written, without markup and colon; "" for text before any label."""
    key: str | None
    """What the label names; None when unknown or when there is no label."""
    chunks: list[str] = field(default_factory=list)
    """The Markdown after the label, piece by piece."""
    written: list[str] = field(default_factory=list)
    """The part as written, label included."""

    @property
    def text(self) -> str:
        """The Markdown after the label."""
        return join_sources(self.chunks)

    @property
    def source(self) -> str:
        """The part as written, label included."""
        return join_sources(self.written)

    def add(self, markdown: str) -> None:
        """Add a piece of Markdown, as written."""
        self.chunks.append(markdown)
        self.written.append(markdown)


def labelled_parts(blocks: list[Block], lookup: Lookup, *, split_unknown: bool) -> list[Part]:
    """Cut a section's blocks at its labels and known sub-headings.

    Labels are read at the start of paragraph lines and of list items; a list is cut only
    when its first item has a label. ``split_unknown`` cuts at bold labels that ``lookup``
    does not know as well (a summary's "**Detection:**"); otherwise they stay in the text
    (a measure's "**Training:** Run regular sessions").
    """
    parts = [Part("", None)]

    def cuts(label: Label | None) -> bool:
        return label is not None and (label.key is not None or (split_unknown and label.emphasised))

    for block in blocks:
        if block.kind == "heading":
            key = lookup(normalise(block.text))
            if key is not None:
                parts.append(Part(heading_text(block.text), key, [], [block.source]))
            else:
                parts[-1].add(block.source)
        elif block.kind == "paragraph":
            _cut_paragraph(block, parts, lookup, cuts)
        elif block.kind == "list" and cuts(match_label(block.items[0].head, lookup)):
            pending: list[ListItem] = []
            for item in block.items:
                label = match_label(item.head, lookup)
                if label is not None and cuts(label):
                    _flush_items(parts[-1], pending)
                    value = "\n".join(line for line in (label.rest, item.rest) if line.strip())
                    part = Part(label.text, label.key, [], [])
                    if value.strip():
                        part.chunks.append(value)
                    part.written.append(item.source)
                    parts.append(part)
                else:
                    pending.append(item)
            _flush_items(parts[-1], pending)
        else:
            parts[-1].add(block.source)
    return [part for part in parts if part.label or part.chunks]


def _cut_paragraph(
    block: Block, parts: list[Part], lookup: Lookup, cuts: Callable[[Label | None], bool]
) -> None:
    """Cut a paragraph at the lines that start with a label."""
    value: list[str] = []
    written: list[str] = []

    def flush() -> None:
        if value:
            parts[-1].chunks.append("\n".join(value))
        if written:
            parts[-1].written.append("\n".join(written))
        value.clear()
        written.clear()

    for line in block.lines:
        label = match_label(line, lookup)
        if label is not None and cuts(label):
            flush()
            parts.append(Part(label.text, label.key))
            written.append(line)
            if label.rest:
                value.append(label.rest)
        else:
            value.append(line)
            written.append(line)
    flush()


def _flush_items(part: Part, pending: list[ListItem]) -> None:
    if pending:
        part.add("\n".join(item.source for item in pending))
        pending.clear()


def list_items(markdown: str) -> list[ListItem] | None:
    """The items of Markdown that is one list and nothing else; None otherwise."""
    blocks = parse_blocks(markdown)
    if len(blocks) == 1 and blocks[0].kind == "list":
        return blocks[0].items
    return None
