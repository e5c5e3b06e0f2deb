"""The measurements: start-up, typing and preview latency through a real terminal, and
file load, save and render times.

Every wait has a deadline and every program is killed when its measurement ends, whatever
happens. Latencies are in milliseconds, with None for a sample that timed out. A timed-out
sample is a sample: it counts in n and in every percentile, as longer than any other. A
measurement records how many samples it was asked for, so that one that stopped early (the
program stuck) or never ran reads as such in the report.
"""

from __future__ import annotations

import math
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.bare_app import READY as BARE_READY
from bench.baseline_app import READY as BASELINE_READY
from bench.generate import START, window
from bench.terminal import Region, ScreenShown, Terminal, Watch, squeeze
from postmortem_editor.store import IncidentFile

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
POSTMORTEM = str(Path(sys.executable).with_name("postmortem"))
COLUMNS, LINES = 160, 50

START_TIMEOUT = 60.0
"""Seconds a program may take to show its first complete frame."""
STEP_TIMEOUT = 10.0
"""Seconds to wait for a set-up step (a pane switch, an edit line opening)."""
KEY_TIMEOUT = 5.0
"""Seconds to wait for one keystroke to show before it counts as timed out."""
MAX_MISSES = 5
"""Timed-out samples in a row after which a measurement stops: the program is stuck (the
measurement then has fewer samples than asked, which the report counts as a failure)."""
LETTERS = "bcdfghjkmnpqrstvwxz"
"""Letters of the typed words: consonants only, so they never spell text already shown."""
FOOTER_ROW, STATUS_ROW = LINES - 1, LINES - 2


class BenchError(RuntimeError):
    """A measurement could not be made; the message says what the screen showed."""


def ms(start: float, end: float | None) -> float | None:
    """Milliseconds between two perf_counter() times (None stays None)."""
    return None if end is None else (end - start) * 1000


# --- the screen layout ---------------------------------------------------------------------


@dataclass
class Layout:
    """Where the panes are: the editor's form on the left, the preview on the right."""

    border: int
    """The column of the preview's left border."""

    @property
    def left(self) -> Region:
        """The panes (or the baseline app's input), above the status line."""
        return Region(0, STATUS_ROW, 0, self.border)

    @property
    def preview(self) -> Region:
        """The preview, without its border and scroll bar, above the status line."""
        return Region(0, STATUS_ROW, self.border + 1, COLUMNS - 2)

    @classmethod
    def find(cls, terminal: Terminal) -> Layout:
        """Find the preview's border: the column drawn with the same bar on most rows."""
        lines = terminal.snapshot()
        counts: dict[int, int] = {}
        for line in lines[2:STATUS_ROW]:
            for x, char in enumerate(line[20 : COLUMNS - 20], start=20):
                if char in "▏▕│┃▎":
                    counts[x] = counts.get(x, 0) + 1
        if not counts:
            raise BenchError("no preview border on screen:\n" + "\n".join(lines))
        return cls(border=max(counts, key=lambda x: counts[x]))


def shows(region: Region, text: str) -> Callable[[Terminal], bool]:
    """A check: the region shows this text (wrapped lines read as one, spaces squeezed)."""
    wanted = squeeze(text)
    return lambda terminal: wanted in squeeze(terminal.text(region))


def row_shows(region: Region, text: str) -> Callable[[Terminal], bool]:
    """A check: the region's rows, as drawn, hold this text exactly."""
    return lambda terminal: any(
        text in terminal.row(y, region.left, region.right) for y in range(region.top, region.bottom)
    )


