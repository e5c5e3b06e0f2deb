"""The rubric: every rule of the standard and holberton profiles, passing and failing.

Each test starts from ``complete_incident()``, which passes every standard rule and
records every kind of entry the holberton rubric asks for, and breaks one thing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from postmortem_editor.check import (
    HOLBERTON_RULES,
    HOLBERTON_WORDS,
    STANDARD_RULES,
    Finding,
    check_incident,
    metrics_data,
)
from postmortem_editor.model import (
    Analysis,
    FreeSection,
    Incident,
    Kind,
    Measures,
    Summary,
    Task,
    TimelineEntry,
)
from postmortem_editor.places import place_of
from postmortem_editor.render import render_markdown, word_count
from postmortem_editor.store import IncidentFile

from ..conftest import ROOT

SAMPLES = ROOT / "sample_incidents"
SEED_003 = SAMPLES / "undated-load-balancer-degradation.toml"
CLEAN_SAMPLES = sorted(path for path in SAMPLES.glob("*.toml") if path != SEED_003)

RULES = {rule.id: rule for rule in (*STANDARD_RULES, *HOLBERTON_RULES)}
EST = timezone(timedelta(hours=-5))


def at(hour: int, minute: int = 0, *, day: int = 14) -> datetime:
    """A time on the incident's day, at UTC-5."""
    return datetime(2024, 2, day, hour, minute, tzinfo=EST)


def complete_incident() -> Incident:
    """An incident that passes every standard rule (and every holberton rule but the word count)."""
    return Incident(
        title="Web stack outage",
        status="final",
        severity="SEV-1",
        timezone="America/New_York",
        authors=["A. Person"],
        summary=Summary(
            start=at(10),
            end=at(12, 30),
            service="Main web application",
            impact="The site returned errors to most visitors.",
            users_affected_percent=80,
            root_cause="A load balancer misconfiguration overloaded one application server.",
        ),
        timeline=[
            TimelineEntry(
                at=at(10, 5),
                kind=Kind.DETECTION,
                text="Error-rate alerts fired on the monitoring dashboard.",
            ),
            TimelineEntry(
                at=at(10, 15),
                kind=Kind.INVESTIGATION,
                text="The on-call engineer looked at database performance.",
            ),
            TimelineEntry(
                at=at(10, 30),
                kind=Kind.MISLEADING,
                text="A recent deploy was suspected and rolled back, without effect.",
            ),
            TimelineEntry(
                at=at(10, 45),
                kind=Kind.ESCALATION,
                text="Escalated to the infrastructure team.",
            ),
            TimelineEntry(
                at=at(11),
                kind=Kind.MITIGATION,
                text="Traffic was drained from the overloaded server.",
            ),
            TimelineEntry(
                at=at(12, 15),
                kind=Kind.RESOLUTION,
                text="The load balancer configuration was corrected; service recovered.",
            ),
        ],
        analysis=Analysis(
            root_cause="A weight of zero on two servers sent all traffic to the third.",
            resolution="The weights were restored and the overloaded server restarted.",
        ),
        measures=Measures(
            improvements=["Validate load balancer configuration before every deploy."],
            tasks=[
                Task(
                    text="Write a validation script for load balancer weights.",
                    owner="infra",
                    priority="P1",
                    due=date(2024, 3, 1),
                )
            ],
        ),
    )


def findings_of(rule_id: str, incident: Incident) -> list[Finding]:
    """What one rule finds in the incident."""
    return list(RULES[rule_id].check(incident))


def passes(rule_id: str, incident: Incident) -> None:
    found = findings_of(rule_id, incident)
    assert found == [], found


def fails(rule_id: str, incident: Incident, severity: str, path: str) -> Finding:
    """Assert the rule finds exactly this problem (and only its own id); return the finding."""
    found = findings_of(rule_id, incident)
    assert found, f"{rule_id} found nothing"
    assert all(finding.id == rule_id for finding in found)
    matching = [f for f in found if f.severity == severity and f.path == path]
    assert matching, found
    assert matching[0].message.strip()
    return matching[0]


