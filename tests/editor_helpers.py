"""Helpers of the editor's pilot tests: sample copies, typing, and reading what is shown."""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from rich.text import Text
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Label, Static
from textual.widgets._toast import Toast

from postmortem_editor.model import Incident, TimelineEntry
from postmortem_editor.store import IncidentFile
from postmortem_editor.tui.app import PostmortemApp
from postmortem_editor.tui.widgets.keyed_table import KeyedTable
from postmortem_editor.tui.widgets.preview import Preview
from postmortem_editor.tui.widgets.status import StatusLine
from postmortem_editor.tui.widgets.timeline import TimelineTable

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_incidents"
DATED = "2024-02-14-load-balancer-outage.toml"
"""Timezone "UTC-5", nine timeline entries from 10:00 AM to 12:30 PM on 2024-02-14."""
UNDATED = "undated-load-balancer-degradation.toml"
"""No start, end, timezone or entry times: the rubric has much to say."""
SIZE = (160, 48)
EST = timezone(timedelta(hours=-5))
"""The dated sample's timezone ("UTC-5")."""


def at(hour: int, minute: int) -> datetime:
    """A time on the dated sample's day, in its timezone."""
    return datetime(2024, 2, 14, hour, minute, tzinfo=EST)


def copy_sample(tmp_path: Path, name: str = DATED) -> Path:
    """A copy of a sample incident in tmp_path (the originals are never touched)."""
    target = tmp_path / name
    target.write_bytes((SAMPLES / name).read_bytes())
    return target


def long_incident(marked: int, text: str, count: int = 2000) -> Incident:
    """An incident of ``count`` timed entries, a minute apart from 08:00 UTC, "step N of
    the rollout" each; the entry at index ``marked`` says ``text`` instead."""
    start = datetime(2024, 2, 14, 8, 0, tzinfo=UTC)
    timeline = [
        TimelineEntry(at=start + timedelta(minutes=n), text=f"step {n} of the rollout")
        for n in range(count)
    ]
    timeline[marked].text = text
    return Incident(title="Long incident", timezone="UTC", timeline=timeline)


def open_app(path: Path) -> PostmortemApp:
    """The editor on an existing incident file."""
    return PostmortemApp(IncidentFile.load(path))


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Put text into the focused field the way a terminal delivers a paste.

    Inputs and text areas insert a paste exactly as they insert typed characters (and
    report the same Changed message); it costs one event instead of one per character,
    which keeps the suite fast. Short strings are typed key by key with ``pilot.press``.
    """
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def replace_text(pilot: Pilot[None], text: str) -> None:
    """Select all of the focused one-line input (ctrl+shift+a) and paste text over it.

    The field changes once, from its old value to the new one, as a paste over a
    selection does; emptying it first would pass through an empty (unset) value.
    """
    await pilot.press("ctrl+shift+a")
    if text:
        await type_text(pilot, text)
    else:
        await pilot.press("backspace")


async def settle(pilot: Pilot[None], limit: float = 60.0) -> None:
    """Wait until the preview, status line and rubric have caught up with the edits;
    AssertionError when they have not after ``limit`` seconds (a generous ceiling: on a
    working editor this takes a fraction of a second)."""
    app = pilot.app
    assert isinstance(app, PostmortemApp)
    await pilot.pause()
    deadline = time.monotonic() + limit
    while app.editor.catching_up:
        if time.monotonic() > deadline:
            raise AssertionError(f"the editor did not catch up with the edits within {limit} s")
        await pilot.pause(0.02)
    await pilot.pause()


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], object], what: str, limit: float = 60.0
) -> None:
    """Wait until ``condition()`` holds, letting the app run; AssertionError naming
    ``what`` when it does not within ``limit`` seconds (a generous ceiling)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not so after {limit} s")
        await pilot.pause(0.02)


async def focus(pilot: Pilot[None], selector: str) -> Widget:
    """Focus a widget of the editor screen by selector (its tab is opened first)."""
    app = pilot.app
    assert isinstance(app, PostmortemApp)
    widget = app.editor.query_one(selector)
    widget.focus()
    await pilot.pause()
    return widget