def right_half_shows(text: str) -> Callable[[Terminal], bool]:
    """A check: the right half of the screen shows this text."""
    return shows(Region(0, STATUS_ROW, COLUMNS // 2, COLUMNS - 2), text)


def editor_ready(terminal: Terminal) -> bool:
    """The editor's first complete frame: footer keys, status line and the preview."""
    return (
        "Quit" in terminal.row(FOOTER_ROW)
        and "words" in terminal.row(STATUS_ROW)
        and right_half_shows("Issue Summary")(terminal)
    )


def bare_ready(terminal: Terminal) -> bool:
    """The bare app's only frame: its label."""
    return any(BARE_READY in terminal.row(y) for y in range(LINES))


def baseline_ready(terminal: Terminal) -> bool:
    """The baseline app's first frame: the input's label and the document's summary."""
    return any(BASELINE_READY in terminal.row(y) for y in range(3)) and right_half_shows(
        "Issue Summary"
    )(terminal)


def input_box(terminal: Terminal, y: int, x: int) -> Region:
    """The inside of the one-line input drawn on row y around column x (its "▊ ... ▎")."""
    line = terminal.snapshot()[y]
    left = line.rfind("▊", 0, x + 1)
    right = line.find("▎", max(left, 0) + 1)
    if left < 0 or right < 0:
        raise BenchError(f"no input box at row {y}, column {x}: {line!r}")
    return Region(y, y + 1, left + 1, right)


def unselected(box: Region) -> Callable[[Terminal], bool]:
    """A check: no text of the input is selected (its letters have the padding's colour)."""

    def check(terminal: Terminal) -> bool:
        cells = terminal.backgrounds(box.top, box.left, box.right)
        padding = cells[0][1]
        return all(bg == padding for char, bg in cells if char.strip())

    return check


def box_text(terminal: Terminal, box: Region) -> str:
    """What an input shows, without its padding."""
    return terminal.snapshot()[box.top][box.left : box.right].strip()


def find_row(terminal: Terminal, region: Region, text: str) -> tuple[int, int]:
    """Row and column of the first place the region shows this text."""
    lines = terminal.snapshot()
    for y in range(region.top, region.bottom):
        x = lines[y].find(text, region.left, region.right)
        if x >= 0:
            return y, x
    raise BenchError(f"{text!r} is not on screen:\n" + "\n".join(lines))


# --- typing -------------------------------------------------------------------------------


@dataclass
class Typist:
    """Types words of random letters at a human pace, with a pause now and then."""

    rng: random.Random
    typed: int = 0

    def word(self, length: int) -> str:
        """A word no document contains."""
        return "".join(self.rng.choice(LETTERS) for _ in range(length))

    def words(self) -> Iterator[str]:
        """Keys to type: words of four to seven letters, each after a space."""
        while True:
            yield " "
            yield from self.word(self.rng.randint(4, 7))

    def pause(self) -> None:
        """The gap before the next key: 70 to 150 ms (a fast typist), and every 25 keys a
        pause of half a second, which lets the editor's slower work (the rubric) start."""
        self.typed += 1
        if self.typed % 25 == 0:
            time.sleep(self.rng.uniform(0.45, 0.6))
        else:
            time.sleep(self.rng.uniform(0.07, 0.15))


@dataclass
class Latencies:
    """Samples of one measurement, in milliseconds (None: timed out)."""

    timeout_ms: float
    samples: list[float | None] = field(default_factory=list)
    asked: int = 0
    """How many samples the measurement was to take."""
    stopped: str = ""
    """Why it stopped before taking them all ("" when it did not)."""
    ambiguous: int = 0
    screens: list[str] = field(default_factory=list)
    """The screen at the first timed-out samples, to see why."""

    def add(self, value: float | None, terminal: Terminal | None = None) -> None:
        """Record one sample; for a timed-out one, keep what the screen showed."""
        self.samples.append(value)
        if value is None and terminal is not None and len(self.screens) < 2:
            self.screens.append(screen_text(terminal))

    def misses_in_a_row(self) -> int:
        """How many of the last samples timed out."""
        count = 0
        for value in reversed(self.samples):
            if value is not None:
                break
            count += 1
        return count

    def as_dict(self) -> dict[str, Any]:
        """Percentiles and raw samples for the JSON report."""
        return {
            "n": len(self.samples),
            "asked": self.asked,
            "timeouts": sum(1 for v in self.samples if v is None),
            "stopped": self.stopped,
            "timeout_ms": self.timeout_ms,
            "p50": percentile(self.samples, 50),
            "p95": percentile(self.samples, 95),
            "max": percentile(self.samples, 100),
            "ambiguous": self.ambiguous,
            "screens": self.screens,
            "samples": [None if v is None else round(v, 2) for v in self.samples],
        }


def percentile(values: list[float | None], q: float) -> float | None:
    """The q-th percentile by nearest rank; None when it falls on a timed-out sample."""
    if not values:
        return None
    ordered = sorted(values, key=lambda v: math.inf if v is None else v)
    rank = max(1, math.ceil(len(ordered) * q / 100))
    return ordered[rank - 1]


MAX_AHEAD = 5
"""Letters a typist types ahead of a screen that has not shown them yet, before waiting."""


def type_and_measure(
    terminal: Terminal,
    box: Region,
    keys: Iterator[str],
    count: int,
    typist: Typist,
    *,
    preview: Region | None,
    echo: Latencies,
    shown: Latencies | None,
    timeout: float = KEY_TIMEOUT,
    after: str | None = None,
) -> str:
    """Type ``count`` measured letters into the focused input whose inside is ``box``.

    The typist keeps its own pace (``Typist.pause``) and does not wait for the screen,
    unless it is ``MAX_AHEAD`` letters behind. Each letter is timed until the input shows
    it (``echo``) and, with a preview region, until the preview shows it, or a later state
    (``shown``). Spaces between words are typed but not measured. A letter not shown
    within ``timeout`` is a timed-out sample; after ``MAX_MISSES`` letters in a row that
    the input does not show, the typing stops (the program is stuck) and the measurement
    says so in ``stopped``, with fewer samples than asked. ``after`` is the text the
    letters follow when it is not the box's first row (in a text area that wraps, the
    start of the word typed: a word is never cut across rows). Returns what was typed.
    """
    before = box_text(terminal, box) if after is None else after
    typed = ""
    pending: list[tuple[float, Watch]] = []

    def settle_oldest() -> None:
        sent, watch = pending.pop(0)
        seen = watch.wait(max(0.0, sent + timeout - time.perf_counter()))
        watch.stop()
        echo.add(ms(sent, seen[0]), terminal)
        if shown is not None:
            shown.add(ms(sent, seen[1]), terminal)

    def behind() -> bool:
        reason = ""
        if echo.misses_in_a_row() >= MAX_MISSES:
            reason = f"stuck: {MAX_MISSES} letters in a row not shown within {timeout:.0f} s"
        for figures in (echo, shown):
            if reason and figures is not None and not figures.stopped:
                figures.stopped = reason
        return bool(reason)

    measured = 0
    try:
        while measured < count and not behind():
            char = next(keys, None)
            if char is None:
                break
            typed += char
            if char == " ":
                terminal.send(char)
                typist.pause()
                continue
            value = before + typed
            checks = [row_shows(box, value[-12:])]
            if preview is not None:
                checks.append(shows(preview, value[-16:]))
            try:
                watch = terminal.watch(*checks).start()
            except ScreenShown:
                terminal.send(char)
                echo.ambiguous += 1
                typist.pause()
                continue
            pending.append((terminal.send(char), watch))
            measured += 1
            while len(pending) >= MAX_AHEAD:
                settle_oldest()
            typist.pause()
    finally:
        while pending:
            settle_oldest()
    return typed


def key(terminal: Terminal, name: str, pause: float = 0.12) -> None:
    """Press a key as a set-up step (not measured) and give the program a moment."""
    terminal.send(name)
    time.sleep(pause)


def click(terminal: Terminal, x: int, y: int) -> None:
    """Click at a cell (0-based): mouse press, then release, as an xterm reports them."""
    terminal.send(f"\x1b[<0;{x + 1};{y + 1}M")
    time.sleep(0.05)
    terminal.send(f"\x1b[<0;{x + 1};{y + 1}m")
    time.sleep(0.2)


def open_pane(terminal: Terminal, layout: Layout, tab: str, shown: str) -> None:
    """Click a pane's tab and wait until the pane shows ``shown``."""
    y, x = find_row(terminal, Region(0, 1, 0, layout.border), f" {tab} ")
    click(terminal, x + 2, y)
    wait_step(terminal, row_shows(layout.left, shown), f"the {tab} pane")
    terminal.settle(quiet=0.2, timeout=STEP_TIMEOUT)


def wait_step(terminal: Terminal, check: Callable[[Terminal], bool], what: str) -> None:
    """Wait for a set-up step to show on screen; BenchError with the screen if it does not."""
    if terminal.wait_for(check, STEP_TIMEOUT) is None:
        raise BenchError(f"{what}: not shown after {STEP_TIMEOUT} s:\n" + screen_text(terminal))


def screen_text(terminal: Terminal) -> str:
    """The screen, for error messages."""
    return "\n".join(line.rstrip() for line in terminal.snapshot())


# --- programs -----------------------------------------------------------------------------


@contextmanager
def running(argv: list[str], cwd: Path) -> Iterator[Terminal]:
    """A program in a fresh terminal, killed when the block ends."""
    terminal = Terminal(argv, columns=COLUMNS, lines=LINES, cwd=cwd)
    terminal.start()
    try:
        yield terminal
    finally:
        terminal.close()


def editor_argv(path: Path) -> list[str]:
    """The command line of the editor on an incident file."""
    return [POSTMORTEM, "edit", str(path)]


def startup(
    argv: list[str], ready: Callable[[Terminal], bool], cwd: Path, timeout: float = START_TIMEOUT
) -> float | None:
    """Seconds from spawning the program to its first complete frame (None: timed out)."""
    with running(argv, cwd) as terminal:
        seen = terminal.wait_for(ready, timeout)
        return None if seen is None else seen - terminal.spawned_at


INTERACTIVE_WORD = "zqxjw"
QUICK_ENTRY_HINT = "Enter adds"
"""The start of the hint under the quick-entry line while it holds a line to add."""


def quick_entry_shows(text: str) -> Callable[[Terminal], bool]:
    """A check: the quick-entry line's box shows this text. The box is a one-line input
    ("▊ ... ▎") in the left half with the quick-entry hint two rows under its text (under
    its bottom border); the text elsewhere (the hint repeats the line) does not count."""

    def check(terminal: Terminal) -> bool:
        for y in range(0, STATUS_ROW - 2):
            line = terminal.row(y, 0, COLUMNS // 2)
            left = line.find("▊")
            right = line.find("▎", left + 1)
            if left < 0 or right < 0 or text not in line[left + 1 : right]:
                continue
            if terminal.row(y + 2, 0, COLUMNS // 2).strip().startswith(QUICK_ENTRY_HINT):
                return True
        return False

    return check


def interactive(terminal: Terminal, timeout: float = STEP_TIMEOUT) -> tuple[float | None, str]:
    """Seconds from spawn until a typed word shows in the quick-entry line's box: ctrl+t
    (the quick-entry line) and a word sent as soon as the first frame shows. With a
    timeout, also says what became of the keys (the line is shown again with ctrl+t to
    see whether the word went into it)."""
    terminal.send("ctrl+t")
    terminal.send(INTERACTIVE_WORD)
    seen = terminal.wait_for(quick_entry_shows(INTERACTIVE_WORD), timeout)
    if seen is not None:
        return seen - terminal.spawned_at, ""
    screen = screen_text(terminal)
    key(terminal, "ctrl+t", 0.3)
    if terminal.wait_for(quick_entry_shows(INTERACTIVE_WORD), STEP_TIMEOUT) is not None:
        return None, "ctrl+t and the word typed at the first frame went into a hidden line:\n" + (
            screen
        )
    return None, "ctrl+t and the word typed at the first frame were lost:\n" + screen


@dataclass
class StartupRuns:
    """Start-up times (seconds) of the editor and of the bare app, spawned alternately."""

    editor: list[float | None] = field(default_factory=list)
    bare: list[float | None] = field(default_factory=list)
    interactive: list[float | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Medians and raw runs for the JSON report."""
        return {
            "editor_s": median(self.editor),
            "bare_s": median(self.bare),
            "interactive_s": median(self.interactive),
            "editor_runs": self.editor,
            "bare_runs": self.bare,
            "interactive_runs": self.interactive,
            "failed_runs": sum(v is None for v in self.editor + self.bare + self.interactive),
            "editor_failed": sum(v is None for v in self.editor),
            "bare_failed": sum(v is None for v in self.bare),
            "interactive_failed": sum(v is None for v in self.interactive),
            "problems": self.problems,
        }


def median(values: list[float | None]) -> float | None:
    """The median of all runs, a failed run (None) counting as longer than any other; None
    when there were no runs or the median falls on a failed one."""
    if not values:
        return None
    middle = statistics.median(math.inf if value is None else value for value in values)
    return None if math.isinf(middle) else middle


def bare_startup(cwd: Path) -> float | None:
    """Start-up of the bare Textual app."""
    return startup([PYTHON, str(BENCH / "bare_app.py")], bare_ready, cwd)


def editor_startup(path: Path, runs: StartupRuns) -> None:
    """One start of the editor: first frame, then interactive."""
    with running(editor_argv(path), path.parent) as terminal:
        seen = terminal.wait_for(editor_ready, START_TIMEOUT)
        runs.editor.append(None if seen is None else seen - terminal.spawned_at)
        if seen is None:
            status = "exited" if not terminal.alive() else "still running"
            runs.problems.append(f"no first frame ({status}):\n" + screen_text(terminal))
        ready, problem = interactive(terminal) if seen is not None else (None, "")
        runs.interactive.append(ready)
        if problem:
            runs.problems.append(problem)


# --- the editor session -------------------------------------------------------------------


@dataclass
class EditorFigures:
    """What one editor session measured."""

    startup_s: float | None = None
    interactive_s: float | None = None
    typing_summary: Latencies = field(default_factory=lambda: Latencies(KEY_TIMEOUT * 1000))
    typing_timeline: Latencies = field(default_factory=lambda: Latencies(KEY_TIMEOUT * 1000))
    preview_summary: Latencies = field(default_factory=lambda: Latencies(KEY_TIMEOUT * 1000))
    preview_timeline: Latencies = field(default_factory=lambda: Latencies(KEY_TIMEOUT * 1000))
    preview_new_entry: Latencies = field(default_factory=lambda: Latencies(KEY_TIMEOUT * 1000))
    peak_rss_mb: float | None = None
    errors: list[str] = field(default_factory=list)
    phase_seconds: dict[str, float] = field(default_factory=dict)
    """How long each part of the session took (the benchmark's own running time)."""

    def as_dict(self) -> dict[str, Any]:
        """The figures for the JSON report."""
        return {
            "startup_s": self.startup_s,
            "interactive_s": self.interactive_s,
            "phase_seconds": self.phase_seconds,
            "typing_summary": self.typing_summary.as_dict(),
            "typing_timeline": self.typing_timeline.as_dict(),
            "preview_summary": self.preview_summary.as_dict(),
            "preview_timeline": self.preview_timeline.as_dict(),
            "preview_new_entry": self.preview_new_entry.as_dict(),
            "peak_rss_mb": self.peak_rss_mb,
            "errors": self.errors,
        }


def editor_session(path: Path, size: int, keystrokes: int, edits: int, seed: int) -> EditorFigures:
    """Open the editor on the file and measure: start-up, interactive, typing in the
    summary, editing timeline entries in place, adding entries; then its peak memory."""
    figures = EditorFigures()
    figures.typing_summary.asked = figures.preview_summary.asked = keystrokes
    figures.typing_timeline.asked = keystrokes
    figures.preview_timeline.asked = figures.preview_new_entry.asked = edits
    phases = {
        summary_typing: (figures.typing_summary, figures.preview_summary),
        timeline_editing: (figures.typing_timeline, figures.preview_timeline),
        new_entries: (figures.preview_new_entry,),
    }
    rng = random.Random(f"session-{seed}-{size}")
    typist = Typist(rng)
    with running(editor_argv(path), path.parent) as terminal:
        seen = terminal.wait_for(editor_ready, START_TIMEOUT)
        if seen is None:
            figures.errors.append("the editor showed no first frame:\n" + screen_text(terminal))
            for measured in phases.values():
                for latencies in measured:
                    latencies.stopped = "not run: the editor showed no first frame"
            return figures
        figures.startup_s = seen - terminal.spawned_at
        figures.interactive_s, problem = interactive(terminal)
        if problem:
            figures.errors.append(problem)
        layout = Layout.find(terminal)
        key(terminal, "escape", 0.3)  # empties the quick-entry line again
        terminal.settle(quiet=0.3, timeout=STEP_TIMEOUT)
        for step, measured in phases.items():
            started = time.monotonic()
            try:
                step(terminal, layout, figures, typist, keystrokes, edits, size)
            except BenchError as error:
                figures.errors.append(f"{step.__name__}: {error}")
                for latencies in measured:
                    latencies.stopped = latencies.stopped or str(error).splitlines()[0]
                terminal.settle(quiet=0.5, timeout=STEP_TIMEOUT)
            figures.phase_seconds[step.__name__] = round(time.monotonic() - started, 1)
        rss = terminal.peak_rss_kib()
        figures.peak_rss_mb = None if rss is None else rss * 1024 / 1e6
    return figures


def summary_typing(
    terminal: Terminal,
    layout: Layout,
    figures: EditorFigures,
    typist: Typist,
    keystrokes: int,
    edits: int,
    size: int,
) -> None:
    """Type words at the end of the summary's Service field, timing the echo in the field
    and the change in the preview for every letter."""
    open_pane(terminal, layout, "Summary", "Service")
    y, x = find_row(terminal, layout.left, "Service")
    click(terminal, x + 4, y + 2)  # into the field, then to its end
    key(terminal, "end", 0.2)
    terminal.settle(quiet=0.2, timeout=STEP_TIMEOUT)
    box = input_box(terminal, y + 2, x + 4)
    type_and_measure(
        terminal,
        box,
        typist.words(),
        keystrokes,
        typist,
        preview=layout.preview,
        echo=figures.typing_summary,
        shown=figures.preview_summary,
    )


def timeline_editing(
    terminal: Terminal,
    layout: Layout,
    figures: EditorFigures,
    typist: Typist,
    keystrokes: int,
    edits: int,
    size: int,
) -> None:
    """Edit timeline entries in place, from the middle of the timeline on: Enter on the
    row opens its form, a word typed at the end of its text (each letter timed until the
    form shows it), Enter again (timed until the preview shows the word), the next row."""
    open_pane(terminal, layout, "Timeline", "Kind")
    y, _ = find_row(terminal, layout.left, "Kind")
    click(terminal, 20, y + 1)  # on the first row: the table takes the focus
    for _ in range(round(size * 0.4 / 40)):  # about 40 rows a page: to the middle
        key(terminal, "pagedown", 0.1)
    terminal.settle(quiet=0.3, timeout=STEP_TIMEOUT)
    per_word = 12
    cycles = max(edits, -(-keystrokes // per_word))
    for _ in range(cycles):
        key(terminal, "enter", 0.05)
        wait_step(terminal, row_shows(layout.left, "Enter saves"), "the edit form")
        terminal.settle(quiet=0.15, timeout=STEP_TIMEOUT)
        # The form's text box: under its "Text" title, the cursor at the end of the text.
        title_y, title_x = find_row(terminal, layout.left, "▔ Text ▔")
        top = input_box(terminal, title_y + 1, title_x)
        box = Region(top.top, layout.left.bottom, top.left, top.right)
        word = "zq" + typist.word(per_word)
        for char in " zq":  # not measured: the word's start, to look for
            terminal.send(char)
            time.sleep(0.03)
        wait_step(terminal, row_shows(box, " zq"), "the end of the entry's text")
        terminal.settle(quiet=0.1, timeout=STEP_TIMEOUT)
        type_and_measure(
            terminal,
            box,
            iter(word[2:]),
            per_word,
            typist,
            preview=None,
            echo=figures.typing_timeline,
            shown=None,
            after="zq",
        )
        terminal.wait_for(row_shows(box, word[-6:]), KEY_TIMEOUT)
        time.sleep(0.1)
        with terminal.watch(shows(layout.preview, word)) as watch:
            sent = terminal.send("enter")
            figures.preview_timeline.add(ms(sent, watch.wait(KEY_TIMEOUT)[0]), terminal)
        if figures.preview_timeline.misses_in_a_row() >= MAX_MISSES:
            raise BenchError("the preview stopped following the edits:\n" + screen_text(terminal))
        time.sleep(0.1)
        key(terminal, "down", 0.15)
        if len(figures.typing_timeline.samples) >= keystrokes and (
            len(figures.preview_timeline.samples) >= edits
        ):
            break


def new_entries(
    terminal: Terminal,
    layout: Layout,
    figures: EditorFigures,
    typist: Typist,
    keystrokes: int,
    edits: int,
    size: int,
) -> None:
    """Add entries through the quick-entry line: ctrl+t, "HH:MM word ..." at a time in the
    middle of the incident, Enter, timed until the preview shows the word."""
    rng = typist.rng
    minutes = window(size) / timedelta(minutes=1)
    for _ in range(edits):
        key(terminal, "ctrl+t", 0.1)
        word = "zq" + typist.word(6)
        at = START + timedelta(minutes=int(rng.uniform(0.1, 0.9) * minutes))
        line = f"{at:%H:%M} {word} paged the DBA"
        for char in line:
            terminal.send(char)
            time.sleep(0.005)
        wait_step(terminal, row_shows(layout.left, word), "the quick-entry line")
        terminal.settle(quiet=0.15, timeout=STEP_TIMEOUT)
        with terminal.watch(shows(layout.preview, word)) as watch:
            sent = terminal.send("enter")
            figures.preview_new_entry.add(ms(sent, watch.wait(KEY_TIMEOUT)[0]), terminal)
        if figures.preview_new_entry.misses_in_a_row() >= MAX_MISSES:
            raise BenchError("the preview stopped showing new entries:\n" + screen_text(terminal))
        time.sleep(rng.uniform(0.05, 0.15))


# --- the floor: a bare Textual input ---------------------------------------------------------


def bare_typing(keystrokes: int, cwd: Path, seed: int) -> Latencies:
    """Keystroke → character in a bare Textual input, typed the same way: what the
    terminal, Textual and this benchmark cost before the editor does anything."""
    echo = Latencies(KEY_TIMEOUT * 1000)
    typist = Typist(random.Random(f"bare-{seed}"))
    with running([PYTHON, str(BENCH / "bare_app.py"), "--input"], cwd) as terminal:
        if terminal.wait_for(bare_ready, START_TIMEOUT) is None:
            return echo
        terminal.settle(quiet=0.3, timeout=STEP_TIMEOUT)
        key(terminal, "end", 0.2)
        y, x = find_row(terminal, Region(0, LINES, 0, COLUMNS), "bare input")
        box = input_box(terminal, y, x)
        type_and_measure(
            terminal, box, typist.words(), keystrokes, typist, preview=None, echo=echo, shown=None
        )
    return echo


# --- the baseline preview -------------------------------------------------------------------


@dataclass
class BaselineFigures:
    """What the baseline app (a debounced whole-document preview) measured."""

    startup_s: float | None = None
    start_timeout_s: float = 0.0
    typing: Latencies = field(default_factory=lambda: Latencies(KEY_TIMEOUT * 1000))
    preview: Latencies = field(default_factory=lambda: Latencies(KEY_TIMEOUT * 1000))
    peak_rss_mb: float | None = None
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The figures for the JSON report."""
        return {
            "startup_s": self.startup_s,
            "start_timeout_s": self.start_timeout_s,
            "typing": self.typing.as_dict(),
            "preview": self.preview.as_dict(),
            "peak_rss_mb": self.peak_rss_mb,
            "errors": self.errors,
        }


def baseline_session(
    path: Path, size: int, keystrokes: int, seed: int, timeout: float = KEY_TIMEOUT
) -> BaselineFigures:
    """The baseline app on the file: type as many letters into its service field as into
    the editor's, each timed until the field and the whole-document preview show it (or a
    later state), with the same deadline per letter as the editor's."""
    figures = BaselineFigures(start_timeout_s=START_TIMEOUT)
    for latencies in (figures.typing, figures.preview):
        latencies.timeout_ms, latencies.asked = timeout * 1000, keystrokes
    typist = Typist(random.Random(f"baseline-{seed}-{size}"))
    argv = [PYTHON, str(BENCH / "baseline_app.py"), str(path)]
    with running(argv, path.parent) as terminal:
        seen = terminal.wait_for(baseline_ready, START_TIMEOUT)
        if seen is None:
            figures.errors.append(f"no first frame within {START_TIMEOUT:.0f} s")
            figures.typing.stopped = figures.preview.stopped = "not run: no first frame"
            return figures
        figures.startup_s = seen - terminal.spawned_at
        terminal.settle(quiet=0.3, timeout=START_TIMEOUT)  # the cursor blinks every 0.5 s
        layout = Layout.find(terminal)
        key(terminal, "end", 0.2)
        terminal.settle(quiet=0.3, timeout=STEP_TIMEOUT)
        y, x = find_row(terminal, layout.left, BASELINE_READY)
        box = input_box(terminal, y + 2, x + 3)
        try:
            type_and_measure(
                terminal,
                box,
                typist.words(),
                keystrokes,
                typist,
                preview=layout.preview,
                echo=figures.typing,
                shown=figures.preview,
                timeout=timeout,
            )
        except BenchError as error:
            figures.errors.append(str(error))
            for latencies in (figures.typing, figures.preview):
                latencies.stopped = latencies.stopped or str(error).splitlines()[0]
        rss = terminal.peak_rss_kib()
        figures.peak_rss_mb = None if rss is None else rss * 1024 / 1e6
    return figures


# --- files ----------------------------------------------------------------------------------


def file_times(path: Path, work: Path, repeats: int = 5) -> dict[str, Any]:
    """Load and save in this process, and `postmortem render` as a command (wall time)."""
    loads = []
    for _ in range(repeats):
        started = time.perf_counter()
        IncidentFile.load(path)
        loads.append(time.perf_counter() - started)
    saves = []
    copy = work / f"save-{path.name}"
    shutil.copyfile(path, copy)
    # The first save of a file whose layout was not parsed beforehand (the editor parses
    # it in the background two seconds after opening), then saves as the editor makes them.
    document = IncidentFile.load(copy)
    document.incident.summary.service = "checkout API (first edit)"
    started = time.perf_counter()
    document.save()
    first_save = time.perf_counter() - started
    document = IncidentFile.load(copy)
    document.prepare()
    for attempt in range(repeats):
        document.incident.summary.service = f"checkout API (edit {attempt})"
        started = time.perf_counter()
        document.save()
        saves.append(time.perf_counter() - started)
    renders = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [POSTMORTEM, "render", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=60,
        )
        renders.append(time.perf_counter() - started)
    return {
        "load_ms": statistics.median(loads) * 1000,
        "save_ms": statistics.median(saves) * 1000,
        "first_save_unprepared_ms": first_save * 1000,
        "render_s": statistics.median(renders),
        "bytes": path.stat().st_size,
        "load_runs_ms": [v * 1000 for v in loads],
        "save_runs_ms": [v * 1000 for v in saves],
        "render_runs_s": renders,
    }


# --- hostile files --------------------------------------------------------------------------


def refusal_times(work: Path) -> dict[str, float]:
    """Seconds `postmortem check` takes to refuse files that must be answered quickly: a
    50 MB file (refused by its size, never read into the editor) and a line of 100,000
    characters of invalid TOML (median of 3 each)."""
    head = 'schema_version = 1\ntitle = "Outage"\n'
    huge = work / "huge.toml"
    with huge.open("w") as handle:
        handle.write(head)
        line = "# " + "x" * 1021 + "\n"
        for _ in range(50 * 1024):
            handle.write(line)
    long_line = work / "long-line.toml"
    long_line.write_text(head + 'severity = "' + "x" * 100_000 + "\n")
    times = {}
    for name, path in (("refuse_50mb_s", huge), ("refuse_100k_line_s", long_line)):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(
                [POSTMORTEM, "check", str(path)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=120,
                check=False,
            )
            runs.append(time.perf_counter() - started)
        times[name] = statistics.median(runs)
    huge.unlink()
    return times
