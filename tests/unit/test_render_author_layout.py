"""The author's way of writing times, kept by the render: a date at every timeline time
(``timeline_dates = "every"``), and the author's word for the zone (``timezone_name``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.model import Incident, Kind, Summary, TimelineEntry
from postmortem_editor.render import (
    PROFILES,
    Clock,
    Profile,
    duration_line,
    entry_head,
    render_markdown,
    zone_name,
)
from postmortem_editor.timeparse import (
    MORE_ZONE_ABBREVIATIONS,
    ZONE_ABBREVIATIONS,
    ZONE_NAMES,
)
from postmortem_editor.zones import ZONE_REGIONS, author_zone_name, names_zone, zone_setting

START = datetime(2020, 11, 4, 12, 0, tzinfo=UTC)


def _incident(**top: object) -> Incident:
    """Two days of a timeline in Paris, an untimed entry among them."""
    fields: dict[str, object] = {
        "title": "Admission controller timeouts",
        "timezone": "Europe/Paris",
        "summary": Summary(start=START, end=START + timedelta(days=1, hours=3)),
        "timeline": [
            TimelineEntry(at=START + timedelta(minutes=13), kind=Kind.MITIGATION, text="Applied"),
            TimelineEntry(kind=Kind.NOTE, text="Users waited", label="Meanwhile"),
            TimelineEntry(
                at=START + timedelta(days=1, hours=3), kind=Kind.RESOLUTION, text="Fixed"
            ),
        ],
    }
    fields.update(top)
    return Incident.model_validate(fields)


# --- timeline_dates ------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_every_timed_entry_shows_its_iso_date_in_every_profile(profile: Profile) -> None:
    markdown = render_markdown(_incident(timeline_dates="every"), profile)
    assert "2020-11-04 13:13" in markdown  # 12:13 UTC in Paris
    assert "2020-11-05 16:00" in markdown
    assert "Nov 5, 16:00" not in markdown


@pytest.mark.parametrize("profile", PROFILES)
def test_by_default_only_a_later_day_shows_its_date(profile: Profile) -> None:
    markdown = render_markdown(_incident(), profile)
    assert "2020-11-04" not in markdown
    assert "Nov 5, 16:00" in markdown


def test_an_entry_without_a_time_shows_no_date() -> None:
    incident = _incident(timeline_dates="every")
    clock = Clock(incident)
    assert [entry_head(entry, clock) for entry in incident.timeline] == [
        "2020-11-04 13:13",
        "Meanwhile",
        "2020-11-05 16:00",
    ]


def test_every_date_goes_with_the_twelve_hour_clock() -> None:
    incident = _incident(timeline_dates="every", clock="12h")
    assert Clock(incident).time(START) == "2020-11-04 1:00 PM"


def test_the_duration_line_is_the_same_whichever_dates_the_timeline_shows() -> None:
    assert duration_line(_incident(timeline_dates="every")) == duration_line(_incident())


def test_the_clock_key_tells_the_two_layouts_apart() -> None:
    assert Clock(_incident()).key != Clock(_incident(timeline_dates="every")).key


def test_a_layout_other_than_changes_or_every_is_refused() -> None:
    with pytest.raises(ValueError, match="timeline_dates"):
        _incident(timeline_dates="sometimes")


@given(
    minutes=st.lists(st.integers(-600, 5000), min_size=1, max_size=6),
    zone=st.sampled_from(["UTC", "Europe/Paris", "America/Los_Angeles", "+05:30"]),
    clock=st.sampled_from(["24h", "12h"]),
)
def test_each_timed_entry_shows_the_date_of_its_own_day_in_the_incident_zone(
    minutes: list[int], zone: str, clock: str
) -> None:
    incident = Incident(
        timezone=zone,
        clock=clock,  # type: ignore[arg-type]
        timeline_dates="every",
        timeline=[TimelineEntry(at=START + timedelta(minutes=m), text="x") for m in minutes],
    )
    clock_of = Clock(incident)
    for entry in incident.timeline:
        assert entry.at is not None
        local = incident.local(entry.at)
        head = entry_head(entry, clock_of)
        assert head.startswith(local.date().isoformat() + " ")
        assert head.removeprefix(local.date().isoformat() + " ") == clock_of.clock(local)


# --- timezone_name ------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_the_duration_line_names_the_zone_with_the_author_s_word(profile: Profile) -> None:
    markdown = render_markdown(_incident(timezone_name="CET"), profile)
    assert "(CET), 1 d 3 h" in markdown
    assert "Europe/Paris" not in markdown


@pytest.mark.parametrize("profile", PROFILES)
def test_a_word_read_with_another_zone_is_not_shown(profile: Profile) -> None:
    # "CET" was the author's word for Europe/Paris; the timezone is now New York
    markdown = render_markdown(_incident(timezone_name="CET", timezone="America/New_York"), profile)
    assert "CET" not in markdown
    assert "(America/New_York)" in markdown


def test_a_word_this_program_does_not_know_is_not_shown() -> None:
    incident = _incident(timezone_name="Paris time")
    assert zone_name(incident) == "Europe/Paris"


def test_without_a_timezone_no_word_is_shown() -> None:
    incident = _incident(timezone_name="CET", timezone="")
    assert zone_name(incident) == ""
    assert "CET" not in duration_line(incident)


@pytest.mark.parametrize(
    ("word", "setting"),
    [
        ("CET", "Europe/Paris"),
        ("CEST", "Europe/Paris"),
        ("EDT", "America/New_York"),
        ("Eastern", "America/New_York"),
        ("EST", "UTC-5"),  # an abbreviation stands for its own offset too
        ("GMT", "UTC"),
        ("IST", "UTC+5:30"),
        ("EAT", "UTC+3"),
        ("East Africa Time", "+03:00"),
    ],
)
def test_a_word_stands_for_its_zone(word: str, setting: str) -> None:
    assert names_zone(word, setting)
    assert zone_name(_incident(timezone_name=word, timezone=setting)) == word


@pytest.mark.parametrize(
    ("word", "setting"),
    [
        ("CET", "America/New_York"),
        ("EDT", "UTC-5"),  # summer time is UTC-4
        ("Eastern", "UTC-5"),  # a region, not an offset
        ("CET", "Europe/Berlin"),  # read as Paris: another setting
        ("PST", ""),
        ("", "UTC"),
        ("Mars", "UTC"),
    ],
)
def test_a_word_does_not_stand_for_another_zone(word: str, setting: str) -> None:
    assert not names_zone(word, setting)


WORDS = sorted({*ZONE_REGIONS, *ZONE_ABBREVIATIONS, *MORE_ZONE_ABBREVIATIONS, *ZONE_NAMES})


@pytest.mark.parametrize("word", WORDS)
def test_every_word_this_program_reads_stands_for_the_zone_it_is_read_as(word: str) -> None:
    assert names_zone(word, zone_setting(word))
    assert author_zone_name(word) in ("", word)


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("CET", "CET"),
        ("(EDT)", "EDT"),
        ("Eastern Time", "Eastern Time"),
        ("UTC", ""),  # the setting says it as written
        ("GMT", ""),
        ("UTC-5", ""),
        ("(GMT+03:00)", ""),
        ("America/New_York", ""),
        ("Z", ""),
        ("Mars", ""),
    ],
)
def test_only_a_word_other_than_its_setting_is_worth_keeping(written: str, kept: str) -> None:
    assert author_zone_name(written) == kept


@given(
    word=st.sampled_from(["CET", "EDT", "PST", "GMT", "EAT", "Eastern", "IST", "Nowhere"]),
    setting=st.sampled_from(["Europe/Paris", "America/New_York", "UTC", "UTC+3", "UTC-8"]),
)
def test_the_render_shows_a_word_exactly_when_it_stands_for_the_timezone(
    word: str, setting: str
) -> None:
    incident = _incident(timezone_name=word, timezone=setting)
    line = duration_line(incident)
    assert line.endswith(f"({word}), 1 d 3 h") == names_zone(word, setting)
    assert line.endswith(f"({word if names_zone(word, setting) else setting}), 1 d 3 h")
