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
    """One percentile of a latency measurement: "12.3", "> 5 s" when it is a timeout."""
    if not figures or not figures.get("n"):
        return "—"
    value = figures.get(which)
    if value is None:
        return f"> {figures['timeout_ms'] / 1000:.0f} s"
    return millis(value)


def pair(figures: dict[str, Any] | None) -> str:
    """ "p50 / p95 [n=200 t/o=0]" of a latency measurement: every sample counts, timeouts
    included; "n=120/200" when fewer samples were taken than asked, "not run" when none."""
    if not figures or not figures.get("n"):
        return "not run"
    n, asked = figures["n"], figures.get("asked") or 0
    count = f"n={n:.0f}" if n >= asked else f"n={n:.0f}/{asked:.0f}"
    return (
        f"{latency(figures, 'p50')} / {latency(figures, 'p95')}"
        f" [{count} t/o={figures.get('timeouts', 0):.0f}]"
    )


def starts(results: Results, size: str, key: str, failed: str) -> str:
    """A median start-up time, with the number of failed starts beside it."""
    value = get(results, size, "startup", key)
    text = "timed out" if value is None and get(results, size, "startup") else seconds(value)
    lost = get(results, size, "startup", failed)
    return f"{text} ({lost:.0f} failed)" if lost else text


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


def baseline_ratio(results: Results, size: str, which: str) -> str:
    """How many times slower the baseline preview is than the editor's (summary edits)."""
    value, reason = baseline_share(results, size, which)
    return reason if value is None else f"{value:.1f}x"


def baseline_share(results: Results, size: str, which: str) -> tuple[float | None, str]:
    """Baseline ÷ editor for one percentile of keystroke → preview in the summary, or None
    and why not (a side not run, short of samples, or timed out)."""
    sides = []
    for program, path in (("baseline", ("baseline", "preview")), ("editor", PREVIEW_SUMMARY)):
        value, reason = usable(get(results, size, *path), which)
        if value is None:
            return None, f"{program}: {reason}"
        sides.append(value)
    slow, fast = sides
    if math.isinf(fast):
        return None, "editor timed out"
    if math.isinf(slow):
        timeout = get(results, size, "baseline", "preview", "timeout_ms") or 0
        return None, f"baseline timed out (> {timeout / max(fast, 1e-9):.0f}x, not measured)"
    return slow / fast, ""


def usable(figures: dict[str, Any] | None, which: str) -> tuple[float | None, str]:
    """One percentile of a latency measurement in ms (infinity when it is a timeout), or
    None and why it cannot be used: not run, or fewer samples than asked."""
    if not figures or not figures.get("n"):
        reason = (figures or {}).get("stopped") or "not run"
        return None, reason if reason.startswith("not run") else f"not run: {reason}"
    n, asked = figures["n"], figures.get("asked") or 0
    if n < asked:
        why = figures.get("stopped") or "stopped early"
        return None, f"{n:.0f} of {asked:.0f} samples ({why})"
    value = figures.get(which)
    return (math.inf if value is None else float(value)), ""


PREVIEW_SUMMARY = ("editor", "preview_summary")

Row = tuple[str, Callable[[Results, str], str]]

