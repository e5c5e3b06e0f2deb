"""Fixtures of the tests that run the `postmortem` command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import ROOT

SAMPLE = ROOT / "sample_incidents" / "2024-02-14-load-balancer-outage.toml"


@pytest.fixture
def incident(tmp_path: Path) -> Path:
    """A copy of the dated sample, incidents/incident.toml in tmp_path."""
    folder = tmp_path / "incidents"
    folder.mkdir()
    path = folder / "incident.toml"
    shutil.copyfile(SAMPLE, path)
    return path
