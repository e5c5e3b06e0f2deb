"""The command line shows the merge driver's two commands."""

from __future__ import annotations

import pytest

from postmortem_editor.cli import build_parser, main


def test_help_lists_merge_and_git_setup() -> None:
    text = " ".join(build_parser().format_help().split())
    assert "merge" in text and "%O %A %B" in text
    assert "git-setup" in text


@pytest.mark.parametrize(
    ("command", "shown"),
    [("merge", "usage: postmortem merge [-h] BASE OURS THEIRS"), ("git-setup", "[DIR]")],
)
def test_each_merge_command_has_its_help(
    command: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main([command, "--help"])
    assert exit_status.value.code == 0
    assert shown in capsys.readouterr().out


def test_merge_without_its_three_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merge", "base.toml"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "the following arguments are required: OURS, THEIRS" in error