ROWS: list[Row] = [
    ("file size (KB)", lambda r, s: seconds(ratio(get(r, s, "files", "bytes"), 1000), 0)),
    (
        "start-up editor, first frame (s)",
        lambda r, s: starts(r, s, "editor_s", "editor_failed"),
    ),
    ("start-up bare Textual app (s)", lambda r, s: starts(r, s, "bare_s", "bare_failed")),
    (
        "  editor ÷ bare",
        lambda r, s: seconds(
            ratio(get(r, s, "startup", "editor_s"), get(r, s, "startup", "bare_s"))
        ),
    ),
    (
        "interactive: spawn → word in quick entry (s)",
        lambda r, s: starts(r, s, "interactive_s", "interactive_failed"),
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
        lambda r, s: pair(get(r, s, "editor", "preview_timeline")),
    ),
    (
        "Enter → preview, new entry p50/p95",
        lambda r, s: pair(get(r, s, "editor", "preview_new_entry")),
    ),
    ("baseline: start-up (s)", lambda r, s: seconds(get(r, s, "baseline", "startup_s"))),
    (
        "baseline: keystroke → char p50/p95 (ms)",
        lambda r, s: pair(get(r, s, "baseline", "typing")),
    ),
    (
        "baseline: keystroke → preview p50/p95",
        lambda r, s: pair(get(r, s, "baseline", "preview")),
    ),
    ("  baseline ÷ editor, preview p50", lambda r, s: baseline_ratio(r, s, "p50")),
    ("  baseline ÷ editor, preview p95", lambda r, s: baseline_ratio(r, s, "p95")),
    ("peak RSS editor (MB)", lambda r, s: seconds(get(r, s, "editor", "peak_rss_mb"), 0)),
    ("peak RSS baseline (MB)", lambda r, s: seconds(get(r, s, "baseline", "peak_rss_mb"), 0)),
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
    """One target of the issue, and whether the figures meet it. A target whose figures
    are missing, short of samples or infinite is not met: ``measured`` says why."""

    name: str
    measured: str
    ok: bool

    @property
    def verdict(self) -> str:
        """PASS or FAIL."""
        return "PASS" if self.ok else "FAIL"


def _ms(value: float) -> str:
    return "timed out" if math.isinf(value) else f"{value:.1f} ms"


def _latency_target(name: str, figures: dict[str, Any] | None, limit: float) -> Target:
    value, reason = usable(figures, "p95")
    if value is None:
        return Target(name, reason, False)
    timeouts = (figures or {}).get("timeouts") or 0
    note = f" (n={figures['n']:.0f}, {timeouts:.0f} timed out)" if figures else ""
    return Target(name, _ms(value) + note, value <= limit)


def _startup_target(
    name: str, startup: dict[str, Any] | None, key: str, failed: str, limit: float
) -> Target:
    """A start-up target: the median over every start, a failed start counting as longer
    than any other; not met when any start failed."""
    if not startup:
        return Target(name, "not run", False)
    runs = startup.get(key.replace("_s", "_runs")) or []
    lost = startup.get(failed) or 0
    value = startup.get(key)
    if not runs and not lost:
        return Target(name, "not run", False)
    if lost or value is None:
        return Target(name, f"{lost:.0f} of {len(runs)} start(s) failed", False)
    return Target(name, f"{value:.2f} s", value <= limit)


def targets(results: Results) -> list[Target]:
    """Every target of the issue, checked against these results."""
    found: list[Target] = []
    typing = (("summary", "typing_summary"), ("timeline entry", "typing_timeline"))
    for label, key in typing:
        found.append(
            _latency_target(
                f"keystroke → char p95 ≤ 20 ms at 500 ({label})",
                get(results, "500", "editor", key),
                20,
            )
        )
    for label, key in typing:
        name = f"keystroke → char p95 at 2,000 ≤ 1.2 x at 10 ({label})"
        small, why_small = usable(get(results, "10", "editor", key), "p95")
        large, why_large = usable(get(results, "2000", "editor", key), "p95")
        if small is None or large is None:
            found.append(
                Target(name, f"10: {why_small or 'ok'}; 2,000: {why_large or 'ok'}", False)
            )
        elif math.isinf(small) or math.isinf(large) or small <= 0:
            found.append(Target(name, f"{_ms(large)} vs {_ms(small)}: no ratio", False))
        else:
            share = large / small
            found.append(Target(name, f"{_ms(large)} vs {_ms(small)}: {share:.2f}x", share <= 1.2))
    kinds = (
        ("summary", "preview_summary"),
        ("entry edited", "preview_timeline"),
        ("new entry", "preview_new_entry"),
    )
    for size, limit in (("500", 100.0), ("2000", 200.0)):
        for label, key in kinds:
            found.append(
                _latency_target(
                    f"keystroke → preview p95 ≤ {limit:.0f} ms at {int(size):,} ({label})",
                    get(results, size, "editor", key),
                    limit,
                )
            )
    name = "preview ≥ 10x faster than the baseline at 500 (p95)"
    share, reason = baseline_share(results, "500", "p95")
    if share is None:
        found.append(Target(name, reason, False))
    else:
        slow = get(results, "500", "baseline", "preview", "p95")
        fast = get(results, "500", "editor", "preview_summary", "p95")
        found.append(Target(name, f"{share:.1f}x ({slow:.1f} ms vs {fast:.1f} ms)", share >= 10))
    sample = results.get("sample") or {}
    name = "start-up on a sample incident ≤ 1.5 x bare Textual app"
    lost = (sample.get("editor_failed") or 0) + (sample.get("bare_failed") or 0)
    share = ratio(sample.get("editor_s"), sample.get("bare_s"))
    if not sample.get("editor_runs"):
        found.append(Target(name, "not run", False))
    elif lost or share is None:
        found.append(Target(name, f"{lost:.0f} start(s) of the editor or bare app failed", False))
    else:
        found.append(
            Target(
                name,
                f"{sample['editor_s']:.2f} s vs {sample['bare_s']:.2f} s: {share:.2f}x",
                share <= 1.5,
            )
        )
    found.append(
        _startup_target(
            "2,000-entry file interactive ≤ 1.5 s",
            get(results, "2000", "startup"),
            "interactive_s",
            "interactive_failed",
            1.5,
        )
    )
    refusals = results.get("refusals") or {}
    for name, key, limit in (
        ("`postmortem check` refuses a 50 MB file ≤ 10 s", "refuse_50mb_s", 10.0),
        ("`postmortem check` refuses a 100,000-character line ≤ 5 s", "refuse_100k_line_s", 5.0),
    ):
        took = refusals.get(key)
        if took is None:
            found.append(Target(name, "not run", False))
        else:
            found.append(Target(name, f"{took:.2f} s", took <= limit))
    for name, value, limit, text in (
        ("save of a 2,000-entry file ≤ 200 ms", ("files", "save_ms"), 200, "{:.1f} ms"),
        ("peak memory at 2,000 entries ≤ 250 MB", ("editor", "peak_rss_mb"), 250, "{:.0f} MB"),
        (
            "`postmortem render` of a 2,000-entry file ≤ 0.5 s",
            ("files", "render_s"),
            0.5,
            "{:.2f} s",
        ),
    ):
        figure = get(results, "2000", *value)
        if figure is None:
            found.append(Target(name, "not run", False))
        else:
            found.append(Target(name, text.format(figure), figure <= limit))
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
    median_of = f"median of {len(sample.get('editor_runs') or [])} starts"
    if runs > 1:
        median_of = f"median of the {runs} runs' medians"
    parts = [
        f"postmortem-editor benchmarks — {runs} run(s), {meta.get('when', '')}"
        f" (source {meta.get('source', '?')})",
        f"{meta.get('cpus', '?')} CPUs, Python {meta.get('python', '?')}, "
        f"Textual {meta.get('textual', '?')}, terminal {meta.get('terminal', '?')}; "
        f"{meta.get('keystrokes', '?')} keystrokes per field (the baseline too), "
        f"a sample times out after {meta.get('key_timeout', '?')} s and counts as one",
        "",
        *(["Each figure is the median of the runs' figures.", ""] if runs > 1 else []),
        table(results),
        "",
        f"start-up on the sample incident ({median_of}): editor {seconds(sample.get('editor_s'))}"
        f" s, bare Textual app {seconds(sample.get('bare_s'))} s"
        + (
            f" ({sample.get('editor_failed', 0):.0f} + {sample.get('bare_failed', 0):.0f} failed)"
            if sample.get("editor_failed") or sample.get("bare_failed")
            else ""
        ),
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
