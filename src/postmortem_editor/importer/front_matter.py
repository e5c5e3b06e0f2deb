"""The YAML front matter of a postmortem published as a blog post.

A post may start with its site's header between ``---`` lines::

    ---
    title: "Incident report: leaked token"
    description: We responded to a leaked token
      for one administrator.
    authors:
      - a.person
    date: 2024-07-08
    tags: [security]
    ---

The keys an incident has a field for are read into it: the title, the authors, the
severity, the timezone, and the date (the post's date, used for times written without one
only when the document itself gives no date). Keys that hold prose for readers
(description, summary, excerpt, subtitle, abstract) are kept as text at the start of the
postmortem. The other keys (tags, layout, categories, permalinks) are the site's, not the
postmortem's: they are left out, and the import report names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from postmortem_editor.importer.summary import split_names
from postmortem_editor.timeparse import find_date

_BLOCK = re.compile(
    r"\A---[ \t]*\n(?P<body>(?:[A-Za-z_][\w-]*:.*\n(?:[ \t].*\n|\n)*)+)"
    r"(?:---|\.\.\.)[ \t]*(?:\n|\Z)"
)
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):[ \t]*(?P<value>.*)$")
_ITEM = re.compile(r"^[ \t]+-[ \t]*(?P<item>.*)$")
_PROSE_KEYS = ("description", "summary", "excerpt", "subtitle", "abstract")
_AUTHOR_KEYS = ("author", "authors")
_SEVERITY_KEYS = ("severity", "sev")
_ZONE_KEYS = ("timezone", "time_zone", "tz")


@dataclass
class FrontMatter:
    """What a document's front matter gives."""

    title: str = ""
    day: date | None = None
    authors: list[str] = field(default_factory=list)
    severity: str = ""
    timezone: str = ""
    prose: list[str] = field(default_factory=list)
    """The values of the keys that hold prose, in order."""
    left_out: list[str] = field(default_factory=list)
    """The other keys, each with its value: "tags (transparency, security)"."""


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """The front matter at the very top of a document, and the text after it.

    A document without front matter gives an empty FrontMatter and the text unchanged.
    """
    match = _BLOCK.match(text)
    if match is None:
        return FrontMatter(), text
    front = FrontMatter()
    for key, values in _pairs(match.group("body").split("\n")):
        _read_pair(front, key.lower(), values)
    return front, text[match.end() :]


def _pairs(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The keys in order, each with its values: a scalar (folded over its lines) or a list."""
    pairs: list[tuple[str, list[str]]] = []
    for line in lines:
        pair = _KEY.match(line)
        if pair is not None:
            value = pair.group("value").strip()
            if value.startswith("[") and value.endswith("]"):
                items = [_unquoted(item) for item in value[1:-1].split(",")]
                pairs.append((pair.group("key"), [item for item in items if item]))
            else:
                pairs.append((pair.group("key"), [_unquoted(value)] if value else []))
            continue
        if not pairs or not line.strip():
            continue
        values = pairs[-1][1]
        item = _ITEM.match(line)
        if item is not None:
            values.append(_unquoted(item.group("item")))
        elif values:
            values[-1] = f"{values[-1]} {line.strip()}"  # a value folded over its lines
        else:
            values.append(line.strip())
    return pairs


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _read_pair(front: FrontMatter, key: str, values: list[str]) -> None:
    text = ", ".join(value for value in values if value)
    if not text:
        return
    if key == "title":
        front.title = text
    elif key == "date" and find_date(text) is not None:
        front.day = find_date(text)
    elif key in _AUTHOR_KEYS:
        for value in values:
            front.authors.extend(split_names(value))
    elif key in _SEVERITY_KEYS:
        front.severity = text
    elif key in _ZONE_KEYS:
        front.timezone = text
    elif key in _PROSE_KEYS:
        front.prose.append(text)
    else:
        front.left_out.append(f"{key} ({text})")
