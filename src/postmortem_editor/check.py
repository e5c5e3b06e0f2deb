"""Rubric rules over an incident: findings with a stable id, a severity, a field path and a message.

Profile ``standard`` holds what any postmortem needs; ``holberton`` adds the rubric of
the SRE course the sample incidents come from (a timeline that covers detection, actions,
a misleading path, escalation and resolution, and a 400 to 600 word document).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from itertools import chain
from typing import Any, Literal

from postmortem_editor.model import Incident, Kind, format_duration
from postmortem_editor.quickentry import unread_time
from postmortem_editor.render import Profile, incident_words

CheckProfile = Literal["standard", "holberton"]
CHECK_PROFILES: tuple[CheckProfile, ...] = ("standard", "holberton")
Severity = Literal["error", "warning"]

HOLBERTON_WORDS = (400, 600)

PLACEHOLDER = re.compile(
    r"\[(?:timestamp|time|date|specify[^\]]*|insert[^\]]*|your[^\]]*|name|tbd|todo)\]"
    r"|\b(?:TODO|TBD|XXX|FIXME)\b"
    r"|lorem ipsum",
    re.IGNORECASE,
)
_USERS = re.compile(
    r"\d+(?:\.\d+)?\s*%|\b\d[\d,]*\s+(?:users|customers|people|accounts|requests)\b"
    r"|\b(?:all|every|no|most|half|some|few)\s+(?:of\s+(?:our|the)\s+)?(?:users|customers)\b",
    re.IGNORECASE,
)
_VAGUE_TASK_WORDS = 3


@dataclass(frozen=True)
class Finding:
    """One thing the rubric found."""

    id: str
    """Stable rule id, e.g. "PM005"."""
    severity: Severity
    """"error" (the postmortem is not done) or "warning" (worth a look)."""
    path: str
    """The field it is about, e.g. "summary.start" or "timeline[3].at"."""
    message: str
    """What is wrong and what to do, in one sentence."""

    def as_dict(self) -> dict[str, str]:
        """The finding as plain data (for JSON)."""
        return asdict(self)


@dataclass(frozen=True)
class Rule:
    """A rubric rule: its id, what it checks, and the function that checks it."""

    id: str
    title: str
    check: Callable[[Incident], Iterator[Finding]]


def _finding(rule_id: str, severity: Severity, path: str, message: str) -> Finding:
    return Finding(rule_id, severity, path, message)


# --- standard rules ---------------------------------------------------------------------


def required_fields(incident: Incident) -> Iterator[Finding]:
    """PM001: the fields every postmortem needs are filled in."""
    wanted = [
        ("title", incident.title, "give the postmortem a title"),
        ("summary.start", incident.summary.start, "say when the incident started"),
        ("summary.end", incident.summary.end, "say when it ended"),
        ("summary.impact", incident.summary.impact.strip(), "say what users saw"),
        (
            "summary.root_cause",
            incident.summary.root_cause.strip() or incident.analysis.root_cause.strip(),
            "state the root cause",
        ),
        ("analysis.resolution", incident.analysis.resolution.strip(), "say how it was resolved"),
    ]
    for path, value, advice in wanted:
        if not value:
            yield _finding("PM001", "error", path, f"missing: {advice}")
    if not incident.timeline:
        yield _finding(
            "PM001", "error", "timeline", "the timeline is empty: add what happened, when"
        )


def timezone_set(incident: Incident) -> Iterator[Finding]:
    """PM002: the incident names its timezone, so readers know what the times mean."""
    if not incident.timezone:
        yield _finding(
            "PM002",
            "warning",
            "timezone",
            "no timezone set: name one (e.g. UTC or America/New_York)",
        )


def end_after_start(incident: Incident) -> Iterator[Finding]:
    """PM003: the incident ends after it starts."""
    start, end = incident.summary.start, incident.summary.end
    if start and end and end <= start:
        yield _finding("PM003", "error", "summary.end", "the end is not after the start")


def impact_counts_users(incident: Incident) -> Iterator[Finding]:
    """PM004: the impact says how many users were affected."""
    if incident.summary.users_affected_percent is not None:
        return
    if incident.summary.impact.strip() and not _USERS.search(incident.summary.impact):
        yield _finding(
            "PM004",
            "warning",
            "summary.users_affected_percent",
            "the impact does not say how many users were affected (a share such as 40%)",
        )


def _records(kind: Kind, rule_id: str, what: str, severity: Severity = "error") -> Rule:
    def check(incident: Incident) -> Iterator[Finding]:
        if incident.timeline and not any(e.kind == kind for e in incident.timeline):
            yield _finding(rule_id, severity, "timeline", f"the timeline records no {what}")

    return Rule(rule_id, f"the timeline records {what}", check)


def time_order(incident: Incident) -> Iterator[Finding]:
    """PM007: timeline entries are in time order."""
    latest = None
    for index, entry in enumerate(incident.timeline):
        if entry.at is None:
            continue
        if latest is not None and entry.at < latest:
            yield _finding(
                "PM007",
                "warning",
                f"timeline[{index}].at",
                "this entry is earlier than the one before it",
            )
        latest = entry.at if latest is None else max(latest, entry.at)


def within_window(incident: Incident) -> Iterator[Finding]:
    """PM008: timeline entries fall between the incident's start and end."""
    start, end = incident.summary.start, incident.summary.end
    for index, entry in enumerate(incident.timeline):
        if entry.at is None:
            continue
        if start and entry.at < start:
            yield _finding(
                "PM008",
                "warning",
                f"timeline[{index}].at",
                "this entry is before the incident's start",
            )
        elif end and entry.at > end:
            yield _finding(
                "PM008",
                "warning",
                f"timeline[{index}].at",
                "this entry is after the incident's end",
            )


