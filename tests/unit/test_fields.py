"""Reading and writing the form's fields, without the editor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from postmortem_editor.fields import (
    FieldError,
    display,
    format_time_field,
    get_value,
    parse_field,
    set_value,
)
from postmortem_editor.model import Incident

ZONE = timezone(timedelta(hours=-5))


def test_a_time_is_shown_in_the_incidents_zone_with_seconds_only_when_it_has_them() -> None:
    incident = Incident(title="x", timezone="UTC")
    moment = datetime(2024, 2, 14, 10, 0, tzinfo=ZONE)
    assert format_time_field(incident, moment) == "2024-02-14 15:00"
    assert format_time_field(incident, moment.replace(second=5)) == "2024-02-14 15:00:05"
    zoneless = Incident(title="x")
    assert format_time_field(zoneless, moment) == "2024-02-14T10:00-05:00"


def test_lists_and_numbers_are_shown_as_typed() -> None:
    incident = Incident(title="x", authors=["A", "B"])
    incident.summary.users_affected_percent = 80
    assert display(incident, "authors") == "A, B"
    assert display(incident, "summary.users_affected_percent") == "80"
    assert display(incident, "summary.start") == ""


def test_typed_text_becomes_the_fields_value() -> None:
    incident = Incident(title="x", timezone="UTC")
    assert parse_field(incident, "authors", " A , B ,") == ["A", "B"]
    assert parse_field(incident, "measures.improvements", "one\n\n two ") == ["one", "two"]
    assert parse_field(incident, "summary.users_affected_percent", "80%") == 80.0
    assert parse_field(incident, "summary.users_affected_percent", " ") is None
    assert parse_field(incident, "summary.start", "") is None
    start = parse_field(incident, "summary.start", "2024-02-14 10:00")
    assert start == datetime(2024, 2, 14, 10, 0, tzinfo=UTC)
    assert parse_field(incident, "title", " kept as typed ") == " kept as typed "


def test_text_that_is_not_a_value_says_what_is_expected() -> None:
    incident = Incident(title="x")
    with pytest.raises(FieldError, match="percent"):
        parse_field(incident, "summary.users_affected_percent", "most")
    with pytest.raises(FieldError):
        parse_field(incident, "summary.start", "yesterday-ish")


def test_values_are_read_and_written_by_path_and_validated_by_the_model() -> None:
    incident = Incident(title="x")
    set_value(incident, "summary.service", "web")
    assert get_value(incident, "summary.service") == "web"
    with pytest.raises(FieldError):
        set_value(incident, "status", "nonsense")
