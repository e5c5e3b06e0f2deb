"""The benchmark's report: a table of the figures per size, and the targets with PASS/FAIL.

Works on the results of one run, or on the medians of several runs (``merge``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Results = dict[str, Any]


# --- medians of several runs ------------------------------------------------------------------


def merge(runs: list[Any]) -> Any:
    """The runs' results merged: numbers become their median (a timed-out figure, None,
    counts as longer than any other), lists are joined, other values come from the first."""
    present = [run for run in runs if run is not None]
    if not present:
        return None
    if all(isinstance(run, dict) for run in present):
        keys: list[str] = []
        for run in present:
            keys += [key for key in run if key not in keys]
        return {key: merge([run.get(key) for run in present]) for key in keys}
    if all(isinstance(run, list) for run in present):
        return [item for run in present for item in run]
    numbers = [run for run in runs if run is None or isinstance(run, int | float)]
    if len(numbers) == len(runs) and any(isinstance(run, int | float) for run in runs):
        return median_or_none(numbers)
    return present[0]


def median_or_none(values: list[float | None]) -> float | None:
    """The median, None standing for "timed out" (longer than everything); None if the
    median itself is a timeout."""
    finite = [math.inf if value is None else float(value) for value in values]
    middle = statistics.median(finite)
    return None if math.isinf(middle) else middle


# --- formatting -------------------------------------------------------------------------------


def seconds(value: float | None, digits: int = 2) -> str:
    """Seconds, or a dash."""
    return "—" if value is None else f"{value:.{digits}f}"


def millis(value: float | None) -> str:
    """Milliseconds, or a dash."""
    if value is None:
        return "—"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def latency(figures: dict[str, Any] | None, which: str) -> str:
    """One percentile of a latency measurement: "12.3", "> 10 s" when it timed out."""
    if not figures or not figures.get("n"):
        return "—"
    value = figures.get(which)
    if value is None:
        return f"> {figures['timeout_ms'] / 1000:.0f} s"
    return millis(value)


def pair(figures: dict[str, Any] | None, *, count: bool = False) -> str:
    """ "p50 / p95" of a latency measurement, with the sample count when asked."""
    text = f"{latency(figures, 'p50')} / {latency(figures, 'p95')}"
    if count and figures and figures.get("n"):
        text += f" (n={figures['n']:.0f})"
    return text


def get(results: Results, size: str, *path: str) -> Any:
    """A value deep in one size's results, None when it is missing."""
    value: Any = results.get("sizes", {}).get(size)
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, None when either is missing."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def naive_ratio(results: Results, size: str, which: str) -> str:
    """How many times slower the naive preview is than the editor's (summary edits)."""
    naive = get(results, size, "naive", "preview")
    editor = get(results, size, "editor", "preview_summary", which)
    if not naive or not naive.get("n") or not editor:
        return "—"
    value = naive.get(which)
    if value is None:
        return f"> {naive['timeout_ms'] / editor:.0f}x"
    return f"{value / editor:.1f}x"


Row = tuple[str, Callable[[Results, str], str]]

