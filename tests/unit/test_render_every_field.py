"""Every field of an incident is shown by every profile: nothing the file says is left out."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from postmortem_editor.check import rubric_and_words
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
from postmortem_editor.render import PROFILES, incident_words, render_markdown, word_count

ZONE = timezone(timedelta(hours=2))


def _everything() -> Incident:
    return Incident(
        title="Quartzite gateway outage",
        severity="SEV-7Q",
        timezone="UTC+2",
        clock="24h",
        authors=["Ona Vellacott", "Piet Marrow"],
        summary=Summary(
            start=datetime(2031, 5, 6, 13, 7, tzinfo=ZONE),
            end=datetime(2031, 5, 6, 15, 41, tzinfo=ZONE),
            service="quartzite-gateway",
            impact="Uploads stalled for tenants in the amber region.",
            users_affected_percent=37,
            root_cause="A certificate rotation skipped the sidecars.",
        ),
        timeline=[
            TimelineEntry(
                at=datetime(2031, 5, 6, 13, 9, tzinfo=ZONE),
                kind=Kind.DETECTION,
                by="wrenbot",
                text="Synthetic probe flagged handshake failures.",
                label="Probe",
            ),
            TimelineEntry(
                at=datetime(2031, 5, 6, 15, 41, tzinfo=ZONE),
                kind=Kind.RESOLUTION,
                text="Sidecars reloaded their certificates.",
            ),
            TimelineEntry(kind=Kind.NOTE, text="Status page kept current.", label="Afterwards"),
        ],
        analysis=Analysis(
            root_cause="The rotation job listed pods by an outdated selector.",
            resolution="Operators reloaded every sidecar by hand.",
            trigger="The quarterly rotation ran on schedule.",
            lessons="Canary rotations would have caught the selector drift.",
        ),
        measures=Measures(
            improvements=["Alert on certificate age per sidecar."],
            tasks=[
                Task(
                    text="Rewrite the rotation selector.",
                    owner="team-ferrule",
                    priority="P0",
                    due=date(2031, 6, 1),
                    done=True,
                ),
            ],
        ),
        sections=[
            FreeSection(
                title="Glossary of gizmos", body="A sidecar proxies the gateway.", after="start"
            ),
            FreeSection(
                title="Appendix kestrel", body="Graphs are in the drive.", after="measures"
            ),
        ],
    )


VALUES = [
    "Quartzite gateway outage",
    "SEV-7Q",
    "Ona Vellacott",
    "Piet Marrow",
    "13:07",
    "15:41",
    "May 6, 2031",
    "UTC+2",
    "quartzite-gateway",
    "Uploads stalled for tenants in the amber region.",
    "37%",
    "A certificate rotation skipped the sidecars.",
    "13:09",
    "wrenbot",
    "Synthetic probe flagged handshake failures.",
    "Probe",
    "Sidecars reloaded their certificates.",
    "Status page kept current.",
    "Afterwards",
    "The rotation job listed pods by an outdated selector.",
    "Operators reloaded every sidecar by hand.",
    "The quarterly rotation ran on schedule.",
    "Canary rotations would have caught the selector drift.",
    "Alert on certificate age per sidecar.",
    "Rewrite the rotation selector.",
    "team-ferrule",
    "P0",
    "2031-06-01",
    "Glossary of gizmos",
    "A sidecar proxies the gateway.",
    "Appendix kestrel",
    "Graphs are in the drive.",
]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_field_is_rendered_in_every_profile(profile: str) -> None:
    markdown = render_markdown(_everything(), profile)  # type: ignore[arg-type]
    missing = [value for value in VALUES if value not in markdown]
    assert not missing, f"{profile} leaves out {missing}"


def test_the_word_count_does_not_change_with_the_profile() -> None:
    incident = _everything()
    words = {rubric_and_words(incident, "holberton", profile)[1] for profile in PROFILES}
    assert words == {incident_words(incident)}
    assert incident_words(incident) == word_count(render_markdown(incident, "standard"))
