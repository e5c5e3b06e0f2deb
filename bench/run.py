"""Run the benchmarks: python -m bench [options] (or python bench/run.py), in the venv.

For generated incidents of each size: start-up beside a bare Textual app, interactive
time, load, save and render, keystroke → character and keystroke → preview latency through
a real terminal, a debounced whole-document preview (the baseline) for comparison, and
peak memory. Prints
a table and the targets with PASS/FAIL, and writes the figures as JSON.

    python -m bench                               the full run (about ten minutes)
    python -m bench --quick                       a short smoke run
    python -m bench --median a.json b.json c.json the medians of several runs' JSON
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/run.py` as well as `python -m bench`
    sys.path.insert(0, str(ROOT))

import textual  # noqa: E402

from bench import measure  # noqa: E402
from bench.generate import write_incident  # noqa: E402
from bench.report import merge, report  # noqa: E402

SAMPLE = ROOT / "sample_incidents" / "2024-02-14-load-balancer-outage.toml"
DEFAULT_JSON = ROOT / "bench" / "results" / "results.json"
LATENCIES = (
    "typing_summary",
    "typing_timeline",
    "preview_summary",
    "preview_timeline",
    "preview_new_entry",
)
"""The editor's latency measurements."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500,2000", help="timeline entries per file")
    parser.add_argument("--keystrokes", type=int, default=200, help="measured per field")
    parser.add_argument(
        "--edits", type=int, default=15, help="entry edits and new entries (at least)"
    )
    parser.add_argument("--startup-runs", type=int, default=3, help="editor/bare starts per size")
    parser.add_argument("--sample-runs", type=int, default=5, help="starts on the sample incident")
    parser.add_argument(
        "--skip-baseline",
        action="store_true",
        help="do not measure the baseline (its figures and ratio then FAIL as not run)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the JSON")
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument(
        "--median", nargs="+", type=Path, metavar="JSON", help="report the medians of these runs"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = "10,100"
        args.keystrokes, args.edits = 20, 3
        args.startup_runs, args.sample_runs = 1, 1
    args.size_list = [int(size) for size in args.sizes.split(",") if size.strip()]
    return args


def log(message: str) -> None:
    """Progress, on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def source_digest() -> str:
    """A digest of the editor's source, to tell runs on different code apart."""
    digest = hashlib.sha256()
    package = ROOT / "src" / "postmortem_editor"
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".tcss"):
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def meta(args: argparse.Namespace) -> dict[str, Any]:
    """What the figures were measured on and with."""
    return {
        "source": source_digest(),
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "runs": 1,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "terminal": f"{measure.COLUMNS}x{measure.LINES} pty + pyte",
        "load_average_at_start": list(os.getloadavg()),
        "sizes": args.size_list,
        "keystrokes": args.keystrokes,
        "edits": args.edits,
        "key_timeout": measure.KEY_TIMEOUT,
        "seed": args.seed,
    }


def sample_startup(work: Path, runs: int) -> dict[str, Any]:
    """Start-up on a sample incident, the editor and the bare app spawned in turn."""
    path = work / SAMPLE.name
    shutil.copyfile(SAMPLE, path)
    figures = measure.StartupRuns()
    for _ in range(runs):
        figures.bare.append(measure.bare_startup(work))
        measure.editor_startup(path, figures)
    return figures.as_dict()


def one_size(args: argparse.Namespace, work: Path, size: int) -> dict[str, Any]:
    """Every measurement on a generated incident of ``size`` entries."""
    path = write_incident(work / f"incident-{size}.toml", size, args.seed)
    log(f"{size} entries: load, save, render")
    files = measure.file_times(path, work)
    log(f"{size} entries: start-up, editor and bare app in turn")
    startup = measure.StartupRuns()
    for run in range(args.startup_runs):
        startup.bare.append(measure.bare_startup(work))
        if run < args.startup_runs - 1:
            measure.editor_startup(path, startup)
    log(f"{size} entries: editor session (start-up, typing, preview)")
    editor = measure.editor_session(path, size, args.keystrokes, args.edits, args.seed)
    startup.editor.append(editor.startup_s)
    startup.interactive.append(editor.interactive_s)
    if args.skip_baseline:
        baseline = measure.BaselineFigures()
        baseline.typing.stopped = baseline.preview.stopped = "not run: --skip-baseline"
    else:
        log(f"{size} entries: baseline preview")
        baseline = measure.baseline_session(path, size, args.keystrokes, args.seed)
    return {
        "load_average": list(os.getloadavg()),
        "files": files,
        "startup": startup.as_dict(),
        "editor": editor.as_dict(),
        "baseline": baseline.as_dict(),
    }


