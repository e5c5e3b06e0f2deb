"""Suggesting the kind of a timeline entry from its words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.kinds import KIND_HINTS, kind_hint, suggest_kind
from postmortem_editor.model import Kind

from ..conftest import SEEDS

DET, INV, MIS, ESC, MIT, RES, COM, NOTE = (
    Kind.DETECTION,
    Kind.INVESTIGATION,
    Kind.MISLEADING,
    Kind.ESCALATION,
    Kind.MITIGATION,
    Kind.RESOLUTION,
    Kind.COMMUNICATION,
    Kind.NOTE,
)

# Every timeline line of the five seed postmortems (tests/seeds), with the kind a
# reader would give it.
SEED_TIMELINES: dict[str, list[tuple[str, Kind]]] = {
    "000": [
        ("Issue detected through a surge in error rate alerts on the monitoring dashboard.", DET),
        ("Engineering team notified of the outage by the monitoring system.", DET),
        ("Initial investigation focused on database performance due to recent updates.", INV),
        ("Misleading assumption made that recent code changes might have introduced a bug.", MIS),
        ("Incident escalated to the infrastructure team for further investigation.", ESC),
        ("Load balancer logs reviewed, revealing unusual traffic patterns.", INV),
        ("Load balancer configuration checked and identified misconfigured settings.", INV),
        (
            "Load balancer configuration corrected to distribute traffic evenly across "
            "application servers.",
            MIT,
        ),
        ("Service fully restored after load balancer configuration fix.", RES),
    ],
    "001": [
        (
            "Issue detected through monitoring alerts indicating a surge in error rates and "
            "latency.",
            DET,
        ),
        (
            "Engineers began investigating the issue, suspecting a potential problem with the "
            "database servers due to recent updates.",
            INV,
        ),
        (
            "Further investigation revealed no anomalies with the database servers, shifting "
            "focus to the load balancer configuration.",
            INV,
        ),
        (
            "Misleadingly, engineers attempted to roll back recent changes to the database "
            "servers but saw no improvement in the service.",
            MIS,
        ),
        (
            "Issue escalated to the infrastructure team as engineers suspected a broader "
            "networking issue.",
            ESC,
        ),
        (
            "Close examination of load balancer configurations identified the misconfiguration "
            "leading to improper routing.",
            INV,
        ),
        ("Load balancer configuration corrected, restoring normal service functionality.", RES),
    ],
    "002": [
        ("Issue detected via monitoring alert indicating a spike in 503 errors.", DET),
        ("Engineering team alerted through automated paging system.", DET),
        (
            "Initial investigation started; assumption was a potential database issue due to "
            "similar past incidents.",
            MIS,
        ),
        ("Database team confirmed no issues; attention shifted to the application servers.", INV),
        ("Misleading path: checked recent application code deployments but found no errors.", MIS),
        ("Network team investigated and identified a misconfiguration in the load balancer.", INV),
        ("Incident escalated to the DevOps team.", ESC),
        ("DevOps team began reconfiguring the load balancer.", MIT),
        ("Load balancer configuration corrected and services started to recover.", MIT),
        ("Full service restoration confirmed; monitoring continued to ensure stability.", RES),
    ],
    "003": [
        ("Monitoring alerts indicated a significant increase in server response times.", DET),
        (
            "The monitoring system triggered an alert based on abnormal latency patterns and "
            "error rates.",
            DET,
        ),
        (
            "Incident response team initiated investigations into servers, databases, and "
            "network infrastructure.",
            INV,
        ),
        ("Initial assumptions pointed towards a potential DDoS attack.", MIS),
        # Listed under "Misleading Paths:" in the seed; its own words say investigation.
        (
            "Resources were allocated to investigate server logs for signs of malicious activity.",
            INV,
        ),
        ("Incident was escalated to system administrators and network engineers.", ESC),
        ("Root cause identified as a misconfigured load balancer.", INV),
        ("Load balancer settings adjusted to evenly distribute traffic.", MIT),
    ],
    "004": [
        (
            "The issue was detected when monitoring alerts indicated a sudden increase in server "
            "response times.",
            DET,
        ),
        (
            "Engineers investigated the issue and identified that the load balancer was not "
            "distributing traffic properly.",
            INV,
        ),
        (
            "Initial assumptions suggested a possible issue with backend server performance, "
            "leading to a brief investigation into server health metrics.",
            MIS,
        ),
        (
            "After ruling out server performance issues, attention shifted back to the load "
            "balancer configuration.",
            INV,
        ),
        (
            "The incident was escalated to the infrastructure team for further investigation and "
            "resolution.",
            ESC,
        ),
        (
            "The root cause was confirmed to be a misconfiguration in the load balancer settings.",
            INV,
        ),
        (
            "The issue was resolved by correcting the load balancer configuration and performing "
            "a rolling restart of affected services.",
            RES,
        ),
    ],
}

SEED_LINES = [
    pytest.param(text, kind, id=f"{seed}-{number}")
    for seed, lines in SEED_TIMELINES.items()
    for number, (text, kind) in enumerate(lines, start=1)
]


@pytest.mark.parametrize(("text", "kind"), SEED_LINES)
def test_every_seed_timeline_line_gets_the_kind_a_reader_would_give(text: str, kind: Kind) -> None:
    assert suggest_kind(text) == kind


_BOLD_TIME_LINE = re.compile(r"^\s*- \*\*\d{1,2}:\d{2} [AP]M(?: \(UTC\))?:?\*\*:?\s*(?P<text>.+)$")


def test_the_seed_table_covers_every_timed_line_of_the_seeds() -> None:
    tabled = {text for lines in SEED_TIMELINES.values() for text, _ in lines}
    found = [
        match.group("text").strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if (match := _BOLD_TIME_LINE.match(line))
    ]
    assert len(found) == 33
    assert set(found) <= tabled


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Issue Detected", DET),
        ("Detection Method", DET),
        ("Misleading Paths", MIS),
        ("Escalation", ESC),
        ("Resolution", RES),
        ("Actions Taken", NOTE),
    ],
)
def test_group_headings_of_a_nested_timeline_suggest_their_kind(heading: str, kind: Kind) -> None:
    assert suggest_kind(heading) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("paged the DBA", ESC),
        ("paged the on-call database engineer", ESC),
        ("brought in the storage vendor", ESC),
        ("on-call engineer paged by PagerDuty", DET),
        ("users reported checkout failures on Twitter", DET),
        ("noticed elevated 5xx in Grafana", DET),
        ("looked into the connection pool settings", INV),
        ("rolled back the 14:02 deploy", MIT),
        ("rollback of release 42 started", MIT),
        ("failed over to the standby database", MIT),
        ("scaled the API fleet out to 12 nodes", MIT),
        ("redirected traffic to us-west-2", MIT),
        ("applied fix to the cache keys", MIT),
        ("mitigated by disabling the feature flag", MIT),
        ("error rates back to normal", RES),
        ("all systems fully operational", RES),
        ("notified customers via email", COM),
        ("updated the status page", COM),
        ("posted update in #incidents", COM),
        ("red herring: the CDN was fine", MIS),
        ("we wrongly blamed the DNS change", MIS),
        ("the deploy turned out not to be involved", MIS),
        ("incident commander assumed command", NOTE),
        ("coffee break", NOTE),
        ("", NOTE),
    ],
)
def test_common_entry_phrasings_suggest_their_kind(text: str, kind: Kind) -> None:
    assert suggest_kind(text) == kind


def test_escalation_wins_over_detection_words_in_the_same_entry() -> None:
    assert suggest_kind("Alert escalated to the infrastructure team") == ESC


def test_escalation_wins_over_the_resolution_it_was_escalated_for() -> None:
    assert suggest_kind("Escalated to the DBA team for resolution") == ESC


def test_misleading_wins_over_the_rollback_that_led_nowhere() -> None:
    assert suggest_kind("Misleadingly rolled back the last deploy") == MIS


def test_resolution_wins_over_the_fix_that_reached_it() -> None:
    assert suggest_kind("Resolved by restarting the workers") == RES


def test_mitigation_wins_over_began() -> None:
    assert suggest_kind("Began rolling back the release") == MIT


def test_matching_ignores_case() -> None:
    assert suggest_kind("INCIDENT ESCALATED TO SRE") == ESC


@pytest.mark.parametrize(
    "text",
    ["prefix the keys", "went undetected for an hour", "unresolved tickets piled up", "checkout"],
)
def test_phrases_match_whole_words_only(text: str) -> None:
    assert suggest_kind(text) == NOTE


def test_kind_hint_names_the_words_that_suggested_the_kind() -> None:
    assert kind_hint("Incident escalated to the infrastructure team") == (ESC, "escalated")
    assert kind_hint("Service fully restored") == (RES, "restored")
    assert kind_hint("nothing to see") is None


def test_the_hint_table_lists_every_kind_but_note_once() -> None:
    kinds = [kind for kind, _ in KIND_HINTS]
    assert sorted(kinds) == sorted(set(Kind) - {Kind.NOTE})


@given(st.text(max_size=200))
def test_any_text_gets_a_kind_and_the_same_kind_every_time(text: str) -> None:
    kind = suggest_kind(text)
    assert isinstance(kind, Kind)
    assert suggest_kind(text) == kind


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=200))
def test_upper_and_lower_case_text_get_the_same_kind(text: str) -> None:
    assert suggest_kind(text.upper()) == suggest_kind(text.lower())
