"""Reading typed times: clock times, relative times, dates, offsets and zones."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from postmortem_editor.timeparse import (
    TimeParseError,
    format_clock,
    parse_time,
    split_leading_time,
)

NEW_YORK = ZoneInfo("America/New_York")
UTC_MINUS_5 = timezone(timedelta(hours=-5))
START = datetime(2024, 2, 14, 10, 0, tzinfo=NEW_YORK)


def at(hour: int, minute: int = 0, second: int = 0, *, day: int = 14) -> datetime:
    """A time on the incident's day in New York."""
    return datetime(2024, 2, day, hour, minute, second, tzinfo=NEW_YORK)


def parse(text: str, previous: datetime | None = None) -> datetime:
    return parse_time(text, zone=NEW_YORK, anchor=START, previous=previous)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:05", at(10, 5)),
        ("9:05", at(9, 5)),
        ("09:05", at(9, 5)),
        ("14:30", at(14, 30)),
        ("0:15", at(0, 15)),
        ("10:05 AM", at(10, 5)),
        ("10:05am", at(10, 5)),
        ("10:05 a.m.", at(10, 5)),
        ("2:15 PM", at(14, 15)),
        ("2:15pm", at(14, 15)),
        ("10 PM", at(22)),
        ("10:05:30", at(10, 5, 30)),
        ("10:05:30 PM", at(22, 5, 30)),
        ("12:00 PM", at(12)),
        ("12:00 AM", at(0)),
        ("12:30 am", at(0, 30)),
        ("  10:05  ", at(10, 5)),
    ],
)
def test_clock_times_fall_on_the_anchor_day_in_the_incident_zone(
    text: str, expected: datetime
) -> None:
    result = parse(text)
    assert result == expected
    assert result.tzinfo is NEW_YORK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+15m", at(10, 15)),
        ("+15 min", at(10, 15)),
        ("+1h30m", at(11, 30)),
        ("+1h 30m", at(11, 30)),
        ("+2h", at(12)),
        ("+2 hours", at(12)),
        ("+45s", at(10, 0, 45)),
        ("-5m", at(9, 55)),
        ("+1d", at(10, day=15)),
    ],
)
def test_relative_times_count_from_the_anchor(text: str, expected: datetime) -> None:
    assert parse(text) == expected


def test_relative_times_count_from_the_previous_entry_when_there_is_one() -> None:
    assert parse("+5m", previous=at(11, 40)) == at(11, 45)


def test_relative_times_count_elapsed_time_across_a_daylight_saving_change() -> None:
    before_change = datetime(2024, 3, 10, 1, 30, tzinfo=NEW_YORK)  # EST, clocks jump at 2:00
    result = parse_time("+1h", zone=NEW_YORK, anchor=before_change)
    assert result.astimezone(UTC) - before_change.astimezone(UTC) == timedelta(hours=1)
    assert (result.hour, result.minute) == (3, 30)


def test_clock_time_takes_the_date_of_the_previous_entry_over_the_anchor() -> None:
    assert parse("09:00", previous=at(8, day=16)) == at(9, day=16)


def test_clock_time_before_previous_by_more_than_twelve_hours_rolls_to_next_day() -> None:
    assert parse("00:15", previous=at(23, 30)) == at(0, 15, day=15)


def test_clock_time_a_little_before_previous_stays_on_the_same_day() -> None:
    assert parse("10:55", previous=at(11, 0)) == at(10, 55)


def test_clock_time_exactly_twelve_hours_before_previous_stays_on_the_same_day() -> None:
    assert parse("10:00", previous=at(22, 0)) == at(10)


def test_clock_time_does_not_roll_over_against_the_anchor_alone() -> None:
    late_anchor = at(23, 30)
    assert parse_time("00:15", zone=NEW_YORK, anchor=late_anchor) == at(0, 15)


def test_the_anchor_date_is_read_in_the_incident_zone() -> None:
    # 02:00 UTC on the 15th is still the evening of the 14th in New York.
    anchor = datetime(2024, 2, 15, 2, 0, tzinfo=UTC)
    assert parse_time("21:00", zone=NEW_YORK, anchor=anchor) == at(21)


def test_clock_time_without_a_zone_uses_the_offset_of_the_previous_entry() -> None:
    previous = datetime(2024, 2, 14, 10, 0, tzinfo=UTC_MINUS_5)
    result = parse_time("10:30", zone=None, anchor=None, previous=previous)
    assert result == datetime(2024, 2, 14, 10, 30, tzinfo=UTC_MINUS_5)
    assert result.utcoffset() == timedelta(hours=-5)