ROWS: list[Row] = [
    ("file size (KB)", lambda r, s: seconds(ratio(get(r, s, "files", "bytes"), 1000), 0)),
    ("start-up editor, first frame (s)", lambda r, s: seconds(get(r, s, "startup", "editor_s"))),
    ("start-up bare Textual app (s)", lambda r, s: seconds(get(r, s, "startup", "bare_s"))),
    (
        "  editor ÷ bare",
        lambda r, s: seconds(
            ratio(get(r, s, "startup", "editor_s"), get(r, s, "startup", "bare_s"))
        ),
    ),
    (
        "interactive: spawn → typed word echoed (s)",
        lambda r, s: seconds(get(r, s, "startup", "interactive_s")),
    ),
    ("load, in process (ms)", lambda r, s: millis(get(r, s, "files", "load_ms"))),
    ("save after a one-field edit (ms)", lambda r, s: millis(get(r, s, "files", "save_ms"))),
    (
        "  first save, layout not parsed ahead (ms)",
        lambda r, s: millis(get(r, s, "files", "first_save_unprepared_ms")),
    ),
    ("`postmortem render`, wall (s)", lambda r, s: seconds(get(r, s, "files", "render_s"))),
    (
        "keystroke → char, summary p50/p95 (ms)",
        lambda r, s: pair(get(r, s, "editor", "typing_summary")),
    ),
    (
        "keystroke → char, timeline entry p50/p95",
        lambda r, s: pair(get(r, s, "editor", "typing_timeline")),
    ),
    (
        "keystroke → preview, summary p50/p95",
        lambda r, s: pair(get(r, s, "editor", "preview_summary")),
    ),
    (
        "Enter → preview, entry edited p50/p95",
        lambda r, s: pair(get(r, s, "editor", "preview_timeline"), count=True),
    ),
    (
        "Enter → preview, new entry p50/p95",
        lambda r, s: pair(get(r, s, "editor", "preview_new_entry"), count=True),
    ),
    ("naive: start-up (s)", lambda r, s: seconds(get(r, s, "naive", "startup_s"))),
    ("naive: keystroke → char p50/p95 (ms)", lambda r, s: pair(get(r, s, "naive", "typing"))),
    (
        "naive: keystroke → preview p50/p95",
        lambda r, s: pair(get(r, s, "naive", "preview"), count=True),
    ),
    ("  naive ÷ editor, preview p50", lambda r, s: naive_ratio(r, s, "p50")),
    ("  naive ÷ editor, preview p95", lambda r, s: naive_ratio(r, s, "p95")),
    ("peak RSS editor (MB)", lambda r, s: seconds(get(r, s, "editor", "peak_rss_mb"), 0)),
    ("peak RSS naive (MB)", lambda r, s: seconds(get(r, s, "naive", "peak_rss_mb"), 0)),
]


def table(results: Results) -> str:
    """The figures, one row per measurement and one column per size."""
    sizes = list(results.get("sizes", {}))
    header = ["entries", *sizes]
    body = [[label, *(cell(results, size) for size in sizes)] for label, cell in ROWS]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = []
    for number, row in enumerate([header, *body]):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- targets ----------------------------------------------------------------------------------


@dataclass
class Target:
    """One target of the issue, and whether the figures meet it (None: not measured)."""

    name: str
    measured: str
    ok: bool | None

    @property
    def verdict(self) -> str:
        """PASS, FAIL, or "n/a" when not measured."""
        return "n/a" if self.ok is None else "PASS" if self.ok else "FAIL"


def _p95(results: Results, size: str, *path: str) -> float | None:
    """A p95 in ms; infinity when it timed out; None when not measured."""
    figures = get(results, size, *path)
    if not figures or not figures.get("n"):
        return None
    value = figures.get("p95")
    return math.inf if value is None else float(value)


