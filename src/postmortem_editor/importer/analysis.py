"""Reading root cause and resolution, and corrective and preventative measures.

Root cause and resolution come as labelled parts ("**Root Cause:** ...", "### Resolution",
"- Cause Analysis:") or as prose; prose is cut where the resolution starts ("To resolve the
issue, ..."). A label the rendered heading does not say ("Resolution Details") stays in
the text, in bold.

Measures come as lists under labels or sub-headings ("Improvements/Fixes", "Tasks to
Address the Issue"), checklists (``- [ ]`` open, ``- [x]`` done) and tables; a checklist
item is always a task. Paragraphs are measures only when the section has no list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from postmortem_editor.importer.blocks import (
    Block,
    ListItem,
    block_sources,
    join_sources,
    parse_blocks,
    plain_text,
    single_item_text,
)
from postmortem_editor.importer.sections import (
    IMPROVEMENTS,
    LESSONS,
    RESOLUTION,
    ROOT_CAUSE,
    TASKS,
    TRIGGER,
    heading_text,
    labelled_parts,
    list_items,
    normalise,
)
from postmortem_editor.model import Task

ANALYSIS_LABELS: dict[str, str] = {
    "root cause": ROOT_CAUSE,
    "root causes": ROOT_CAUSE,
    "root cause analysis": ROOT_CAUSE,
    "cause": ROOT_CAUSE,
    "causes": ROOT_CAUSE,
    "cause analysis": ROOT_CAUSE,
    "rca": ROOT_CAUSE,
    "underlying cause": ROOT_CAUSE,
    "technical cause": ROOT_CAUSE,
    "contributing factors": ROOT_CAUSE,
    "resolution": RESOLUTION,
    "resolution details": RESOLUTION,
    "resolution steps": RESOLUTION,
    "fix": RESOLUTION,
    "the fix": RESOLUTION,
    "fixes applied": RESOLUTION,
    "solution": RESOLUTION,
    "remediation": RESOLUTION,
    "recovery": RESOLUTION,
    "mitigation": RESOLUTION,
    "how it was resolved": RESOLUTION,
    "how it was fixed": RESOLUTION,
    "trigger": TRIGGER,
    "lessons learned": LESSONS,
    "lessons learnt": LESSONS,
    "lessons": LESSONS,
    "takeaways": LESSONS,
    "key takeaways": LESSONS,
}
"""Labels inside a root cause and resolution section (normalised) and the field each fills."""

FIELD_HEADINGS = {
    ROOT_CAUSE: "Root Cause",
    RESOLUTION: "Resolution",
    TRIGGER: "Trigger",
    LESSONS: "Lessons Learned",
}
"""The headings the standard layout shows for the analysis fields."""

MEASURE_LABELS: dict[str, str] = {
    "improvements": IMPROVEMENTS,
    "improvement": IMPROVEMENTS,
    "improvements fixes": IMPROVEMENTS,
    "improvements and fixes": IMPROVEMENTS,
    "fixes": IMPROVEMENTS,
    "areas for improvement": IMPROVEMENTS,
    "improvement areas": IMPROVEMENTS,
    "preventive measures": IMPROVEMENTS,
    "preventative measures": IMPROVEMENTS,
    "corrective measures": IMPROVEMENTS,
    "recommendations": IMPROVEMENTS,
    "tasks": TASKS,
    "task list": TASKS,
    "tasks list": TASKS,
    "specific tasks": TASKS,
    "tasks to address the issue": TASKS,
    "todo": TASKS,
    "to do": TASKS,
    "todo list": TASKS,
    "to do list": TASKS,
    "action items": TASKS,
    "actions": TASKS,
    "follow ups": TASKS,
    "next steps": TASKS,
    "checklist": TASKS,
}
"""Labels inside a measures section (normalised) and the list each fills."""

_RESOLUTION_CUE = re.compile(
    r"(?:to\s+(?:resolve|fix|mitigate|remedy|address|correct|restore)\b"
    r"|the\s+(?:issue|outage|incident|problem)\s+was\s+(?:resolved|fixed|mitigated)\b"
    r"|(?:it|this)\s+was\s+(?:resolved|fixed)\b"
    r"|(?:we|engineers|the\s+team)\s+(?:resolved|fixed|mitigated)\b"
    r"|resolution\b|the\s+fix\b|the\s+solution\b)",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_BOX = re.compile(r"^\[(?P<mark>[ xX])\]\s+")
_TASK_DETAILS = re.compile(r"\s*\((?P<details>(?:owner|priority|due):[^()]*)\)\s*$")
_SENTENCE_END = re.compile(r"[.!?)\"'\u201d]\s*$")
_DONE_WORDS = {"done", "closed", "complete", "completed", "fixed", "resolved", "yes", "x"}


def measure_key(name: str) -> str | None:
    """What a label in a measures section names: improvements, tasks or None."""
    if name in MEASURE_LABELS:
        return MEASURE_LABELS[name]
    words = name.split()
    if words and words[0] in ("task", "tasks", "todo"):
        return TASKS
    if "improvement" in words or "improvements" in words:
        return IMPROVEMENTS
    return None


def with_label(label: str, text: str, *, title: bool = False) -> str:
    """Text under its label in bold: "**Resolution Details:** ...".

    A section's title (``title=True``) stands alone on its line, as written; a label gets a
    colon and runs into its text when the text is one line.
    """
    if title:
        return join_sources([f"**{label}**", text])
    shown = label if label[-1:] in ":?!." else label + ":"
    if not text:
        return f"**{shown}**"
    if "\n" in text.strip() or text.lstrip().startswith(("-", "*", "#", ">", "|", "```")):
        return f"**{shown}**\n\n{text.strip()}"
    return f"**{shown}** {text.strip()}"


def covered(label: str, heading: str) -> bool:
    """Whether every word of a label is in the heading shown in its place."""
    return set(normalise(label).split()) <= set(normalise(heading).split())


def read_analysis(blocks: list[Block], default: str | None) -> dict[str, list[str]]:
    """Root cause, resolution, trigger and lessons of a section, as Markdown pieces.

    ``default`` is the field of unlabelled text; with None (a "Root Cause and Resolution"
    section) the text is cut where the resolution starts.
    """
    fields: dict[str, list[str]] = {key: [] for key in FIELD_HEADINGS}
    for part in labelled_parts(blocks, ANALYSIS_LABELS.get, split_unknown=False):
        if part.label and part.key:
            value = single_item_text(part.text) if part.text else ""
            if not covered(part.label, FIELD_HEADINGS[part.key]):
                value = with_label(part.label, value)
            fields[part.key].append(value)
        elif default is None:
            cause, fix = split_at_resolution(part.text)
            fields[ROOT_CAUSE].append(cause)
            fields[RESOLUTION].append(fix)
        else:
            fields[default].append(part.text)
    return {key: [text for text in texts if text.strip()] for key, texts in fields.items()}


def split_at_resolution(text: str) -> tuple[str, str]:
    """Prose cut before the first paragraph or sentence that tells the resolution."""
    blocks = parse_blocks(text)
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        if _RESOLUTION_CUE.match(plain_text(block.source)):
            return block_sources(blocks[:index]), block_sources(blocks[index:])
        for cut in _SENTENCE_START.finditer(block.source):
            if _RESOLUTION_CUE.match(plain_text(block.source[cut.end() :])):
                before = block_sources(blocks[:index]) + "\n\n" + block.source[: cut.start()]
                after = block.source[cut.end() :] + "\n\n" + block_sources(blocks[index + 1 :])
                return before.strip(), after.strip()
    return text.strip(), ""


@dataclass
class Measures:
    """What a measures section gave."""

    improvements: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    """The section's own names for its lists: {"improvements": "Improvements/Fixes"}."""
    before: list[str] = field(default_factory=list)
    """Markdown before the first measure that is no measure (an introduction)."""
    after: list[str] = field(default_factory=list)
    """Markdown after the first measure that is no measure (a closing paragraph)."""

    def leftover(self, markdown: str) -> None:
        """Keep Markdown that is no measure, before or after the measures."""
        (self.after if self.improvements or self.tasks else self.before).append(markdown)


