"""Generated incidents for the benchmarks: N timeline entries of realistic, varied text.

Deterministic: the same size and seed always give the same file. The incident has a full
summary, prose sections of a few paragraphs, improvements, tasks and a free section, and
its entries are spread over the incident window in time order.

    python bench/generate.py 500 /tmp/incident-500.toml
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from postmortem_editor.model import (
    SCHEMA_VERSION,
    FreeSection,
    Incident,
    Kind,
    Task,
    TimelineEntry,
)
from postmortem_editor.store import IncidentFile

ZONE = ZoneInfo("America/New_York")
START = datetime(2024, 5, 20, 8, 0, tzinfo=ZONE)

SERVICES = [
    "checkout API",
    "payments gateway",
    "search cluster",
    "session store",
    "image resizer",
    "notification queue",
    "inventory service",
    "edge load balancer",
    "primary Postgres",
    "Redis cache",
    "auth service",
    "order pipeline",
]
PEOPLE = ["Dana", "Luis", "Priya", "Mateo", "Aiko", "Sam", "Noor", "Jonas", "Fatima", "Wei"]
TEAMS = ["database team", "network team", "SRE on-call", "payments team", "platform team"]
METRICS = [
    "p99 latency",
    "5xx rate",
    "connection pool usage",
    "replication lag",
    "queue depth",
    "CPU steal",
    "GC pause time",
    "disk IOPS",
]

TEMPLATES: dict[Kind, list[str]] = {
    Kind.DETECTION: [
        "Alert fired: {metric} on the {service} above {number}% for {minutes} minutes.",
        "{person} noticed {metric} climbing on the {service} dashboard.",
        "Customer support reported {number} tickets about failed requests to the {service}.",
    ],
    Kind.INVESTIGATION: [
        "{person} checked the {service} logs; `{error}` appears on {number} hosts.",
        "Compared {metric} across regions: only us-east shows the spike.",
        "Traced slow requests from the {service} to the {other}; most time is spent waiting "
        "for connections.",
        "{person} reviewed the deploys of the last {hours} hours; nothing touched the {service}.",
        "Ran `EXPLAIN ANALYZE` on the slow query; it scans {number}k rows of the orders table.",
    ],
    Kind.MISLEADING: [
        "Suspected the {other} after its deploy at {clock}, rolled it back; no change.",
        "Thought the spike was a DDoS from {number} IPs; they were our own health checks.",
        "Restarted the {service} pods, which hid the errors for {minutes} minutes.",
    ],
    Kind.ESCALATION: [
        "Paged the {team}; {person} joined the bridge.",
        "Escalated to the {team} after {minutes} minutes without a lead.",
        "Incident commander handed over from {person} to {person2}.",
    ],
    Kind.MITIGATION: [
        "Shifted {number}% of traffic away from the {service} to the standby region.",
        "Raised the {service} connection pool from {number} to {number2}.",
        "Disabled the `{flag}` feature flag to shed load from the {service}.",
        "Scaled the {service} from {number} to {number2} replicas.",
    ],
    Kind.RESOLUTION: [
        "Deployed the fix for the {service}; {metric} back to normal.",
        "Confirmed recovery: error rate under 0.1% for {minutes} minutes.",
    ],
    Kind.COMMUNICATION: [
        "Posted an update on the status page: {service} degraded, next update in 30 minutes.",
        "{person} briefed customer support on the workaround for the {service}.",
        "Sent the internal incident summary to #incidents.",
    ],
    Kind.NOTE: [
        "{person} is taking notes on the bridge.",
        "Graphs of {metric} saved to the incident folder for the review.",
        "Reminder: the {service} runbook is out of date on failover.",
    ],
}
KIND_WEIGHTS = {
    Kind.INVESTIGATION: 30,
    Kind.MITIGATION: 14,
    Kind.COMMUNICATION: 12,
    Kind.NOTE: 12,
    Kind.ESCALATION: 8,
    Kind.MISLEADING: 8,
    Kind.DETECTION: 6,
}
"""How often each kind occurs between the first detection and the final resolution."""
ERRORS = ["connection reset by peer", "too many clients", "context deadline exceeded", "OOMKilled"]
FLAGS = ["new-recommendations", "async-receipts", "search-v2", "bulk-export"]

PARAGRAPHS = [
    "The {service} keeps a fixed pool of connections to the {other}. When {metric} rose after "
    "the morning batch job started, requests queued behind the pool and timed out after 30 "
    "seconds, which the clients retried, doubling the load within minutes.",
    "Our alerting watched averages, not percentiles, so the first alert came {minutes} minutes "
    "after the first failed checkout. By then the retry storm had spread to the {service2}, "
    "which shares the same database proxy.",
    "The runbook for the {service} assumed a single region. The on-call engineer followed it "
    "and restarted the pods, which cleared the queue for a few minutes and hid the real cause: "
    "a configuration change that halved the pool size on {day}.",
    "What went well: the incident channel was opened within five minutes, roles were clear, "
    "and status page updates went out every thirty minutes as promised.",
    "What went wrong: two teams investigated the same lead without knowing it, the dashboard "
    "for the {other} was missing the saturation panels, and the rollback took {minutes} minutes "
    "because the deploy pipeline was itself waiting on the {service}.",
    "Where we got lucky: the failure happened on a Monday morning with the whole team online; "
    "at night the same failure would have paged a single engineer with no access to the "
    "database proxy.",
]


def _fill(template: str, rng: random.Random) -> str:
    service, other, service2 = rng.sample(SERVICES, 3)
    person, person2 = rng.sample(PEOPLE, 2)
    number = rng.randint(3, 95)
    return template.format(
        service=service,
        other=other,
        service2=service2,
        person=person,
        person2=person2,
        team=rng.choice(TEAMS),
        metric=rng.choice(METRICS),
        number=number,
        number2=number * rng.randint(2, 4),
        minutes=rng.randint(2, 45),
        hours=rng.randint(2, 24),
        clock=f"{rng.randint(8, 11)}:{rng.randint(0, 59):02d}",
        error=rng.choice(ERRORS),
        flag=rng.choice(FLAGS),
        day=rng.choice(["Friday", "Saturday", "Sunday"]),
    )


def prose(rng: random.Random, paragraphs: int) -> str:
    """A few paragraphs of incident prose, separated by blank lines."""
    return "\n\n".join(_fill(rng.choice(PARAGRAPHS), rng) for _ in range(paragraphs))


def window(size: int) -> timedelta:
    """How long the generated incident lasts: longer for longer timelines, within one day."""
    return timedelta(hours=min(2 + size // 40, 12))


def timeline(size: int, rng: random.Random) -> list[TimelineEntry]:
    """``size`` entries in time order: detection first, resolution last, a varied middle."""
    length = window(size).total_seconds()
    seconds = sorted(rng.uniform(60, length - 60) for _ in range(max(size - 2, 0)))
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    entries = [TimelineEntry(at=START + timedelta(minutes=1), kind=Kind.DETECTION, text="")]
    for offset in seconds:
        kind = rng.choices(kinds, weights)[0]
        entries.append(TimelineEntry(at=START + timedelta(seconds=int(offset)), kind=kind))
    entries.append(TimelineEntry(at=START + window(size), kind=Kind.RESOLUTION))
    for entry in entries[:size]:
        entry.text = _fill(rng.choice(TEMPLATES[entry.kind]), rng)
    return entries[:size]


def incident(size: int, seed: int = 1) -> Incident:
    """A complete incident with ``size`` timeline entries."""
    rng = random.Random(f"{seed}-{size}")
    service = rng.choice(SERVICES)
    model = Incident(
        title=f"Checkout outage: {service} saturation ({size} entries)",
        severity="SEV-1",
        timezone="America/New_York",
        authors=rng.sample(PEOPLE, 3),
    )
    model.summary.start = START
    model.summary.end = START + window(size)
    model.summary.service = service
    model.summary.impact = (
        f"About {rng.randint(20, 90)}% of checkout requests failed or timed out; "
        "customers saw errors at payment and some orders were charged twice."
    )
    model.summary.users_affected_percent = float(rng.randint(20, 90))
    model.summary.root_cause = _fill(
        "A configuration change halved the {service} connection pool, which saturated under "
        "the morning load.",
        rng,
    )
    model.timeline = timeline(size, rng)
    model.analysis.root_cause = prose(rng, 3)
    model.analysis.resolution = prose(rng, 2)
    model.analysis.trigger = prose(rng, 1)
    model.analysis.lessons = prose(rng, 3)
    model.measures.improvements = [_fill(t, rng) for t in rng.sample(TEMPLATES[Kind.MITIGATION], 4)]
    model.measures.tasks = [
        Task(
            text=_fill("Add a saturation alert on the {service} connection pool.", rng),
            owner=rng.choice(TEAMS),
            priority=f"P{rng.randint(1, 3)}",
            due=date(2024, 6, rng.randint(1, 28)),
            done=rng.random() < 0.3,
        )
        for _ in range(8)
    ]
    model.sections = [FreeSection(title="Conclusion", body=prose(rng, 2), after="measures")]
    return model


def write_incident(path: Path, size: int, seed: int = 1) -> Path:
    """Write a generated incident of ``size`` entries to ``path`` through the store.

    The store starts from an empty file, so the result has no template comments; saving
    checks that the text reads back as the same incident.
    """
    document = IncidentFile(path, f"schema_version = {SCHEMA_VERSION}\n", Incident(), exists=False)
    document.incident = incident(size, seed)
    document.save(force=True)
    return path


def main() -> None:
    """Write one generated incident: generate.py SIZE FILE [--seed N]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("file", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_incident(args.file, args.size, args.seed)
    print(args.file)


if __name__ == "__main__":
    main()