def test_clock_time_without_a_zone_uses_the_offset_of_the_anchor() -> None:
    anchor = datetime(2024, 6, 5, 10, 0, tzinfo=UTC)
    assert parse_time("12:30 PM", zone=None, anchor=anchor) == anchor.replace(hour=12, minute=30)


def test_a_naive_anchor_is_taken_to_be_in_the_incident_zone() -> None:
    assert parse_time("10:05", zone=NEW_YORK, anchor=datetime(2024, 2, 14, 9, 0)) == at(10, 5)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("10:00 AM UTC", timedelta(0)),
        ("10:00 utc", timedelta(0)),
        ("10:00 (UTC)", timedelta(0)),
        ("10:00 AM (UTC)", timedelta(0)),
        ("10:00 GMT", timedelta(0)),
        ("10:00Z", timedelta(0)),
        ("10:00 UTC-5", timedelta(hours=-5)),
        ("10:00 (UTC-5)", timedelta(hours=-5)),
        ("10:00 UTC+05:30", timedelta(hours=5, minutes=30)),
        ("10:00 GMT+1", timedelta(hours=1)),
        ("10:00 EST", timedelta(hours=-5)),
        ("10:00 EDT", timedelta(hours=-4)),
        ("10:00 PST", timedelta(hours=-8)),
        ("10:00 CEST", timedelta(hours=2)),
        ("10:00 IST", timedelta(hours=5, minutes=30)),
        ("10:00 Europe/Paris", timedelta(hours=1)),
    ],
)
def test_a_zone_after_the_clock_replaces_the_incident_zone(text: str, offset: timedelta) -> None:
    result = parse(text)
    assert (result.date(), result.hour, result.minute) == (START.date(), 10, 0)
    assert result.utcoffset() == offset


def test_twenty_four_hour_clock_with_utc_after_it() -> None:
    assert parse("14:30 UTC") == datetime(2024, 2, 14, 14, 30, tzinfo=UTC)


def test_a_zone_after_the_clock_needs_no_incident_zone() -> None:
    anchor = datetime(2024, 2, 14, 9, 0, tzinfo=UTC_MINUS_5)
    result = parse_time("16:00 UTC", zone=None, anchor=anchor)
    assert result == datetime(2024, 2, 14, 16, 0, tzinfo=UTC)


def test_the_date_of_a_clock_with_its_own_zone_is_read_in_that_zone() -> None:
    previous = at(23, 30)  # 04:30 UTC on the 15th
    assert parse("04:45 UTC", previous=previous) == datetime(2024, 2, 15, 4, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-14 10:05", at(10, 5)),
        ("2024-02-14T10:05", at(10, 5)),
        ("2024-02-14T10:05:30", at(10, 5, 30)),
        ("2024-02-20 10:05 PM", at(22, 5, day=20)),
        ("February 14, 2024, 10:00 AM", at(10)),
        ("feb 20 2024 09:15", at(9, 15, day=20)),
    ],
)
def test_date_and_time_without_an_offset_use_the_incident_zone(
    text: str, expected: datetime
) -> None:
    result = parse_time(text, zone=NEW_YORK, anchor=None)
    assert result == expected
    assert result.tzinfo is NEW_YORK


def test_a_date_without_a_year_takes_the_year_of_the_anchor() -> None:
    anchor = datetime(2023, 6, 1, tzinfo=NEW_YORK)
    assert parse_time("Feb 14, 10:05 AM", zone=NEW_YORK, anchor=anchor).year == 2023


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2024-02-14T10:05:00-05:00", timedelta(hours=-5)),
        ("2024-02-14T10:05:00+0530", timedelta(hours=5, minutes=30)),
        ("2024-02-14T10:05:00Z", timedelta(0)),
        ("2024-02-14T10:05:00.250Z", timedelta(0)),
        ("2024-02-14 10:05 UTC", timedelta(0)),
        ("2024-02-14 10:05 AM (UTC-3)", timedelta(hours=-3)),
    ],
)
def test_an_offset_written_with_the_date_is_kept(text: str, offset: timedelta) -> None:
    result = parse_time(text, zone=NEW_YORK, anchor=None)
    assert result.utcoffset() == offset
    assert (result.hour, result.minute) == (10, 5)


def test_iso_fractions_of_a_second_are_kept() -> None:
    assert parse_time("2024-02-14T10:05:00.25Z", zone=None, anchor=None).microsecond == 250000


@pytest.mark.parametrize("text", ["10:05", "10:05 AM", "9 PM", "10:05 UTC"])
def test_clock_time_without_anchor_or_previous_is_refused_and_a_full_date_suggested(
    text: str,
) -> None:
    with pytest.raises(TimeParseError, match=r"no date to anchor .*2024-02-14 10:05"):
        parse_time(text, zone=NEW_YORK, anchor=None)