def read_measures(blocks: list[Block], default: str) -> Measures:
    """Improvements and tasks of a section; ``default`` is the list of unlabelled items."""
    measures = Measures()
    parts = labelled_parts(blocks, measure_key, split_unknown=False)
    has_list = any(
        block.kind in ("list", "table") for part in parts for block in parse_blocks(part.text)
    )
    for part in parts:
        key = part.key if part.label and part.key else default
        group = ""
        if part.label and part.key and key not in measures.headings:
            measures.headings[key] = part.label
        elif part.label and part.key and measures.headings[key] != part.label:
            group = part.label  # a second list of the same kind keeps its own name
        for block in parse_blocks(part.text):
            if block.kind == "list":
                for item in block.items:
                    _add_item(measures, item, key, group)
            elif block.kind == "table" and _add_rows(measures, block, key):
                continue
            elif block.kind == "heading":
                group = heading_text(block.text)
            elif block.kind == "paragraph" and not has_list and len(block.source.split()) >= 4:
                for text in _sentence_lines(block):
                    _add_text(measures, text, key, group)
            else:
                measures.leftover(block.source)
    return measures


def _sentence_lines(block: Block) -> list[str]:
    """A paragraph's lines when each ends a sentence (one measure a line), else the paragraph."""
    lines = [line.strip() for line in block.lines if line.strip()]
    if len(lines) > 1 and all(_SENTENCE_END.search(line) for line in lines):
        return lines
    return [block.source]


