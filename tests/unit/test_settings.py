"""The user's and the team's settings: where they are found, which one wins, what a bad
file does (one line, the layer below is used), and how a choice is remembered."""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.model import Incident
from postmortem_editor.reading import parse_text
from postmortem_editor.settings import (
    COMMAND_LINE,
    DEFAULTS,
    SETTING_KEYS,
    TEAM_FILE_NAME,
    TEAM_KEYS,
    Settings,
    SettingsError,
    check_value,
    describe,
    find_team_file,
    for_incident,
    load_settings,
    remember,
    user_settings_path,
)
from postmortem_editor.store import IncidentFile

USER_VALUES = {
    "theme": "nord",
    "profile": "pagerduty",
    "rubric": "holberton",
    "clock": "12h",
    "timezone": "Europe/Paris",
    "author": "Ada Lovelace",
}
TEAM_VALUES = {
    "profile": "google-sre",
    "rubric": "standard",
    "clock": "24h",
    "timezone": "America/New_York",
}


def toml_lines(values: dict[str, str]) -> str:
    return "".join(f'{key} = "{value}"\n' for key, value in values.items())


def user_file(config_home: Path) -> Path:
    return config_home / "postmortem" / "config.toml"


def write_user(config_home: Path, text: str) -> Path:
    path = user_file(config_home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a folder of incidents two levels down."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "postmortems" / "2024").mkdir(parents=True)
    return root


# --- where the files are ------------------------------------------------------------------


def test_the_user_file_is_in_the_xdg_config_folder(
    config_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert user_settings_path() == config_home / "postmortem" / "config.toml"
    other = config_home / "elsewhere"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(other))
    assert user_settings_path() == other / "postmortem" / "config.toml"


def test_without_xdg_config_home_the_user_file_is_under_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_settings_path() == tmp_path / ".config" / "postmortem" / "config.toml"


def test_the_suite_never_sees_the_users_own_settings(config_home: Path) -> None:
    real = Path(os.path.expanduser("~")) / ".config"
    assert not user_settings_path().is_relative_to(real)
    assert user_settings_path().is_relative_to(config_home)


def test_a_team_file_in_the_incidents_folder_is_found(repo: Path) -> None:
    folder = repo / "postmortems" / "2024"
    (folder / TEAM_FILE_NAME).write_text('profile = "google-sre"\n')
    assert find_team_file(folder) == folder / TEAM_FILE_NAME


def test_the_nearest_team_file_above_the_folder_is_found(repo: Path) -> None:
    (repo / TEAM_FILE_NAME).write_text('profile = "pagerduty"\n')
    (repo / "postmortems" / TEAM_FILE_NAME).write_text('profile = "google-sre"\n')
    found = find_team_file(repo / "postmortems" / "2024")
    assert found == repo / "postmortems" / TEAM_FILE_NAME


def test_the_team_file_at_the_repository_root_is_found(repo: Path) -> None:
    (repo / TEAM_FILE_NAME).write_text('profile = "pagerduty"\n')
    assert find_team_file(repo / "postmortems" / "2024") == repo / TEAM_FILE_NAME


def test_a_team_file_above_the_repository_root_is_not_read(repo: Path) -> None:
    (repo.parent / TEAM_FILE_NAME).write_text('profile = "pagerduty"\n')
    assert find_team_file(repo / "postmortems" / "2024") is None
    settings = load_settings(repo / "postmortems" / "2024")
    assert settings.profile == "standard"
    assert settings.team_file is None


def test_a_git_file_marks_a_repository_root_too(tmp_path: Path) -> None:
    # A worktree or a submodule has a .git file, not a folder.
    (tmp_path / TEAM_FILE_NAME).write_text('profile = "pagerduty"\n')
    worktree = tmp_path / "worktree"
    worktree.mkdir()
    (worktree / ".git").write_text("gitdir: /elsewhere\n")
    assert find_team_file(worktree) is None


def test_outside_a_repository_the_search_goes_up_to_the_root(tmp_path: Path) -> None:
    (tmp_path / TEAM_FILE_NAME).write_text('profile = "pagerduty"\n')
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_team_file(deep) == tmp_path / TEAM_FILE_NAME


def test_a_folder_named_like_the_team_file_is_not_one(repo: Path) -> None:
    (repo / "postmortems" / TEAM_FILE_NAME).mkdir()
    (repo / TEAM_FILE_NAME).write_text('profile = "pagerduty"\n')
    assert find_team_file(repo / "postmortems" / "2024") == repo / TEAM_FILE_NAME


# --- which one wins -----------------------------------------------------------------------


def test_with_no_files_the_defaults_are_in_force(repo: Path) -> None:
    settings = load_settings(repo / "postmortems")
    assert dict(settings.values) == dict(DEFAULTS)
    assert set(settings.sources.values()) == {"default"}
    assert settings.problems == ()


def test_precedence_incident_over_team_over_user_over_default(
    config_home: Path, repo: Path
) -> None:
    folder = repo / "postmortems" / "2024"
    user = write_user(config_home, toml_lines(USER_VALUES))
    # The user file alone: every key from it.
    alone = load_settings(folder)
    assert dict(alone.values) == USER_VALUES
    assert set(alone.sources.values()) == {f"user file {user}"}
    # A team file sets its four keys; the theme and the author stay the user's.
    team = repo / TEAM_FILE_NAME
    team.write_text(toml_lines(TEAM_VALUES))
    shared = load_settings(folder)
    for key in TEAM_KEYS:
        assert shared.values[key] == TEAM_VALUES[key]
        assert shared.sources[key] == f"team file {team}"
    for key in ("theme", "author"):
        assert shared.values[key] == USER_VALUES[key]
        assert shared.sources[key] == f"user file {user}"
    # The incident's own clock and timezone win over both.
    incident = Incident(clock="12h", timezone="Asia/Tokyo")
    own = for_incident(shared, incident, folder / "inc.toml")
    assert (own.clock, own.timezone) == ("12h", "Asia/Tokyo")
    assert own.sources["clock"] == own.sources["timezone"] == f"incident {folder / 'inc.toml'}"
    assert own.profile == "google-sre"
    # The command line wins over everything.
    chosen = own.choose(COMMAND_LINE, profile="standard", rubric=None)
    assert chosen.profile == "standard"
    assert chosen.sources["profile"] == COMMAND_LINE
    assert chosen.rubric == "standard"
    assert chosen.sources["rubric"] == f"team file {team}"


SOURCES = st.fixed_dictionaries(
    {key: st.sampled_from(["none", "user", "team"]) for key in SETTING_KEYS}
)


@given(SOURCES, st.booleans())
def test_each_key_comes_from_the_highest_layer_that_sets_it(
    where: dict[str, str], own_clock: bool
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / ".git").mkdir()
        user = root / "user.toml"
        user_values = {key: USER_VALUES[key] for key in SETTING_KEYS if where[key] != "none"}
        team_values = {key: TEAM_VALUES[key] for key in TEAM_KEYS if where[key] == "team"}
        user.write_text(toml_lines(user_values))
        (root / TEAM_FILE_NAME).write_text(toml_lines(team_values))
        settings = load_settings(root, user_file=user)
        for key in SETTING_KEYS:
            if key in team_values:
                expected = (TEAM_VALUES[key], f"team file {root / TEAM_FILE_NAME}")
            elif key in user_values:
                expected = (USER_VALUES[key], f"user file {user}")
            else:
                expected = (DEFAULTS[key], "default")
            assert (settings.values[key], settings.sources[key]) == expected
        assert settings.problems == ()
        data = {"clock": "12h"} if own_clock else {}
        incident = Incident.model_validate(data)
        own = for_incident(settings, incident, root / "inc.toml")
        assert own.clock == ("12h" if own_clock else "24h")
        assert own.timezone == ""  # the incident names none: its times keep their offsets
        assert own.profile == settings.profile


def test_an_incident_without_a_clock_line_says_the_format_default_is_used(
    tmp_path: Path,
) -> None:
    incident = parse_text('title = "x"\n', tmp_path / "inc.toml")
    own = for_incident(Settings(), incident, tmp_path / "inc.toml")
    assert own.clock == "24h"
    assert "not stated" in own.sources["clock"]
    assert "names none" in own.sources["timezone"]


# --- bad files ------------------------------------------------------------------------------


def test_a_user_file_that_does_not_parse_is_one_line_and_the_defaults_are_used(
    config_home: Path, repo: Path
) -> None:
    user = write_user(config_home, 'profile = "pagerduty"\ntheme = \n')
    settings = load_settings(repo)
    assert dict(settings.values) == dict(DEFAULTS)
    assert len(settings.problems) == 1
    problem = settings.problems[0]
    assert problem.startswith(f"{user}:2:")
    assert "\n" not in problem


def test_a_team_file_that_does_not_parse_leaves_the_user_file_in_force(
    config_home: Path, repo: Path
) -> None:
    write_user(config_home, 'profile = "pagerduty"\n')
    (repo / TEAM_FILE_NAME).write_text("profile = [\n")
    settings = load_settings(repo)
    assert settings.profile == "pagerduty"
    assert len(settings.problems) == 1
    assert settings.problems[0].startswith(str(repo / TEAM_FILE_NAME))


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("profile", '"fancy"'),
        ("rubric", '"strict"'),
        ("clock", '"13h"'),
        ("timezone", '"Mars/Olympus"'),
        ("timezone", '"UTC+99"'),
        ("profile", "3"),
        ("theme", '""'),
        ("author", '"two\\nlines"'),
        ("author", '"\\u001b[31mred"'),
        ("clock", "{ hours = 24 }"),
    ],
)
def test_a_bad_value_names_the_file_and_key_and_the_layer_below_is_used(
    config_home: Path, repo: Path, key: str, bad: str
) -> None:
    user = write_user(config_home, f"{key} = {bad}\n")
    if key in TEAM_KEYS:
        write_user(config_home, toml_lines({key: USER_VALUES[key]}))
        team = repo / TEAM_FILE_NAME
        team.write_text(f"{key} = {bad}\n")
        settings = load_settings(repo)
        assert settings.values[key] == USER_VALUES[key]
        bad_file = team
    else:
        settings = load_settings(repo)
        assert settings.values[key] == DEFAULTS[key]
        bad_file = user
    assert len(settings.problems) == 1
    problem = settings.problems[0]
    assert problem.startswith(f"{bad_file}: {key}: ")
    assert "\n" not in problem


