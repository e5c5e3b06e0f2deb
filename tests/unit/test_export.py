"""Markdown export: one function writes the rendered postmortem, for `render -o` and F4."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from postmortem_editor.cli import main
from postmortem_editor.errors import StoreError
from postmortem_editor.export import export_markdown, markdown_path
from postmortem_editor.model import Incident
from postmortem_editor.reading import parse_text, read_text
from postmortem_editor.render import PROFILES, Profile, render_markdown

from ..conftest import SAMPLES

SAMPLE = SAMPLES[0]


def _incident() -> Incident:
    return parse_text(read_text(SAMPLE), SAMPLE)


def test_the_markdown_goes_beside_the_incident_by_default(tmp_path: Path) -> None:
    assert markdown_path(tmp_path / "outage.toml") == tmp_path / "outage.md"


@pytest.mark.parametrize("profile", PROFILES)
def test_export_writes_the_rendered_markdown_in_the_profile(
    profile: Profile, tmp_path: Path
) -> None:
    incident = _incident()
    target = tmp_path / "out.md"
    assert export_markdown(incident, profile, target) == target
    assert target.read_text(encoding="utf-8") == render_markdown(incident, profile)


def test_export_replaces_an_older_export(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old words\n")
    export_markdown(_incident(), "standard", target)
    assert target.read_text(encoding="utf-8") == render_markdown(_incident(), "standard")


def test_export_is_no_more_readable_than_the_incident(tmp_path: Path) -> None:
    incident_path = tmp_path / "private.toml"
    incident_path.write_bytes(SAMPLE.read_bytes())
    os.chmod(incident_path, 0o600)
    target = export_markdown(_incident(), "standard", tmp_path / "out.md", like=incident_path)
    assert stat.S_IMODE(target.stat().st_mode) & 0o077 == 0


def test_export_into_a_missing_folder_says_so_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.md"
    with pytest.raises(StoreError, match="its folder does not exist"):
        export_markdown(_incident(), "standard", target)
    assert not target.parent.exists()


def test_render_to_a_file_writes_what_export_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_cli = tmp_path / "cli.md"
    assert main(["render", str(SAMPLE), "-o", str(by_cli), "--profile", "pagerduty"]) == 0
    by_export = export_markdown(_incident(), "pagerduty", tmp_path / "export.md")
    assert by_cli.read_bytes() == by_export.read_bytes()
    assert f"{by_cli}: written (" in capsys.readouterr().err