def with_words(incident: Incident, words: int) -> Incident:
    """The incident with lessons padded so that its rendered Markdown has exactly `words` words."""
    incident.analysis.lessons = "filler"
    base = word_count(render_markdown(incident))
    assert base <= words, f"the incident already has {base} words"
    incident.analysis.lessons = " ".join(["filler"] * (1 + words - base))
    assert word_count(render_markdown(incident)) == words
    return incident


# --- the rule set and the builder ------------------------------------------------------------


def test_the_profiles_hold_the_rules_this_file_covers() -> None:
    assert [rule.id for rule in STANDARD_RULES] == [f"PM{n:03d}" for n in range(1, 13)]
    assert [rule.id for rule in HOLBERTON_RULES] == [f"HB{n:03d}" for n in range(1, 8)]


def test_the_complete_incident_passes_every_standard_rule() -> None:
    assert check_incident(complete_incident(), "standard") == []


def test_the_complete_incident_padded_to_500_words_passes_the_holberton_profile() -> None:
    assert check_incident(with_words(complete_incident(), 500), "holberton") == []


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        check_incident(complete_incident(), "strict")  # type: ignore[arg-type]


# --- PM001: required fields ------------------------------------------------------------------


def test_required_fields_pass_when_filled_in() -> None:
    passes("PM001", complete_incident())


def test_root_cause_in_the_analysis_alone_is_enough() -> None:
    incident = complete_incident()
    incident.summary.root_cause = ""
    passes("PM001", incident)


@pytest.mark.parametrize(
    ("path", "blank"),
    [
        ("title", lambda i: setattr(i, "title", "")),
        ("summary.start", lambda i: setattr(i.summary, "start", None)),
        ("summary.end", lambda i: setattr(i.summary, "end", None)),
        ("summary.impact", lambda i: setattr(i.summary, "impact", "  \n ")),
        (
            "summary.root_cause",
            lambda i: (
                setattr(i.summary, "root_cause", ""),
                setattr(i.analysis, "root_cause", " "),
            ),
        ),
        ("analysis.resolution", lambda i: setattr(i.analysis, "resolution", "")),
        ("timeline", lambda i: setattr(i, "timeline", [])),
    ],
)
def test_a_missing_required_field_is_an_error_on_its_path(path: str, blank) -> None:
    incident = complete_incident()
    blank(incident)
    finding = fails("PM001", incident, "error", path)
    assert [f.path for f in findings_of("PM001", incident)] == [path]
    assert "missing" in finding.message or "empty" in finding.message


# --- PM002: timezone -------------------------------------------------------------------------


def test_a_named_timezone_passes() -> None:
    passes("PM002", complete_incident())


def test_no_timezone_is_a_warning() -> None:
    incident = complete_incident()
    incident.timezone = ""
    fails("PM002", incident, "warning", "timezone")


# --- PM003: end after start ------------------------------------------------------------------


def test_an_end_after_the_start_passes() -> None:
    passes("PM003", complete_incident())


@pytest.mark.parametrize("end", [at(9), at(10)], ids=["before", "equal"])
def test_an_end_not_after_the_start_is_an_error(end: datetime) -> None:
    incident = complete_incident()
    incident.summary.end = end
    fails("PM003", incident, "error", "summary.end")


def test_the_same_moment_in_another_offset_is_compared_as_the_same_time() -> None:
    incident = complete_incident()
    incident.summary.end = at(10).astimezone(UTC)  # 15:00 UTC, the start itself
    fails("PM003", incident, "error", "summary.end")


# --- PM004: how many users -------------------------------------------------------------------


def test_a_share_of_users_in_the_field_passes() -> None:
    incident = complete_incident()
    incident.summary.impact = "Pages were slow."
    passes("PM004", incident)


@pytest.mark.parametrize(
    "impact",
    ["About 40% of requests failed.", "1,200 customers could not log in.", "All users saw errors."],
)
def test_a_count_of_users_in_the_impact_text_passes(impact: str) -> None:
    incident = complete_incident()
    incident.summary.users_affected_percent = None
    incident.summary.impact = impact
    passes("PM004", incident)


def test_an_impact_that_does_not_count_users_is_a_warning() -> None:
    incident = complete_incident()
    incident.summary.users_affected_percent = None
    incident.summary.impact = "Pages were slow."
    fails("PM004", incident, "warning", "summary.users_affected_percent")


