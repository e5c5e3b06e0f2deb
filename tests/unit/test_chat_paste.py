"""A pasted block of lines: one entry per line, chat copies included, the speaker kept as `by`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_editor.model import Incident, Kind, Summary
from postmortem_editor.quickentry import parse_block

NOW = datetime(2024, 3, 1, 18, 0, tzinfo=UTC)
START = datetime(2024, 3, 1, 13, 0, tzinfo=UTC)


def _incident() -> Incident:
    return Incident(timezone="UTC", summary=Summary(start=START))


def _at(hour: int, minute: int = 0, day: int = 1) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "by", "hour", "minute", "text"),
    [
        ("[14:05] alice: restarted the primary", "alice", 14, 5, "restarted the primary"),
        ("[2:05 PM] alice: restarted the primary", "alice", 14, 5, "restarted the primary"),
        ("[14:05] <alice> restarted the primary", "alice", 14, 5, "restarted the primary"),
        ("14:05 <alice> restarted the primary", "alice", 14, 5, "restarted the primary"),
        ("alice 14:05: restarted the primary", "alice", 14, 5, "restarted the primary"),
        ("[14:05] Alice Smith: restarted it", "Alice Smith", 14, 5, "restarted it"),
    ],
)
def test_one_line_chat_forms_keep_the_speaker(
    line: str, by: str, hour: int, minute: int, text: str
) -> None:
    [result] = parse_block(line, _incident(), NOW)
    assert result.entry is not None and result.error is None
    assert result.entry.by == by
    assert result.entry.at == _at(hour, minute)
    assert result.entry.text == text


@pytest.mark.parametrize(
    "header",
    ["alice  2:05 PM", "Alice Smith \u2014 Today at 14:05", "alice [14:05]", "alice, 14:05"],
)
def test_a_chat_copy_header_gives_its_name_and_time_to_the_messages_below(header: str) -> None:
    block = f"{header}\nrestarted the primary\nwatching the error rate #investigation\n"
    results = parse_block(block, _incident(), NOW)
    assert [r.line for r in results] == block.strip().splitlines()
    assert results[0].entry is None and results[0].error is None
    assert results[0].speaker in ("alice", "Alice Smith")
    messages = [r.entry for r in results[1:]]
    assert all(m is not None and m.by == results[0].speaker for m in messages)
    assert all(m is not None and m.at == _at(14, 5) for m in messages)
    assert messages[1] is not None and messages[1].kind is Kind.INVESTIGATION
    assert messages[1].text == "watching the error rate"


def test_a_copy_of_several_speakers() -> None:
    block = (
        "alice  2:05 PM\n"
        "db is down\n"
        "bob  2:07 PM\n"
        "failing over now\n"
        "done, traffic is back\n"
        "alice  2:15 PM\n"
        "confirmed\n"
    )
    results = [r for r in parse_block(block, _incident(), NOW) if r.entry is not None]
    said = [(r.entry.by, r.entry.at, r.entry.text) for r in results if r.entry]
    assert said == [
        ("alice", _at(14, 5), "db is down"),
        ("bob", _at(14, 7), "failing over now"),
        ("bob", _at(14, 7), "done, traffic is back"),
        ("alice", _at(14, 15), "confirmed"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "note: the db is slow",
        "Service restored 14:05",
        "back at 14:05",
        "restarted: the primary",
    ],
)
def test_ordinary_text_is_not_taken_for_a_speaker(line: str) -> None:
    results = parse_block(f"{line}\nsomething else\n", _incident(), NOW)
    assert all(r.speaker == "" for r in results)
    assert all(r.entry is not None and r.entry.by == "" for r in results)


def test_a_header_with_nothing_under_it_is_an_ordinary_line() -> None:
    [result] = parse_block("alice 14:05", _incident(), NOW)
    assert result.entry is not None and result.entry.text == "alice 14:05"


def test_plain_lines_read_as_quick_entries_in_order() -> None:
    block = "14:05 alert fired\n\n2:30 PM paged the DBA\n2024-03-01T15:00:00Z failed over\nchecked"
    results = parse_block(block, _incident(), NOW)
    assert [r.entry.at for r in results if r.entry] == [_at(14, 5), _at(14, 30), _at(15), NOW]
    assert [r.entry.by for r in results if r.entry] == ["", "", "", ""]


def test_each_line_is_anchored_after_the_ones_before_it() -> None:
    incident = Incident(timezone="UTC")
    block = "22:00 deploy\n23:50 alert\n00:10 rolled back\n00:30 recovered"
    now = _at(1, 0, day=2)
    times = [r.entry.at for r in parse_block(block, incident, now) if r.entry]
    assert times == [_at(22), _at(23, 50), _at(0, 10, day=2), _at(0, 30, day=2)]


def test_a_line_with_no_text_is_an_error_in_its_place() -> None:
    results = parse_block("14:05 alert\n14:10\n14:20 paged", _incident(), NOW)
    assert [r.error is None for r in results] == [True, False, True]
    assert results[1].entry is None


def test_an_unread_header_time_keeps_its_words_in_the_text() -> None:
    results = parse_block("alice [14;05]\nrestarted", _incident(), NOW)
    entries = [r.entry for r in results if r.entry]
    # "14;05" is no time a header can have: both lines are kept as they are.
    assert entries and all(e.by in ("", "alice") for e in entries)
    assert any("14;05" in e.text for e in entries)


_word = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=12
).filter(str.strip)
_lines = st.lists(
    st.one_of(
        _word,
        _word.map(lambda w: f"14:05 {w}"),
        _word.map(lambda w: f"[14:05] alice: {w}"),
        st.just("alice  2:05 PM"),
        st.just("14;22 restarted"),
        st.just("14:10"),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(lines=_lines)
def test_n_lines_give_n_results_in_order(lines: list[str]) -> None:
    block = "\n\n".join(lines)
    results = parse_block(block, _incident(), NOW)
    assert [r.line for r in results] == [line for line in block.splitlines() if line.strip()]
    for result in results:
        assert (result.entry is None) != (result.error is None) or result.speaker
