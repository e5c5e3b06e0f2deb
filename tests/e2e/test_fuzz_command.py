"""The real `postmortem` command on mutated copies of the sample incidents: `check`,
`render` and `edit` answer with exit 0, 1 or 2 and one line on stderr (or a headline and a
line for each of several problems), never a traceback, and leave the file as it was."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ..mutations import RandomChooser, assert_problem_lines, mutate, write_mutant
from .test_hostile_input import postmortem_command

# --- the real command -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_the_postmortem_command_never_prints_a_traceback(seed: int, tmp_path: Path) -> None:
    data = mutate(RandomChooser(1_000 + seed))
    path = write_mutant(tmp_path, data)
    processes = {
        command: subprocess.Popen(
            [*postmortem_command(), command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        for command in ("check", "render", "edit")
    }
    for command, process in processes.items():
        out, err = process.communicate(timeout=120)
        stderr = err.decode("utf-8", "replace")
        assert "Traceback" not in stderr, (command, stderr)
        assert "internal error" not in stderr, (command, stderr)
        assert process.returncode in {0, 1, 2}, (command, process.returncode, stderr)
        assert_problem_lines(stderr)
        if process.returncode == 2 and command != "edit":
            assert stderr.startswith(f"{path}:"), (command, stderr)
        assert b"\x1b" not in out, command
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incident.toml"]