# --- PM005, PM006: detection and resolution recorded -----------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "kind"), [("PM005", Kind.DETECTION), ("PM006", Kind.RESOLUTION)]
)
def test_a_timeline_recording_the_kind_passes(rule_id: str, kind: Kind) -> None:
    passes(rule_id, complete_incident())
    passes(rule_id, Incident(timeline=[TimelineEntry(kind=kind, text="it")]))


@pytest.mark.parametrize(
    ("rule_id", "kind"), [("PM005", Kind.DETECTION), ("PM006", Kind.RESOLUTION)]
)
def test_a_timeline_without_the_kind_is_an_error(rule_id: str, kind: Kind) -> None:
    incident = complete_incident()
    incident.timeline = [e for e in incident.timeline if e.kind != kind]
    fails(rule_id, incident, "error", "timeline")


@pytest.mark.parametrize("rule_id", ["PM005", "PM006"])
def test_an_empty_timeline_is_left_to_the_required_fields_rule(rule_id: str) -> None:
    incident = complete_incident()
    incident.timeline = []
    passes(rule_id, incident)


# --- PM007: time order -----------------------------------------------------------------------


def test_entries_in_time_order_pass_even_with_unknown_times_between() -> None:
    incident = complete_incident()
    incident.timeline.insert(2, TimelineEntry(kind=Kind.NOTE, text="Someone paged the lead."))
    passes("PM007", incident)


def test_an_entry_earlier_than_the_one_before_is_a_warning_on_its_time() -> None:
    incident = complete_incident()
    incident.timeline[3].at = at(10, 10)  # after 10:30, before it
    finding = fails("PM007", incident, "warning", "timeline[3].at")
    assert [f.path for f in findings_of("PM007", incident)] == [finding.path]


# --- PM008: within the window ----------------------------------------------------------------


def test_entries_within_the_window_pass_including_its_edges() -> None:
    incident = complete_incident()
    incident.timeline[0].at = at(10)
    incident.timeline[-1].at = at(12, 30)
    passes("PM008", incident)


def test_an_entry_before_the_start_is_a_warning() -> None:
    incident = complete_incident()
    incident.timeline[0].at = at(9, 55)
    finding = fails("PM008", incident, "warning", "timeline[0].at")
    assert "before" in finding.message


def test_an_entry_after_the_end_is_a_warning() -> None:
    incident = complete_incident()
    incident.timeline[5].at = at(13)
    finding = fails("PM008", incident, "warning", "timeline[5].at")
    assert "after" in finding.message


# --- PM009: placeholders ---------------------------------------------------------------------


def test_text_without_placeholders_passes() -> None:
    passes("PM009", complete_incident())


@pytest.mark.parametrize(
    ("path", "put"),
    [
        ("title", lambda i: setattr(i, "title", "Outage on [Date]")),
        ("summary.service", lambda i: setattr(i.summary, "service", "TBD")),
        ("summary.impact", lambda i: setattr(i.summary, "impact", "[Insert impact here]")),
        (
            "timeline[0].label",
            lambda i: setattr(i.timeline[0], "label", "Issue Detected: [Timestamp]"),
        ),
        ("timeline[1].text", lambda i: setattr(i.timeline[1], "text", "TODO: fill in")),
        (
            "analysis.lessons",
            lambda i: setattr(i.analysis, "lessons", "Lorem ipsum dolor sit amet."),
        ),
        ("measures.improvements[0]", lambda i: setattr(i.measures, "improvements", ["XXX"])),
        (
            "measures.tasks[0].text",
            lambda i: setattr(i.measures.tasks[0], "text", "Fix it FIXME now"),
        ),
        ("sections[0].body", lambda i: i.sections.append(FreeSection(body="By [Your Name]"))),
    ],
)
def test_a_placeholder_left_in_is_an_error_on_its_field(path: str, put) -> None:
    incident = complete_incident()
    put(incident)
    fails("PM009", incident, "error", path)
    assert [f.path for f in findings_of("PM009", incident)] == [path]


def test_placeholder_words_inside_other_words_are_not_placeholders() -> None:
    incident = complete_incident()
    incident.analysis.lessons = "Todos, tbdx and the timestamp columns were fine; see [link]."
    passes("PM009", incident)


