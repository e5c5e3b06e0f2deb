"""The analysis and measures sections of a document, read into the incident's fields."""

from __future__ import annotations

from postmortem_editor.importer.analysis_sections import AnalysisSections, MeasuresSections
from postmortem_editor.importer.blocks import normalise_newlines, parse_blocks
from postmortem_editor.importer.kept_layout import KeptLayout
from postmortem_editor.importer.report import ImportReport
from postmortem_editor.importer.sections import IMPROVEMENTS, MEASURES, TASKS, outline

MEASURES_KINDS = (MEASURES, IMPROVEMENTS, TASKS)


def _read(
    markdown: str, summary_root_cause: list[str] | None = None
) -> tuple[AnalysisSections, MeasuresSections]:
    """Read the analysis and measures sections of a document in order, as an import does."""
    cut = outline(parse_blocks(normalise_newlines(markdown)))
    report = ImportReport()
    layout = KeptLayout(report)
    seen: set[str] = set()
    analysis = AnalysisSections(
        cut, layout, report, [] if summary_root_cause is None else summary_root_cause
    )
    measures = MeasuresSections(layout, report, seen)
    for section in cut.sections:
        if section.kind in MEASURES_KINDS:
            measures.read(section)
        elif section.kind:  # every other section of these documents is an analysis one
            analysis.read(section)
        if section.kind:
            seen.add(section.kind)
    return analysis, measures


def test_an_analysis_section_is_cut_into_its_fields_under_its_own_heading() -> None:
    analysis, _ = _read(
        "# Disk full\n\n## Analysis\n\n**Root cause:** A disk filled up.\n\n"
        "**Resolution:** Old logs were removed.\n"
    )
    fields = analysis.fields()
    assert (fields.root_cause, fields.resolution) == ("A disk filled up.", "Old logs were removed.")
    assert analysis.layout.headings == {"analysis": "Analysis"}
    assert analysis.report.sections == [("Analysis", "root cause and resolution")]


def test_a_field_section_fills_its_field_with_a_title_that_says_more_as_a_label() -> None:
    analysis, _ = _read(
        "# Disk full\n\n## Root cause of the outage\n\nA disk filled up.\n\n"
        "## Resolution\n\nOld logs were removed.\n\n## Lessons Learned from the night\n"
    )
    fields = analysis.fields()
    assert fields.root_cause == "**Root cause of the outage**\n\nA disk filled up."
    assert fields.resolution == "Old logs were removed."  # "Resolution" says nothing more
    assert fields.lessons == "**Lessons Learned from the night**"  # a title alone is kept
    assert analysis.report.sections == [
        ("Root cause of the outage", "root cause"),
        ("Resolution", "resolution"),
        ("Lessons Learned from the night", "lessons learned"),
    ]
    assert analysis.layout.headings == {}


def test_a_root_cause_beside_an_analysis_is_the_summarys_when_it_names_none() -> None:
    document = (
        "# Disk full\n\n## Analysis\n\n**Resolution:** Old logs were removed.\n\n"
        "## Root Cause\n\nNobody watched disk usage.\n"
    )
    summary_root_cause: list[str] = []
    analysis, _ = _read(document, summary_root_cause)
    assert summary_root_cause == ["Nobody watched disk usage."]
    assert analysis.fields().root_cause == ""
    assert analysis.report.sections[-1] == ("Root Cause", "summary root cause")
    named = ["The summary's own cause."]
    analysis, _ = _read(document, named)
    assert named == ["The summary's own cause."]
    assert analysis.fields().root_cause == "Nobody watched disk usage."


def test_measures_give_tasks_and_improvements_under_the_first_sections_heading() -> None:
    _, measures = _read(
        "# Disk full\n\n## Action Items\n\n- [ ] Alert on disk use (owner: ops)\n"
        "- [x] Re-enable log rotation\n\n## Next Steps\n\n- [ ] Review cron jobs yearly\n\n"
        "## Improvements\n\n- Watch the growth of the log volume.\n"
    )
    fields = measures.fields()
    assert [(t.text, t.owner, t.done) for t in fields.tasks] == [
        ("Alert on disk use", "ops", False),
        ("Re-enable log rotation", "", True),
        ("Review cron jobs yearly", "", False),
    ]
    assert fields.improvements == ["Watch the growth of the log volume."]
    assert measures.layout.headings == {"measures": "Action Items"}
    assert measures.report.sections[0] == ("Action Items", "measures (0 improvements, 2 tasks)")
    assert {MEASURES, IMPROVEMENTS, TASKS} <= measures.seen


def test_a_measures_section_without_measures_is_kept_whole_as_a_free_section() -> None:
    _, measures = _read("# Disk full\n\n## Follow-ups\n\nNone planned yet.\n")
    assert measures.fields().tasks == []
    assert [(s.title, s.body, s.after) for s in measures.layout.free] == [
        ("Follow-ups", "None planned yet.", "analysis")
    ]
    assert measures.report.sections == [("Follow-ups", "free section (no measures found)")]
    assert measures.layout.headings == {}
    assert measures.seen == {TASKS}  # the kind only, as the import adds it