def _within(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def _ms(value: float | None) -> str:
    if value is None:
        return "not measured"
    return "timed out" if math.isinf(value) else f"{value:.1f} ms"


def targets(results: Results) -> list[Target]:
    """Every target of the issue, checked against these results."""
    found: list[Target] = []
    typing = (("summary", "typing_summary"), ("timeline entry", "typing_timeline"))
    for label, key in typing:
        value = _p95(results, "500", "editor", key)
        found.append(
            Target(f"keystroke → char p95 ≤ 20 ms at 500 ({label})", _ms(value), _within(value, 20))
        )
    for label, key in typing:
        small = _p95(results, "10", "editor", key)
        large = _p95(results, "2000", "editor", key)
        share = None if small is None or large is None else large / small
        found.append(
            Target(
                f"keystroke → char p95 at 2,000 ≤ 1.2 x at 10 ({label})",
                "not measured" if share is None else f"{_ms(large)} vs {_ms(small)}: {share:.2f}x",
                None if share is None else share <= 1.2,
            )
        )
    kinds = (
        ("summary", "preview_summary"),
        ("entry edited", "preview_timeline"),
        ("new entry", "preview_new_entry"),
    )
    for size, limit in (("500", 100.0), ("2000", 200.0)):
        for label, key in kinds:
            value = _p95(results, size, "editor", key)
            found.append(
                Target(
                    f"keystroke → preview p95 ≤ {limit:.0f} ms at {int(size):,} ({label})",
                    _ms(value),
                    _within(value, limit),
                )
            )
    editor = _p95(results, "500", "editor", "preview_summary")
    naive = get(results, "500", "naive", "preview")
    if editor is None or not naive or not naive.get("n"):
        found.append(Target("preview ≥ 10x faster than naive at 500 (p95)", "not measured", None))
    else:
        slow = naive.get("p95")
        if slow is None:
            times = naive["timeout_ms"] / editor
            measured = f"> {times:.1f}x (naive timed out at {naive['timeout_ms'] / 1000:.0f} s"
            measured += f" vs {_ms(editor)})"
        else:
            times = slow / editor
            measured = f"{times:.1f}x ({_ms(slow)} vs {_ms(editor)})"
        found.append(Target("preview ≥ 10x faster than naive at 500 (p95)", measured, times >= 10))
    sample = results.get("sample") or {}
    share = ratio(sample.get("editor_s"), sample.get("bare_s"))
    found.append(
        Target(
            "start-up on a sample incident ≤ 1.5 x bare Textual app",
            "not measured"
            if share is None
            else f"{sample['editor_s']:.2f} s vs {sample['bare_s']:.2f} s: {share:.2f}x",
            None if share is None else share <= 1.5,
        )
    )
    ready = get(results, "2000", "startup", "interactive_s")
    started = get(results, "2000", "startup") is not None
    found.append(
        Target(
            "2,000-entry file interactive ≤ 1.5 s",
            f"{ready:.2f} s" if ready is not None else "timed out" if started else "not measured",
            None if not started else ready is not None and ready <= 1.5,
        )
    )
    save = get(results, "2000", "files", "save_ms")
    found.append(Target("save of a 2,000-entry file ≤ 200 ms", _ms(save), _within(save, 200)))
    rss = get(results, "2000", "editor", "peak_rss_mb")
    found.append(
        Target(
            "peak memory at 2,000 entries ≤ 250 MB",
            "not measured" if rss is None else f"{rss:.0f} MB",
            _within(rss, 250),
        )
    )
    render = get(results, "2000", "files", "render_s")
    found.append(
        Target(
            "`postmortem render` of a 2,000-entry file ≤ 0.5 s",
            "not measured" if render is None else f"{render:.2f} s",
            _within(render, 0.5),
        )
    )
    return found


def target_lines(found: list[Target]) -> str:
    """The targets, one a line, with PASS/FAIL beside each."""
    width = max(len(target.name) for target in found)
    return "\n".join(
        f"{target.verdict:4}  {target.name.ljust(width)}  {target.measured}" for target in found
    )


def report(results: Results) -> str:
    """The whole printed report: what ran, the table, the sample start-up, the targets."""
    meta = results.get("meta", {})
    sample = results.get("sample") or {}
    runs = meta.get("runs", 1)
    starts = f"median of {len(sample.get('editor_runs') or [])} starts"
    if runs > 1:
        starts = f"median of the {runs} runs' medians"
    parts = [
        f"postmortem-editor benchmarks — {runs} run(s), {meta.get('when', '')}"
        f" (source {meta.get('source', '?')})",
        f"{meta.get('cpus', '?')} CPUs, Python {meta.get('python', '?')}, "
        f"Textual {meta.get('textual', '?')}, terminal {meta.get('terminal', '?')}; "
        f"{meta.get('keystrokes', '?')} keystrokes per field, "
        f"naive: up to {meta.get('naive_keystrokes', '?')} keystrokes, "
        f"{meta.get('naive_timeout', '?')} s each, {meta.get('naive_budget', '?')} s in all",
        "",
        *(["Each figure is the median of the runs' figures.", ""] if runs > 1 else []),
        table(results),
        "",
        f"start-up on the sample incident ({starts}): editor {seconds(sample.get('editor_s'))} s,"
        f" bare Textual app {seconds(sample.get('bare_s'))} s",
        "keystroke → char in a bare Textual input (the floor of this terminal and machine),"
        f" p50/p95: {pair(results.get('bare_typing'))} ms",
        "",
        target_lines(targets(results)),
    ]
    problems = results.get("problems") or []
    if problems:
        parts += ["", f"{len(problems)} problem(s) during the run (details in the JSON):"]
        parts += [f"  {problem.splitlines()[0]}" for problem in problems]
    return "\n".join(parts)
