"""`postmortem import FILE.md` and `postmortem edit FILE.md`, run as real subprocesses.

The import writes FILE.toml beside the Markdown (or OUT.toml, or stdout) and reports on
stderr what it found; it refuses, in one line with exit 2 and without writing anything,
input that is no postmortem, an existing output without --force, and anything uncertain
under --strict. The editor itself is never started here.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from postmortem_editor.importer import import_file
from postmortem_editor.render import render_markdown
from postmortem_editor.store import IncidentFile, dump_plain

from ..conftest import ROOT
from .test_cli import assert_no_traceback, assert_refused, run_cli

DOCS = ROOT / "tests" / "import_docs"
CLEAN = "payment-api-bold-labels.md"
DRAFT = "login-template-placeholders.md"


def copy_doc(name: str, folder: Path, as_name: str = "incident.md") -> Path:
    target = folder / as_name
    shutil.copyfile(DOCS / name, target)
    return target


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- writing the incident -----------------------------------------------------------------


def test_import_writes_the_toml_beside_the_markdown_and_reports_on_stderr(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    result = run_cli("import", source)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert listing(tmp_path) == ["incident.md", "incident.toml"]
    lines = result.stderr.splitlines()
    assert lines[0] == f"{source}: imported"
    assert lines[-1] == f"{tmp_path / 'incident.toml'}: written"
    assert any(line.startswith("  sections: Issue Summary -> summary;") for line in lines)
    assert "  timeline: 7 entries, 7 with a time" in lines
    assert "  kept as free sections: (measures text)" in lines


def test_the_written_incident_loads_back_as_the_import(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    assert run_cli("import", source).returncode == 0
    out = tmp_path / "incident.toml"
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert data["title"] == "Postmortem: Payment API Outage"
    loaded = IncidentFile.load(out).incident
    assert dump_plain(loaded) == dump_plain(import_file(source).incident)


def test_render_of_the_written_incident_is_the_render_of_the_import(tmp_path: Path) -> None:
    source = copy_doc(DRAFT, tmp_path)
    assert run_cli("import", source).returncode == 0
    rendered = run_cli("render", tmp_path / "incident.toml")
    assert rendered.returncode == 0
    assert rendered.stdout == render_markdown(import_file(source).incident)


def test_output_option_chooses_the_file(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    out = tmp_path / "chosen.toml"
    result = run_cli("import", source, "-o", out)
    assert result.returncode == 0, result.stderr
    assert listing(tmp_path) == ["chosen.toml", "incident.md"]
    assert result.stderr.splitlines()[-1] == f"{out}: written"
    IncidentFile.load(out)


def test_output_dash_writes_the_toml_to_stdout(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    result = run_cli("import", source, "-o", "-")
    assert result.returncode == 0, result.stderr
    assert listing(tmp_path) == ["incident.md"]
    data = tomllib.loads(result.stdout)
    assert len(data["timeline"]) == 7
    assert result.stderr.startswith(f"{source}: imported\n")
    assert "written" not in result.stderr


def test_an_existing_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    out = tmp_path / "incident.toml"
    out.write_text("# mine\n", encoding="utf-8")
    line = assert_refused(run_cli("import", source), rf"^{tmp_path / 'incident.toml'}: ")
    assert "already exists" in line and "--force" in line
    assert out.read_text(encoding="utf-8") == "# mine\n"


def test_force_replaces_an_existing_output(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    out = tmp_path / "incident.toml"
    out.write_text("# mine\n", encoding="utf-8")
    result = run_cli("import", source, "--force")
    assert result.returncode == 0, result.stderr
    assert IncidentFile.load(out).incident.title == "Postmortem: Payment API Outage"
    assert listing(tmp_path) == ["incident.md", "incident.toml"]  # no temporary file left


def test_a_crlf_document_is_imported(tmp_path: Path) -> None:
    source = copy_doc("storage-multi-day.md", tmp_path)
    assert b"\r\n" in source.read_bytes()
    result = run_cli("import", source)
    assert result.returncode == 0, result.stderr
    assert "  timeline: 6 entries, 6 with a time" in result.stderr.splitlines()


# --- the report and --strict ------------------------------------------------------------------


def test_the_report_names_unread_times_and_free_sections(tmp_path: Path) -> None:
    source = copy_doc(DRAFT, tmp_path)
    result = run_cli("import", source)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "  time not read: '[Timestamp]': a placeholder, not a time" in lines
    assert "  kept as free sections: Overview" in lines
    assert "  uncertain: no timezone found" in lines


def test_strict_refuses_an_uncertain_import_and_writes_nothing(tmp_path: Path) -> None:
    source = copy_doc(DRAFT, tmp_path)
    line = assert_refused(
        run_cli("import", source, "--strict"), rf"^{source}: not imported \(--strict\): "
    )
    assert "[Timestamp]" in line
    assert listing(tmp_path) == ["incident.md"]


def test_strict_writes_a_document_it_is_sure_of(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    result = run_cli("import", source, "--strict")
    assert result.returncode == 0, result.stderr
    assert listing(tmp_path) == ["incident.md", "incident.toml"]


# --- input that is no postmortem -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "the file is empty"),
        (b"\n  \n\t\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "this is a binary file"),
        (b"import sys\n\n\ndef main():\n    return sys.argv\n", "this is Python source"),
        (b"## Timeline\n\n- caf\xe9 ouvert\n", "not UTF-8"),
    ],
    ids=["empty", "blank", "binary", "python", "latin-1"],
)
def test_input_that_is_no_postmortem_is_refused_and_nothing_written(
    content: bytes, says: str, tmp_path: Path
) -> None:
    source = tmp_path / "notes.md"
    source.write_bytes(content)
    line = assert_refused(run_cli("import", source), rf"^{source}: ")
    assert says in line
    assert listing(tmp_path) == ["notes.md"]


def test_a_python_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "tool.py"
    source.write_text("import os\n\nprint(os.name)\n", encoding="utf-8")
    assert "Python source" in assert_refused(run_cli("import", source), rf"^{source}: ")
    assert listing(tmp_path) == ["tool.py"]


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "no such file" in assert_refused(run_cli("import", tmp_path / "gone.md"), "^")
    assert listing(tmp_path) == []


def test_an_incident_file_is_not_imported(tmp_path: Path) -> None:
    source = tmp_path / "incident.toml"
    source.write_text('schema_version = 1\ntitle = "x"\n', encoding="utf-8")
    line = assert_refused(run_cli("import", source), rf"^{source}: ")
    assert "already an incident file" in line


def test_an_output_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    line = assert_refused(run_cli("import", source, "-o", tmp_path / "no" / "x.toml"), "^")
    assert "does not exist" in line
    assert listing(tmp_path) == ["incident.md"]


def test_the_markdown_is_never_the_output(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    before = source.read_bytes()
    line = assert_refused(run_cli("import", source, "-o", source, "--force"), "^")
    assert "is the Markdown itself" in line
    assert source.read_bytes() == before


def test_import_help_names_its_options() -> None:
    result = run_cli("import", "--help")
    assert result.returncode == 0
    for option in ("-o OUT.toml", "--force", "--strict", "FILE.md"):
        assert option in result.stdout


# --- edit FILE.md ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", [("edit",), ()], ids=["edit FILE.md", "FILE.md"])
def test_edit_of_markdown_already_imported_says_to_open_the_toml(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    source = copy_doc(CLEAN, tmp_path)
    toml = tmp_path / "incident.toml"
    toml.write_text("# mine\n", encoding="utf-8")
    line = assert_refused(run_cli(*command, source), rf"^{source}: already imported as ")
    assert f"postmortem edit {toml}" in line
    assert toml.read_text(encoding="utf-8") == "# mine\n"


def test_edit_of_markdown_writes_nothing_before_the_editor_saves(tmp_path: Path) -> None:
    source = copy_doc(CLEAN, tmp_path)
    assert_refused(run_cli("edit", source), r"^postmortem edit: needs a terminal")
    assert listing(tmp_path) == ["incident.md"]


def test_edit_of_markdown_that_is_no_postmortem_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("", encoding="utf-8")
    assert "the file is empty" in assert_refused(run_cli("edit", source), rf"^{source}: ")
    assert listing(tmp_path) == ["notes.md"]
