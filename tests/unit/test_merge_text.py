"""The merged incident written into my file: my comments and layout kept, only theirs' changes
added, and conflict markers around the lines that conflict and no others."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from postmortem_editor.conflict_markers import find_conflicts, resolve_all
from postmortem_editor.errors import StoreError
from postmortem_editor.merge import merge
from postmortem_editor.merge_files import merge_texts, with_markers
from postmortem_editor.model import Incident
from postmortem_editor.reading import parse_text
from postmortem_editor.store import IncidentFile, dump_plain
from postmortem_editor.toml_scan import scan

from ..merge_documents import QUEUE_BACKLOG as BASE
from .merge_strategies import LISTS, disjoint_edits, edited, get
from .test_store_diff import documents


def _parse(text: str) -> Incident:
    return parse_text(text, Path("test.toml"))


def _write(text: str, change: Any) -> str:
    """text with an edit made through the model, saved as the editor saves it."""
    incident = _parse(text)
    change(incident)
    return IncidentFile(Path("test.toml"), text, _parse(text), exists=False).render_toml(incident)


def _lines_changed(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines old loses and the lines new gains."""
    diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    return [x[2:] for x in diff if x.startswith("- ")], [x[2:] for x in diff if x.startswith("+ ")]


def _add_entry(incident: Incident) -> None:
    entry = incident.timeline[1].model_copy(update={"text": "Backlog drained", "id": "new"})
    entry.at = entry.at.replace(minute=30) if entry.at else None
    incident.timeline.append(entry)


def test_theirs_changes_are_written_into_my_text_as_their_own_lines() -> None:
    mine = BASE.replace('title = "Queue backlog"', 'title = "Queue backlog in billing"')
    mine = mine.replace("# --- what happened ---", "# --- what happened (draft) ---")

    def their_edit(incident: Incident) -> None:
        incident.severity = "SEV-1"
        _add_entry(incident)

    theirs = _write(BASE, their_edit)
    result = merge_texts(BASE, mine, theirs)
    assert result.clean
    assert result.incoming == "severity changed, 1 timeline entry added"
    lost, gained = _lines_changed(mine, result.text)
    assert lost == ['severity = "SEV-2"    # agreed with billing']
    assert gained.count("") == 1  # the blank line before the new entry
    assert [line for line in gained if line] == [
        'severity = "SEV-1"    # agreed with billing',
        "[[timeline]]",
        "at = 2024-05-02T14:30:00Z",
        'kind = "mitigation"',
        'text = "Backlog drained"',
    ]


def test_their_layout_does_not_come_in_only_their_content() -> None:
    theirs = IncidentFile.new(Path("x.toml"), incident=_parse(BASE).model_copy(deep=True))
    theirs.incident.summary.service = "orders and billing"
    reformatted = theirs.render_toml()  # no comments, another layout
    result = merge_texts(BASE, BASE, reformatted)
    lost, gained = _lines_changed(BASE, result.text)
    assert (lost, gained) == (["service = 'orders'"], ["service = 'orders and billing'"])


def test_nothing_from_theirs_leaves_my_text_byte_for_byte() -> None:
    mine = BASE.replace("Orders were late.", "Orders were late by an hour.")
    assert merge_texts(BASE, mine, BASE).text == mine


def test_a_conflict_is_marked_around_its_own_lines_only() -> None:
    mine = _write(BASE, lambda incident: setattr(incident, "severity", "SEV-1"))
    mine = mine.replace("# Written during", "# Written by me during")

    def their_edit(incident: Incident) -> None:
        incident.severity = "SEV-3"
        _add_entry(incident)

    result = merge_texts(BASE, mine, _write(BASE, their_edit))
    assert not result.clean
    assert [c.describe() for c in result.conflicts] == ['Severity: mine "SEV-1", theirs "SEV-3"']
    start = result.text.index("<<<<<<< ours\n")
    assert result.text[start:].startswith(
        "<<<<<<< ours\n"
        'severity = "SEV-1"    # agreed with billing\n'
        "=======\n"
        'severity = "SEV-3"    # agreed with billing\n'
        ">>>>>>> theirs\n"
    )
    assert result.text.count("<<<<<<<") == 1
    outside = result.text.replace(
        result.text[start : result.text.index(">>>>>>> theirs\n") + 15], ""
    )
    assert outside == _write(mine, _add_entry).replace(
        'severity = "SEV-1"    # agreed with billing\n', ""
    )