@pytest.mark.parametrize("text", ["+15m", "-5m"])
def test_relative_time_without_anchor_or_previous_is_refused(text: str) -> None:
    with pytest.raises(TimeParseError, match="nothing to count"):
        parse_time(text, zone=NEW_YORK, anchor=None)


def test_date_and_time_without_zone_or_offset_is_refused() -> None:
    with pytest.raises(TimeParseError, match="has no timezone"):
        parse_time("2024-02-14 10:05", zone=None, anchor=None)


def test_date_and_time_without_zone_is_refused_even_with_an_aware_anchor() -> None:
    with pytest.raises(TimeParseError, match="has no timezone"):
        parse_time("2024-02-14 10:05", zone=None, anchor=START)


def test_a_date_without_a_year_and_nothing_to_take_it_from_is_refused() -> None:
    with pytest.raises(TimeParseError, match="no year"):
        parse_time("Feb 14, 10:05 AM", zone=NEW_YORK, anchor=None)


def test_a_naive_anchor_without_any_zone_is_refused() -> None:
    with pytest.raises(TimeParseError, match="has no timezone"):
        parse_time("10:05", zone=None, anchor=datetime(2024, 2, 14, 9, 0))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "no time given"),
        ("   ", "no time given"),
        ("xx:yy", "could not read 'xx:yy' as a time: expected 10:05, 10:05 AM"),
        ("soon", "expected 10:05"),
        ("3", "expected 10:05"),
        ("10.05", "expected 10:05"),
        ("25:00", "the hour is 0 to 23"),
        ("24:00", "the hour is 0 to 23"),
        ("10:61", "the minutes are 00 to 59"),
        ("10:05:60", "the seconds are 00 to 59"),
        ("13:00 PM", "with AM or PM the hour is 1 to 12"),
        ("0:30 AM", "with AM or PM the hour is 1 to 12"),
        ("2024-02-30 10:00", "no such date"),
        ("Feb 30, 10:00", "no such date"),
        ("10:00 XYZ", "unknown timezone 'XYZ'"),
        ("10:00 America/Nowhere", "unknown timezone 'America/Nowhere'"),
        ("10:00 UTC+99", "unknown timezone"),
        ("10:05-05:00", "expected 10:05"),
        ("+15", "expected 10:05"),
        ("+m", "expected 10:05"),
        ("x10:05", "expected 10:05"),
        ("2024-02-14T10:05:00Z UTC", "both an offset and a zone"),
        ("+99999999999d", "too long"),
    ],
)
def test_junk_and_out_of_range_values_are_refused_with_what_was_expected(
    text: str, says: str
) -> None:
    with pytest.raises(TimeParseError, match=re.escape(says)):
        parse(text)


def test_time_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse("25:00")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("12:10 escalated to the database team", ("12:10", "escalated to the database team")),
        ("+5m paged the DBA", ("+5m", "paged the DBA")),
        ("-5m paged the DBA", ("-5m", "paged the DBA")),
        ("+1h30m all clear", ("+1h30m", "all clear")),
        ("10:05 AM restarted nginx", ("10:05 AM", "restarted nginx")),
        ("10:05am restarted nginx", ("10:05am", "restarted nginx")),
        ("3 pm deploy started", ("3 pm", "deploy started")),
        ("2024-02-14 10:05 deploy", ("2024-02-14 10:05", "deploy")),
        ("2024-02-14T10:05:00Z deploy", ("2024-02-14T10:05:00Z", "deploy")),
        ("Feb 14, 10:05 AM deploy", ("Feb 14, 10:05 AM", "deploy")),
        ("10:00 AM UTC detected", ("10:00 AM UTC", "detected")),
        ("10:00 AM (UTC): The issue was detected", ("10:00 AM (UTC)", "The issue was detected")),
        ("10:05: rolled back", ("10:05", "rolled back")),
        ("10:05 - rolled back", ("10:05", "rolled back")),
        ("10:05 \u2013 rolled back", ("10:05", "rolled back")),
        ("10:05 \u2014 rolled back", ("10:05", "rolled back")),
        ("10:05, rolled back", ("10:05", "rolled back")),
        ("  10:05   rolled back  ", ("10:05", "rolled back")),
        ("10:05", ("10:05", "")),
        ("25:00 rolled back", ("25:00", "rolled back")),
        ("10:05 ESTABLISHED connections piled up", ("10:05", "ESTABLISHED connections piled up")),
        ("10:05 amazon S3 errors", ("10:05", "amazon S3 errors")),
        ("restarted nginx", (None, "restarted nginx")),
        ("3 servers down", (None, "3 servers down")),
        ("+5 servers added", (None, "+5 servers added")),
        ("2024 was a hard year", (None, "2024 was a hard year")),
        ("May 3 servers failed", (None, "May 3 servers failed")),
        ("10:05-10:20 database failover", (None, "10:05-10:20 database failover")),
        ("", (None, "")),
    ],
)
def test_split_leading_time_separates_a_time_from_the_entry_text(
    line: str, expected: tuple[str | None, str]
) -> None:
    assert split_leading_time(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "12:10 escalated to the database team",
        "+5m paged the DBA",
        "10:05 AM restarted nginx",
        "2024-02-14 10:05 deploy",
        "10:00 AM (UTC): The issue was detected",
    ],
)
def test_the_time_split_from_a_line_parses(line: str) -> None:
    time_text, _ = split_leading_time(line)
    assert time_text is not None
    assert parse(time_text).tzinfo is not None


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        (at(10, 5), NEW_YORK, "10:05 AM"),
        (at(9, 5), NEW_YORK, "9:05 AM"),
        (at(0, 0), NEW_YORK, "12:00 AM"),
        (at(12, 0), NEW_YORK, "12:00 PM"),
        (at(23, 59, 59), NEW_YORK, "11:59 PM"),
        (at(10, 5), UTC, "3:05 PM"),
        (at(10, 5), None, "10:05 AM"),
        (datetime(2024, 2, 14, 10, 5), NEW_YORK, "10:05 AM"),
    ],
)
def test_format_clock_writes_twelve_hour_time_with_am_or_pm(
    moment: datetime, zone: tzinfo | None, expected: str
) -> None:
    assert format_clock(moment, zone) == expected


