"""The store: clear load errors, minimal-diff saves, atomic writes, faithful round trips."""

from __future__ import annotations

import difflib
import os
import stat
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_editor.model import FreeSection, Incident, Kind, Summary, Task, TimelineEntry
from postmortem_editor.store import (
    FileChangedError,
    IncidentFile,
    StoreError,
    atomic_write,
    dump_plain,
)

from ..conftest import ROOT, SAMPLES

EST = timezone(timedelta(hours=-5))


def _copy(sample: Path, tmp_path: Path) -> Path:
    target = tmp_path / sample.name
    target.write_bytes(sample.read_bytes())
    return target


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_unchanged_incident_saves_byte_for_byte(sample: Path, tmp_path: Path) -> None:
    path = _copy(sample, tmp_path)
    before = path.read_bytes()
    document = IncidentFile.load(path)
    assert document.save() is False  # nothing to write
    assert document.save(force=True) is True
    assert path.read_bytes() == before


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_editing_one_field_rewrites_only_that_fields_line(sample: Path, tmp_path: Path) -> None:
    path = _copy(sample, tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    document.incident.title = "Renamed incident"
    document.save()
    assert _diff(before, path.read_text()) == [
        next(f"-{line}" for line in before.splitlines() if line.startswith("title = ")),
        '+title = "Renamed incident"',
    ]


def test_renaming_the_timeline_and_tasks_headings_changes_only_their_lines(
    tmp_path: Path,
) -> None:
    path = _copy(ROOT / "sample_incidents" / "2024-02-14-load-balancer-outage.toml", tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    document.incident.headings.timeline = "Chronology"
    document.incident.headings.tasks = "To do"
    document.save()
    assert sorted(_diff(before, path.read_text())) == [
        '+tasks = "To do"',
        '+timeline = "Chronology"',
        '-tasks = "Tasks to Address the Issue"',
    ]
    assert IncidentFile.load(path).incident.headings.timeline == "Chronology"


def test_editing_a_timeline_entry_changes_only_its_text_line(tmp_path: Path) -> None:
    path = _copy(SAMPLES[0], tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    document.incident.timeline[3].text = "Changed words."
    document.save()
    changes = _diff(before, path.read_text())
    assert len(changes) == 2
    assert changes[1] == '+text = "Changed words."'


def test_adding_a_timeline_entry_only_adds_lines(tmp_path: Path) -> None:
    path = _copy(SAMPLES[0], tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    document.incident.timeline.append(
        TimelineEntry(
            at=datetime(2024, 2, 14, 12, 45, tzinfo=EST),
            kind=Kind.COMMUNICATION,
            text="Status page updated.",
        )
    )
    document.save()
    after = path.read_text()
    changes = _diff(before, after)
    assert changes and all(line.startswith("+") for line in changes)
    assert "+at = 2024-02-14T12:45:00-05:00" in changes
    assert tomllib.loads(after)["timeline"][-1]["text"] == "Status page updated."


def test_who_said_it_is_written_in_a_new_entry_between_kind_and_text(tmp_path: Path) -> None:
    path = _copy(SAMPLES[0], tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    document.incident.timeline.append(
        TimelineEntry(
            at=datetime(2024, 2, 14, 12, 45, tzinfo=EST),
            kind=Kind.MITIGATION,
            by="alice",
            text="Failed over to the replica.",
            label="Failover",
        )
    )
    document.save()
    after = path.read_text()
    added = [line[1:] for line in _diff(before, after)]
    keys = [line.split(" = ")[0] for line in added if " = " in line]
    assert keys == ["at", "kind", "by", "text", "label"]
    assert tomllib.loads(after)["timeline"][-1]["by"] == "alice"
    assert IncidentFile.load(path).incident.timeline[-1].by == "alice"


def test_an_entry_without_who_has_no_by_key(tmp_path: Path) -> None:
    path = _copy(SAMPLES[0], tmp_path)
    document = IncidentFile.load(path)
    document.incident.timeline.append(TimelineEntry(text="Nobody in particular."))
    document.save()
    assert "by" not in tomllib.loads(path.read_text())["timeline"][-1]


def test_adding_a_task_only_adds_lines(tmp_path: Path) -> None:
    path = _copy(SAMPLES[1], tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    document.incident.measures.tasks.append(
        Task(text="Page the owner on config drift.", owner="sre", due=date(2024, 4, 1))
    )
    document.save()
    changes = _diff(before, path.read_text())
    assert all(line.startswith("+") for line in changes)
    assert "+due = 2024-04-01" in changes


def test_deleting_and_moving_entries_keeps_each_entrys_comments(tmp_path: Path) -> None:
    path = tmp_path / "i.toml"
    path.write_text(
        'title = "t"\n\n[[timeline]]\ntext = "a"  # about a\n\n[[timeline]]\ntext = "b"\n\n'
        '[[timeline]]\n# about c\ntext = "c"\n\n[analysis]\nresolution = "r"\n'
    )
    document = IncidentFile.load(path)
    a, _b, c = document.incident.timeline
    document.incident.timeline = [c, a]
    document.save()
    text = path.read_text()
    assert [e["text"] for e in tomllib.loads(text)["timeline"]] == ["c", "a"]
    assert text.index("# about c") < text.index('text = "a"  # about a')
    assert '"b"' not in text
    assert text.endswith('[analysis]\nresolution = "r"\n')


def test_comments_and_key_order_survive_an_edit(tmp_path: Path) -> None:
    path = _copy(SAMPLES[3], tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    document.incident.summary.service = "Checkout"
    document.save()
    after = path.read_text()
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    assert list(tomllib.loads(after)) == list(tomllib.loads(before))


def test_long_prose_is_written_as_a_multiline_string(tmp_path: Path) -> None:
    path = _copy(SAMPLES[0], tmp_path)
    document = IncidentFile.load(path)
    document.incident.analysis.lessons = (
        'First paragraph.\n\nSecond paragraph with "quotes" and a \\ backslash.'
    )
    document.save()
    text = path.read_text()
    assert 'lessons = """\nFirst paragraph.\n\nSecond paragraph' in text
    assert tomllib.loads(text)["analysis"]["lessons"] == document.incident.analysis.lessons


def test_new_sections_are_placed_where_the_format_puts_them(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    document = IncidentFile.new(path, "Fresh")
    document.incident.timeline.append(TimelineEntry(text="first"))
    document.save()
    text = path.read_text()
    assert text.index("[summary]") < text.index("[[timeline]]") < text.index("[analysis]")


def test_saved_file_reads_back_with_tomllib_as_the_same_incident(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    document = IncidentFile.new(path, "Round trip")
    incident = document.incident
    incident.summary = Summary(
        start=datetime(2024, 2, 14, 10, tzinfo=EST),
        end=datetime(2024, 2, 14, 12, 30, tzinfo=EST),
        impact="All users.",
        users_affected_percent=12.5,
    )
    incident.sections.append(FreeSection(title="Notes", body="- a\n- b", after="timeline"))
    document.save()
    again = Incident.model_validate(tomllib.loads(path.read_text()))
    assert dump_plain(again) == dump_plain(incident)
    assert "start = 2024-02-14T10:00:00-05:00" in path.read_text()


def test_save_keeps_the_file_mode(tmp_path: Path) -> None:
    path = _copy(SAMPLES[0], tmp_path)
    path.chmod(0o640)
    document = IncidentFile.load(path)
    document.incident.title = "Mode kept"
    document.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_symlinked_incident_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = _copy(SAMPLES[0], tmp_path)
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    document = IncidentFile.load(link)
    document.incident.title = "Through the link"
    document.save()
    assert link.is_symlink()
    assert 'title = "Through the link"' in target.read_text()


def test_failed_write_leaves_the_file_untouched_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy(SAMPLES[0], tmp_path)
    before = path.read_bytes()
    document = IncidentFile.load(path)
    document.incident.title = "Never written"

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StoreError, match="the disk is full; the file on disk is unchanged"):
        document.save()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    monkeypatch.undo()
    document.save()  # the edit is still there and a later save succeeds
    assert 'title = "Never written"' in path.read_text()


def test_save_refuses_to_overwrite_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = _copy(SAMPLES[0], tmp_path)
    document = IncidentFile.load(path)
    path.write_text(path.read_text().replace('status = "draft"', 'status = "review"'))
    theirs = path.read_bytes()
    document.incident.title = "Mine"
    with pytest.raises(FileChangedError, match="changed on disk"):
        document.save()
    assert path.read_bytes() == theirs


def test_new_incident_is_not_written_until_saved_and_never_over_an_existing_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new.toml"
    document = IncidentFile.new(path, "Fresh")
    assert not path.exists() and document.dirty
    path.write_text("someone else's file")
    with pytest.raises(FileChangedError):
        document.save()
    assert path.read_text() == "someone else's file"


def test_atomic_write_creates_a_file_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    atomic_write(path, "# Hi\n")
    assert path.read_text() == "# Hi\n"
    assert stat.S_IMODE(path.stat().st_mode) & 0o044


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('title = "unterminated\n', "x.toml:1:22: invalid TOML: the line ends inside a string"),
        ('title = "a"\ntitle = "b"\n', "x.toml:2:"),
        ("[summary]\nstart = 2024-13-01T00:00:00Z\n", "x.toml:2:"),
        ("title = 3\n", 'x.toml: line 1: title: should be text in quotes, such as "text"'),
        ('[summary]\nstart = "yesterday"\n', "x.toml: line 2: summary.start: should be a time "),
        (
            "[summary]\nstart = 2024-02-14T10:00:00\n",
            "x.toml: line 2: summary.start: time has no UTC offset",
        ),
        ('[summary]\ncolour = "red"\n', "x.toml: line 2: summary.colour: unknown field"),
        ('[[timeline]]\nkind = "party"\n', "x.toml: line 2: timeline entry 1: kind: should be "),
        (
            "schema_version = 2\n",
            "x.toml: line 1: schema_version: schema version 2 is not supported",
        ),
        (
            'timezone = "Mars/Olympus"\n',
            "x.toml: line 1: timezone: unknown timezone 'Mars/Olympus'",
        ),
        ("", "x.toml: the file is empty"),
        ("a = [" * 2000, "x.toml:"),
    ],
)
def test_load_errors_name_the_line_and_column_or_the_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "x.toml"
    path.write_text(text)
    with pytest.raises(StoreError) as caught:
        IncidentFile.load(path)
    assert str(caught.value).replace(str(tmp_path) + "/", "").startswith(message)
    assert "\n" not in str(caught.value)


def test_binary_and_missing_files_get_a_clear_error(tmp_path: Path) -> None:
    binary = tmp_path / "b.toml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(StoreError, match="binary file"):
        IncidentFile.load(binary)
    with pytest.raises(StoreError, match="no such file"):
        IncidentFile.load(tmp_path / "missing.toml")


# --- property tests ---------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=40)
_times = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2099, 12, 31),
    timezones=st.sampled_from([UTC, EST, timezone(timedelta(hours=5, minutes=30))]),
).map(lambda d: d.replace(microsecond=0))
_entries = st.builds(
    TimelineEntry,
    at=st.none() | _times,
    kind=st.sampled_from(list(Kind)),
    by=_text,
    text=_text,
    label=_text,
)
_tasks = st.builds(
    Task,
    text=_text,
    owner=_text,
    priority=_text,
    due=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)),
    done=st.booleans(),
)
_incidents = st.builds(
    Incident,
    title=_text,
    severity=_text,
    timezone=st.sampled_from(["", "UTC", "-05:00", "Europe/Paris"]),
    timezone_name=st.sampled_from(["", "CET", "Eastern Time"]) | _text,
    clock=st.sampled_from(["24h", "12h"]),
    timeline_dates=st.sampled_from(["changes", "every"]),
    authors=st.lists(_text, max_size=3),
    summary=st.builds(
        Summary,
        start=st.none() | _times,
        end=st.none() | _times,
        impact=_text,
        root_cause=_text,
        users_affected_percent=st.none() | st.integers(0, 100).map(float),
    ),
    timeline=st.lists(_entries, max_size=5),
    sections=st.lists(
        st.builds(
            FreeSection,
            title=_text,
            body=_text,
            after=st.sampled_from(["start", "summary", "measures"]),
        ),
        max_size=2,
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(incident=_incidents)
def test_model_to_toml_to_model_is_the_identity(tmp_path: Path, incident: Incident) -> None:
    path = tmp_path / "p.toml"
    path.unlink(missing_ok=True)
    document = IncidentFile.new(path)
    document.incident = incident
    document.save()
    loaded = IncidentFile.load(path)
    assert dump_plain(loaded.incident) == dump_plain(incident)
    before = path.read_bytes()
    assert loaded.save(force=True)
    assert path.read_bytes() == before


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=_incidents, second=_incidents)
def test_any_edit_saves_to_a_file_that_reads_back_as_the_edit(
    tmp_path: Path, first: Incident, second: Incident
) -> None:
    path = tmp_path / "e.toml"
    path.unlink(missing_ok=True)
    document = IncidentFile.new(path)
    document.incident = first
    document.save()
    document.incident = second
    document.save()
    assert dump_plain(IncidentFile.load(path).incident) == dump_plain(second)


def test_successive_saves_from_the_kept_layout_change_only_what_each_edit_changed(
    tmp_path: Path,
) -> None:
    path = _copy(SAMPLES[0], tmp_path)
    original = path.read_text()
    document = IncidentFile.load(path)
    document.prepare()  # as the editor does after opening
    document.incident.title = "First edit"
    document.save()
    first = path.read_text()
    document.incident.summary.service = "checkout API"
    document.save()
    second = path.read_text()
    assert _diff(original, first) == [
        next(f"-{line}" for line in original.splitlines() if line.startswith("title = ")),
        '+title = "First edit"',
    ]
    assert _diff(first, second) == [
        next(f"-{line}" for line in first.splitlines() if line.startswith("service = ")),
        '+service = "checkout API"',
    ]
    # The same two edits saved at once, from a fresh load, give the same file.
    other = tmp_path / "other"
    other.mkdir()
    fresh = IncidentFile.load(_copy(SAMPLES[0], other))
    fresh.incident.title = "First edit"
    fresh.incident.summary.service = "checkout API"
    fresh.save()
    assert (other / SAMPLES[0].name).read_text() == second


# --- what you wrote is what is saved ------------------------------------------------------------

LB_OUTAGE = ROOT / "sample_incidents" / "2024-02-14-load-balancer-outage.toml"


def test_editing_one_improvement_rewrites_only_its_line(tmp_path: Path) -> None:
    path = _copy(LB_OUTAGE, tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    first = document.incident.measures.improvements[0]
    document.incident.measures.improvements = [
        first + "!",
        *document.incident.measures.improvements[1:],
    ]
    document.save()
    assert _diff(before, path.read_text()) == [f'-    "{first}",', f'+    "{first}!",']


def test_editing_a_long_timeline_text_keeps_it_on_one_line(tmp_path: Path) -> None:
    path = _copy(LB_OUTAGE, tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    entry = document.incident.timeline[7]
    assert len(entry.text) > 80
    entry.text += " Again."
    document.save()
    assert _diff(before, path.read_text()) == [
        f'-text = "{entry.text.removesuffix(" Again.")}"',
        f'+text = "{entry.text}"',
    ]


def test_deleting_the_last_task_keeps_the_comment_above_the_next_table(tmp_path: Path) -> None:
    path = _copy(LB_OUTAGE, tmp_path)
    before = path.read_text()
    document = IncidentFile.load(path)
    document.incident.measures.tasks.pop()
    document.save()
    after = path.read_text()
    comment = "# A free section: with an empty title it is a paragraph of its own, placed after"
    assert f"{comment} `after`.\n[[sections]]" in after
    assert sorted(_diff(before, after)) == [
        "-",
        "-[[measures.tasks]]",
        "-done = false",
        '-text = "Schedule regular load testing exercises to assess system scalability and '
        'resilience."',
    ]


def test_a_changed_time_keeps_its_form(tmp_path: Path) -> None:
    path = tmp_path / "z.toml"
    path.write_text(
        "[summary]\nstart = 2024-05-20T13:38:48Z\nend = 2024-05-20 15:00:00.000+02:00\n"
        "[[timeline]]\nat = 2024-05-20T13:38:48Z  # paged\ntext = 'literal'\n"
    )
    document = IncidentFile.load(path)
    document.incident.summary.start = datetime(2024, 5, 20, 13, 40, 1, tzinfo=UTC)
    document.incident.summary.end = datetime(
        2024, 5, 20, 16, 0, tzinfo=timezone(timedelta(hours=2))
    )
    document.incident.timeline[0].at = datetime(2024, 5, 20, 13, 39, tzinfo=UTC)
    document.incident.timeline[0].text = "still literal"
    document.save()
    assert path.read_text() == (
        "[summary]\nstart = 2024-05-20T13:40:01Z\nend = 2024-05-20 16:00:00.000+02:00\n"
        "[[timeline]]\nat = 2024-05-20T13:39:00Z  # paged\ntext = 'still literal'\n"
    )


@pytest.mark.parametrize(
    ("raw", "value", "written"),
    [
        ('"short"', "now with\na new line", '"""\nnow with\na new line"""'),
        ("'literal'", "it's", '"it\'s"'),
        ('"""\nprose"""', "one line", '"""\none line"""'),
        ("'''raw\\text'''", "still \\ raw", "'''still \\ raw'''"),
    ],
)
def test_a_string_keeps_its_style_unless_its_content_needs_another(
    tmp_path: Path, raw: str, value: str, written: str
) -> None:
    path = tmp_path / "s.toml"
    path.write_text(f"title = {raw}\n")
    document = IncidentFile.load(path)
    document.incident.title = value
    document.save()
    assert path.read_text() == f"title = {written}\n"


def test_a_number_keeps_its_form(tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    path.write_text("[summary]\nusers_affected_percent = 80.0\n")
    document = IncidentFile.load(path)
    document.incident.summary.users_affected_percent = 70
    document.save()
    assert path.read_text() == "[summary]\nusers_affected_percent = 70.0\n"


def test_fields_filled_into_the_template_replace_its_commented_examples(tmp_path: Path) -> None:
    path = tmp_path / "fresh.toml"
    document = IncidentFile.new(path, "Fresh")
    template = document.text
    document.incident.summary.start = datetime(2024, 2, 14, 10, tzinfo=EST)
    document.incident.summary.end = datetime(2024, 2, 14, 12, 30, tzinfo=EST)
    document.incident.timeline.append(TimelineEntry(text="Alerts fired.", kind=Kind.DETECTION))
    document.incident.measures.tasks.append(Task(text="Validate the config."))
    document.save()
    text = path.read_text()
    assert sorted(_diff(template, text)) == sorted(
        [
            "-# start = 2024-02-14T10:00:00-05:00",
            "-# end = 2024-02-14T12:30:00-05:00",
            "+start = 2024-02-14T10:00:00-05:00",
            "+end = 2024-02-14T12:30:00-05:00",
            "+",
            "+[[timeline]]",
            '+kind = "detection"',
            '+text = "Alerts fired."',
            "+",
            "+[[measures.tasks]]",
            '+text = "Validate the config."',
            "+done = false",
        ]
    )
    lines = text.splitlines()
    assert lines[lines.index("[summary]") + 1] == "start = 2024-02-14T10:00:00-05:00"
    assert lines.index('# text = "Error-rate alerts fired on the monitoring dashboard."') < (
        lines.index("[[timeline]]")
    )
    assert lines.index("# done = false") < lines.index("[[measures.tasks]]")


def test_a_key_set_in_a_table_goes_after_its_last_key_not_after_the_next_tables_comments(
    tmp_path: Path,
) -> None:
    path = tmp_path / "k.toml"
    path.write_text(
        '[summary]\nservice = "api"  # the public one\n\n# Why it happened, at length.\n'
        '[analysis]\nresolution = "r"\n'
    )
    document = IncidentFile.load(path)
    document.incident.summary.impact = "Errors."
    document.save()
    assert path.read_text() == (
        '[summary]\nservice = "api"  # the public one\nimpact = "Errors."\n\n'
        '# Why it happened, at length.\n[analysis]\nresolution = "r"\n'
    )