def test_an_entry_deleted_by_me_and_edited_by_them_is_marked_as_its_lines() -> None:
    mine = _write(BASE, lambda incident: incident.timeline.pop(1))
    theirs = BASE.replace("Scaled consumers to 12", "Scaled consumers to 16")
    result = merge_texts(BASE, mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.where == "timeline entry 2 (14:05)"
    assert "<<<<<<< ours\n=======\n" in result.text
    marked = result.text[result.text.index("=======\n") + 8 : result.text.index(">>>>>>>")]
    assert "Scaled consumers to 16" in marked
    assert marked.count("[[timeline]]") == 1
    assert "Backlog alert fired" not in marked


def test_markers_keep_a_last_line_without_a_newline_apart() -> None:
    assert with_markers("a\nb", "a\nc") == "a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n"
    assert with_markers("a\r\nb\r\n", "a\r\nc\r\n") == (
        "a\r\n<<<<<<< ours\r\nb\r\n=======\r\nc\r\n>>>>>>> theirs\r\n"
    )
    assert with_markers("same\n", "same\n") == "same\n"


@pytest.mark.parametrize("side", ["ours", "theirs", "base"])
def test_a_side_that_is_not_an_incident_is_named(side: str) -> None:
    texts = {"base": BASE, "ours": BASE, "theirs": BASE, side: 'title = "x"\n<<<<<<< ours\n'}
    with pytest.raises(StoreError, match=f"^{side}:"):
        merge_texts(texts["base"], texts["ours"], texts["theirs"])


def test_an_empty_base_merges_as_no_common_version() -> None:
    theirs = _write(BASE, _add_entry)
    result = merge_texts("", BASE, theirs)
    assert result.clean
    assert "Backlog drained" in result.text
    assert result.text.startswith(BASE.split("[measures]")[0])


def _without_duplicates(incident: Incident) -> bool:
    for path in LISTS:
        items = get(incident, path)
        keys = [x if isinstance(x, str) else x.model_dump_json() for x in items]
        if len(set(keys)) != len(keys):
            return False
    return True


_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def _comments(text: str) -> list[str]:
    """The comments of an incident file: whole lines, after values, inside arrays."""
    found: list[str] = []
    for statement in scan(text):
        if statement.kind == "comment":
            found.append(statement.text.strip())
        elif statement.kind == "key":
            value = statement.text[statement.value[0] : statement.value[1]]
            if value.startswith("["):
                for line in value.splitlines():
                    rest = _STRINGS.sub("", line)
                    if "#" in rest:
                        found.append(rest[rest.index("#") :].strip())
            after = statement.text[statement.value[1] :].strip()
            if after:
                found.append(after)
    return found


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(any(line == other for other in rest) for line in short)


@given(st.data())
def test_the_merge_keeps_my_comments_and_rewrites_only_what_theirs_changed(data: Any) -> None:
    text, _ = data.draw(documents())
    base = _parse(text)
    assume(_without_duplicates(base))
    # Items are recognised by their content: an item whose text is rewritten beyond
    # recognition is one removed and one added, and takes its comments with it. Here texts
    # are added to. What theirs takes away (an item, a key) takes its comments too.
    my_edits, their_edits = data.draw(disjoint_edits(base, amend=True))
    their_edits = [e for e in their_edits if e.kind != "delete" and e.value is not None]
    document = IncidentFile(Path("test.toml"), text, base, exists=False)
    mine = document.render_toml(edited(base, my_edits))
    theirs = document.render_toml(edited(base, their_edits))
    result = merge_texts(text, mine, theirs)
    assert result.clean
    expected = merge(base, _parse(mine), _parse(theirs)).resolve()
    assert dump_plain(_parse(result.text)) == dump_plain(expected)
    assert _is_subsequence(_comments(mine), _comments(result.text))
    lost_by_mine, _ = _lines_changed(mine, result.text)
    lost_by_theirs, _ = _lines_changed(text, theirs)
    assert len(lost_by_mine) <= len(lost_by_theirs)


_lines = st.lists(st.sampled_from(["a = 1", "b = 2", "# note", "", "[t]", 'c = "x"']), max_size=8)


@given(_lines, _lines, st.booleans())
def test_settling_every_marked_block_gives_back_either_text(
    mine: list[str], theirs: list[str], last_newline: bool
) -> None:
    end = "\n" if last_newline else ""
    one, other = "\n".join(mine) + end, "\n".join(theirs) + end
    marked = with_markers(one, other)
    assert (find_conflicts(marked) == ()) == (one == other)
    # a last line without a newline gains one when a marker follows it
    assert resolve_all(marked, "ours") in (one, one + "\n")
    assert resolve_all(marked, "theirs") in (other, other + "\n")


def test_an_improvement_edited_beside_one_added_keeps_its_comment() -> None:
    text = BASE.replace(
        '    "Alert on queue age",  # the alert we lacked\n',
        '    "Page billing",\n    "Alert on queue age",  # the alert we lacked\n    "Runbook",\n',
    )

    def their_edit(incident: Incident) -> None:
        incident.measures.improvements[1:2] = ["Alert on queue age over 5 min", "Dashboards"]

    theirs = _write(text, their_edit)
    assert '    "Alert on queue age over 5 min",  # the alert we lacked\n' in theirs
    result = merge_texts(text, text, theirs)
    assert result.text == theirs
    lost, gained = _lines_changed(text, result.text)
    assert lost == ['    "Alert on queue age",  # the alert we lacked']
    assert gained == [
        '    "Alert on queue age over 5 min",  # the alert we lacked',
        '    "Dashboards",',
    ]