def entry_problems(incident: Incident) -> dict[str, str]:
    """Entries out of time order or outside the incident window (PM007 and PM008), by id,
    with the first reason found: what the timeline table and the preview mark."""
    problems: dict[str, str] = {}
    for finding in chain(time_order(incident), within_window(incident)):
        index = int(finding.path.removeprefix("timeline[").split("]", 1)[0])
        problems.setdefault(incident.timeline[index].id, finding.message)
    return problems


def _texts(incident: Incident) -> Iterator[tuple[str, str]]:
    yield "title", incident.title
    for name in ("service", "impact", "root_cause"):
        yield f"summary.{name}", getattr(incident.summary, name)
    for index, entry in enumerate(incident.timeline):
        yield f"timeline[{index}].label", entry.label
        yield f"timeline[{index}].text", entry.text
    for name in ("root_cause", "resolution", "trigger", "lessons"):
        yield f"analysis.{name}", getattr(incident.analysis, name)
    for index, text in enumerate(incident.measures.improvements):
        yield f"measures.improvements[{index}]", text
    for index, task in enumerate(incident.measures.tasks):
        yield f"measures.tasks[{index}].text", task.text
    for index, section in enumerate(incident.sections):
        yield f"sections[{index}].body", section.body


def placeholders(incident: Incident) -> Iterator[Finding]:
    """PM009: no placeholder ([Timestamp], TODO, TBD, XXX, lorem ipsum) is left in."""
    for path, text in _texts(incident):
        match = PLACEHOLDER.search(text)
        if match:
            yield _finding(
                "PM009", "error", path, f"placeholder {match.group(0)!r} left in: replace it"
            )


def unknown_times(incident: Incident) -> Iterator[Finding]:
    """PM010: every timeline entry has a time."""
    for index, entry in enumerate(incident.timeline):
        if entry.at is None:
            yield _finding("PM010", "warning", f"timeline[{index}].at", "this entry has no time")


def times_not_read(incident: Incident) -> Iterator[Finding]:
    """PM012: no entry was kept without a time because its typed time could not be read."""
    for index, entry in enumerate(incident.timeline):
        if entry.at is not None:
            continue
        words = unread_time(entry.text)
        if words is not None:
            yield _finding(
                "PM012",
                "error",
                f"timeline[{index}].at",
                f"time not read: {words!r}: type the time in the entry's time box",
            )


def specific_tasks(incident: Incident) -> Iterator[Finding]:
    """PM011: there is at least one specific task, and none is too vague to act on."""
    tasks = incident.measures.tasks
    if not tasks:
        yield _finding(
            "PM011", "error", "measures.tasks", "no tasks: list at least one specific thing to do"
        )
    for index, task in enumerate(tasks):
        if len(task.text.split()) < _VAGUE_TASK_WORDS:
            yield _finding(
                "PM011",
                "warning",
                f"measures.tasks[{index}].text",
                "this task is too vague to act on",
            )


