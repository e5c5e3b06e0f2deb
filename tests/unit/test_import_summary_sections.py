"""The summary and impact sections of a document, read into the incident's summary fields."""

from __future__ import annotations

from datetime import UTC, datetime

from postmortem_editor.importer.blocks import normalise_newlines, parse_blocks
from postmortem_editor.importer.kept_layout import KeptLayout
from postmortem_editor.importer.report import ImportReport
from postmortem_editor.importer.sections import IMPACT, SUMMARY, Outline, outline
from postmortem_editor.importer.summary_sections import SummarySections, primary_summary

LABELLED = """\
## Incident Summary

- **Duration:** 2027-04-09 09:00 to 10:00 UTC
- **Impact:** Card payments failed for 30% of shoppers.
- **Root cause:** An expired certificate on the payment gateway.
- **Mood:** tense
"""
OVERVIEW = "## Overview\n\nA calm paragraph about the payments service.\n"
IMPACT_SECTION = "## Customer Impact\n\nRefunds were delayed by a day.\n"


def _cut(markdown: str) -> Outline:
    return outline(parse_blocks(normalise_newlines(markdown)))


def _read(markdown: str) -> tuple[SummarySections, KeptLayout, list[str]]:
    """Read every summary and impact section of a document, in order, as an import does."""
    cut = _cut(markdown)
    report = ImportReport()
    layout = KeptLayout(report)
    summaries = SummarySections(cut, layout, report)
    summaries.read_primary(None)
    anchors = []
    for section in cut.sections:
        if section.kind == SUMMARY:
            anchors.append(summaries.read(section, "start"))
        elif section.kind == IMPACT:
            summaries.read_impact(section, None)
    return summaries, layout, anchors


def test_the_first_summary_with_labels_is_the_one_whose_fields_are_read() -> None:
    cut = _cut(f"# Payments outage\n\n{OVERVIEW}\n{LABELLED}")
    primary = primary_summary(cut)
    assert primary is not None
    assert primary.title == "Incident Summary"
    cut = _cut(f"# Payments outage\n\n{OVERVIEW}\n## Summary\n\nMore prose.\n")
    fallback = primary_summary(cut)  # no labels anywhere: the first
    assert fallback is not None
    assert fallback.title == "Overview"
    assert primary_summary(_cut("# Payments outage\n\n## Timeline\n\n- 09:00 Alert.\n")) is None


def test_the_primary_summary_fills_the_fields_and_another_is_kept_as_written() -> None:
    summaries, layout, anchors = _read(f"# Payments outage\n\n{OVERVIEW}\n{LABELLED}")
    assert anchors == ["start", "summary"]  # a free section leaves the anchor where it was
    assert [(s.title, s.after) for s in layout.free] == [("Overview", "start"), ("", "summary")]
    assert layout.free[1].body == "- **Mood:** tense"  # a label without a field, as written
    assert layout.headings == {"summary": "Incident Summary"}
    assert layout.report.sections == [("Overview", "free section"), ("Incident Summary", "summary")]
    fields = summaries.fields(None, None)
    assert fields.impact == "Card payments failed for 30% of shoppers."
    assert fields.users_affected_percent == 30
    assert fields.root_cause == "An expired certificate on the payment gateway."
    assert summaries.summary.span.start == datetime(2027, 4, 9, 9, tzinfo=UTC)


def test_an_impact_section_adds_to_the_impact_under_its_own_title() -> None:
    summaries, _layout, _ = _read(f"# Payments outage\n\n{LABELLED}\n{IMPACT_SECTION}")
    assert summaries.impact == [
        "Card payments failed for 30% of shoppers.",
        "**Customer Impact**\n\nRefunds were delayed by a day.",
    ]
    assert summaries.report.sections[-1] == ("Customer Impact", "summary impact")


def test_a_summary_in_prose_with_an_impact_section_stays_prose_at_the_start() -> None:
    summaries, layout, _ = _read(
        "# Payments outage\n\n## Incident Summary\n\nA calm paragraph.\n\n## Impact\n\n"
        "Refunds were late.\n"
    )
    assert [(s.title, s.body, s.after) for s in layout.free] == [
        ("Incident Summary", "A calm paragraph.", "start")
    ]
    assert "summary" not in layout.headings  # its heading stands over the free section
    assert summaries.impact == ["Refunds were late."]


def test_without_a_root_cause_the_impact_may_tell_one() -> None:
    summaries, _layout, _ = _read(
        "# Outage\n\n## Summary\n\n- **Impact:** Checkout failed for an hour. "
        "The outage was caused by a full disk on the database host.\n"
    )
    fields = summaries.fields(None, None)
    assert "full disk" in fields.root_cause
    assert fields.root_cause != fields.impact


def test_the_start_and_end_given_are_the_summarys() -> None:
    summaries, _layout, _ = _read(f"# Payments outage\n\n{LABELLED}")
    start = datetime(2027, 4, 9, 8, tzinfo=UTC)
    fields = summaries.fields(start, None)
    assert (fields.start, fields.end) == (start, None)
