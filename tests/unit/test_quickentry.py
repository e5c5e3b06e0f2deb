"""Quick entry: one typed line -> one timeline entry, never refused for its time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_editor.model import Incident, Kind, Summary, TimelineEntry
from postmortem_editor.quickentry import (
    QuickEntryError,
    day_label,
    entry_from,
    insertion_index,
    parse_block,
    parse_quick_entry,
    unread_time,
)
from postmortem_editor.timeparse import split_leading_time

NOW = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def _at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=UTC)


def _incident(
    *times: datetime, start: datetime | None = None, end: datetime | None = None
) -> Incident:
    return Incident(
        timezone="UTC",
        summary=Summary(start=start, end=end),
        timeline=[TimelineEntry(at=moment, text=f"entry {i}") for i, moment in enumerate(times)],
    )


# --- what a line says ------------------------------------------------------------------------


def test_a_line_without_a_time_is_stamped_now() -> None:
    quick = parse_quick_entry("paged the database team", _incident(), NOW)
    assert quick.at == NOW
    assert not quick.typed_time
    assert quick.text == "paged the database team"
    assert quick.time_unread is None


def test_a_kind_tag_sets_the_kind_and_leaves_the_text() -> None:
    quick = parse_quick_entry("14:05 called the vendor #esc", _incident(), NOW)
    assert quick.kind is Kind.ESCALATION and quick.kind_from_tag
    assert quick.text == "called the vendor"


def test_a_hash_word_that_is_no_kind_stays_in_the_text() -> None:
    quick = parse_quick_entry("14:05 merged the fix for #1234 and #frontend", _incident(), NOW)
    assert quick.text == "merged the fix for #1234 and #frontend"
    assert not quick.kind_from_tag


@pytest.mark.parametrize("line", ["", "   ", "14:05", "14:05 #mitigation", "#note"])
def test_only_an_empty_line_or_a_bare_time_is_refused(line: str) -> None:
    with pytest.raises(QuickEntryError):
        parse_quick_entry(line, _incident(), NOW)


@pytest.mark.parametrize(
    ("line", "unread"),
    [
        ("14;22 restarted db", "14;22"),
        ("T+10 paged the on-call", "T+10"),
        ("25:00 failed over", "25:00"),
        ("14:75 failed over", "14:75"),
        ("13 PM failed over", "13 PM"),
        ("+10 paged the on-call", "+10"),
        ("2024-02-30 10:00 failed over", "2024-02-30 10:00"),
        ("yesterday 24:10 rolled back", "yesterday 24:10"),
    ],
)
def test_a_time_that_cannot_be_read_is_never_replaced_by_now(line: str, unread: str) -> None:
    quick = parse_quick_entry(line, _incident(_at(1, 9)), NOW)
    assert quick.at is None
    assert quick.time_unread == unread
    assert quick.text == line  # the time words stay in the text
    assert quick.typed_time
    assert unread_time(quick.text) == unread
    entry = entry_from(quick)
    assert entry.at is None and entry.text == line


@pytest.mark.parametrize(
    ("line", "when", "text"),
    [
        ("1422 restarted the primary", _at(1, 14, 22), "restarted the primary"),
        ("0005 restarted the primary", _at(2, 0, 5), "restarted the primary"),
        ("14h35 restarted the primary", _at(1, 14, 35), "restarted the primary"),
        ("2:05 PM restarted the primary", _at(1, 14, 5), "restarted the primary"),
        ("14:05 - restarted the primary", _at(1, 14, 5), "restarted the primary"),
        ("2024-03-01T14:05:00Z restarted", _at(1, 14, 5), "restarted"),
    ],
)
def test_unambiguous_forms_are_read(line: str, when: datetime, text: str) -> None:
    incident = _incident(_at(1, 13), start=_at(1, 12))
    quick = parse_quick_entry(line, incident, NOW)
    assert quick.at == when
    assert quick.text == text
    assert quick.time_unread is None


def test_four_digits_out_of_clock_range_are_a_number_not_a_time() -> None:
    quick = parse_quick_entry("2500 requests failed", _incident(), NOW)
    assert quick.at == NOW and quick.text == "2500 requests failed"


def test_month_and_day_before_the_clock() -> None:
    quick = parse_quick_entry("11/30 14:45 disk filled up", _incident(), NOW)
    assert quick.at == datetime(2023, 11, 30, 14, 45, tzinfo=UTC)
    assert quick.text == "disk filled up"
    invalid = parse_quick_entry("13/45 14:45 disk filled up", _incident(), NOW)
    assert invalid.at is None and invalid.time_unread == "13/45 14:45"


def test_yesterday_is_the_day_before_the_reference_day() -> None:
    quick = parse_quick_entry("yesterday 23:50 deploy went out", _incident(), NOW)
    assert quick.at == _at(29, 23, 50, month=2)
    assert quick.text == "deploy went out"
    started = _incident(start=_at(14, 10, month=2))
    assert parse_quick_entry("yesterday 23:50 deploy", started, NOW).at == _at(13, 23, 50, 2)


def test_ordinary_words_after_yesterday_are_no_time() -> None:
    quick = parse_quick_entry("yesterday we deployed", _incident(), NOW)
    assert quick.at == NOW and quick.text == "yesterday we deployed"


@pytest.mark.parametrize(
    "text", ["note: the db is slow", "3 servers down", "restarted at 14:05", "v1.2 deployed", ""]
)
def test_unread_time_is_none_for_ordinary_text(text: str) -> None:
    assert unread_time(text) is None


def test_unread_time_is_none_for_a_readable_time() -> None:
    assert unread_time("14:05 restarted") is None


# --- anchoring a clock time to the day meant ---------------------------------------------------


def test_inside_the_window_wins() -> None:
    # Entry 01:30 belongs after midnight, 23:10 before it.
    incident = _incident(start=_at(29, 22, month=2), end=_at(1, 3))
    assert parse_quick_entry("01:30 failover", incident, NOW).at == _at(1, 1, 30)
    assert parse_quick_entry("23:10 alert", incident, NOW).at == _at(29, 23, 10, month=2)


def test_outside_the_window_takes_the_nearest_day() -> None:
    incident = _incident(start=_at(14, 10, month=2), end=_at(14, 12, month=2))
    assert parse_quick_entry("09:00 deploy", incident, NOW).at == _at(14, 9, month=2)
    assert parse_quick_entry("13:30 follow-up", incident, NOW).at == _at(14, 13, 30, 2)


def test_with_a_start_only_the_entries_bound_the_window() -> None:
    incident = _incident(_at(14, 11, month=2), start=_at(14, 10, month=2))
    assert parse_quick_entry("09:00 deploy", incident, NOW).at == _at(14, 9, month=2)
    assert parse_quick_entry("11:30 fixed", incident, NOW).at == _at(14, 11, 30, 2)


def test_backfilling_after_a_past_midnight_entry_goes_where_the_time_belongs() -> None:
    incident = _incident(_at(14, 13, month=2), _at(14, 23, 50, 2), _at(15, 0, 10, 2))
    assert parse_quick_entry("14:05 paged", incident, NOW).at == _at(14, 14, 5, month=2)
    assert parse_quick_entry("00:20 restored", incident, NOW).at == _at(15, 0, 20, month=2)


def test_with_no_start_times_hours_ahead_are_not_today() -> None:
    now = _at(1, 9)
    assert parse_quick_entry("23:30 deploy", _incident(), now).at == _at(29, 23, 30, month=2)
    assert parse_quick_entry("09:30 paged", _incident(), now).at == _at(1, 9, 30)
    assert parse_quick_entry("08:00 alert", _incident(), now).at == _at(1, 8)


def test_live_scribing_over_midnight_stays_on_the_new_day() -> None:
    now = _at(1, 0, 20)
    incident = _incident(_at(29, 23, 55, month=2), _at(1, 0, 10))
    assert parse_quick_entry("00:15 restarted", incident, now).at == _at(1, 0, 15)


def test_day_shift_moves_the_time_by_whole_days() -> None:
    incident = _incident(start=_at(14, 10, month=2))
    quick = parse_quick_entry("10:30 paged", incident, NOW, day_shift=1)
    assert quick.at == _at(15, 10, 30, month=2)
    assert parse_quick_entry("10:30 paged", incident, NOW, day_shift=-2).at == _at(12, 10, 30, 2)


def test_relative_times_count_from_the_latest_entry() -> None:
    incident = _incident(_at(14, 10, month=2), _at(14, 11, month=2))
    assert parse_quick_entry("+5m paged", incident, NOW).at == _at(14, 11, 5, month=2)


def test_the_incidents_zone_reads_the_clock() -> None:
    est = timezone(timedelta(hours=-5))
    incident = Incident(
        timezone="-05:00", summary=Summary(start=datetime(2024, 2, 14, 10, tzinfo=est))
    )
    quick = parse_quick_entry("10:30 paged", incident, NOW)
    assert quick.at == datetime(2024, 2, 14, 10, 30, tzinfo=est)


def test_day_label_says_the_date_off_the_start_day() -> None:
    incident = _incident(start=_at(14, 22, month=2))
    assert day_label(incident, _at(14, 23, month=2)) is None
    assert day_label(incident, _at(15, 1, month=2)) == "Feb 15"
    assert day_label(incident, datetime(2023, 12, 31, tzinfo=UTC)) == "Dec 31, 2023"
    assert day_label(_incident(), NOW, now=NOW) is None
    assert day_label(_incident(), _at(29, 23, month=2), now=NOW) == "Feb 29"
    assert day_label(incident, None) is None


# --- where it goes ---------------------------------------------------------------------------


def test_insertion_index_keeps_time_order_and_puts_unread_at_the_end() -> None:
    incident = _incident(_at(1, 8), _at(1, 9), _at(1, 10))
    assert insertion_index(incident, _at(1, 9, 30)) == 2
    assert insertion_index(incident, _at(1, 11)) == 3
    assert insertion_index(incident, None) == 3


def test_entry_from_copies_who_said_it() -> None:
    quick = parse_quick_entry("[14:05] alice: restarted the primary", _incident(), NOW)
    entry = entry_from(quick)
    assert entry.by == "alice" and entry.text == "restarted the primary"


# --- properties ----------------------------------------------------------------------------------

_word = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "S"), blacklist_characters="#<>[]"),
    min_size=1,
    max_size=8,
)
_line = st.lists(_word, min_size=1, max_size=6).map(" ".join)
_time = st.sampled_from(
    ["", "14:05 ", "2:05 PM ", "14;22 ", "1422 ", "T+10 ", "+5m ", "11/30 9:00 "]
)


@settings(max_examples=300, deadline=None)
@given(time=_time, line=_line)
def test_every_line_with_text_gives_one_entry_keeping_every_word(time: str, line: str) -> None:
    typed = time + line
    incident = _incident(_at(1, 8), start=_at(1, 7))
    try:
        quick = parse_quick_entry(typed, incident, NOW)
    except QuickEntryError:
        # Only a line that is nothing but a time (and separators) is refused.
        time_text, rest = split_leading_time(typed)
        only_time = time_text is not None and not rest.strip(":;,|-\u2013\u2014 ")
        assert only_time or re.fullmatch(r"[\d:;.,+|/\s\u2013\u2014tThHaApPmM-]*", typed)
        return
    kept = f"{quick.time_text} {quick.by} {quick.text}".split()
    for word in typed.split():
        # A separator right after the time ("14:05: text") is not part of the text.
        bare = word.lstrip(":;,|-\u2013\u2014")
        assert not bare or any(bare in piece for piece in kept) or quick.kind_from_tag, (
            word,
            quick,
        )
    if quick.at is None:
        assert quick.time_unread is not None


def test_a_clock_time_lands_in_the_window_even_after_an_entry_stamped_days_later() -> None:
    zone = timezone(timedelta(hours=-5))
    incident = Incident(
        timezone="-05:00",
        summary=Summary(
            start=datetime(2026, 11, 30, 14, 0, tzinfo=zone),
            end=datetime(2026, 11, 30, 15, 10, tzinfo=zone),
        ),
        timeline=[TimelineEntry(at=datetime(2026, 12, 2, 3, 29, tzinfo=zone), text="all clear")],
    )
    now = datetime(2026, 12, 2, 3, 35, tzinfo=zone)
    quick = parse_quick_entry("14:50 writing the postmortem", incident, now)
    assert quick.at == datetime(2026, 11, 30, 14, 50, tzinfo=zone)
    block = parse_block("[14:52] bo: opening the tickets", incident, now)
    assert block[0].entry is not None
    assert block[0].entry.at == datetime(2026, 11, 30, 14, 52, tzinfo=zone)


def test_a_clock_time_lands_in_a_window_years_before_an_entry_stamped_now() -> None:
    zone = timezone(timedelta(hours=-5))
    incident = Incident(
        timezone="-05:00",
        summary=Summary(
            start=datetime(2024, 2, 14, 10, 0, tzinfo=zone),
            end=datetime(2024, 2, 14, 12, 30, tzinfo=zone),
        ),
        timeline=[TimelineEntry(at=datetime(2026, 12, 2, 3, 29, tzinfo=zone), text="a note")],
    )
    now = datetime(2026, 12, 2, 3, 35, tzinfo=zone)
    quick = parse_quick_entry("10:20 timed after a now entry", incident, now)
    assert quick.at == datetime(2024, 2, 14, 10, 20, tzinfo=zone)