def problems_of(results: dict[str, Any]) -> list[str]:
    """Everything that went wrong during the run, each with where it happened."""
    sample = results.get("sample") or {}
    found = [f"sample: {p}" for p in sample.get("problems", [])]
    if sample.get("failed_runs"):
        found.append(f"sample: {sample['failed_runs']} start-up run(s) failed")
    for size, figures in results.get("sizes", {}).items():
        found += [f"{size}: {p}" for p in figures["startup"].get("problems", [])]
        if figures["startup"].get("failed_runs"):
            found.append(f"{size}: {figures['startup']['failed_runs']} start-up run(s) failed")
        found += [f"{size}: editor: {e}" for e in figures["editor"].get("errors", [])]
        found += [f"{size}: baseline: {e}" for e in figures["baseline"].get("errors", [])]
        measured = [("editor", name, figures["editor"][name]) for name in LATENCIES]
        measured += [
            ("baseline", name, figures["baseline"][name]) for name in ("typing", "preview")
        ]
        for program, name, latencies in measured:
            if latencies["timeouts"]:
                found.append(
                    f"{size}: {program}: {name}: {latencies['timeouts']} sample(s) timed out"
                )
            if latencies["n"] < latencies["asked"]:
                found.append(
                    f"{size}: {program}: {name}: {latencies['n']} of {latencies['asked']} samples"
                    f" ({latencies['stopped'] or 'stopped early'})"
                )
    return found


def write(path: Path, results: dict[str, Any]) -> None:
    """Write the results as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


def run(args: argparse.Namespace) -> dict[str, Any]:
    """The whole benchmark; partial results are written after each size."""
    results: dict[str, Any] = {"meta": meta(args), "sample": None, "bare_typing": None}
    results["sizes"] = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="postmortem-bench-") as folder:
        work = Path(folder)
        log(f"start-up on {SAMPLE.name}, {args.sample_runs} runs")
        results["sample"] = sample_startup(work, args.sample_runs)
        log(f"keystroke → character in a bare Textual input, {args.keystrokes} keys")
        results["bare_typing"] = measure.bare_typing(args.keystrokes, work, args.seed).as_dict()
        log("refusing hostile files: 50 MB, a 100,000-character line")
        results["refusals"] = measure.refusal_times(work)
        for size in args.size_list:
            results["sizes"][str(size)] = one_size(args, work, size)
            results["problems"] = problems_of(results)
            write(args.json, results)
    results["meta"]["seconds"] = round(time.monotonic() - started)
    results["problems"] = problems_of(results)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks (or report the medians of earlier runs); print; write JSON."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Stopped from outside: unwind, so that every program started is killed and the
    # temporary folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(129))
    sys.setswitchinterval(0.001)  # the reader thread stamps output without waiting long
    if args.median:
        runs = [json.loads(path.read_text()) for path in args.median]
        results = merge(runs)
        results["meta"] = dict(runs[0]["meta"])
        results["meta"]["runs"] = len(runs)
        results["meta"]["when"] = ", ".join(run["meta"]["when"] for run in runs)
        results["meta"]["source"] = ", ".join(sorted({run["meta"]["source"] for run in runs}))
    else:
        results = run(args)
    print(report(results))
    if args.median and args.json == DEFAULT_JSON:
        return 0  # do not overwrite the last run with the medians unless asked
    write(args.json, results)
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
