"""The keys that keep a document's way of writing times (``timezone_name``,
``timeline_dates``) are saved faithfully: read back as written, kept byte for byte when
untouched, and written, changed or removed on their own lines only."""

from __future__ import annotations

import difflib
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_editor.model import Incident, Summary, TimelineEntry
from postmortem_editor.store import IncidentFile, dump_plain

START = datetime(2020, 11, 4, 12, 13, tzinfo=UTC)


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _imported() -> Incident:
    return Incident(
        title="Admission controller timeouts",
        timezone="Europe/Paris",
        timezone_name="CET",
        timeline_dates="every",
        summary=Summary(start=START),
        timeline=[TimelineEntry(at=START, text="Applied the controller")],
    )


def test_a_new_file_writes_both_keys_after_the_timezone_and_reads_back_the_same(
    tmp_path: Path,
) -> None:
    path = tmp_path / "imported.toml"
    document = IncidentFile.new(path, incident=_imported())
    document.save()
    lines = path.read_text().splitlines()
    timezone = lines.index('timezone = "Europe/Paris"')
    assert lines[timezone + 1 : timezone + 3] == [
        'timezone_name = "CET"',
        'timeline_dates = "every"',
    ]
    loaded = IncidentFile.load(path)
    assert dump_plain(loaded.incident) == dump_plain(_imported())
    before = path.read_bytes()
    assert loaded.save(force=True)
    assert path.read_bytes() == before


def test_a_new_file_leaves_out_the_default_layout(tmp_path: Path) -> None:
    path = tmp_path / "plain.toml"
    incident = _imported().model_copy(update={"timezone_name": "", "timeline_dates": "changes"})
    IncidentFile.new(path, incident=incident).save()
    text = path.read_text()
    assert "timezone_name" not in text
    assert "timeline_dates" not in text


def test_keys_set_in_the_template_replace_its_commented_examples(tmp_path: Path) -> None:
    path = tmp_path / "fresh.toml"
    document = IncidentFile.new(path, "Fresh", timezone="Europe/Paris")
    template = document.text
    document.incident.timezone_name = "CET"
    document.incident.timeline_dates = "every"
    document.save()
    assert sorted(_diff(template, path.read_text())) == sorted(
        [
            next(f"-{line}" for line in template.splitlines() if "# timezone_name =" in line),
            next(f"-{line}" for line in template.splitlines() if "# timeline_dates =" in line),
            '+timezone_name = "CET"',
            '+timeline_dates = "every"',
        ]
    )
    assert IncidentFile.load(path).incident.timeline_dates == "every"


NAMED = 'timezone_name = "{}"   # the team writes CET'


@pytest.mark.parametrize(
    ("change", "lines"),
    [
        (
            {"timeline_dates": "changes"},
            ['-timeline_dates = "every"', '+timeline_dates = "changes"'],
        ),
        ({"timezone_name": "CEST"}, [f"-{NAMED.format('CET')}", f"+{NAMED.format('CEST')}"]),
        ({"timezone_name": ""}, [f"-{NAMED.format('CET')}", f"+{NAMED.format('')}"]),
    ],
)
def test_a_changed_key_rewrites_only_its_own_line_and_keeps_its_comment(
    tmp_path: Path, change: dict[str, str], lines: list[str]
) -> None:
    path = tmp_path / "kept.toml"
    path.write_text(
        "# kept by hand\n"
        'title = "Timeouts"\n'
        'timezone = "Europe/Paris"\n'
        f"{NAMED.format('CET')}\n"
        'timeline_dates = "every"\n'
        "\n[summary]\n"
        "start = 2020-11-04T13:13:00+01:00\n"
    )
    before = path.read_text()
    document = IncidentFile.load(path)
    for name, value in change.items():
        setattr(document.incident, name, value)
    document.save()
    assert _diff(before, path.read_text()) == lines


def test_a_file_saved_through_its_tomlkit_document_gets_and_keeps_the_keys(
    tmp_path: Path,
) -> None:
    path = tmp_path / "dotted.toml"
    # dotted keys for a section: saved through the file's tomlkit document
    path.write_text(
        'title = "Timeouts"\ntimezone = "Europe/Paris"\nsummary.service = "api"  # public\n'
    )
    document = IncidentFile.load(path)
    document.incident.timezone_name = "CET"
    document.incident.timeline_dates = "every"
    document.save()
    text = path.read_text()
    data = tomllib.loads(text)
    assert (data["timezone_name"], data["timeline_dates"]) == ("CET", "every")
    assert 'summary.service = "api"  # public' in text
    again = IncidentFile.load(path)
    assert (again.incident.timezone_name, again.incident.timeline_dates) == ("CET", "every")
    before = path.read_bytes()
    assert again.save(force=True)
    assert path.read_bytes() == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.tuples(
        st.sampled_from(["", "CET", "Eastern Time"]), st.sampled_from(["changes", "every"])
    ),
    second=st.tuples(st.sampled_from(["", "CET", "EDT"]), st.sampled_from(["changes", "every"])),
)
def test_any_change_of_the_keys_saves_and_reads_back(
    tmp_path: Path, first: tuple[str, str], second: tuple[str, str]
) -> None:
    path = tmp_path / "p.toml"
    path.unlink(missing_ok=True)
    document = IncidentFile.new(path, "Keys")
    document.incident.timezone_name, document.incident.timeline_dates = first  # type: ignore[assignment]
    document.save()
    text = path.read_text()
    document.incident.timezone_name, document.incident.timeline_dates = second  # type: ignore[assignment]
    document.save()
    loaded = IncidentFile.load(path).incident
    assert (loaded.timezone_name, loaded.timeline_dates) == second
    if first == second:
        assert path.read_text() == text
