"""Shared fixtures and options of the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_incidents").glob("*.toml"))
SEEDS = ROOT / "tests" / "seeds"  # the five postmortems the samples were converted from

# Hypothesis profiles: "ci" (the default) keeps each property test short; run the long
# search with HYPOTHESIS_PROFILE=long. Tests that set max_examples themselves keep theirs.
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.md from the current renderer instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def config_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder of the test's own: no test reads or writes the user's settings.

    The editor and the commands read ``$XDG_CONFIG_HOME/postmortem/config.toml``; here it
    is an empty folder apart from the test's ``tmp_path`` (and processes started by the
    test inherit it).
    """
    folder = tmp_path_factory.mktemp("config-home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder
