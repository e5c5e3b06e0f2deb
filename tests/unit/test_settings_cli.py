"""The settings on the command line: `postmortem config`, `edit --profile/--rubric`, and
`render`, `check`, `copy` and `new` following the settings in force."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from postmortem_editor.cli import build_parser, main
from postmortem_editor.settings import DEFAULTS, TEAM_FILE_NAME

from .test_settings import write_user

SAMPLES = Path(__file__).resolve().parents[2] / "sample_incidents"
DATED = SAMPLES / "2024-02-14-load-balancer-outage.toml"
"""Timezone "UTC-5", a 12-hour clock."""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "postmortems").mkdir()
    return root


@pytest.fixture
def incident(repo: Path) -> Path:
    path = repo / "postmortems" / "outage.toml"
    path.write_bytes(DATED.read_bytes())
    return path


def config_lines(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, str]:
    """`postmortem config ARGS`: each key's line, by key."""
    assert main(["config", *args]) == 0
    out = capsys.readouterr().out
    tomllib.loads(out)  # what it prints is TOML
    return {line.split(" = ")[0]: line for line in out.splitlines() if not line.startswith("#")}


def test_config_with_no_files_shows_the_defaults(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    lines = config_lines(capsys, str(repo))
    assert list(lines) == list(DEFAULTS)
    assert all(line.endswith("# default") for line in lines.values())


def test_config_of_an_incident_shows_where_each_setting_comes_from(
    capsys: pytest.CaptureFixture[str], config_home: Path, repo: Path, incident: Path
) -> None:
    user = write_user(config_home, 'author = "Ada"\nprofile = "pagerduty"\n')
    team = repo / TEAM_FILE_NAME
    team.write_text('profile = "google-sre"\nclock = "24h"\n')
    lines = config_lines(capsys, str(incident))
    assert lines["profile"].startswith('profile = "google-sre"')
    assert lines["profile"].endswith(f"# team file {team}")
    assert lines["author"].endswith(f"# user file {user}")
    assert lines["rubric"].endswith("# default")
    # The incident's own clock and timezone win over the team file's.
    assert lines["clock"].startswith('clock = "12h"')
    assert lines["clock"].endswith(f"# incident {incident}")
    assert lines["timezone"].startswith('timezone = "UTC-5"')


def test_config_of_a_missing_file_shows_what_a_new_incident_gets(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    team = repo / TEAM_FILE_NAME
    team.write_text('timezone = "Europe/Berlin"\n')
    lines = config_lines(capsys, str(repo / "postmortems" / "next.toml"))
    assert lines["timezone"] == f'timezone = "Europe/Berlin"  # team file {team}'


def test_config_without_a_file_looks_from_the_current_folder(
    capsys: pytest.CaptureFixture[str], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / TEAM_FILE_NAME).write_text('rubric = "holberton"\n')
    monkeypatch.chdir(repo / "postmortems")
    lines = config_lines(capsys)
    assert lines["rubric"].startswith('rubric = "holberton"')


def test_config_reports_a_bad_file_in_one_line_and_still_prints(
    capsys: pytest.CaptureFixture[str], config_home: Path, repo: Path
) -> None:
    user = write_user(config_home, 'clock = "25h"\nshape = "round"\n')
    assert main(["config", str(repo)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{user}: clock: unknown clock '25h': choose one of 24h, 12h; not used",
        f"{user}: unknown keys ignored: 'shape' (this file takes theme, profile, rubric, "
        "clock, timezone, author)",
    ]
    assert tomllib.loads(captured.out)["clock"] == "24h"


def test_config_of_an_incident_that_does_not_load_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    broken = repo / "broken.toml"
    broken.write_text("title = \n")
    assert main(["config", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}:1:")
    assert len(err.splitlines()) == 1


def test_edit_takes_a_profile_and_a_rubric() -> None:
    args = build_parser().parse_args(
        ["edit", "inc.toml", "--profile", "google-sre", "--rubric", "holberton"]
    )
    assert (args.profile, args.rubric) == ("google-sre", "holberton")
    plain = build_parser().parse_args(["edit", "inc.toml"])
    assert (plain.profile, plain.rubric) == (None, None)


@pytest.mark.parametrize("args", [["--profile", "fancy"], ["--rubric", "google-sre"]])
def test_edit_refuses_an_unknown_profile_or_rubric(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert main(["edit", "inc.toml", *args]) == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err
    assert len(err.splitlines()) == 1


def test_each_command_says_where_its_default_comes_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command in ("render", "check", "copy", "edit"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "see `postmortem config`" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit):
        main(["config", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert TEAM_FILE_NAME in text
    assert "Precedence" in text


def test_render_uses_the_team_files_profile(
    capsys: pytest.CaptureFixture[str], repo: Path, incident: Path
) -> None:
    assert main(["render", str(incident)]) == 0
    standard = capsys.readouterr().out
    (repo / TEAM_FILE_NAME).write_text('profile = "pagerduty"\n')
    assert main(["render", str(incident)]) == 0
    team = capsys.readouterr().out
    assert main(["render", str(incident), "--profile", "pagerduty"]) == 0
    assert team == capsys.readouterr().out
    assert team != standard
    assert main(["render", str(incident), "--profile", "standard"]) == 0
    assert capsys.readouterr().out == standard  # the command line wins


def test_render_to_a_file_uses_the_profile_in_force(
    capsys: pytest.CaptureFixture[str], config_home: Path, incident: Path, tmp_path: Path
) -> None:
    write_user(config_home, 'profile = "google-sre"\n')
    out = tmp_path / "out.md"
    assert main(["render", str(incident), "-o", str(out)]) == 0
    assert main(["render", str(incident), "--profile", "google-sre"]) == 0
    assert out.read_text() == capsys.readouterr().out


def test_check_uses_the_team_files_rubric(
    capsys: pytest.CaptureFixture[str], repo: Path, incident: Path
) -> None:
    main(["check", str(incident), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["profile"] == "standard"
    (repo / TEAM_FILE_NAME).write_text('rubric = "holberton"\n')
    main(["check", str(incident), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["profile"] == "holberton"
    assert any(finding["id"].startswith("HB") for finding in report["findings"])
    main(["check", str(incident)])
    assert "(holberton profile)" in capsys.readouterr().err


def test_copy_uses_the_profile_in_force(
    capsys: pytest.CaptureFixture[str],
    repo: Path,
    incident: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copied: list[str] = []

    def fake_copy(text: str) -> object:
        copied.append(text)
        return type("Result", (), {"message": "copied", "method": "fake"})()

    monkeypatch.setattr("postmortem_editor.cli.copy_text", fake_copy)
    (repo / TEAM_FILE_NAME).write_text('profile = "google-sre"\n')
    assert main(["copy", str(incident)]) == 0
    assert main(["render", str(incident), "--profile", "google-sre"]) == 0
    assert copied == [capsys.readouterr().out]


def test_a_bad_team_file_is_one_line_and_render_goes_on(
    capsys: pytest.CaptureFixture[str], repo: Path, incident: Path
) -> None:
    team = repo / TEAM_FILE_NAME
    team.write_text('profile = "glossy"\n')
    assert main(["render", str(incident)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{team}: profile: unknown profile 'glossy': choose one of standard, google-sre, "
        "pagerduty; not used"
    ]
    assert main(["render", str(incident), "--profile", "standard"]) == 0
    assert captured.out == capsys.readouterr().out


def test_new_starts_with_the_clock_timezone_and_author_in_force(
    capsys: pytest.CaptureFixture[str], config_home: Path, repo: Path
) -> None:
    write_user(config_home, 'author = "Ada Lovelace"\ntimezone = "Europe/Paris"\n')
    (repo / TEAM_FILE_NAME).write_text('clock = "12h"\ntimezone = "UTC"\n')
    path = repo / "postmortems" / "new.toml"
    assert main(["new", str(path), "--title", "Outage"]) == 0
    data = tomllib.loads(path.read_text())
    assert (data["clock"], data["timezone"], data["authors"]) == ("12h", "UTC", ["Ada Lovelace"])
    assert "# IANA name" in path.read_text()  # still the commented template


def test_nothing_is_ever_written_to_a_team_file(
    capsys: pytest.CaptureFixture[str], repo: Path, incident: Path
) -> None:
    team = repo / TEAM_FILE_NAME
    team.write_text('# ours\nprofile = "google-sre"\n')
    before = team.stat()
    for args in (
        ["config", str(incident)],
        ["render", str(incident)],
        ["check", str(incident)],
        ["new", str(repo / "postmortems" / "other.toml")],
    ):
        main(args)
    assert team.read_text() == '# ours\nprofile = "google-sre"\n'
    assert team.stat().st_mtime_ns == before.st_mtime_ns