def test_format_clock_with_the_date_writes_month_and_day() -> None:
    assert format_clock(at(10, 5), NEW_YORK, with_date=True) == "Feb 14, 10:05 AM"
    late = datetime(2024, 2, 15, 3, 0, tzinfo=UTC)
    assert format_clock(late, NEW_YORK, with_date=True) == "Feb 14, 10:00 PM"


ZONES = st.sampled_from(
    [
        UTC,
        UTC_MINUS_5,
        timezone(timedelta(hours=5, minutes=30)),
        ZoneInfo("Europe/Paris"),
        NEW_YORK,
    ]
)
MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2099, 12, 31),
    timezones=st.just(UTC),
)


def _wall_clock_is_unambiguous(moment: datetime, zone: tzinfo) -> bool:
    """Whether the minute of the moment, on the wall clock of the zone, names one instant."""
    wall = moment.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    return wall.replace(tzinfo=zone).utcoffset() == wall.replace(tzinfo=zone, fold=1).utcoffset()


@given(MOMENTS, ZONES, st.booleans())
def test_a_formatted_clock_time_reads_back_to_the_same_minute(
    moment: datetime, zone: tzinfo, with_date: bool
) -> None:
    assume(_wall_clock_is_unambiguous(moment, zone))
    text = format_clock(moment, zone, with_date=with_date)
    result = parse_time(text, zone=zone, anchor=moment)
    assert result == moment.replace(second=0, microsecond=0)


TIME_LIKE = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789:+-hmsdAPMaptTZUC ()/.,", max_size=30),
    st.builds(
        "{}:{:02d}{}{}".format,
        st.integers(0, 30),
        st.integers(0, 70),
        st.sampled_from(["", " AM", "pm", " a.m."]),
        st.sampled_from(["", " UTC", " (UTC-5)", " EST", " XYZ", " Europe/Paris", "Z"]),
    ),
    st.builds(
        "{}{}{}".format,
        st.sampled_from(["+", "-"]),
        st.integers(0, 10**12),
        st.sampled_from(["m", "h", "s", "d", "min", "x", ""]),
    ),
)


@given(
    TIME_LIKE,
    st.one_of(st.none(), ZONES),
    st.one_of(st.none(), MOMENTS),
    st.one_of(st.none(), MOMENTS),
)
def test_any_text_gives_an_aware_time_or_a_time_parse_error(
    text: str, zone: tzinfo | None, anchor: datetime | None, previous: datetime | None
) -> None:
    try:
        result = parse_time(text, zone=zone, anchor=anchor, previous=previous)
    except TimeParseError as error:
        assert str(error)
    else:
        assert result.utcoffset() is not None


@given(st.text(max_size=80))
def test_split_leading_time_keeps_every_word_of_the_line(line: str) -> None:
    time_text, rest = split_leading_time(line)
    if time_text is None:
        assert rest == line.strip()
    else:
        assert line.strip().startswith(time_text)
        assert line.strip().endswith(rest)
