"""The user's and the team's settings: theme, render profile, rubric, clock, timezone, author.

Two TOML files, both optional:

- the user's ``config.toml`` in the platform's config folder (``~/.config/postmortem/`` on
  Linux, ``$XDG_CONFIG_HOME/postmortem/`` when that is set), which may hold every key; the
  editor writes there what the user chooses in it (:func:`remember`);
- a team's ``.postmortem.toml`` in the incident's folder or a parent, up to the repository
  root (the first folder holding ``.git``) or the filesystem root: ``profile``, ``rubric``,
  ``clock`` and ``timezone`` for every incident below it. Nothing ever writes it.

Precedence, highest first: the command line, the incident's own clock and timezone, the
team file, the user's file, the defaults. An incident renders in its own clock and zone,
so that a file reads the same for everyone; the clock, timezone and author in force are
what a new incident starts with.

A file that cannot be read, or a value that is not valid, is one line in
:attr:`Settings.problems`, and the layer below is used for what is bad: never an exception.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

import platformdirs
import tomlkit
from tomlkit.exceptions import TOMLKitError

from postmortem_editor.check import CHECK_PROFILES, CheckProfile
from postmortem_editor.errors import StoreError
from postmortem_editor.files import atomic_write
from postmortem_editor.model import Incident, parse_timezone, visible_controls
from postmortem_editor.problems import syntax_problem
from postmortem_editor.render import PROFILES, Profile

Clock = Literal["24h", "12h"]
CLOCKS: tuple[Clock, ...] = ("24h", "12h")

SETTING_KEYS: tuple[str, ...] = ("theme", "profile", "rubric", "clock", "timezone", "author")
"""The keys of the user's settings file, in the order they are shown."""
TEAM_KEYS: tuple[str, ...] = ("profile", "rubric", "clock", "timezone")
"""The keys a team file sets; the theme and the author are each person's own."""
INCIDENT_KEYS: tuple[str, ...] = ("clock", "timezone")
"""The keys an incident's own fields decide for it."""

DEFAULTS: Mapping[str, str] = {
    "theme": "textual-dark",
    "profile": "standard",
    "rubric": "standard",
    "clock": "24h",
    "timezone": "UTC",
    "author": "",
}
"""What is in force when no file says otherwise (the template's clock and timezone)."""

DEFAULT_SOURCE = "default"
COMMAND_LINE = "command line"
TEAM_FILE_NAME = ".postmortem.toml"
MAX_SETTINGS_BYTES = 256 * 1024
"""Larger settings files are not read: a settings file holds six short lines."""
MAX_TEXT = 200
"""The longest theme name or author a setting may hold."""


class SettingsError(Exception):
    """A setting that cannot be written, with a one-line message naming the file."""


@dataclass(frozen=True)
class Settings:
    """The settings in force, each with where it came from."""

    values: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULTS))
    """Every key of :data:`SETTING_KEYS` and its value."""
    sources: Mapping[str, str] = field(
        default_factory=lambda: dict.fromkeys(DEFAULTS, DEFAULT_SOURCE)
    )
    """Where each value came from: "default", "user file PATH", "team file PATH",
    "incident PATH" or "command line"."""
    problems: tuple[str, ...] = ()
    """One line for each file that could not be read and each value that was not used."""
    user_file: Path | None = None
    """The user's settings file (whether it exists or not)."""
    team_file: Path | None = None
    """The team file found above the folder, if any."""

    @property
    def theme(self) -> str:
        """The editor's colour theme (a Textual theme name)."""
        return self.values["theme"]

    @property
    def profile(self) -> Profile:
        """The render profile: the layout of the Markdown."""
        return cast(Profile, self.values["profile"])

    @property
    def rubric(self) -> CheckProfile:
        """The rubric incidents are checked against."""
        return cast(CheckProfile, self.values["rubric"])

    @property
    def clock(self) -> Clock:
        """How times are shown: "24h" or "12h"."""
        return cast(Clock, self.values["clock"])

    @property
    def timezone(self) -> str:
        """The timezone times are shown in; empty for none."""
        return self.values["timezone"]

    @property
    def author(self) -> str:
        """Who writes new incidents; empty when not set."""
        return self.values["author"]

    def choose(self, source: str, **values: str | None) -> Settings:
        """These settings with the given values (those not None) taken from ``source``.

        Raises ValueError, saying what is accepted, for a value that is not valid.
        """
        chosen = {
            key: check_value(key, value) for key, value in values.items() if value is not None
        }
        return replace(
            self,
            values={**self.values, **chosen},
            sources={**self.sources, **dict.fromkeys(chosen, source)},
        )


def user_settings_path() -> Path:
    """The user's settings file: ``config.toml`` in the platform's config folder."""
    return platformdirs.user_config_path("postmortem") / "config.toml"


def check_value(key: str, value: object) -> str:
    """A setting's value, checked; ValueError saying what is accepted when it is not one."""
    if key not in DEFAULTS:
        raise ValueError(f"unknown setting {key!r}: the settings are {', '.join(SETTING_KEYS)}")
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text: write it in quotes")
    if key == "profile" and value not in PROFILES:
        raise ValueError(f"unknown profile {value!r}: choose one of {', '.join(PROFILES)}")
    if key == "rubric" and value not in CHECK_PROFILES:
        raise ValueError(f"unknown rubric {value!r}: choose one of {', '.join(CHECK_PROFILES)}")
    if key == "clock" and value not in CLOCKS:
        raise ValueError(f"unknown clock {value!r}: choose one of {', '.join(CLOCKS)}")
    if key == "timezone":
        parse_timezone(value)
    if key in ("theme", "author"):
        if visible_controls(value) != value or "\n" in value or "\t" in value:
            raise ValueError(f"{value!r} is not one line of plain text")
        if len(value) > MAX_TEXT:
            raise ValueError(f"longer than {MAX_TEXT} characters")
        if key == "theme" and not value.strip():
            raise ValueError("empty: give the name of a theme")
    return value


