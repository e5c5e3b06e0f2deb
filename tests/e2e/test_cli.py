"""The `postmortem` command, run as a real subprocess.

Exit codes: 0 done, 1 `check` found errors, 2 bad input or usage. Every refusal is one
line on stderr, never a traceback, and never changes the file it was given.
"""

from __future__ import annotations

import base64
import contextlib
import importlib.util
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from .. import fake_clipboard
from ..conftest import ROOT

SAMPLES_DIR = ROOT / "sample_incidents"
SAMPLES = sorted(SAMPLES_DIR.glob("*.toml"))
SEED_003 = SAMPLES_DIR / "undated-load-balancer-degradation.toml"
CLEAN_SAMPLES = [path for path in SAMPLES if path != SEED_003]
CLEAN = SAMPLES_DIR / "2024-02-14-load-balancer-outage.toml"
SUBCOMMANDS = ("new", "render", "check", "copy", "schema")
RENDER_PROFILES = ("standard", "google-sre", "pagerduty")
CHECK_PROFILES = ("standard", "holberton")


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m postmortem_editor.cli ARGS` the way a user would, without a terminal.

    A new session has no controlling terminal, so `copy` cannot write OSC 52 into the
    terminal running the tests; without DISPLAY it cannot touch a desktop clipboard either.
    ``env`` adds to the environment (a clipboard tool on PATH, say).
    """
    extra = env
    env = {k: v for k, v in os.environ.items() if k not in {"POSTMORTEM_DEBUG", "TMUX"}}
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return subprocess.run(
        [sys.executable, "-m", "postmortem_editor.cli", *map(str, args)],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        start_new_session=True,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr


def assert_refused(result: subprocess.CompletedProcess[str], shape: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr matching the regex `shape`."""
    assert_no_traceback(result)
    assert result.returncode == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.match(shape, lines[0]), lines[0]
    return lines[0]


def snapshot(path: Path) -> bytes | str | None:
    """What is at the path: a file's bytes, a folder's listing, or None when nothing is."""
    if path.is_dir():
        return "folder:" + ",".join(sorted(p.name for p in path.iterdir()))
    if path.exists():
        return path.read_bytes()
    return None


def title_of(path: Path) -> str:
    return tomllib.loads(path.read_text(encoding="utf-8"))["title"]


# --- help ----------------------------------------------------------------------------------


def test_top_level_help_lists_every_command() -> None:
    result = run_cli("--help")
    assert_no_traceback(result)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: postmortem")
    for command in SUBCOMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_each_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert_no_traceback(result)
    assert result.returncode == 0
    assert f"usage: postmortem {command}" in result.stdout


def test_the_console_script_is_the_same_command() -> None:
    script = shutil.which("postmortem", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("no `postmortem` console script next to the interpreter")
    result = subprocess.run(
        [script, "--help"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0
    assert result.stdout == run_cli("--help").stdout


def test_version_is_printed() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.match(r"^postmortem \d+\.\d+", result.stdout)


# --- new -----------------------------------------------------------------------------------


def test_new_writes_an_incident_with_the_title(tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    result = run_cli("new", path, "--title", "Web stack outage")
    assert_no_traceback(result)
    assert result.returncode == 0
    assert tomllib.loads(path.read_text(encoding="utf-8"))["title"] == "Web stack outage"
    check = run_cli("check", path, "--format", "json")
    assert check.returncode in (0, 1)  # it loads: a fresh incident has things to fill in
    assert json.loads(check.stdout)["file"] == str(path)
    render = run_cli("render", path)
    assert render.returncode == 0
    assert render.stdout.startswith("# Web stack outage\n")


def test_new_keeps_a_title_with_quotes_and_backslashes(tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    title = 'The "big" outage \\ part 2 — 🔥'
    assert run_cli("new", path, "--title", title).returncode == 0
    assert tomllib.loads(path.read_text(encoding="utf-8"))["title"] == title


def test_new_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    path.write_bytes(b"# my notes, not an incident\n")
    result = run_cli("new", path, "--title", "T")
    line = assert_refused(result, rf"^{re.escape(str(path))}: ")
    assert "exists" in line
    assert path.read_bytes() == b"# my notes, not an incident\n"


def test_new_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "incident.toml"
    assert_refused(run_cli("new", path), rf"^{re.escape(str(path))}: not saved: ")
    assert not path.parent.exists()


# --- render --------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", RENDER_PROFILES)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_render_prints_every_sample_in_every_profile(sample: Path, profile: str) -> None:
    before = sample.read_bytes()
    result = run_cli("render", sample, "--profile", profile)
    assert_no_traceback(result)
    assert result.returncode == 0
    assert result.stdout.startswith(f"# {title_of(sample)}\n")
    assert "\n## Timeline\n" in result.stdout
    assert result.stdout.endswith("\n")
    assert result.stderr == ""
    assert sample.read_bytes() == before


def test_render_uses_the_standard_profile_by_default() -> None:
    assert (
        run_cli("render", CLEAN).stdout == run_cli("render", CLEAN, "--profile", "standard").stdout
    )


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_render_writes_the_same_markdown_to_a_file(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    result = run_cli("render", sample, "-o", out)
    assert_no_traceback(result)
    assert result.returncode == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == run_cli("render", sample).stdout
    assert re.match(rf"^{re.escape(str(out))}: written \(\d+ words\)$", result.stderr.strip())


@pytest.mark.parametrize("profile", RENDER_PROFILES)
def test_render_to_a_file_in_each_profile_replaces_what_was_there(
    profile: str, tmp_path: Path
) -> None:
    out = tmp_path / "out.md"
    out.write_text("old text\n", encoding="utf-8")
    result = run_cli("render", CLEAN, "-o", out, "--profile", profile)
    assert result.returncode == 0
    assert out.read_text(encoding="utf-8") == run_cli("render", CLEAN, "--profile", profile).stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


def test_render_into_a_folder_name_is_refused(tmp_path: Path) -> None:
    assert_refused(run_cli("render", CLEAN, "-o", tmp_path), rf"^{re.escape(str(tmp_path))}: ")
    assert list(tmp_path.iterdir()) == []


def _can_create_in(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return False
    os.close(fd)
    probe.unlink()
    return True


def _chattr(flag: str, folder: Path) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    done = subprocess.run([chattr, flag, str(folder)], capture_output=True, timeout=30)
    return done.returncode == 0


def test_render_into_a_folder_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    out = folder / "out.md"
    folder.chmod(0o500)
    immutable = False
    try:
        if _can_create_in(folder):
            # Running as root: permission bits stop nothing. An immutable folder does.
            immutable = _chattr("+i", folder)
            if not immutable or _can_create_in(folder):
                pytest.skip("neither chmod 0o500 nor chattr +i stops writes into a folder here")
        result = run_cli("render", CLEAN, "-o", out)
        assert_refused(
            result, rf"^{re.escape(str(out))}: not saved: .+; the file on disk is unchanged$"
        )
        assert list(folder.iterdir()) == []
    finally:
        if immutable:
            _chattr("-i", folder)
        folder.chmod(0o700)


# --- check ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", CLEAN_SAMPLES, ids=lambda p: p.stem)
def test_check_passes_a_clean_sample(sample: Path) -> None:
    result = run_cli("check", sample)
    assert_no_traceback(result)
    assert result.returncode == 0
    assert re.search(
        r": 0 error\(s\), \d+ warning\(s\) \(standard profile\)$", result.stderr.strip()
    )


def test_check_fails_the_undated_seed_with_a_line_per_finding() -> None:
    result = run_cli("check", SEED_003)
    assert_no_traceback(result)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    prefix = f"{SEED_003}: "
    assert all(
        re.match(rf"^{re.escape(prefix)}.+?: (error|warning): .+ \[[A-Z]{{2}}\d{{3}}\]$", x)
        for x in lines
    )
    # Places as the user sees them: entries counted from 1, fields by their labels.
    assert (
        f"{prefix}timeline entry 1 (Issue Detected: [Timestamp]), label: error: " in result.stdout
    )
    assert f"{prefix}Start: error: " in result.stdout
    assert "3 error(s)" in result.stderr


@pytest.mark.parametrize("profile", CHECK_PROFILES)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_check_json_report_parses(sample: Path, profile: str) -> None:
    result = run_cli("check", sample, "--format", "json", "--profile", profile)
    assert_no_traceback(result)
    report = json.loads(result.stdout)
    assert {"findings", "metrics", "errors", "warnings", "profile", "words"} <= set(report)
    assert report["profile"] == profile
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert report["errors"] == len(errors)
    assert report["warnings"] == len(report["findings"]) - len(errors)
    assert result.returncode == (1 if errors else 0)
    for finding in report["findings"]:
        assert set(finding) == {"id", "severity", "path", "place", "message"}
    for value in report["metrics"].values():
        assert set(value) == {"seconds", "text"}


def test_check_json_of_the_undated_seed_names_its_errors() -> None:
    report = json.loads(run_cli("check", SEED_003, "--format", "json").stdout)
    errors = {(f["id"], f["path"]) for f in report["findings"] if f["severity"] == "error"}
    assert errors == {
        ("PM001", "summary.start"),
        ("PM001", "summary.end"),
        ("PM009", "timeline[0].label"),
    }
    assert report["metrics"]["duration"] == {"seconds": None, "text": "unknown"}


def test_check_json_of_a_clean_sample_has_its_metrics() -> None:
    report = json.loads(run_cli("check", CLEAN, "--format", "json").stdout)
    assert report["errors"] == 0
    assert report["metrics"]["duration"] == {"seconds": 9000, "text": "2 h 30 min"}


# --- schema --------------------------------------------------------------------------------


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


_TOML_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _fits(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str) -> list[str]:
    """A small structural validator: $ref, anyOf, enum, type (TOML dates as date-time/date
    strings), properties with additionalProperties false, and array items."""
    schema = _resolve(schema, root)
    if "anyOf" in schema:
        if any(not _fits(value, option, root, where) for option in schema["anyOf"]):
            return []
        return [f"{where}: fits none of anyOf"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not in {schema['enum']}"]
    kind = schema.get("type")
    if isinstance(value, datetime | date | time):
        wanted = {"date-time": datetime, "date": date}.get(schema.get("format", ""))
        if kind != "string" or wanted is None or not isinstance(value, wanted):
            return [f"{where}: a TOML date/time where the schema wants {schema}"]
        return []
    if kind and not _TOML_TYPES[kind](value):
        return [f"{where}: {value!r} is not {kind}"]
    problems = []
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is not False:
            problems.append(f"{where}: additionalProperties is not false")
        for key, item in value.items():
            if key not in properties:
                problems.append(f"{where}.{key}: not in the schema's properties")
            else:
                problems += _fits(item, properties[key], root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += _fits(item, schema["items"], root, f"{where}[{index}]")
    return problems


def test_schema_prints_a_json_schema_of_a_closed_incident_object() -> None:
    result = run_cli("schema")
    assert_no_traceback(result)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert {"schema_version", "title", "summary", "timeline", "analysis", "measures"} <= set(
        schema["properties"]
    )


def test_schema_describes_every_field_from_the_models_docstrings() -> None:
    schema = json.loads(run_cli("schema").stdout)
    objects = {"Incident": schema, **schema["$defs"]}
    undescribed = [
        f"{name}.{field}"
        for name, definition in objects.items()
        for field, properties in definition.get("properties", {}).items()
        if not properties.get("description")
    ]
    assert undescribed == []
    assert schema["properties"]["timeline"]["description"] == "The timeline, in the order written."
    entry = schema["$defs"]["TimelineEntry"]["properties"]
    assert "id" not in entry  # the runtime id is never part of the file
    assert entry["kind"]["description"].startswith("What the entry records")
    assert entry["by"]["type"] == "string"
    assert entry["by"]["description"].startswith("Who did or said it")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_validates_against_the_schema(sample: Path) -> None:
    schema = json.loads(run_cli("schema").stdout)
    data = tomllib.loads(sample.read_text(encoding="utf-8"))
    assert set(data) <= set(schema["properties"])
    if importlib.util.find_spec("jsonschema") is not None:
        # jsonschema is installed: validate for real, with TOML dates as ISO 8601 strings.
        import jsonschema

        as_json = json.loads(json.dumps(data, default=lambda v: v.isoformat()))
        jsonschema.Draft202012Validator(schema).validate(as_json)
    else:
        # jsonschema is not installed: the small validator above checks that the schema's
        # properties cover every key (at every level), that every object has
        # additionalProperties false, and the types, enums and date formats of the values.
        assert _fits(data, schema, schema, "(top level)") == []


def test_the_schema_check_catches_an_unknown_key() -> None:
    schema = json.loads(run_cli("schema").stdout)
    data = tomllib.loads(CLEAN.read_text(encoding="utf-8"))
    data["summary"]["colour"] = "red"
    data["timeline"][0]["kind"] = "party"
    assert _fits(data, schema, schema, "(top level)") == [
        "(top level).summary.colour: not in the schema's properties",
        "(top level).timeline[0].kind: 'party' not in "
        f"{_resolve({'$ref': '#/$defs/Kind'}, schema)['enum']}",
    ]


# --- copy ----------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", RENDER_PROFILES)
def test_copy_puts_the_markdown_on_the_system_clipboard_when_a_tool_exists(
    profile: str, tmp_path: Path
) -> None:
    env, store = fake_clipboard.install(tmp_path)
    before = CLEAN.read_bytes()
    result = run_cli("copy", CLEAN, "--profile", profile, env=env)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert "system clipboard" in result.stderr
    rendered = run_cli("render", CLEAN, "--profile", profile)
    assert store.read_text(encoding="utf-8") == rendered.stdout
    assert CLEAN.read_bytes() == before


def test_copy_sends_the_markdown_through_the_terminal_without_a_clipboard_tool() -> None:
    """No desktop clipboard, standard output a terminal: OSC 52 through it, exit 0."""
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "TMUX"}}
    env["PYTHONIOENCODING"] = "utf-8"
    primary, secondary = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "postmortem_editor.cli", "copy", str(CLEAN)],
            stdin=subprocess.DEVNULL,
            stdout=secondary,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        os.close(secondary)
        output = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the program closed the terminal
                break
            if not chunk:
                break
            output += chunk
        _, err = process.communicate(timeout=60)
    finally:
        os.close(primary)
    assert process.returncode == 0, err
    assert "OSC 52" in err.decode()
    match = re.search(rb"\x1b]52;c;([A-Za-z0-9+/=]*)\x07", output)
    assert match, output[:200]
    sent = base64.b64decode(match.group(1)).decode("utf-8")
    assert sent == run_cli("render", CLEAN).stdout


def test_copy_with_no_clipboard_and_no_terminal_says_how_to_export_and_exits_2() -> None:
    before = CLEAN.read_bytes()
    result = run_cli("copy", CLEAN)
    assert_no_traceback(result)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "render FILE -o" in result.stderr  # it says how to get the Markdown instead
    assert CLEAN.read_bytes() == before


# --- broken input --------------------------------------------------------------------------

BASE = 'schema_version = 1\ntitle = "Outage"\n'

TOML_ERRORS = {
    "unterminated-string": ('schema_version = 1\ntitle = "Outage\n', 2),
    "duplicate-key": (BASE + 'title = "Again"\n', 3),
    "bad-date": (BASE + "[summary]\nstart = 2024-02-30T10:00:00Z\n", 4),
    "bad-hour": (BASE + "[summary]\nstart = 2024-02-14T25:00:00Z\n", 4),
    "duplicate-table": (BASE + "[summary]\n[summary]\n", 4),
    "bare-word": (BASE + "status = draft\n", 3),
}

# name: (text, line of the problem, its place)
SCHEMA_ERRORS = {
    "title-is-a-number": ("schema_version = 1\ntitle = 3\n", 2, "title"),
    "start-is-a-word": (BASE + '[summary]\nstart = "yesterday"\n', 4, "summary.start"),
    "kind-party": (
        BASE + '[[timeline]]\nkind = "party"\ntext = "cake"\n',
        4,
        "timeline entry 1: kind",
    ),
    "unknown-key": (BASE + '[summary]\ncolour = "red"\n', 4, "summary.colour"),
    "schema-version-2": ('schema_version = 2\ntitle = "Outage"\n', 1, "schema_version"),
    "local-date-time": (BASE + "[summary]\nstart = 2024-02-14T10:00:00\n", 4, "summary.start"),
    "local-date-time-in-timeline": (
        BASE + '[[timeline]]\nat = 2024-02-14T10:00:00\ntext = "x"\n',
        4,
        "timeline entry 1: at",
    ),
    "unknown-timezone": (BASE + 'timezone = "Mars/Olympus"\n', 3, "timezone"),
    "share-over-100": (
        BASE + "[summary]\nusers_affected_percent = 120\n",
        4,
        "summary.users_affected_percent",
    ),
}

# A command that loads FILE, and extra arguments (OUT is replaced by a path in tmp_path).
LOADING_COMMANDS = {
    "check": ("check",),
    "check-json": ("check", "--format", "json"),
    "render": ("render",),
    "render-to-file": ("render", "-o", "OUT"),
    "copy": ("copy",),
}


def run_on(
    command: str, path: Path, tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path / "out.md"
    name, *extra = LOADING_COMMANDS[command]
    args = [str(out) if arg == "OUT" else arg for arg in extra]
    return run_cli(name, path, *args), out


@pytest.mark.parametrize("command", LOADING_COMMANDS)
@pytest.mark.parametrize(("text", "line"), TOML_ERRORS.values(), ids=TOML_ERRORS.keys())
def test_invalid_toml_is_refused_with_line_and_column(
    text: str, line: int, command: str, tmp_path: Path
) -> None:
    path = tmp_path / "incident.toml"
    path.write_text(text, encoding="utf-8")
    result, out = run_on(command, path, tmp_path)
    assert_refused(result, rf"^{re.escape(str(path))}:{line}:\d+: invalid TOML: \S")
    assert path.read_text(encoding="utf-8") == text
    assert not out.exists()


@pytest.mark.parametrize("command", LOADING_COMMANDS)
@pytest.mark.parametrize(
    ("text", "line", "field"), SCHEMA_ERRORS.values(), ids=SCHEMA_ERRORS.keys()
)
def test_a_schema_error_is_refused_with_its_line_and_place(
    text: str, line: int, field: str, command: str, tmp_path: Path
) -> None:
    path = tmp_path / "incident.toml"
    path.write_text(text, encoding="utf-8")
    result, out = run_on(command, path, tmp_path)
    assert_refused(result, rf"^{re.escape(str(path))}: line {line}: {re.escape(field)}: \S")
    assert path.read_text(encoding="utf-8") == text
    assert not out.exists()


def test_schema_error_messages_say_what_to_do(tmp_path: Path) -> None:
    messages = {}
    for name in ("unknown-key", "schema-version-2", "local-date-time"):
        path = tmp_path / f"{name}.toml"
        path.write_text(SCHEMA_ERRORS[name][0], encoding="utf-8")
        messages[name] = run_cli("check", path).stderr
    assert "unknown field" in messages["unknown-key"]
    assert "version 2 is not supported" in messages["schema-version-2"]
    assert "no UTC offset" in messages["local-date-time"]


UNREADABLE: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "blank": (lambda p: p.write_bytes(b" \n\n\t\n"), "empty"),
    "binary": (lambda p: p.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe" * 8), "binary"),
    "not-utf8": (lambda p: p.write_bytes('title = "café"\n'.encode("latin-1")), "UTF-8"),
    "missing": (lambda p: None, "no such file"),
    "folder": (lambda p: p.mkdir(), "folder"),
}


@pytest.mark.parametrize("command", LOADING_COMMANDS)
@pytest.mark.parametrize(("make", "words"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_file_that_cannot_be_read_is_refused(
    make: Callable[[Path], None], words: str, command: str, tmp_path: Path
) -> None:
    path = tmp_path / "incident.toml"
    make(path)
    before = snapshot(path)
    result, out = run_on(command, path, tmp_path)
    line = assert_refused(result, rf"^{re.escape(str(path))}: \S")
    assert words in line
    assert snapshot(path) == before
    assert not out.exists()


def test_a_bad_file_given_as_a_relative_path_is_named_as_given(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('title = "x\n', encoding="utf-8")
    assert_refused(run_cli("check", "bad.toml", cwd=tmp_path), r"^bad\.toml:1:\d+: invalid TOML: ")


@pytest.mark.parametrize(
    "text",
    ["title = ", 'title = """abc', 'title = "x"\n[summary'],
    ids=["value", "string", "table"],
)
def test_invalid_toml_at_the_end_of_the_file_still_names_line_and_column(
    text: str, tmp_path: Path
) -> None:
    path = tmp_path / "incident.toml"
    path.write_text(text, encoding="utf-8")
    assert_refused(run_cli("check", path), rf"^{re.escape(str(path))}:\d+:\d+: invalid TOML: ")


def test_a_time_at_the_edge_of_the_calendar_is_refused_with_its_field(tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    text = 'timezone = "UTC"\n[summary]\nstart = 0001-01-01T00:00:00+05:00\n'
    path.write_text(text, encoding="utf-8")
    assert_refused(run_cli("render", path), rf"^{re.escape(str(path))}: line 3: summary\.start: ")
    assert path.read_text(encoding="utf-8") == text


def test_render_refuses_to_write_over_the_incident_itself(tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    path.write_bytes(CLEAN.read_bytes())
    assert_refused(run_cli("render", path, "-o", path), r".*: is the incident itself")
    assert path.read_bytes() == CLEAN.read_bytes()


# --- usage errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("frobnicate",),
        ("frobnicate", "incident.toml"),
        ("--no-such-option",),
        ("render",),
        ("check",),
        ("new",),
        ("copy",),
        ("render", str(CLEAN), "--profile", "fancy"),
        ("check", str(CLEAN), "--profile", "fancy"),
        ("check", str(CLEAN), "--format", "xml"),
        ("render", str(CLEAN), "-o"),
        ("schema", "extra"),
    ],
    ids=lambda args: " ".join(Path(a).name for a in args) or "nothing",
)
def test_bad_usage_is_one_line_and_exit_2(args: tuple[str, ...], tmp_path: Path) -> None:
    result = run_cli(*args, cwd=tmp_path)
    line = assert_refused(result, r"^postmortem")
    assert "--help" in line
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_command_names_the_known_ones() -> None:
    line = assert_refused(run_cli("frobnicate"), r"^postmortem: ")
    assert "frobnicate" in line
    for command in SUBCOMMANDS:
        assert command in line


def test_a_missing_file_argument_is_named() -> None:
    line = assert_refused(run_cli("render"), r"^postmortem render: ")
    assert "FILE" in line


def test_broken_pipe_is_not_a_traceback() -> None:
    with contextlib.ExitStack() as stack:
        proc = subprocess.Popen(
            [sys.executable, "-m", "postmortem_editor.cli", "render", str(CLEAN)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        stack.callback(proc.wait, 60)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader goes away before anything is read
        stderr = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
    assert "Traceback" not in stderr
    assert proc.returncode in (0, 2)
