"""What an import keeps of a document's layout: its own headings, its free text in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from postmortem_editor.importer.kept_layout import KeptLayout
from postmortem_editor.importer.report import ImportReport
from postmortem_editor.model import SectionAnchor

ANCHORS: tuple[SectionAnchor, ...] = ("start", "summary", "timeline", "analysis", "measures")


def test_a_documents_own_name_is_kept_once_and_a_default_name_never() -> None:
    layout = KeptLayout(ImportReport())
    layout.heading("summary", "Issue Summary")  # the default name: nothing to keep
    layout.heading("timeline", "")
    layout.heading("timeline", "What happened when")
    layout.heading("timeline", "Later timeline")  # the first name stays
    layout.heading("tasks", "Follow-ups")
    assert layout.headings == {"timeline": "What happened when", "tasks": "Follow-ups"}


def test_free_text_is_kept_in_order_and_named_in_the_report() -> None:
    report = ImportReport()
    layout = KeptLayout(report)
    layout.keep_free("Appendix", "Graphs are on the dashboard.", "measures")
    layout.keep_free("", "All times are approximate.", "summary", note="(timeline text)")
    layout.keep_free("", "A line with neither.", "start")
    layout.keep_free("", " \n\n", "timeline", note="(blank)")  # nothing to keep
    layout.keep_free("Contacts", "", "analysis")  # a heading alone is kept
    assert [(s.title, s.body, s.after) for s in layout.free] == [
        ("Appendix", "Graphs are on the dashboard.", "measures"),
        ("", "All times are approximate.", "summary"),
        ("", "A line with neither.", "start"),
        ("Contacts", "", "analysis"),
    ]
    assert report.free_sections == ["Appendix", "(timeline text)", "(untitled)", "Contacts"]


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ab ", max_size=4),
            st.text(alphabet="xy \n", max_size=6),
            st.sampled_from(ANCHORS),
            st.text(alphabet="()n", max_size=3),
        ),
        max_size=12,
    )
)
def test_each_free_section_kept_holds_something_and_is_named_once(
    calls: list[tuple[str, str, SectionAnchor, str]],
) -> None:
    report = ImportReport()
    layout = KeptLayout(report)
    for title, body, after, note in calls:
        layout.keep_free(title, body, after, note=note)
    wanted = [(t, b, a) for t, b, a, _ in calls if t or b.strip()]
    assert [(s.title, s.body, s.after) for s in layout.free] == wanted
    assert report.free_sections == [
        t or n or "(untitled)" for t, b, _, n in calls if t or b.strip()
    ]