def _add_item(measures: Measures, item: ListItem, key: str, group: str) -> None:
    content = item.content
    nested = list_items(item.rest) if item.rest.strip() else None
    if nested is not None and len(nested) == 1 and item.head.strip():
        content = f"{item.head.rstrip()} {nested[0].content}"
    box = _BOX.match(content)
    if box:
        text = content[box.end() :]
        measures.tasks.append(_task(_grouped(group, text), done=box.group("mark") != " "))
    else:
        _add_text(measures, content, key, group)


def _add_text(measures: Measures, text: str, key: str, group: str) -> None:
    text = _grouped(group, text)
    if key == TASKS:
        measures.tasks.append(_task(text, done=False))
    else:
        measures.improvements.append(text)


def _grouped(group: str, text: str) -> str:
    """An item under a sub-heading ("### BinderHub") keeps the sub-heading's name."""
    return f"{group}: {text}" if group else text


def _task(text: str, *, done: bool) -> Task:
    """A task, with "(owner: infra; priority: P1; due: 2024-03-01)" read into its fields."""
    owner = priority = ""
    due: date | None = None
    details = _TASK_DETAILS.search(text)
    if details:
        readable = True
        for piece in details.group("details").split(";"):
            name, _, value = piece.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "owner":
                owner = value
            elif name == "priority":
                priority = value
            elif name == "due":
                try:
                    due = date.fromisoformat(value)
                except ValueError:
                    readable = False
            else:
                readable = False
        if readable:
            text = text[: details.start()]
        else:
            owner = priority = ""
            due = None
    return Task(text=text.strip(), owner=owner, priority=priority, due=due, done=done)


def _add_rows(measures: Measures, block: Block, key: str) -> bool:
    """Measures from a table with an item column; False when it has none."""
    if len(block.rows) < 2:
        return False
    header = [normalise(cell) for cell in block.rows[0]]

    def column(*names: str) -> int | None:
        for index, cell in enumerate(header):
            if any(word.startswith(names) for word in cell.split()):
                return index
        return None

    what = column("action", "item", "task", "description", "measure", "what", "title")
    if what is None:
        return False
    owner, priority, due, status = (
        column("owner", "assignee", "who"),
        column("priority"),
        column("due", "deadline"),
        column("status", "done", "state"),
    )
    kind = column("type", "kind")
    for row in block.rows[1:]:
        cells = [plain_text(cell) if i != what else cell for i, cell in enumerate(row)]
        cells += [""] * (len(header) - len(cells))
        text = cells[what]
        row_kind = normalise(cells[kind]) if kind is not None else ""
        if row_kind:
            is_task = row_kind.startswith("task")
        else:
            is_task = key == TASKS or any(i is not None for i in (owner, priority, due, status))
        if not is_task:
            measures.improvements.append(text)
            continue
        details = []
        for name, index in (("owner", owner), ("priority", priority), ("due", due)):
            if index is not None and cells[index].strip("\u2014- "):
                details.append(f"{name}: {cells[index]}")
        suffix = f" ({'; '.join(details)})" if details else ""
        done = status is not None and normalise(cells[status]) in _DONE_WORDS
        measures.tasks.append(_task(text + suffix, done=done))
    return True