def test_a_bad_value_does_not_spoil_the_good_ones_beside_it(config_home: Path, repo: Path) -> None:
    write_user(config_home, 'profile = "google-sre"\nclock = "25h"\nrubric = "holberton"\n')
    settings = load_settings(repo)
    assert (settings.profile, settings.rubric, settings.clock) == ("google-sre", "holberton", "24h")
    assert len(settings.problems) == 1


def test_unknown_keys_are_one_line_naming_them(config_home: Path, repo: Path) -> None:
    user = write_user(config_home, 'profile = "pagerduty"\ncolour = "red"\n[editor]\nx = 1\n')
    settings = load_settings(repo)
    assert settings.profile == "pagerduty"
    assert len(settings.problems) == 1
    assert settings.problems[0].startswith(f"{user}: unknown keys ignored: 'colour', 'editor'")


def test_a_team_file_does_not_set_the_theme_or_the_author(config_home: Path, repo: Path) -> None:
    team = repo / TEAM_FILE_NAME
    team.write_text('theme = "nord"\nauthor = "Team"\nprofile = "pagerduty"\n')
    settings = load_settings(repo)
    assert (settings.theme, settings.author, settings.profile) == (
        DEFAULTS["theme"],
        "",
        "pagerduty",
    )
    assert settings.problems == (
        f"{team}: unknown keys ignored: 'theme', 'author' "
        "(this file takes profile, rubric, clock, timezone)",
    )


