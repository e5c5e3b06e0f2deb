"""`postmortem config` and a team file, run as a real process the way a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from postmortem_editor.settings import TEAM_FILE_NAME

SAMPLE = (
    Path(__file__).resolve().parents[2] / "sample_incidents" / "2024-03-15-web-stack-outage.toml"
)


TAKES = "(this file takes theme, profile, rubric, clock, timezone, author)"


def postmortem(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`postmortem ARGS` with HOME and no XDG_CONFIG_HOME: the user file is under HOME."""
    env = {k: v for k, v in os.environ.items() if k not in {"XDG_CONFIG_HOME", "POSTMORTEM_DEBUG"}}
    env["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "postmortem_editor.cli", *map(str, args)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_config_and_render_follow_the_users_and_the_teams_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    user = home / ".config" / "postmortem" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text('author = "Ada"\nprofile = "google-sre"\nlayout = "wide"\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / TEAM_FILE_NAME).write_text('profile = "pagerduty"\nrubric = "holberton"\n')
    incident = repo / "outage.toml"
    incident.write_bytes(SAMPLE.read_bytes())

    shown = postmortem("config", incident, home=home)
    assert shown.returncode == 0
    values = tomllib.loads(shown.stdout)
    assert (values["author"], values["profile"], values["rubric"]) == (
        "Ada",
        "pagerduty",
        "holberton",
    )
    assert f"# user file {user}" in shown.stdout
    assert f"# team file {repo / TEAM_FILE_NAME}" in shown.stdout
    assert shown.stderr.splitlines() == [f"{user}: unknown keys ignored: 'layout' {TAKES}"]

    rendered = postmortem("render", incident, home=home)
    chosen = postmortem("render", incident, "--profile", "pagerduty", home=home)
    assert rendered.returncode == chosen.returncode == 0
    assert rendered.stdout == chosen.stdout
    assert "Traceback" not in rendered.stderr
