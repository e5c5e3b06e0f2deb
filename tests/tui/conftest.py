"""Fixtures of the pilot tests: steady cursors and copies of the sample incidents."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from ..editor_helpers import DATED, UNDATED, copy_sample


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that do not blink: no timer fires while a test waits for the app to idle."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    """A copy of the dated sample (2024-02-14, UTC-5, nine timeline entries), alone in
    a folder of its own (copies kept beside it land there)."""
    folder = tmp_path / "incidents"
    folder.mkdir()
    return copy_sample(folder, DATED)


@pytest.fixture
def undated(tmp_path: Path) -> Path:
    """A copy of the undated sample (no start, end, timezone or entry times)."""
    folder = tmp_path / "incidents"
    folder.mkdir()
    return copy_sample(folder, UNDATED)