# --- PM010: unknown times --------------------------------------------------------------------


def test_entries_with_times_pass() -> None:
    passes("PM010", complete_incident())


def test_an_entry_without_a_time_is_a_warning_on_its_time() -> None:
    incident = complete_incident()
    incident.timeline[2].at = None
    fails("PM010", incident, "warning", "timeline[2].at")


# --- PM012: times not read ------------------------------------------------------------------


def test_entries_without_a_time_and_ordinary_text_pass() -> None:
    incident = complete_incident()
    incident.timeline[2].at = None
    passes("PM012", incident)


def test_an_entry_kept_without_its_unread_time_is_an_error_counted_from_one() -> None:
    incident = complete_incident()
    incident.timeline.append(TimelineEntry(text="14;22 restarted the database"))
    number = len(incident.timeline)
    finding = fails("PM012", incident, "error", f"timeline[{number - 1}].at")
    assert finding.message == "time not read: '14;22': type the time in the entry's time box"
    assert place_of(incident, finding.path) == f"timeline entry {number}"


def test_a_timed_entry_with_time_like_words_passes() -> None:
    incident = complete_incident()
    incident.timeline[0].text = "14;22 was when the first alert came"
    passes("PM012", incident)


# --- PM011: specific tasks -------------------------------------------------------------------


def test_a_specific_task_passes() -> None:
    passes("PM011", complete_incident())


def test_no_task_is_an_error() -> None:
    incident = complete_incident()
    incident.measures.tasks = []
    fails("PM011", incident, "error", "measures.tasks")


def test_a_task_of_two_words_is_a_vague_warning_and_three_words_pass() -> None:
    incident = complete_incident()
    incident.measures.tasks.append(Task(text="Fix it"))
    fails("PM011", incident, "warning", "measures.tasks[1].text")
    incident.measures.tasks[1].text = "Fix the balancer"
    passes("PM011", incident)


# --- HB001: timezone and share of users ------------------------------------------------------


def test_a_timezone_and_a_share_of_users_pass_the_course_summary() -> None:
    passes("HB001", complete_incident())


def test_a_percent_in_the_impact_text_is_a_share_of_users() -> None:
    incident = complete_incident()
    incident.summary.users_affected_percent = None
    incident.summary.impact = "About 30% of users saw errors."
    passes("HB001", incident)


def test_the_course_summary_without_a_timezone_is_an_error() -> None:
    incident = complete_incident()
    incident.timezone = ""
    fails("HB001", incident, "error", "timezone")


def test_the_course_summary_without_a_share_of_users_is_an_error() -> None:
    incident = complete_incident()
    incident.summary.users_affected_percent = None
    incident.summary.impact = "1,200 customers could not log in."  # a count, not a share
    fails("HB001", incident, "error", "summary.users_affected_percent")


# --- HB002..HB006: what the course's timeline records ----------------------------------------


TIMELINE_RULES = [
    ("HB002", {Kind.DETECTION}),
    ("HB003", {Kind.INVESTIGATION, Kind.MITIGATION}),
    ("HB004", {Kind.MISLEADING}),
    ("HB005", {Kind.ESCALATION}),
    ("HB006", {Kind.RESOLUTION}),
]


@pytest.mark.parametrize(("rule_id", "kinds"), TIMELINE_RULES)
def test_the_course_timeline_passes_when_it_records_the_kind(
    rule_id: str, kinds: set[Kind]
) -> None:
    passes(rule_id, complete_incident())
    for kind in kinds:  # any one of the kinds is enough
        passes(rule_id, Incident(timeline=[TimelineEntry(kind=kind, text="it")]))


@pytest.mark.parametrize(("rule_id", "kinds"), TIMELINE_RULES)
def test_the_course_timeline_without_the_kind_is_an_error(rule_id: str, kinds: set[Kind]) -> None:
    incident = complete_incident()
    incident.timeline = [e for e in incident.timeline if e.kind not in kinds]
    fails(rule_id, incident, "error", "timeline")


# --- HB007: 400 to 600 words -----------------------------------------------------------------


