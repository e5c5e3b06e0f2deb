"""Enabling the incident merge driver in a git repository: `postmortem git-setup [DIR]`.

Two lines do it. A ``.gitattributes`` line in DIR sends the TOML files in and below DIR
through the driver (commit it, so everyone's clones use it)::

    *.toml merge=postmortem

and the repository's configuration says what the driver runs (each clone sets this once;
git never takes commands from a cloned repository)::

    git config merge.postmortem.name "postmortem incident merge"
    git config merge.postmortem.driver "postmortem merge %O %A %B"

Other TOML files under DIR (a ``pyproject.toml`` at the root) go through the driver too,
which merges them line by line as git would; run git-setup in the incidents' folder to
keep the driver to them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from postmortem_editor.files import atomic_write

DRIVER = "postmortem"
"""The driver's name in git's configuration and in ``.gitattributes``."""
ATTRIBUTES_LINE = f"*.toml merge={DRIVER}"
"""The ``.gitattributes`` line that sends the TOML files of a folder through the driver."""
SETTINGS = (
    (f"merge.{DRIVER}.name", "postmortem incident merge"),
    (f"merge.{DRIVER}.driver", "postmortem merge %O %A %B"),
)
"""The repository settings that define the driver."""


class GitSetupError(Exception):
    """The driver cannot be enabled there; the message says why, in one line."""


def git_setup(folder: Path) -> list[str]:
    """Enable the merge driver for the TOML files in and below folder.

    Adds the ``.gitattributes`` line in folder and sets the driver in the repository's
    configuration, each only when it is not there yet. Returns what was done, a line for
    each; raises GitSetupError when folder is not in a git work tree.
    """
    if not folder.is_dir():
        raise GitSetupError(f"{folder}: no such folder")
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.strip() != "true":
        raise GitSetupError(
            f"{folder}: not in a git repository (create one with `git init`, "
            "or give the folder of one)"
        )
    done = [_add_attributes(folder / ".gitattributes")]
    for key, value in SETTINGS:
        current = _git(folder, "config", "--get", key)
        if current is not None and current.rstrip("\n") == value:
            done.append(f"git config {key}: already {value!r}")
            continue
        if _git(folder, "config", "--replace-all", key, value) is None:
            raise GitSetupError(f"{folder}: cannot set {key} in the repository's configuration")
        done.append(f"git config {key}: set to {value!r}")
    return done


def _add_attributes(path: Path) -> str:
    """Add the driver's line to a ``.gitattributes`` file unless it has it; say which."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise GitSetupError(f"{path}: cannot read: {error}") from None
    wanted = ATTRIBUTES_LINE.split()
    if any(line.split() == wanted for line in text.splitlines()):
        return f"{path}: already has {ATTRIBUTES_LINE!r}"
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write(path, text + ATTRIBUTES_LINE + "\n")
    return f"{path}: added {ATTRIBUTES_LINE!r}"


def _git(folder: Path, *arguments: str) -> str | None:
    """The output of a git command run in folder; None when it fails.

    Raises GitSetupError when git is not installed.
    """
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *arguments], capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise GitSetupError(f"git cannot run: {error.strerror}") from None
    return done.stdout if done.returncode == 0 else None
