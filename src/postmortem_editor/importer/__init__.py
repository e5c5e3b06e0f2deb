"""Markdown postmortem -> incident: ``postmortem import FILE.md`` and the editor's ``.md`` files.

:func:`import_file` and :func:`import_markdown` read a postmortem written in Markdown (the
four classic sections, or whatever names a team gives them) into an
:class:`~postmortem_editor.model.Incident`, with an :class:`ImportReport` of what was found
and what is uncertain. Nothing is lost: text without a field is kept as free sections.
"""

from postmortem_editor.importer.assemble import (
    ImportResult,
    MarkdownImportError,
    import_file,
    import_markdown,
    read_source,
)
from postmortem_editor.importer.report import ImportReport

__all__ = [
    "ImportReport",
    "ImportResult",
    "MarkdownImportError",
    "import_file",
    "import_markdown",
    "read_source",
]
