"""`postmortem render`, run as real processes: the same Markdown whatever the process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from postmortem_editor.render import PROFILES, render_markdown
from postmortem_editor.store import IncidentFile

from ..conftest import SAMPLES


@pytest.mark.parametrize("profile", PROFILES)
def test_a_render_depends_only_on_the_incident(profile: str) -> None:
    """Rendered by `postmortem render` in other processes (other hash seeds, so another
    order for anything kept in a set or dict by hash), the Markdown is the same."""
    markdown = render_markdown(IncidentFile.load(SAMPLES[0]).incident, profile)  # type: ignore[arg-type]
    command = [sys.executable, "-m", "postmortem_editor.cli", "render", str(SAMPLES[0])]
    for seed in ("1", "2"):
        result = subprocess.run(
            [*command, "--profile", profile],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"},
            timeout=60,
            check=True,
        )
        assert result.stdout == markdown
