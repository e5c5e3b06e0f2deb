"""The sample incidents: faithful conversions of the seed postmortems.

Every word of each seed's content comes back in the sample's standard render. Words are
compared in lower case, without punctuation; list numbering and HTML tag names are
structure, not content. The few words the standard layout spells its own way are listed
below, each with its reason.
"""

from __future__ import annotations

import re

import pytest

from postmortem_editor.model import Incident
from postmortem_editor.render import render_markdown
from postmortem_editor.store import IncidentFile

from ..conftest import ROOT, SEEDS

SAMPLE_OF_SEED = {
    "000_7944cd21160a79dc.txt": "2024-02-14-load-balancer-outage.toml",
    "001_5fd7a72d1b423ad2.txt": "2024-03-15-web-stack-outage.toml",
    "002_84ea7d0aa5fd3ed0.txt": "2024-06-05-503-service-unavailable.toml",
    "003_d0de7ebbbc07db80.txt": "undated-load-balancer-degradation.toml",
    "004_52eb452ef33d325f.txt": "2024-04-15-api-service-outage.toml",
}

# The duration line is "from 10:00 AM to 12:30 PM on June 5, 2024 (UTC), 2 h 30 min":
# the seeds' "Start Time:" / "End Time:" labels and seed 004's "The outage occurred"
# are phrasing of that line, whose facts are all in it. Seed 003's times and timezone are
# placeholders ("[Specify Timezone]"): the sample has none, and the render invents none.
LAYOUT_WORDS = {
    "002_84ea7d0aa5fd3ed0.txt": {"start", "end"},
    "003_d0de7ebbbc07db80.txt": {"start", "end", "specify", "timezone"},
    "004_52eb452ef33d325f.txt": {"occurred"},
}


def words(text: str) -> set[str]:
    """Content words: lower case, HTML tags and list numbering removed."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"^\s*(?:\d+\.|[-*+])\s+", " ", text, flags=re.M)
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def test_every_seed_has_a_sample() -> None:
    samples = {p.name for p in (ROOT / "sample_incidents").glob("*.toml")}
    assert set(SAMPLE_OF_SEED.values()) <= samples


@pytest.mark.parametrize("seed", sorted(SAMPLE_OF_SEED))
def test_render_of_sample_keeps_every_word_of_its_seed(seed: str) -> None:
    incident = IncidentFile.load(ROOT / "sample_incidents" / SAMPLE_OF_SEED[seed]).incident
    missing = (
        words(_seed_text(seed)) - words(render_markdown(incident)) - LAYOUT_WORDS.get(seed, set())
    )
    assert not missing, f"words of {seed} lost in the render: {sorted(missing)}"


@pytest.mark.parametrize("seed", sorted(SAMPLE_OF_SEED))
def test_sample_timeline_has_one_entry_per_seed_timeline_line(seed: str) -> None:
    text = _seed_text(seed)
    incident: Incident = IncidentFile.load(
        ROOT / "sample_incidents" / SAMPLE_OF_SEED[seed]
    ).incident
    timed = re.findall(r"^\s*- \*\*\d{1,2}:\d{2} [AP]M", text, flags=re.M)
    if timed:
        assert len(incident.timeline) == len(timed)
        assert all(entry.at is not None for entry in incident.timeline)
    else:
        assert incident.timeline and all(entry.at is None for entry in incident.timeline)


@pytest.mark.parametrize("seed", sorted(LAYOUT_WORDS))
def test_layout_words_are_really_missing_from_the_render(seed: str) -> None:
    # Keeps the allowance honest: a word the render does show needs no excuse.
    incident = IncidentFile.load(ROOT / "sample_incidents" / SAMPLE_OF_SEED[seed]).incident
    assert not LAYOUT_WORDS[seed] & words(render_markdown(incident))


def test_samples_are_structured_incidents() -> None:
    # A sample is a structured incident, not the seed's Markdown pasted into one field.
    for sample in SAMPLE_OF_SEED.values():
        incident = IncidentFile.load(ROOT / "sample_incidents" / sample).incident
        assert len(incident.timeline) >= 7
        assert incident.measures.tasks