STANDARD_RULES: tuple[Rule, ...] = (
    Rule("PM001", "required fields are filled in", required_fields),
    Rule("PM002", "a timezone is named", timezone_set),
    Rule("PM003", "the end is after the start", end_after_start),
    Rule("PM004", "the impact says how many users", impact_counts_users),
    _records(Kind.DETECTION, "PM005", "detection"),
    _records(Kind.RESOLUTION, "PM006", "resolution"),
    Rule("PM007", "entries are in time order", time_order),
    Rule("PM008", "entries are within the incident window", within_window),
    Rule("PM009", "no placeholders are left in", placeholders),
    Rule("PM010", "every entry has a time", unknown_times),
    Rule("PM011", "there is a specific task", specific_tasks),
    Rule("PM012", "every typed time was read", times_not_read),
)


# --- holberton: the course's rubric ------------------------------------------------------------


def holberton_summary(incident: Incident) -> Iterator[Finding]:
    """HB001: the summary gives a timezone and the share of users affected."""
    if not incident.timezone:
        yield _finding("HB001", "error", "timezone", "the rubric asks for the duration's timezone")
    summary = incident.summary
    share = summary.users_affected_percent is not None or "%" in summary.impact
    if not share:
        yield _finding(
            "HB001",
            "error",
            "summary.users_affected_percent",
            "the rubric asks for the share of users affected (e.g. 80%)",
        )


def holberton_words(incident: Incident) -> Iterator[Finding]:
    """HB007: the rendered postmortem has 400 to 600 words."""
    low, high = HOLBERTON_WORDS
    words = incident_words(incident)
    if words < low:
        yield _finding(
            "HB007", "error", "(document)", f"{words} words: the rubric asks for at least {low}"
        )
    elif words > high:
        yield _finding(
            "HB007", "error", "(document)", f"{words} words: the rubric asks for at most {high}"
        )


def _actions_taken(incident: Incident) -> Iterator[Finding]:
    acting = {Kind.INVESTIGATION, Kind.MITIGATION}
    if incident.timeline and not any(e.kind in acting for e in incident.timeline):
        yield _finding(
            "HB003",
            "error",
            "timeline",
            "the timeline records no actions taken (investigation or mitigation)",
        )


HOLBERTON_RULES: tuple[Rule, ...] = (
    Rule("HB001", "the summary has a timezone and a share of users", holberton_summary),
    _records(Kind.DETECTION, "HB002", "how the issue was detected"),
    Rule("HB003", "the timeline records actions taken", _actions_taken),
    _records(Kind.MISLEADING, "HB004", "misleading investigation or debugging path"),
    _records(Kind.ESCALATION, "HB005", "escalation"),
    _records(Kind.RESOLUTION, "HB006", "resolution"),
    Rule("HB007", "the document has 400 to 600 words", holberton_words),
)

PROFILE_RULES: dict[str, tuple[Rule, ...]] = {
    "standard": STANDARD_RULES,
    "holberton": STANDARD_RULES + HOLBERTON_RULES,
}


def check_incident(incident: Incident, profile: CheckProfile = "standard") -> list[Finding]:
    """All findings of the profile's rules, errors first, each group in rule order."""
    if profile not in PROFILE_RULES:
        raise ValueError(f"unknown profile {profile!r}: choose one of {', '.join(CHECK_PROFILES)}")
    findings = [finding for rule in PROFILE_RULES[profile] for finding in rule.check(incident)]
    return sorted(findings, key=lambda f: f.severity != "error")


def rubric_and_words(
    incident: Incident, rubric: CheckProfile, profile: Profile
) -> tuple[list[Finding], int]:
    """The rubric's findings and the rendered word count of an incident, as the editor
    shows them; the count is of the incident's words, the same in every render profile."""
    findings = check_incident(incident, rubric)
    return findings, incident_words(incident)


def metrics_data(incident: Incident) -> dict[str, Any]:
    """The incident's metrics as plain data: seconds (or null) and a readable form."""
    data: dict[str, Any] = {}
    for name, value in incident.metrics().model_dump().items():
        data[name] = {
            "seconds": None if value is None else int(value.total_seconds()),
            "text": format_duration(value),
        }
    return data