def find_team_file(folder: Path) -> Path | None:
    """The team file in folder or the nearest parent, looking no higher than the
    repository root (the first folder holding ``.git``) or the filesystem root."""
    start = Path(folder).resolve()
    for place in (start, *start.parents):
        candidate = place / TEAM_FILE_NAME
        try:
            if candidate.is_file():
                return candidate
            if (place / ".git").exists():
                return None
        except OSError:  # a folder we may not look into: look no higher
            return None
    return None


def read_settings(path: Path, keys: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """The valid settings of one file among ``keys``, and one line per problem.

    A missing file holds no settings and is no problem.
    """
    allowed = tuple(keys)
    try:
        if path.is_dir():
            return {}, [f"{path}: is a folder, not a settings file; not read"]
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            return {}, [f"{path}: larger than {MAX_SETTINGS_BYTES // 1024} KB; not read"]
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        return {}, [f"{path}: cannot be read ({error.strerror or error}); not used"]
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return {}, [f"{path}: not UTF-8 text; not used"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problem = syntax_problem(error, text)
        where = "" if problem.line is None else f":{problem.line}:{problem.column}"
        return {}, [f"{path}{where}: {problem.message}; the file is not used"]
    except RecursionError:
        return {}, [f"{path}: invalid TOML: nested too deeply; the file is not used"]
    values: dict[str, str] = {}
    problems: list[str] = []
    for key in allowed:
        if key not in data:
            continue
        try:
            values[key] = check_value(key, data[key])
        except ValueError as error:
            problems.append(f"{path}: {key}: {error}; not used")
    unknown = [key for key in data if key not in allowed]
    if unknown:
        names = ", ".join(repr(key) for key in unknown)
        problems.append(
            f"{path}: unknown keys ignored: {names} (this file takes {', '.join(allowed)})"
        )
    return values, problems


def load_settings(folder: Path, *, user_file: Path | None = None) -> Settings:
    """The settings in force for incidents in ``folder``: team file, user file, defaults."""
    user_path = user_settings_path() if user_file is None else user_file
    team_path = find_team_file(folder)
    settings = Settings(user_file=user_path, team_file=team_path)
    problems: list[str] = []
    layers: list[tuple[Path, tuple[str, ...], str]] = [(user_path, SETTING_KEYS, "user file")]
    if team_path is not None:
        layers.append((team_path, TEAM_KEYS, "team file"))
    for path, keys, kind in layers:
        values, found = read_settings(path, keys)
        problems += found
        settings = settings.choose(f"{kind} {path}", **values)
    return replace(settings, problems=tuple(problems))


def for_incident(settings: Settings, incident: Incident, path: Path) -> Settings:
    """The settings in force for one incident: its own clock and timezone win.

    An incident always has a clock (the file's ``clock``, else the format's "24h"), and
    its timezone is empty when it names none: times are then shown with their own offsets.
    """
    sources = dict(settings.sources)
    stated = "clock" in incident.model_fields_set
    sources["clock"] = f"incident {path}" + ("" if stated else " (not stated: the format's 24h)")
    sources["timezone"] = f"incident {path}" + ("" if incident.timezone else " (names none)")
    values = {**settings.values, "clock": incident.clock, "timezone": incident.timezone}
    return replace(settings, values=values, sources=sources)


def remember(key: str, value: str, path: Path | None = None) -> Path:
    """Write one setting to the user's settings file, keeping its other lines and comments.

    Returns the file. Raises SettingsError (one line) when the value is not valid or the
    file cannot be read, parsed or written; the file is then unchanged.
    """
    target = user_settings_path() if path is None else path
    try:
        checked = check_value(key, value)
    except ValueError as error:
        raise SettingsError(f"{target}: {key} not remembered: {error}") from None
    doc = _user_document(target, key)
    if key in doc and doc.get(key) == checked:
        return target
    doc[key] = checked
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, doc.as_string())
    except OSError as error:
        raise SettingsError(
            f"{target}: {key} not remembered: cannot create its folder ({error.strerror or error})"
        ) from None
    except StoreError as error:
        raise SettingsError(f"{key} not remembered: {error}") from None
    return target


def _user_document(path: Path, key: str) -> tomlkit.TOMLDocument:
    """The user's settings file as a tomlkit document (an empty one when it is missing)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""
    except OSError as error:
        raise SettingsError(
            f"{path}: {key} not remembered: the file cannot be read ({error.strerror or error})"
        ) from None
    try:
        return tomlkit.parse(raw.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: {key} not remembered: the file is not UTF-8 text") from None
    except (TOMLKitError, ValueError) as error:
        raise SettingsError(
            f"{path}: {key} not remembered: the file is not valid TOML ({error}); fix it first"
        ) from None


def describe(settings: Settings) -> list[str]:
    """The settings as TOML lines, each with where it came from in a comment."""
    user = settings.user_file
    lines = [
        f"# user file: {user}" + ("" if user is None or user.exists() else " (not there yet)"),
        f"# team file: {settings.team_file or '(none found)'}",
    ]
    shown = [f"{key} = {_toml_string(settings.values[key])}" for key in SETTING_KEYS]
    width = max(len(line) for line in shown)
    for key, line in zip(SETTING_KEYS, shown, strict=True):
        lines.append(f"{line:<{width}}  # {settings.sources[key]}")
    return lines


def _toml_string(value: Any) -> str:
    return tomlkit.string(str(value)).as_string()
