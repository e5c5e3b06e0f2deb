#!/usr/bin/env python3
"""Set up and run postmortem-editor from a checkout, with nothing but Python 3.11+.

    python3 run.py demo     open the editor on a copy of a sample incident (creates .venv)
    python3 run.py test     lint and run the whole test suite
    python3 run.py bench    run the benchmarks (about ten minutes; --quick for a smoke run)

The first run creates `.venv/` beside this file and installs the project with the exact
versions in constraints.txt; later runs reuse it and reinstall only when pyproject.toml
or constraints.txt change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"
SAMPLE = ROOT / "sample_incidents" / "2024-02-14-load-balancer-outage.toml"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> None:
    """Create .venv and install the project (with its dev tools) at the pinned versions."""
    if sys.version_info < (3, 11):  # noqa: UP036 (run.py may be started by an older python3)
        sys.exit(f"run.py: Python 3.11 or newer is needed (this is {sys.version.split()[0]})")
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    if not (BIN / "python").exists():
        print("run.py: creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("run.py: installing postmortem-editor and its pinned dependencies ...", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", "constraints.txt", "-e", ".[dev]"], cwd=ROOT, check=True)
    STAMP.write_text(_fingerprint())


def _run(*command: str) -> int:
    return subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT).returncode


def demo(args: list[str]) -> int:
    """Open the editor on scratch/demo.toml, a copy of a sample incident (kept between runs)."""
    scratch = ROOT / "scratch" / "demo.toml"
    if not scratch.exists():
        scratch.parent.mkdir(exist_ok=True)
        shutil.copyfile(SAMPLE, scratch)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return _run("postmortem", "render", str(scratch), *args)
    code = _run("postmortem", "edit", str(scratch), *args)
    print(f"run.py: the demo incident is {scratch.relative_to(ROOT)}", file=sys.stderr)
    return code


def test(args: list[str]) -> int:
    """Lint, check the import contracts and the types of src/, then run pytest."""
    steps = (
        ("ruff", "check", "src", "tests", "bench", "run.py"),
        ("lint-imports",),
        ("mypy",),  # on src/, with the settings in pyproject.toml
    )
    for step in steps:
        code = _run(*step)
        if code:
            return code
    return _run("pytest", *args)


def bench(args: list[str]) -> int:
    """Run the benchmarks under bench/ in the venv (options: `python3 run.py bench --help`)."""
    return _run("python", "-m", "bench", *args)


COMMANDS = {"demo": demo, "test": test, "bench": bench}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_environment()
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
