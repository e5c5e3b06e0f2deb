"""The text of a fresh incident file: every field, with comments that show the format."""

from __future__ import annotations

from collections.abc import Sequence

import tomlkit
from tomlkit.items import String

TEMPLATE = """\
# Incident postmortem. Edit with `postmortem edit FILE`, or by hand: this is TOML.
schema_version = 1
title = {title}
status = "draft"                 # draft | review | final
severity = ""                    # e.g. "SEV-1"
{timezone}# IANA name (America/New_York), "UTC" or an offset ("-05:00")
# timezone_name = "EST"          # your word for the zone, shown for America/New_York
{clock}# how times are shown: 24h (14:05) | 12h (2:05 PM)
# timeline_dates = "every"       # a date at every timeline time; default "changes"
authors = {authors}

[summary]
# start = 2024-02-14T10:00:00-05:00
# end = 2024-02-14T12:30:00-05:00
service = ""
impact = ""                      # what users saw, and how many of them
# users_affected_percent = 80
root_cause = ""

# One [[timeline]] table per entry, e.g.
# [[timeline]]
# at = 2024-02-14T10:00:00-05:00
# kind = "detection"   # detection | investigation | misleading | escalation |
#                      # mitigation | resolution | communication | note
# text = "Error-rate alerts fired on the monitoring dashboard."

[analysis]
root_cause = ""
resolution = ""

[measures]
improvements = []

# [[measures.tasks]]
# text = "Validate load balancer configuration before deploys."
# owner = "infra"
# priority = "P1"
# due = 2024-03-01
# done = false
"""


COMMENT_COLUMN = 33
"""Where the template's comments start, after a key and its value."""


def template_text(
    title: str = "",
    *,
    timezone: str = "UTC",
    clock: str = "24h",
    authors: Sequence[str] = (),
) -> str:
    """The text of a fresh incident file, with comments that show the format.

    ``timezone``, ``clock`` and ``authors`` are what the incident starts with (the
    settings in force give them; see :mod:`postmortem_editor.settings`).
    """
    return TEMPLATE.format(
        title=String.from_raw(title).as_string(),
        timezone=_commented(f"timezone = {String.from_raw(timezone).as_string()}"),
        clock=_commented(f"clock = {String.from_raw(clock).as_string()}"),
        authors=tomlkit.item(list(authors)).as_string(),
    )


def _commented(line: str) -> str:
    """A key and value, padded so that the comment after it starts in its column."""
    return f"{line} ".ljust(COMMENT_COLUMN)