def preview_text(app: PostmortemApp) -> str:
    """Everything the preview draws, as plain text, one line per line."""
    return "\n".join(app.editor.query_one(Preview).text())


def preview_says(app: PostmortemApp, text: str) -> bool:
    """Whether the preview draws this text (wrapped lines read as one, spaces squeezed)."""
    return " ".join(text.split()) in " ".join(preview_text(app).split())


def preview_list(app: PostmortemApp, heading: str = "Timeline") -> list[str]:
    """The items of the bulleted list the preview draws under a heading, each as one line
    of plain text without its bullet ("10:00 AM: Issue detected ...")."""
    lines = preview_text(app).split("\n")
    titles = [number for number, line in enumerate(lines) if line.strip() == heading]
    assert titles, f"the preview shows no heading {heading!r}"
    items: list[str] = []
    for line in lines[titles[0] + 1 :]:
        if not line.strip():
            if items:
                break
            continue
        if line.lstrip().startswith("• "):
            items.append(line.lstrip()[2:].strip())
        elif line.startswith(" ") and items:
            items[-1] += " " + line.strip()
        else:
            break
    return items


def status_text(app: PostmortemApp) -> str:
    """The status line under the editor, as plain text."""
    return app.editor.query_one(StatusLine).line.plain


def label_text(widget: Label | Static) -> str:
    """What a label or static shows, as plain text."""
    return _plain(widget)


def _plain(widget: Static) -> str:
    content = widget.content
    if isinstance(content, Text):
        return content.plain
    return str(content)


def toasts(app: PostmortemApp) -> list[str]:
    """The messages of the toasts on screen."""
    return [toast.render().plain for toast in app.screen.query(Toast)]


def showing(app: PostmortemApp, screen_type: type) -> bool:
    """Whether the app shows a screen of this type, composed and mounted: a screen just
    pushed becomes ``app.screen`` before its widgets exist."""
    return isinstance(app.screen, screen_type) and app.screen.is_mounted


def screen_text(app: PostmortemApp) -> str:
    """Every label and static of the active screen, joined (for dialogs and help)."""
    return "\n".join(_plain(widget) for widget in app.screen.query(Static))


def timeline_table(app: PostmortemApp) -> TimelineTable:
    """The timeline table of the editor."""
    return app.editor.query_one(TimelineTable)


def row_keys(table: KeyedTable) -> list[str]:
    """The row keys of a table, top to bottom."""
    return table.row_ids


def timeline_ids(app: PostmortemApp) -> list[str]:
    """The ids of the incident's timeline entries, in order."""
    return [entry.id for entry in app.document.incident.timeline]


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a unified diff adds or removes ("+..." / "-...")."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def field_error(app: PostmortemApp, selector: str) -> str:
    """The message shown under a form field ("" when there is none)."""
    field = app.editor.query_one(selector)
    assert field.parent is not None
    label = field.parent.query_one(".field-error", Label)
    return label_text(label) if label.display and label.has_class("-shown") else ""


def input_value(app: PostmortemApp, selector: str) -> str:
    """The text of an input of the editor screen."""
    return app.editor.query_one(selector, Input).value


def burst(app: PostmortemApp, text: str) -> None:
    """Deliver keys the way a terminal does in a burst (a paste without bracketed paste, a
    text expander, a lagging SSH link): all queued at once, none waiting for the last to
    be handled. A newline is Enter, a tab is Tab."""
    for character in text:
        if character == "\n":
            app.post_message(events.Key("enter", "\r"))
        elif character == "\t":
            app.post_message(events.Key("tab", "\t"))
        elif character == " ":
            app.post_message(events.Key("space", " "))
        else:
            name = character if character.isalnum() else "character"
            app.post_message(events.Key(name, character))


async def drain(pilot: Pilot[None], limit: float = 60.0) -> None:
    """Wait until every queued key and message has been handled (fails after ``limit``)."""
    app = pilot.app
    deadline = time.monotonic() + limit
    while True:
        await pilot.pause()
        nodes = [app, *app.screen.walk_children(with_self=True)]
        if not any(node._message_queue.qsize() for node in nodes):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the editor did not catch up within {limit} s")