def test_the_word_count_builder_hits_its_target() -> None:
    for words in (399, 400, 600, 601):
        assert word_count(render_markdown(with_words(complete_incident(), words))) == words


def test_399_words_is_too_short_for_the_course() -> None:
    finding = fails("HB007", with_words(complete_incident(), 399), "error", "(document)")
    assert finding.message.startswith("399 words")


def test_400_words_is_enough_for_the_course() -> None:
    assert HOLBERTON_WORDS == (400, 600)
    passes("HB007", with_words(complete_incident(), 400))


def test_600_words_is_the_most_the_course_allows() -> None:
    passes("HB007", with_words(complete_incident(), 600))
    finding = fails("HB007", with_words(complete_incident(), 601), "error", "(document)")
    assert finding.message.startswith("601 words")


# --- check_incident ----------------------------------------------------------------------------


def test_errors_come_before_warnings_each_group_in_rule_order() -> None:
    incident = complete_incident()
    incident.timezone = ""  # PM002 warning, an early rule
    incident.timeline[2].at = None  # PM010 warning
    incident.measures.tasks = []  # PM011 error, the last rule
    incident.title = "TBD"  # PM009 error
    findings = check_incident(incident)
    assert [(f.id, f.severity) for f in findings] == [
        ("PM009", "error"),
        ("PM011", "error"),
        ("PM002", "warning"),
        ("PM010", "warning"),
    ]


def test_the_holberton_profile_adds_the_course_rules_to_the_standard_ones() -> None:
    incident = complete_incident()
    incident.timezone = ""
    ids = {f.id for f in check_incident(incident, "holberton")}
    assert {"PM002", "HB001", "HB007"} <= ids
    assert not {f.id for f in check_incident(incident, "standard")} & {"HB001", "HB007"}


def test_the_undated_seed_reports_its_placeholder_and_missing_times() -> None:
    findings = check_incident(IncidentFile.load(SEED_003).incident)
    errors = {(f.id, f.path) for f in findings if f.severity == "error"}
    assert ("PM009", "timeline[0].label") in errors
    assert ("PM001", "summary.start") in errors
    assert ("PM001", "summary.end") in errors
    assert [f.severity for f in findings] == sorted(
        (f.severity for f in findings), key=lambda s: s != "error"
    )


@pytest.mark.parametrize("path", CLEAN_SAMPLES, ids=lambda p: p.stem)
def test_the_dated_samples_have_no_errors_in_the_standard_profile(path: Path) -> None:
    findings = check_incident(IncidentFile.load(path).incident)
    assert [f for f in findings if f.severity == "error"] == []


def test_there_are_four_dated_samples() -> None:
    assert len(CLEAN_SAMPLES) == 4


# --- metrics_data ------------------------------------------------------------------------------


def test_metrics_give_seconds_and_readable_text() -> None:
    assert metrics_data(complete_incident()) == {
        "duration": {"seconds": 9000, "text": "2 h 30 min"},
        "time_to_detect": {"seconds": 300, "text": "5 min"},
        "time_to_mitigate": {"seconds": 3600, "text": "1 h"},
        "time_to_resolve": {"seconds": 8100, "text": "2 h 15 min"},
    }


def test_metrics_fall_back_to_resolution_and_end() -> None:
    incident = complete_incident()
    incident.timeline = [
        e for e in incident.timeline if e.kind not in {Kind.MITIGATION, Kind.RESOLUTION}
    ]
    data = metrics_data(incident)
    assert data["time_to_mitigate"] == {"seconds": None, "text": "unknown"}
    assert data["time_to_resolve"] == {"seconds": 9000, "text": "2 h 30 min"}


def test_metrics_without_a_start_are_unknown() -> None:
    incident = complete_incident()
    incident.summary.start = None
    data = metrics_data(incident)
    assert set(data) == {"duration", "time_to_detect", "time_to_mitigate", "time_to_resolve"}
    for value in data.values():
        assert value == {"seconds": None, "text": "unknown"}


def test_metrics_over_a_day_count_days() -> None:
    incident = complete_incident()
    incident.summary.end = at(12, 30, day=15)
    assert metrics_data(incident)["duration"] == {"seconds": 86400 + 9000, "text": "1 d 2 h 30 min"}
