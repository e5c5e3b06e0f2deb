"""What an import keeps of the author's words around times: the clock a document writes
its times on, a zone written in a timeline table's header or on every timed line.

Each document here is written in our own words, in the forms real postmortems use.
"""

from __future__ import annotations

from postmortem_editor.importer import import_markdown
from postmortem_editor.importer.assemble import document_clock
from postmortem_editor.render import render_markdown


def test_offsets_written_with_twelve_hour_times_keep_the_twelve_hour_clock() -> None:
    markdown = (
        "# Postmortem\n\n## Issue Summary\n\n"
        "- **Duration**: Start time: Jul 3, 2024 2:00 PM (GMT+02:00), "
        "End time: Jul 3, 2024 5:00 PM (GMT+02:00)\n\n"
        "## Timeline\n\n"
        "- **Jul 3, 2024 2:00 PM (GMT+02:00)** - Uploads began to fail.\n"
        "- **Jul 3, 2024 5:00 PM (UTC-04:00)** - Uploads succeeded again.\n"
    )
    assert document_clock(markdown) == "12h"
    incident = import_markdown(markdown).incident
    assert incident.clock == "12h"
    assert "2:00 PM" in render_markdown(incident)


def test_twenty_four_hour_times_with_offsets_keep_the_twenty_four_hour_clock() -> None:
    assert document_clock("10:00-11:00 (UTC+01:00), then 12:30 and 1 PM") == "24h"