def test_a_file_that_is_not_utf8_is_one_line(config_home: Path, repo: Path) -> None:
    user = user_file(config_home)
    user.parent.mkdir(parents=True)
    user.write_bytes(b'profile = "pagerduty\xff"\n')
    settings = load_settings(repo)
    assert settings.profile == "standard"
    assert settings.problems == (f"{user}: not UTF-8 text; not used",)


def test_a_folder_in_place_of_the_user_file_is_one_line(config_home: Path, repo: Path) -> None:
    user_file(config_home).mkdir(parents=True)
    settings = load_settings(repo)
    assert dict(settings.values) == dict(DEFAULTS)
    assert len(settings.problems) == 1
    assert "is a folder" in settings.problems[0]


PLAIN_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
SETTING_LINES = st.lists(
    st.tuples(
        st.sampled_from([*SETTING_KEYS, "colour", "Profile"]),
        st.one_of(
            PLAIN_TEXT.map(json.dumps),
            st.sampled_from(sorted({*USER_VALUES.values(), *TEAM_VALUES.values()})).map(json.dumps),
            st.integers().map(str),
            st.just("[1, 2]"),
        ),
    ),
    max_size=8,
).map(lambda pairs: "".join(f"{key} = {value}\n" for key, value in pairs))


@given(st.one_of(PLAIN_TEXT, SETTING_LINES), st.one_of(PLAIN_TEXT, SETTING_LINES))
def test_no_file_content_raises_and_every_problem_is_one_line(
    user_text: str, team_text: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / ".git").mkdir()
        user = root / "user.toml"
        user.write_text(user_text, encoding="utf-8")
        (root / TEAM_FILE_NAME).write_text(team_text, encoding="utf-8")
        settings = load_settings(root, user_file=user)
        for key in SETTING_KEYS:
            assert check_value(key, settings.values[key]) == settings.values[key]
        for problem in settings.problems:
            assert "\n" not in problem
            assert problem.startswith((str(user), str(root / TEAM_FILE_NAME)))


# --- new incidents ------------------------------------------------------------------------


def test_a_new_incident_starts_with_the_clock_timezone_and_author_in_force(
    config_home: Path, repo: Path
) -> None:
    write_user(config_home, 'author = "Ada Lovelace"\nclock = "12h"\n')
    (repo / TEAM_FILE_NAME).write_text('timezone = "America/New_York"\n')
    settings = load_settings(repo)
    document = IncidentFile.new(
        repo / "new.toml",
        "Outage",
        timezone=settings.timezone,
        clock=settings.clock,
        authors=[settings.author],
    )
    document.save()
    data = tomllib.loads((repo / "new.toml").read_text())
    assert data["timezone"] == "America/New_York"
    assert data["clock"] == "12h"
    assert data["authors"] == ["Ada Lovelace"]
    assert IncidentFile.load(repo / "new.toml").incident.authors == ["Ada Lovelace"]


@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_any_author_a_setting_accepts_reads_back_from_the_template(author: str) -> None:
    try:
        settings = Settings().choose("test", author=author)
    except ValueError:
        return  # refused: a control character, a line break
    with tempfile.TemporaryDirectory() as scratch:
        document = IncidentFile.new(Path(scratch) / "new.toml", authors=[settings.author])
        assert document.incident.authors == [author]


# --- remembering a choice -------------------------------------------------------------------


def test_remember_creates_the_file_and_its_folder(config_home: Path) -> None:
    written = remember("profile", "google-sre")
    assert written == user_file(config_home)
    assert tomllib.loads(written.read_text()) == {"profile": "google-sre"}


def test_remember_keeps_the_files_comments_and_other_lines(config_home: Path) -> None:
    text = (
        "# my postmortem settings\n"
        'theme = "nord"        # easy on the eyes\n'
        'profile = "standard"  # the course wants it\n'
        "\n"
        "# who I am\n"
        'author = "Ada"\n'
    )
    path = write_user(config_home, text)
    remember("profile", "pagerduty")
    remember("rubric", "holberton")
    after = path.read_text()
    assert (
        after
        == text.replace('profile = "standard"  #', 'profile = "pagerduty"  #')
        + 'rubric = "holberton"\n'
    )


def test_remember_keeps_the_files_mode(config_home: Path) -> None:
    path = write_user(config_home, 'profile = "standard"\n')
    path.chmod(0o600)
    remember("profile", "pagerduty")
    assert path.stat().st_mode & 0o777 == 0o600


def test_remember_refuses_a_bad_value_and_changes_nothing(config_home: Path) -> None:
    path = write_user(config_home, 'profile = "standard"\n')
    with pytest.raises(SettingsError, match="profile not remembered: unknown profile"):
        remember("profile", "fancy")
    assert path.read_text() == 'profile = "standard"\n'


def test_remember_never_overwrites_a_file_that_does_not_parse(config_home: Path) -> None:
    path = write_user(config_home, "profile = \n# my notes\n")
    with pytest.raises(SettingsError) as caught:
        remember("theme", "nord")
    message = str(caught.value)
    assert message.startswith(f"{path}: theme not remembered: the file is not valid TOML")
    assert "\n" not in message
    assert path.read_text() == "profile = \n# my notes\n"


def test_remember_where_the_folder_cannot_be_made_is_one_line(
    config_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    with pytest.raises(SettingsError) as caught:
        remember("profile", "pagerduty")
    assert "profile not remembered" in str(caught.value)
    assert blocker.read_text() == ""


def test_remember_writes_through_a_symlinked_file(config_home: Path, tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "postmortem.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text('theme = "nord"\n')
    link = user_file(config_home)
    link.parent.mkdir(parents=True)
    link.symlink_to(dotfiles)
    remember("profile", "pagerduty")
    assert link.is_symlink()
    assert tomllib.loads(dotfiles.read_text()) == {"theme": "nord", "profile": "pagerduty"}


def test_a_remembered_choice_is_in_force_next_time(config_home: Path, repo: Path) -> None:
    for key, value in USER_VALUES.items():
        remember(key, value)
    assert dict(load_settings(repo).values) == USER_VALUES


# --- what `postmortem config` prints --------------------------------------------------------


def test_describe_is_toml_with_each_source_in_a_comment(config_home: Path, repo: Path) -> None:
    user = write_user(config_home, 'author = "Ada"\n')
    (repo / TEAM_FILE_NAME).write_text('rubric = "holberton"\n')
    lines = describe(load_settings(repo))
    assert lines[0] == f"# user file: {user}"
    assert lines[1] == f"# team file: {repo / TEAM_FILE_NAME}"
    assert tomllib.loads("\n".join(lines)) == {**DEFAULTS, "author": "Ada", "rubric": "holberton"}
    by_key = {line.split(" = ")[0]: line for line in lines[2:]}
    assert by_key["author"].endswith(f"# user file {user}")
    assert by_key["rubric"].endswith(f"# team file {repo / TEAM_FILE_NAME}")
    assert by_key["profile"].endswith("# default")
